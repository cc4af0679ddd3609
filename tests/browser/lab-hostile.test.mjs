// The lab under careless and hostile settings (issue 22): the trainer on the page when no
// worker can start, Pause and Reset at the heaviest settings a link allows, controls that show
// what the link set, quoted values that cannot reorder a notice, and the element's attributes
// (HTML's globals left alone, two names for one setting, an odd view, play set after mounting).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { openPage, openUrl, screenshot, startSession } from './harness.mjs';

let session;
before(async () => { session = await startSession(); });
after(async () => { await session.close(); });

const LAB_TEST = { timeout: 240_000 };
const openLab = (query, options = {}) => openPage(session, `?view=lab${query}`, { viewport: { width: 1366, height: 900 }, waitForPlot: false, ...options });
const steps = (page, scope = '') => page.evaluate((s) => Number(document.querySelector(`${s} .ae-lab`)?.dataset.steps ?? -1), scope);

// As on a page that loads the element from a CDN: the browser refuses the worker's script.
const NO_WORKER = () => {
  window.Worker = class { constructor() { throw new DOMException('Workers from another origin are refused.', 'SecurityError'); } };
};

test('with no worker the lab trains on the page: Export and Play pressed while it loads load it once and run in order', LAB_TEST, async () => {
  const context = await session.browser.newContext({ viewport: { width: 1366, height: 900 }, acceptDownloads: true });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
  const wasmLoads = [];
  page.on('request', (r) => { if (r.url().endsWith('activation_lab.wasm')) wasmLoads.push(r.url()); });
  await page.addInitScript(NO_WORKER);
  // A slow network (a CDN far away): the trainer is still loading its engine when Export and Play are pressed.
  await page.route('**/activation_lab.wasm', async (route) => {
    await new Promise((resolve) => { setTimeout(resolve, 800); });
    await route.continue();
  });
  await page.goto(new URL('?view=lab&steps=20&speed=32', session.url).href);
  await page.waitForSelector('#lab-export');
  // Pressed before the trainer has loaded its engine: each waits for it, in order.
  const download = page.waitForEvent('download', { timeout: 30_000 });
  await page.click('#lab-export');
  await page.click('#lab-play');
  const run = JSON.parse(await (await download).createReadStream().then(async (stream) => {
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    return Buffer.concat(chunks).toString('utf8');
  }));
  assert.equal(run.data.x.length, 300, 'the export is of the run that was started');
  await page.waitForFunction(() => Number(document.querySelector('.ae-lab')?.dataset.steps) >= 20, null, { timeout: 60_000 });
  await page.waitForFunction(() => document.querySelector('#lab-play').textContent === 'Play', null, { timeout: 10_000 });
  assert.equal(page.workers().length, 0, 'no worker: the page trained');
  assert.equal(await page.textContent('.lab-status'), 'Stopped after 20 steps (the limit set under Training).');
  // The page loads the lab's wasm once for its tables and the trainer once: two, not one per message.
  assert.ok(wasmLoads.length <= 2, `lab wasm fetched ${wasmLoads.length} times`);
  assert.deepEqual(problems, []);
  await context.close();
});

