// <activation-plot> on a tutorial page under a strict CSP: several on one page share one wasm
// instance, attributes are live, edits fire `change`, bad attributes are named.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { openUrl, PER_TEST, screenshot, startSession } from './harness.mjs';

let session;
before(async () => { session = await startSession(); });
after(async () => { await session.close(); });

const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:";
const TUTORIAL = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${CSP}">
<title>A tutorial</title><script type="module" src="activation-plot.js"></script></head>
<body><h1>Leaky ReLU</h1><p>Move α and watch the slope for x &lt; 0.</p>
<activation-plot id="one" function="leaky_relu" alpha="0.01" from="-5" to="5" controls="alpha"></activation-plot>
<p>ELU against ReLU:</p>
<activation-plot id="two" function="elu" compare="relu" controls="alpha,range"></activation-plot>
<activation-plot id="three" function="sigmoid" theme="dark" samples="51"></activation-plot>
</body></html>`;

// The tutorial is served from the same origin as dist/, as a site that hosts both would.
function openTutorial(html = TUTORIAL) {
  return openUrl(session, new URL('tutorial.html', session.url).href, { routes: { '**/tutorial.html': html }, viewport: { width: 1000, height: 900 } });
}

const ready = (page, id) => page.waitForSelector(`#${id} .ae-plot[data-state="ready"]`, { timeout: 15000 });
const firstValue = (page, id) => page.evaluate((el) => {
  const trace = document.querySelector(`#${el} .ae-plot`).data.find((t) => t.meta.kind === 'value');
  return { x: trace.x[0], y: trace.y[0] };
}, id);

test('three elements on a page under a strict CSP: one wasm fetch, no violation, each plotted', PER_TEST, async () => {
  const { page, problems, requests, close } = await openTutorial();
  for (const id of ['one', 'two', 'three']) await ready(page, id);
  assert.deepEqual(await firstValue(page, 'one'), { x: -5, y: -0.05 });
  assert.equal(requests.filter((u) => u.endsWith('.wasm')).length, 1, 'one wasm instance for the page');
  assert.equal(requests.filter((u) => u.endsWith('plotly-core.min.js')).length, 1);
  assert.equal(await page.locator('#one input[type="range"]:visible').count(), 1, 'controls="alpha": one slider');
  assert.equal(await page.locator('#one .ae-plot').getAttribute('id'), 'ap1-plot', 'ids are unique per element');
  assert.equal(await page.locator('#two input[type="range"]:visible').count(), 1);
  assert.equal(await page.locator('#two .range').isVisible(), true);
  assert.equal(await page.locator('#three .ae-explorer').getAttribute('data-theme'), 'dark');
  console.log(`screenshot: ${await screenshot(page, 'component-tutorial.png')}`);
  assert.deepEqual(problems, []);
  await close();
});

test('attributes are live and edits in the controls fire change', PER_TEST, async () => {
  const { page, problems, close } = await openTutorial();
  await ready(page, 'one');
  await page.evaluate(() => document.getElementById('one').setAttribute('alpha', '0.3'));
  await page.waitForFunction(() => document.querySelector('#one .ae-plot').data.find((t) => t.meta.kind === 'value').y[0] === -1.5);
  assert.equal(await page.inputValue('#ap1-s1-alpha'), '0.3', 'the control shows the new attribute');
  const detail = page.evaluate(() => new Promise((resolve) => document.getElementById('one').addEventListener('change', (e) => resolve(e.detail), { once: true })));
  await page.fill('#ap1-s1-alpha', '0.25');
  assert.deepEqual(await detail, { function: 'leaky_relu', params: { alpha: 0.25 }, compare: [], from: -5, to: 5, samples: 201, atKink: 'pytorch' });
  await page.evaluate(() => document.getElementById('one').setAttribute('function', 'relu6'));
  await page.waitForFunction(() => document.querySelector('#one .ae-plot').data.find((t) => t.meta.kind === 'value').meta.function === 'relu6');
  // New controls: the range fields appear; a class change alone rebuilds nothing.
  await page.evaluate(() => document.getElementById('one').setAttribute('controls', 'range'));
  await page.waitForSelector('#one .range:not([hidden]) input[id$="x-from"]');
  const fromField = await page.locator('#one input[id$="x-from"]').getAttribute('id');
  await page.evaluate(() => document.getElementById('one').classList.add('wide'));
  await page.waitForTimeout(200);
  assert.equal(await page.locator('#one input[id$="x-from"]').getAttribute('id'), fromField);
  assert.deepEqual(problems, []);
  await close();
});

