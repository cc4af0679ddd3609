// The npm package as a tutorial author meets it: a tarball with what it needs and nothing else,
// installed offline into a fresh project, built with Vite and with esbuild, loaded from a second
// origin as from a CDN under a strict CSP, from a page on disk, and used from plain Node.
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';

import { startStaticServer } from '../../scripts/lib/static-server.mjs';
import { openUrl, PER_TEST, screenshot, startSession } from '../browser/harness.mjs';
import { bin, buildNpmPackage, projectWith, run, version } from './support.mjs';

let pkg;
let project;
let session;
before(async () => {
  pkg = buildNpmPackage();
  project = projectWith(pkg.tarball);
  session = await startSession();
});
after(async () => {
  await session.close();
  for (const dir of [pkg.dir, project]) rmSync(dir, { recursive: true, force: true });
});

const PAGE_BODY = '<h1>Leaky ReLU</h1><activation-plot id="plot-el" function="leaky_relu" alpha="0.1" controls="alpha" style="height:520px"></activation-plot>';

/** Serves `root` while `use(url)` runs, and stops serving whatever happens. */
async function served(root, use, headers = {}) {
  const { server, url } = await startStaticServer({ root, headers });
  try {
    return await use(url);
  } finally {
    server.close();
  }
}

// The dead-neuron lab from the same package: 60 steps of the born_dead preset (96 units, many dead from step 1), Leaky ReLU against ReLU.
const LAB_BODY = '<activation-plot id="lab-el" view="lab" preset="born_dead" alpha="0.1" steps="60" speed="32" play="1"></activation-plot>';

/** Waits for the lab element to train its 60 steps; returns where it trained (worker or page). */
async function labTrains(page, label) {
  await page.waitForFunction(() => document.querySelector('#lab-el .lab-summary')?.textContent.startsWith('After 60 steps'), null, { timeout: 60_000 })
    .catch(async (error) => { throw new Error(`${label}: ${error.message}; the element shows: ${await page.textContent('#lab-el')}`); });
  assert.match(await page.textContent('#lab-el .lab-summary'), /ReLU has \d+ of 96 units dead/, label);
  assert.equal(await page.evaluate(() => getComputedStyle(document.querySelector('#lab-el .lab-toolbar')).display), 'flex', `${label}: the lab's stylesheet applies`);
  return page.workers().length > 0 ? 'worker' : 'page';
}

/** Waits for the element's plot, moves its α slider by a key, and checks the plot followed. */
async function plotsAndSlides(page, label) {
  await page.waitForSelector('activation-plot .ae-plot[data-state="ready"]', { timeout: 20_000 });
  const alphaOf = () => page.evaluate(() => {
    const trace = document.querySelector('activation-plot .ae-plot').data.find((t) => t.meta.kind === 'value');
    return -trace.y[0] / 10;
  });
  assert.ok(Math.abs(await alphaOf() - 0.1) < 1e-12, `${label}: α = 0.1 plotted`);
  await page.focus('activation-plot input[type="range"]');
  await page.keyboard.press('PageUp');
  await page.waitForFunction(() => {
    const trace = document.querySelector('activation-plot .ae-plot').data.find((t) => t.meta.kind === 'value');
    return Math.abs(-trace.y[0] / 10 - 0.2) < 1e-12;
  }, null, { timeout: 5000 });
}

