// The dead-neuron lab as a reader uses it: a tab of the page (view=lab), trained in a module
// worker, its charts and summary following the run, the preset that shows ReLU units dying, the α
// slider, the export, a diverging run, and the main thread never blocked for long.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { openPage, PER_TEST, screenshot, startSession } from './harness.mjs';

let session;
before(async () => { session = await startSession(); });
after(async () => { await session.close(); });

const LAB_TEST = { timeout: 120_000 };
const openLab = (query = '', viewport = { width: 1366, height: 900 }) => openPage(session, `?view=lab${query}`, { viewport, waitForPlot: false });
const summary = (page) => page.textContent('#lab-summary');
const stepsShown = (page) => page.getAttribute('.ae-lab', 'data-steps').then(Number);

async function trainUntil(page, steps) {
  await page.waitForFunction((n) => Number(document.querySelector('.ae-lab')?.dataset.steps) >= n, steps, { timeout: 60_000 });
}

// Once the run stops, the charts are redrawn with Plotly one per frame: wait for a chart to show `steps`.
async function chartAt(page, id, steps) {
  await page.waitForFunction(([chart, n]) => {
    const el = document.getElementById(chart);
    return el?.data && Number(el.dataset.steps) === n;
  }, [id, steps], { timeout: 20_000 });
}

test('the preset shows ReLU units dying and Leaky ReLU units living, trained in a worker', LAB_TEST, async () => {
  const { page, problems, close } = await openLab();
  assert.equal(await page.getAttribute('#tab-lab', 'aria-selected'), 'true');
  await page.waitForSelector('#lab-play');
  await page.selectOption('#lab-speed', '32');
  await page.click('#lab-preset'); // sets the run up and plays it
  await trainUntil(page, 2000);
  await page.waitForFunction(() => document.querySelector('#lab-play').textContent === 'Play', null, { timeout: 10_000 });
  assert.ok(page.workers().length >= 1, 'the trainer runs in a Web Worker');
  await chartAt(page, 'lab-dead', 2000);
  const text = await summary(page);
  // The numbers `actviz train` gives for the dying_relu preset (docs/lab.md, tests/cpp/presets_test.cpp): the same seed, the same run.
  assert.match(text, /^After 2,000 steps: ReLU has 42 of 96 units dead \(44\u00a0%\), Leaky ReLU \(α = 0\.01\) none; last-batch loss 0\.0076 and 0\.05, in that order \(ln 3 = 1\.1 would be a guess among 3 classes\)\. A dead unit gets no gradient; only a shift in the layers below \(or Adam's momentum\) revives it\.$/);
  assert.match(new URL(page.url()).search, /dataset=spiral.*hidden=32%2C32%2C32.*optimizer=adam&lr=0\.05&batch=32&seed=4&init=he/);
  const deadTrace = await page.evaluate(() => document.getElementById('lab-dead').data.map((t) => t.y.at(-1)));
  assert.deepEqual(deadTrace, [0, 0, 0, 6, 21, 15], 'dead units per layer, Leaky ReLU then ReLU');
  console.log(`screenshot: ${await screenshot(page, 'lab-preset-1366.png')}`);
  assert.deepEqual(problems, []);
  await close();
});

test('α = 0 makes Leaky ReLU die exactly as ReLU does; the URL keeps α', LAB_TEST, async () => {
  const { page, close } = await openLab('&dataset=circles&hidden=32,32,32&alpha=0&optimizer=adam&lr=0.01&batch=16&seed=3&init=negative_bias&steps=150&speed=32');
  await page.waitForSelector('#lab-play');
  await page.click('#lab-play');
  await trainUntil(page, 150);
  await chartAt(page, 'lab-dead', 150);
  const dead = await page.evaluate(() => document.getElementById('lab-dead').data.map((t) => t.y.at(-1)));
  assert.deepEqual(dead.slice(0, 3), dead.slice(3), 'the same deaths on both sides');
  assert.ok(dead[3] + dead[4] + dead[5] > 0);
  assert.match(await summary(page), /Leaky ReLU \(α = 0\) has \d+ of 96 units dead/);
  await close();
});

test('no main-thread task over 50 ms while the lab trains, and steps keep coming', LAB_TEST, async () => {
  const { page, close } = await openLab('&hidden=64,64,64&batch=64&steps=100000&speed=8');
  await page.waitForSelector('#lab-play');
  await page.waitForTimeout(1000);
  // From half a second after Play: pressing it sometimes costs one task of 50–70 ms here (the
  // switch to the live charts); the steady state is what a reader watches.
  await page.click('#lab-play');
  await page.waitForTimeout(500);
  await page.evaluate(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__longTasks.push(e.duration); }).observe({ type: 'longtask' });
  });
  await page.waitForTimeout(5000);
  const longTasks = await page.evaluate(() => window.__longTasks);
  const steps = await stepsShown(page);
  await page.click('#lab-play');
  console.log(`5 s of training (from 0.5 s after Play) 2-64-64-64-3 at batch 64: ${steps} steps; long tasks: ${JSON.stringify(longTasks.map(Math.round))}`);
  assert.ok(steps > 100, `${steps} steps in 5 s`);
  assert.deepEqual(longTasks.filter((d) => d > 50), []);
  await close();
});