test('a bad attribute is named in the element and the default is plotted', PER_TEST, async () => {
  const html = TUTORIAL.replace('alpha="0.01" from="-5"', 'alpha="abc" from="-5"').replace('function="sigmoid"', 'function="softmax"')
    .replace('controls="alpha,range"', 'controls="alpha,sliders"');
  const { page, close } = await openTutorial(html);
  await ready(page, 'one');
  assert.deepEqual(await page.locator('#one .ae-url-notice li').allTextContents(), ['alpha: "abc" is not a number.']);
  assert.deepEqual(await firstValue(page, 'one'), { x: -5, y: -0.05 });
  await ready(page, 'two');
  assert.match(await page.locator('#two .ae-url-notice li').first().textContent(), /^controls: "sliders" is not a control here/);
  assert.equal(await page.locator('#two input[type="range"]:visible').count(), 1, 'the good control is still shown');
  await ready(page, 'three');
  assert.match(await page.locator('#three .ae-url-notice li').first().textContent(), /^function: "softmax" is not a function here/);
  await close();
});

test('added and removed 100 times: no observer, listener, graph or heap left behind', { timeout: 180_000 }, async () => {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${CSP}">
<title>Churn</title><script type="module" src="activation-plot.js"></script></head><body><div id="host"></div></body></html>`;
  const { page, problems, close } = await openUrl(session, new URL('churn.html', session.url).href, { routes: { '**/churn.html': html } });
  // Count what the explorer starts that outlives its element unless it is taken down.
  await page.evaluate(() => {
    window.__live = { observers: 0, themeListeners: 0 };
    const Native = ResizeObserver;
    window.ResizeObserver = class extends Native {
      constructor(callback) { super(callback); this.live = false; }
      observe(...args) { if (!this.live) { this.live = true; window.__live.observers += 1; } return super.observe(...args); }
      disconnect() { if (this.live) { this.live = false; window.__live.observers -= 1; } return super.disconnect(); }
    };
    const add = MediaQueryList.prototype.addEventListener;
    const remove = MediaQueryList.prototype.removeEventListener;
    MediaQueryList.prototype.addEventListener = function (type, listener, options) {
      if (this.media.includes('prefers-color-scheme')) window.__live.themeListeners += 1;
      return add.call(this, type, listener, options);
    };
    MediaQueryList.prototype.removeEventListener = function (type, listener, options) {
      if (this.media.includes('prefers-color-scheme')) window.__live.themeListeners -= 1;
      return remove.call(this, type, listener, options);
    };
  });
  const cdp = await page.context().newCDPSession(page);
  const heap = async () => {
    await cdp.send('HeapProfiler.collectGarbage');
    return (await cdp.send('Runtime.getHeapUsage')).usedSize;
  };
  const churn = (times) => page.evaluate(async (count) => {
    const host = document.getElementById('host');
    for (let i = 0; i < count; i += 1) {
      const el = document.createElement('activation-plot');
      el.setAttribute('controls', i % 2 ? 'alpha' : 'alpha,range');
      host.append(el);
      await new Promise((resolve) => {
        const check = () => (el.querySelector('.ae-plot[data-state="ready"]') ? resolve() : requestAnimationFrame(check));
        check();
      });
      if (i % 10 === 0) el.setAttribute('controls', 'range'); // a remount of a live element
      el.remove();
    }
    return { ...window.__live, graphs: document.querySelectorAll('.js-plotly-plot').length, elements: host.children.length };
  }, times);
  const warm = await churn(20);
  const heapWarm = await heap();
  const left = await churn(80);
  const heapEnd = await heap();
  assert.deepEqual(warm, { observers: 0, themeListeners: 0, graphs: 0, elements: 0 });
  assert.deepEqual(left, { observers: 0, themeListeners: 0, graphs: 0, elements: 0 });
  // A leaked explorer keeps its DOM, Plotly graph and figure: well over 100 KB each.
  assert.ok(heapEnd - heapWarm < 2e6, `heap grew by ${heapEnd - heapWarm} bytes over 80 more elements (${heapWarm} → ${heapEnd})`);
  console.log(`heap after 20: ${heapWarm} B, after 100: ${heapEnd} B`);
  assert.deepEqual(problems, []);
  await close();
});