test('npm pack makes one tarball with the element, the engine, their files and types, and nothing else', () => {
  const files = run('tar', ['tzf', pkg.tarball]).trim().split('\n').map((f) => f.replace(/^package\//, '')).sort();
  assert.deepEqual(files, [
    'README.md', 'activation-engine.js', 'activation-explorer.d.ts', 'activation-explorer.js', 'activation-plot.classic.js',
    'activation-plot.css', 'activation-plot.d.ts', 'activation-plot.js', 'activation_explorer.wasm', 'activation_explorer.wasm.js', 'activation_explorer_core.wasm',
    'activation_lab.wasm', 'lab/lab-view.js', 'lab/lab-worker.js', 'lab/lab.css', 'package.json', 'vendor/plotly-core.min.js',
  ]);
  const manifest = JSON.parse(readFileSync(join(pkg.packageDir, 'package.json'), 'utf8'));
  assert.equal(manifest.name, 'activation-explorer');
  assert.equal(manifest.version, version, 'the one version number');
  assert.equal(manifest.types, './activation-explorer.d.ts');
  assert.equal(manifest.exports['.'].default, './activation-explorer.js');
  assert.equal(manifest.exports['./element'].default, './activation-plot.js');
  assert.ok(manifest.files.length > 0);
  assert.match(readFileSync(join(pkg.packageDir, 'README.md'), 'utf8'), new RegExp(`activation-explorer@${version.replaceAll('.', '\\.')}/activation-plot\\.js`));
  const embedding = readFileSync(new URL('../../docs/embedding.md', import.meta.url), 'utf8');
  assert.ok(embedding.includes(`activation-explorer@${version}/activation-plot.js`), 'docs/embedding.md names this version');
});

test('plain Node: loadEngine() with no argument finds its wasm and samples', () => {
  const script = `import { loadEngine } from 'activation-explorer';
const engine = await loadEngine();
const s = engine.sample({ functionId: 'leaky_relu', params: { alpha: 0.1 }, from: -1, to: 1, n: 3 });
console.log(JSON.stringify({ version: engine.catalog.version, x: [...s.x], f: [...s.f], df: [...s.df] }));`;
  writeFileSync(join(project, 'sample.mjs'), script);
  const result = JSON.parse(run('node', ['sample.mjs'], { cwd: project }));
  assert.deepEqual(result, { version, x: [-1, 0, 1], f: [-0.1, 0, 1], df: [0.1, 0.1, 1] });
});

test('a Vite build of a page that imports the element: the plot appears and the slider works', { timeout: 120_000 }, async () => {
  writeFileSync(join(project, 'index.html'), `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>Vite</title>
<script type="module" src="./main.js"></script></head><body>${PAGE_BODY}${LAB_BODY}</body></html>`);
  // The element, and the engine alone finding its own wasm in the browser.
  writeFileSync(join(project, 'main.js'), `import 'activation-explorer/element';
import { loadEngine } from 'activation-explorer';
loadEngine().then((engine) => {
  const s = engine.sample({ functionId: 'leaky_relu', params: { alpha: 0.1 }, from: -1, to: 1, n: 3 });
  window.engineSample = { version: engine.catalog.version, f: [...s.f] };
});
`);
  run(bin('vite'), ['build', '--logLevel', 'warn', '--outDir', 'vite-dist', '--emptyOutDir'], { cwd: project });
  const emitted = run('find', ['vite-dist', '-type', 'f'], { cwd: project });
  assert.match(emitted, /activation_explorer-[^/]*\.wasm\n/, 'Vite emitted the wasm as an asset');
  // (lab.css is small enough that Vite inlines it as a data: URL.)
  for (const asset of [/activation_lab-[^/]*\.wasm\n/, /lab-view-[^/]*\.js\n/, /lab-worker-[^/]*\.js\n/]) assert.match(emitted, asset, 'and the lab\'s files');
  await served(join(project, 'vite-dist'), async (url) => {
    const { page, problems, requests, close } = await openUrl(session, url);
    await plotsAndSlides(page, 'Vite');
    await page.waitForFunction(() => window.engineSample, null, { timeout: 10_000 });
    assert.deepEqual(await page.evaluate(() => window.engineSample), { version, f: [-0.1, 0, 1] }, 'loadEngine() with no argument in the browser');
    assert.equal(await labTrains(page, 'Vite'), 'worker', 'the lab trains in its worker');
    assert.equal(requests.filter((u) => /plotly/i.test(u)).length, 1, 'Plotly loaded once');
    console.log(`screenshot: ${await screenshot(page, 'package-vite.png')}`);
    assert.deepEqual(problems, []);
    await close();
  });
});

test('an esbuild bundle of the same page, with the package\'s files copied beside it', { timeout: 60_000 }, async () => {
  const out = join(project, 'esbuild-dist');
  mkdirSync(out, { recursive: true });
  run(bin('esbuild'), ['main.js', '--bundle', '--format=esm', `--outfile=${join(out, 'main.js')}`, '--log-level=warning'], { cwd: project });
  const installed = join(project, 'node_modules/activation-explorer');
  for (const file of ['activation_explorer_core.wasm', 'activation_explorer.wasm', 'activation-plot.css', 'vendor']) cpSync(join(installed, file), join(out, file), { recursive: true });
  writeFileSync(join(out, 'index.html'), `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>esbuild</title>
<script type="module" src="./main.js"></script></head><body>${PAGE_BODY}</body></html>`);
  await served(out, async (url) => {
    const { page, problems, close } = await openUrl(session, url);
    await plotsAndSlides(page, 'esbuild');
    assert.deepEqual(problems, []);
    await close();
  });
});

test('from a second origin, as from a CDN: one script tag, a strict CSP naming that origin, no violation', { timeout: 60_000 }, async () => {
  // The unpacked package on its own origin, sending CORS headers as package CDNs do; the
  // tutorial on another, served for real (Chromium lets a page from loopback load from it).
  const siteRoot = join(project, 'tutorial-site');
  mkdirSync(siteRoot, { recursive: true });
  await served(join(project, 'node_modules/activation-explorer'), (cdnUrl) => served(siteRoot, async (siteUrl) => {
    const cdnOrigin = new URL(cdnUrl).origin;
    assert.notEqual(cdnOrigin, new URL(siteUrl).origin);
    const csp = `default-src 'self'; script-src 'self' ${cdnOrigin} 'wasm-unsafe-eval'; connect-src 'self' ${cdnOrigin}; style-src 'self' ${cdnOrigin} 'unsafe-inline'; img-src 'self' data: blob:`;
    const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${csp}">
<link rel="icon" href="data:,"><title>A tutorial</title><script type="module" src="${cdnOrigin}/activation-plot.js"></script></head><body>${PAGE_BODY}</body></html>`;
    writeFileSync(join(siteRoot, 'tutorial.html'), html);
    const { page, problems, requests, close } = await openUrl(session, new URL('tutorial.html', siteUrl).href);
    await plotsAndSlides(page, 'CDN');
    const fromCdn = requests.filter((u) => u.startsWith(cdnOrigin)).map((u) => new URL(u).pathname).sort();
    assert.deepEqual(fromCdn, ['/activation-plot.css', '/activation-plot.js', '/activation_explorer_core.wasm', '/vendor/plotly-core.min.js']);
    console.log(`screenshot: ${await screenshot(page, 'package-cdn.png')}`);
    assert.deepEqual(problems, []);
    await close();

    // A page that has Plotly already keeps its own: the element does not load a second one.
    writeFileSync(join(siteRoot, 'with-plotly.html'), html.replace('<script type="module"', `<script src="${cdnOrigin}/vendor/plotly-core.min.js"></script>\n<script type="module"`));
    const second = await openUrl(session, new URL('with-plotly.html', siteUrl).href);
    await plotsAndSlides(second.page, 'CDN with Plotly on the page');
    assert.equal(second.requests.filter((u) => u.includes('plotly-core')).length, 1, 'Plotly fetched once, by the page');
    assert.deepEqual(second.problems, []);
    await second.close();

    // The lab from the CDN: a worker must come from the page's origin, so it trains on the page.
    writeFileSync(join(siteRoot, 'lab.html'), html.replace(PAGE_BODY, LAB_BODY));
    const lab = await openUrl(session, new URL('lab.html', siteUrl).href);
    assert.equal(await labTrains(lab.page, 'CDN lab'), 'page');
    // (The lab's wasm is asked for twice, for the tables and by the trainer: the second from the cache.)
    const labFiles = [...new Set(lab.requests.filter((u) => u.startsWith(cdnOrigin)).map((u) => new URL(u).pathname))].sort();
    assert.deepEqual(labFiles, ['/activation-plot.css', '/activation-plot.js', '/activation_explorer_core.wasm', '/activation_lab.wasm', '/lab/lab-view.js', '/lab/lab.css', '/vendor/plotly-core.min.js']);
    console.log(`screenshot: ${await screenshot(lab.page, 'package-cdn-lab.png')}`);
    assert.deepEqual(lab.problems, []);
    await lab.close();
  }), { 'Access-Control-Allow-Origin': '*' });
});

test('a page opened from disk with the classic script: the element finds its files beside it', PER_TEST, async () => {
  const installed = join(project, 'node_modules/activation-explorer');
  writeFileSync(join(installed, 'page-on-disk.html'), `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>On disk</title>
<script src="activation-plot.classic.js"></script></head><body>${PAGE_BODY}${LAB_BODY}</body></html>`);
  const { page, problems, close } = await openUrl(session, pathToFileURL(join(installed, 'page-on-disk.html')).href);
  await plotsAndSlides(page, 'file:');
  // The lab cannot train from disk (no modules, no workers there): it says so, the plot beside it works.
  await page.waitForFunction(() => document.querySelector('#lab-el .error')?.textContent.includes('needs the page served over http'), null, { timeout: 10_000 });
  assert.deepEqual(problems, []);
  await close();
});