test('while something else on the page makes frames late, the lab draws a few times a second instead of every frame', LAB_TEST, async () => {
  const { page, problems, close } = await openLab('&hidden=16,16&steps=100000&speed=2');
  await page.waitForSelector('#lab-play');
  await page.click('#lab-play');
  await trainUntil(page, 20);
  // Chart draws (each sets its chart's data-steps) over 2 s, with or without another script
  // spending 35 ms of every frame (as another view's redraw or a reader's drag would).
  const drawsIn2s = (busy) => page.evaluate(async (busyMs) => {
    let draws = 0;
    const observer = new MutationObserver((records) => { draws += records.length; });
    for (const chart of document.querySelectorAll('.lab-plot')) observer.observe(chart, { attributes: true, attributeFilter: ['data-steps'] });
    let running = true;
    const hog = () => {
      if (!running) return;
      const until = performance.now() + busyMs;
      while (performance.now() < until) { /* someone else's work */ }
      requestAnimationFrame(hog);
    };
    if (busyMs > 0) requestAnimationFrame(hog);
    await new Promise((resolve) => { setTimeout(resolve, 2000); });
    running = false;
    observer.disconnect();
    return draws;
  }, busy ? 35 : 0);
  const calm = await drawsIn2s(false);
  const busy = await drawsIn2s(true);
  console.log(`chart draws in 2 s while training: ${calm} on a calm page, ${busy} with 35 ms of other work in every frame`);
  assert.ok(calm >= 30, `a calm page: a chart every frame or two (${calm})`);
  assert.ok(busy <= 12, `a busy page: about one chart every 250 ms (${busy})`);
  assert.ok(busy >= 4, `and still some (${busy})`);
  await page.click('#lab-play');
  assert.deepEqual(problems, []);
  await close();
});

test('moving α while the run plays restarts it playing with the new α; while paused, it waits', LAB_TEST, async () => {
  const { page, problems, close } = await openLab('&hidden=16,16&steps=100000&speed=2');
  await page.waitForSelector('#lab-play');
  await page.click('#lab-play');
  await trainUntil(page, 20);
  // A drag: several input events in a row, each restarting the run.
  await page.focus('#lab-s0-alpha-slider');
  for (let i = 0; i < 4; i += 1) await page.keyboard.press('ArrowRight');
  const alpha = await page.inputValue('#lab-s0-alpha');
  assert.notEqual(alpha, '0.01');
  await page.waitForFunction((a) => {
    const text = document.querySelector('#lab-summary').textContent;
    return text.startsWith('After') && text.includes(`α = ${a})`) && Number(document.querySelector('.ae-lab').dataset.steps) >= 20;
  }, alpha, { timeout: 30_000 });
  assert.equal(await page.textContent('#lab-play'), 'Pause', 'still playing');
  await page.click('#lab-play');
  await page.waitForFunction(() => document.querySelector('#lab-play').textContent === 'Play');
  await page.focus('#lab-s0-alpha-slider');
  await page.keyboard.press('ArrowLeft');
  await page.waitForFunction(() => document.querySelector('#lab-summary').textContent.startsWith('Not trained yet'), null, { timeout: 10_000 });
  await page.waitForTimeout(1000);
  assert.equal(await stepsShown(page), 0, 'paused: the new run waits for Play');
  assert.equal(await page.textContent('#lab-play'), 'Play');
  assert.deepEqual(problems, []);
  await close();
});

test('switching tabs carries the functions; back returns to the explorer', LAB_TEST, async () => {
  const { page, close } = await openPage(session, '?fn=elu&alpha=0.5&fn2=relu', { viewport: { width: 1366, height: 900 } });
  await page.click('#tab-lab');
  await page.waitForSelector('#lab-fn-0');
  assert.equal(await page.inputValue('#lab-fn-0'), 'elu');
  assert.equal(await page.inputValue('#lab-s0-alpha'), '0.5');
  assert.equal(await page.inputValue('#lab-fn-1'), 'relu');
  assert.match(new URL(page.url()).search, /view=lab.*fn=elu.*alpha=0\.5.*versus=relu/);
  await page.goBack();
  await page.waitForSelector('#plot[data-state="ready"]');
  assert.equal(await page.getAttribute('#tab-explorer', 'aria-selected'), 'true');
  assert.equal(await page.locator('.ae-lab').count(), 0, 'the lab is gone, its worker with it');
  await close();
});