test('at the heaviest settings a link allows, Pause and Reset take effect within 200 ms', LAB_TEST, async () => {
  const { page, problems, close } = await openLab('&hidden=64,64,64,64,64,64,64,64&samples=5000&batch=5000&speed=32&steps=100000&play=1');
  await page.waitForFunction(() => Number(document.querySelector('.ae-lab')?.dataset.steps) >= 1, null, { timeout: 150_000 });
  // Pause: how long until the button says Play, and until the last step in flight has landed
  // (the worker trains in pieces of a few ms; waiting 3 s, so a whole step would have landed).
  const pause = await page.evaluate(async () => {
    const lab = document.querySelector('.ae-lab');
    const button = document.querySelector('#lab-play');
    const before = Number(lab.dataset.steps);
    let value = lab.dataset.steps;
    let landed = 0;
    const clicked = performance.now();
    const observer = new MutationObserver(() => {
      if (lab.dataset.steps !== value) { value = lab.dataset.steps; landed = performance.now() - clicked; }
    });
    observer.observe(lab, { attributes: true, attributeFilter: ['data-steps'] });
    button.click();
    await new Promise((resolve) => { requestAnimationFrame(resolve); });
    const shown = button.textContent === 'Play' ? performance.now() - clicked : null;
    await new Promise((resolve) => { setTimeout(resolve, 3000); });
    observer.disconnect();
    return { before, after: Number(lab.dataset.steps), shown, landed };
  });
  // Reset: the time until the new run's step 0 shows, paused (the start's own cost: a new run
  // and its first report over 5,000 samples) and while playing (plus the piece in flight).
  let workersStarted = 0;
  page.on('worker', () => { workersStarted += 1; });
  const reset = () => page.evaluate(() => new Promise((resolve) => {
    const lab = document.querySelector('.ae-lab');
    const clicked = performance.now();
    const observer = new MutationObserver(() => {
      if (lab.dataset.steps === '0') { observer.disconnect(); resolve(performance.now() - clicked); }
    });
    observer.observe(lab, { attributes: true, attributeFilter: ['data-steps'] });
    document.querySelector('#lab-reset').click();
  }));
  const pausedResetMs = await reset();
  await page.click('#lab-play');
  await page.waitForFunction(() => Number(document.querySelector('.ae-lab').dataset.steps) >= 1, null, { timeout: 60_000 });
  await page.waitForTimeout(300); // inside the next step
  const playingResetMs = await reset();
  console.log(`2-64×8-3, 5000 samples, batch 5000, speed 32: Pause: button shows Play after ${pause.shown?.toFixed(0)} ms, `
    + `${pause.after - pause.before} more step landed${pause.landed ? ` ${pause.landed.toFixed(0)} ms after the click` : ''}; `
    + `Reset: step 0 shows after ${pausedResetMs.toFixed(0)} ms paused (the start's cost), ${playingResetMs.toFixed(0)} ms while playing`);
  assert.ok(pause.shown !== null, 'the button says Play in the next frame');
  assert.ok(pause.after - pause.before <= 1 && pause.landed < 200, `Pause takes effect within 200 ms (${pause.before} → ${pause.after} after ${pause.landed.toFixed(0)} ms)`);
  assert.ok(playingResetMs < 200 + pausedResetMs, `Reset while playing waits 200 ms at most for training in flight (${playingResetMs.toFixed(0)} ms; the start alone ${pausedResetMs.toFixed(0)} ms)`);
  assert.equal(workersStarted, 0, 'the worker answers between pieces: no new worker');
  assert.deepEqual(problems, []);
  await close();
});

test('the controls show what the link set: a batch, a function, widths and a speed outside the menus\' usual choices', LAB_TEST, async () => {
  const { page, problems, close } = await openLab('&samples=5000&batch=5000&fn=heaviside&hidden=16,64,2&speed=5');
  await page.waitForSelector('#lab-play');
  await page.click('.lab-settings > summary').catch(() => {}); // folded only in the compact layout
  assert.equal(await page.inputValue('#lab-batch'), '5000');
  assert.equal(await page.inputValue('#lab-fn-0'), 'heaviside');
  assert.equal(await page.inputValue('#lab-layers'), '3');
  assert.equal(await page.inputValue('#lab-width'), '16,64,2');
  assert.equal(await page.inputValue('#lab-speed'), '5');
  console.log(`screenshot: ${await screenshot(page, 'lab-controls-from-link.png')}`);
  // A width per layer typed in the field is the run's; the URL follows.
  await page.fill('#lab-width', '8,4');
  await page.press('#lab-width', 'Tab');
  await page.waitForFunction(() => new URL(location.href).searchParams.get('hidden') === '8,4');
  assert.equal(await page.inputValue('#lab-layers'), '2');
  assert.deepEqual(problems, []);
  await close();
});

/** The left edges of two words of an element's text as laid out: which one the reader sees first. */
function wordsInOrder(page, selector, first, second) {
  return page.evaluate(([sel, a, b]) => {
    const el = document.querySelector(sel);
    const left = (word) => {
      const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const at = node.textContent.indexOf(word);
        if (at >= 0) {
          const range = document.createRange();
          range.setStart(node, at);
          range.setEnd(node, at + word.length);
          return range.getBoundingClientRect().left;
        }
      }
      return NaN;
    };
    return left(a) < left(b);
  }, [selector, first, second]);
}

test('a right-to-left override in a quoted value reverses only the value, not the rest of the notice (lab and explorer)', LAB_TEST, async () => {
  const lab = await openLab('&dataset=ab%E2%80%AEcd');
  await lab.page.waitForSelector('.ae-url-notice:not([hidden])');
  assert.ok(await wordsInOrder(lab.page, '.ae-url-notice li', 'should', 'spiral'), '"should be one of spiral" reads left to right');
  assert.match(await lab.page.textContent('.ae-url-notice'), /dataset: "\u2068ab\u202Ecd\u2069" should be one of spiral/);
  console.log(`screenshot: ${await screenshot(lab.page, 'lab-notice-rtl-override.png')}`);
  await lab.close();
  const explorer = await openPage(session, '?fn=ab%E2%80%AEcd', { viewport: { width: 1366, height: 900 } });
  assert.ok(await wordsInOrder(explorer.page, '.ae-url-notice li', 'is not', 'menu'), '"is not a function here; see the menu" reads left to right');
  console.log(`screenshot: ${await screenshot(explorer.page, 'explorer-notice-rtl-override.png')}`);
  await explorer.close();
});

