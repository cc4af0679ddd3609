// Headless Debian Chromium driven by playwright-core against dist/ served on 127.0.0.1.
// Every page records console errors, uncaught exceptions and CSP violations for the tests to check.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

import { chromium } from 'playwright-core';

import { startStaticServer } from '../../scripts/lib/static-server.mjs';
import { distDir } from '../support/paths.mjs';

export const artifactDir = process.env.AE_ARTIFACT_DIR ?? new URL('../../build/artifacts', import.meta.url).pathname;

const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

/** Starts the server and the browser once per test file; call close() in after(). */
export async function startSession({ root = distDir } = {}) {
  const { server, url } = await startStaticServer({ root });
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: CHROMIUM_FLAGS });
  return {
    url,
    browser,
    async close() {
      // Contexts a test left open are closed the same careful way before the browser goes.
      for (const context of browser.contexts()) await closeContext(context);
      await browser.close();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/**
 * Closes a context once its route handlers have finished: a handler still awaiting a fetch when
 * its context closes rejects with nobody to catch it (an unhandled rejection fails the suite).
 */
export async function closeContext(context) {
  for (const page of context.pages()) await page.unrouteAll({ behavior: 'wait' });
  await context.unrouteAll({ behavior: 'wait' });
  await context.close();
}

/**
 * Opens a fresh page (its own context) at `path` and waits for the first plot.
 * `problems` collects console errors, page errors and CSP violations.
 */
export async function openPage(session, path = '', { viewport = { width: 1280, height: 900 }, waitForPlot = true } = {}) {
  const context = await session.browser.newContext({ viewport, acceptDownloads: true });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`exception: ${e.message}`));
  page.on('dialog', (d) => { problems.push(`dialog: ${d.message()}`); d.dismiss(); });
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI}`);
    });
  });
  await page.goto(new URL(path, session.url).href);
  if (waitForPlot) {
    await page.waitForSelector('#plot[data-state="ready"]', { timeout: 15000 });
    await settled(page);
  }
  return { page, problems, close: () => closeContext(context) };
}

/**
 * Opens any URL (a file: URL, a page served by `routes`) in a fresh context, recording console
 * errors, exceptions, CSP violations (`problems`) and every request made (`requests`).
 * @param {Record<string, string>} routes path glob → HTML served for it on the session's origin
 */
export async function openUrl(session, url, { routes = {}, viewport = { width: 1100, height: 800 } } = {}) {
  const context = await session.browser.newContext({ viewport });
  const page = await context.newPage();
  const problems = [];
  const requests = [];
  // Each problem names where it came from, so a test can tell the explorer's from its host's.
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`${m.text()} @ ${m.location().url || page.url()}`); });
  page.on('pageerror', (e) => problems.push(`${e.message} @ ${page.url()}`));
  page.on('request', (r) => requests.push(r.url()));
  await page.addInitScript(() => document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP violation: ${e.violatedDirective}`)));
  for (const [glob, body] of Object.entries(routes)) await page.route(glob, (route) => route.fulfill({ contentType: 'text/html', body }));
  await page.goto(url);
  return { page, problems, requests, close: () => closeContext(context) };
}

/** The traces Plotly holds, with typed arrays turned into plain arrays. */
export function plotData(page) {
  return page.evaluate(() => document.getElementById('plot').data.map((t) => ({
    name: t.name, meta: t.meta, x: Array.from(t.x), y: Array.from(t.y), visible: t.visible,
  })));
}

/** The trace of a series (its key, e.g. "s0", or its function id) for one row and marker kind. */
export function trace(data, series, kind, marker = undefined) {
  return data.find((t) => (t.meta.series === series || t.meta.function === series) && t.meta.kind === kind && t.meta.marker === marker);
}

/** Resolves after the next 'plotly_afterplot' that follows `action`; fails after 10 s without one. */
export async function afterPlot(page, action) {
  // The listener must be in place before the action, or a fast redraw slips past it.
  await page.evaluate(() => {
    window.__nextAfterPlot = new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no redraw within 10 s')), 10_000);
      document.getElementById('plot').once('plotly_afterplot', () => { clearTimeout(timer); resolve(); });
    });
  });
  await action();
  await page.evaluate(() => window.__nextAfterPlot);
  await settled(page);
}

/** Waits until what surrounds the last plot (formulas, notes, the URL) is written for it. */
export function settled(page, plotSelector = '#plot') {
  return page.waitForFunction((selector) => {
    const plot = document.querySelector(selector);
    return plot && plot.dataset.settled === plot.dataset.revision;
  }, plotSelector, { timeout: 10_000 });
}

export async function screenshot(page, name) {
  mkdirSync(artifactDir, { recursive: true });
  const path = join(artifactDir, name);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** A page on a phone-sized touch screen, at the explorer's start URL, once the plot is drawn. */
export async function openPhone(session, { width, height }) {
  const context = await session.browser.newContext({ viewport: { width, height }, hasTouch: true, isMobile: true, deviceScaleFactor: 2 });
  const page = await context.newPage();
  await page.goto(session.url);
  await page.waitForSelector('#plot[data-state="ready"]');
  return { context, page };
}

/** Drags a finger along a slider's middle line from its left end to `fraction` of its width. */
export async function touchDrag(context, page, box, fraction) {
  const cdp = await context.newCDPSession(page);
  const y = box.y + box.height / 2;
  const touch = (type, x) => cdp.send('Input.dispatchTouchEvent', { type, touchPoints: type === 'touchEnd' ? [] : [{ x, y }] });
  await touch('touchStart', box.x + 4);
  for (let x = box.x + 4; x <= box.x + box.width * fraction; x += 10) await touch('touchMove', x);
  await touch('touchEnd');
  return cdp;
}

/** Options for each browser test: a hang fails that test by name instead of stalling ctest. */
export const PER_TEST = { timeout: 60_000 };