test('the run exports as JSON with the fields docs/lab.md lists', LAB_TEST, async () => {
  const { page, close } = await openLab('&steps=20&speed=32');
  await page.waitForSelector('#lab-play');
  await page.click('#lab-play');
  await trainUntil(page, 20);
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#lab-export')]);
  const chunks = [];
  for await (const chunk of await download.createReadStream()) chunks.push(chunk);
  const run = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  assert.equal(run.steps, 20);
  assert.deepEqual(run.shuffle, { rule: 'pcg32-fisher-yates', stream: 3 }, 'the batch order as the rule that regenerates it');
  assert.deepEqual(Object.keys(run.sides[0]), ['fn', 'params', 'at_kink', 'loss', 'dead', 'final']);
  assert.equal(run.data.x.length, 300);
  await close();
});

test('bad lab settings in the link are named; a diverging run stops and says what to change', LAB_TEST, async () => {
  const bad = await openLab('&dataset=moons&hidden=0');
  await bad.page.waitForSelector('#lab-play');
  const notice = await bad.page.textContent('.ae-url-notice');
  assert.match(notice, /dataset: "moons" should be one of spiral/);
  assert.match(notice, /hidden: "0" should be 1 to 8 widths/);
  await bad.close();
  const { page, close } = await openLab('&dataset=sine&hidden=64,64,64&init=glorot&lr=3&samples=120&batch=16&steps=500&speed=32');
  await page.waitForSelector('#lab-play');
  await page.click('#lab-play');
  await page.waitForFunction(() => /diverged at step/.test(document.querySelector('.lab-status')?.textContent ?? ''), null, { timeout: 30_000 });
  assert.match(await page.textContent('.lab-status'), /^Training diverged at step \d+ \((Leaky ReLU|ReLU)'s loss is (Infinity|NaN)\): lower the learning rate\.$/);
  assert.equal(await page.textContent('#lab-play'), 'Play');
  await close();
});

test('on a phone the lab stacks its controls over one column of charts', PER_TEST, async () => {
  const { page, problems, close } = await openLab('&steps=50&speed=32', { width: 390, height: 844 });
  await page.waitForSelector('#lab-play');
  await page.click('#lab-play');
  await trainUntil(page, 50);
  await page.waitForTimeout(800);
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 390, `no sideways scrolling (${width} px)`);
  console.log(`screenshot: ${await screenshot(page, 'lab-phone.png')}`);
  assert.deepEqual(problems, []);
  await close();
});

test('one click from the explorer: the preset with the explorer\'s α, training on arrival', LAB_TEST, async () => {
  const { page, problems, close } = await openPage(session, '?fn=leaky_relu&alpha=0.3&fn2=relu', { viewport: { width: 1366, height: 900 } });
  await page.click('#open-lab');
  await page.waitForSelector('#lab-fn-0');
  assert.equal(await page.inputValue('#lab-s0-alpha'), '0.3');
  assert.equal(await page.inputValue('#lab-dataset'), 'spiral', 'the dying_relu preset');
  assert.equal(await page.inputValue('#lab-optimizer'), 'adam');
  await trainUntil(page, 5); // it plays without a click
  assert.match(new URL(page.url()).search, /alpha=0\.3/);
  assert.deepEqual(problems, []);
  await close();
});

test('the explorer tab takes the lab\'s two sides as its two functions', LAB_TEST, async () => {
  const { page, close } = await openLab('&fn=elu&alpha=0.5&versus=leaky_relu&alpha2=0.2&at_kink=jax');
  await page.waitForSelector('#lab-fn-0');
  await page.click('#tab-explorer');
  await page.waitForSelector('#plot[data-state="ready"]');
  const search = new URL(page.url()).search;
  assert.match(search, /fn=elu&alpha=0\.5&fn2=leaky_relu&alpha2=0\.2/);
  assert.match(search, /at_kink=jax/);
  assert.doesNotMatch(search, /view=lab|dataset=/);
  await close();
});

test('a preset says what it will show before Play: born_dead names the negative biases', LAB_TEST, async () => {
  const { page, problems, close } = await openLab('&preset=born_dead');
  await page.waitForFunction(() => document.querySelector('.ae-lab')?.dataset.steps === '0');
  const before = await summary(page);
  assert.match(before, /biases of −1/);
  assert.match(before, / Press Play to watch\.$/);
  await page.click('#lab-step');
  await trainUntil(page, 1);
  assert.match(await summary(page), /^After 1 step: ReLU has \d+ of 96 units dead/, 'then the run\'s own sentence');
  assert.deepEqual(problems, []);
  await close();
});