const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:";
const page = (body) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${CSP}">
<title>Attributes</title><script type="module" src="activation-plot.js"></script></head><body>${body}</body></html>`;
const openElements = (body) => openUrl(session, new URL('tutorial.html', session.url).href, { routes: { '**/tutorial.html': page(body) }, viewport: { width: 1100, height: 900 } });

test('<activation-plot view="lab">: layers sets the widths, HTML\'s global attributes keep their meaning and are never named', LAB_TEST, async () => {
  const { page: p, problems, close } = await openElements(`
    <activation-plot id="lab" view="lab" layers="32,32,32" aria-label="The lab" data-chapter="3" lang="en" title="Lab" dir="ltr" tabindex="0" translate="no" spellcheck="false" role="region"></activation-plot>
    <activation-plot id="gone" view="lab" hidden></activation-plot>
    <activation-plot id="plot" function="relu" aria-describedby="x" data-x="1" lang="en"></activation-plot>`);
  await p.waitForSelector('#lab .lab-play', { timeout: 30_000 });
  await p.waitForSelector('#plot .ae-plot[data-state="ready"]', { timeout: 30_000 });
  assert.deepEqual(await p.evaluate(() => document.getElementById('lab').view.hidden), [32, 32, 32]);
  assert.equal(await p.locator('#lab .ae-url-notice').isVisible(), false, 'no attribute named as unknown');
  assert.equal(await p.locator('#plot .ae-url-notice').isVisible(), false, 'nor on the explorer');
  assert.equal(await p.locator('#gone').isVisible(), false, 'hidden hides the element, as HTML says');
  assert.deepEqual(problems, []);
  await close();
});

test('<activation-plot>: two names for one setting, an odd view and play set after mounting are each answered', LAB_TEST, async () => {
  const { page: p, problems, close } = await openElements(`
    <activation-plot id="clash" view="lab" at-kink="x" at_kink="jax"></activation-plot>
    <activation-plot id="upper" view="LAB" steps="5" speed="32"></activation-plot>
    <activation-plot id="odd" view="nonsense" constructor="1"></activation-plot>`);
  await p.waitForSelector('#clash .lab-play', { timeout: 30_000 });
  const clash = await p.textContent('#clash .ae-url-notice');
  assert.match(clash, /at_kink="jax" and at-kink="x" set the same thing; at-kink is used\./);
  assert.match(clash, /at-kink: "x" should be one of/);
  await p.waitForSelector('#upper .lab-play', { timeout: 30_000 });
  assert.match(await p.textContent('#upper .ae-url-notice'), /view: "LAB" is read as lab\./);
  await p.waitForSelector('#odd .ae-plot[data-state="ready"]', { timeout: 30_000 });
  assert.match(await p.textContent('#odd .ae-url-notice'), /view: "nonsense" is not a view here/);
  assert.match(await p.textContent('#odd .ae-url-notice'), /"constructor" is not a setting here and is ignored\./, 'an attribute named as an object\'s own property is just unknown');
  // play="1" set once the lab is up: it trains, as play="1" does on arrival.
  await p.waitForFunction(() => document.querySelector('#upper .ae-lab')?.dataset.steps === '0', null, { timeout: 30_000 });
  await p.evaluate(() => document.getElementById('upper').setAttribute('play', '1'));
  await p.waitForFunction(() => Number(document.querySelector('#upper .ae-lab')?.dataset.steps) >= 5, null, { timeout: 60_000 });
  console.log(`screenshot: ${await screenshot(p, 'element-attributes.png')}`);
  assert.deepEqual(problems, []);
  await close();
});

test('a link with few samples and no batch runs; a loss that does not suit its dataset is named and leaves the link', LAB_TEST, async () => {
  const few = await openLab('&samples=20&steps=3&speed=32&play=1');
  await few.page.waitForFunction(() => Number(document.querySelector('.ae-lab')?.dataset.steps) >= 3, null, { timeout: 60_000 });
  assert.equal(await few.page.locator('.ae-url-notice').isVisible(), false);
  assert.equal(new URL(few.page.url()).searchParams.get('batch'), '20');
  assert.deepEqual(few.problems, []);
  await few.close();
  const sine = await openLab('&dataset=sine&loss=cross_entropy');
  await sine.page.waitForFunction(() => document.querySelector('.ae-lab')?.dataset.steps === '0', null, { timeout: 60_000 });
  assert.match(await sine.page.textContent('.ae-url-notice'), /loss: "cross_entropy" does not suit dataset sine, which trains with mse; its default \(mse\) is used\./);
  assert.equal(new URL(sine.page.url()).searchParams.get('loss'), null, 'the link no longer carries it');
  assert.equal(await sine.page.textContent('.lab-status'), '', 'the run started');
  await sine.close();
});
