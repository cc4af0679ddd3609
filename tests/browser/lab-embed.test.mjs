// The lab where tutorials put it: the iframe "Copy embed code" writes (compact layout, every
// chart that tells the story inside the proposed height), and <activation-plot view="lab"> on a
// tutorial page under a strict CSP beside an explorer element (live attributes, bad attributes
// named, `change` on edits, nothing left running when removed).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { openPage, openUrl, screenshot, startSession } from './harness.mjs';

let session;
before(async () => { session = await startSession(); });
after(async () => { await session.close(); });

const LAB_TEST = { timeout: 120_000 };

/** The element box of `selector` in page coordinates. */
const box = (page, selector) => page.locator(selector).boundingBox();

test('"Copy embed code" on the lab gives a frame whose controls, summary and four charts fit its height', LAB_TEST, async () => {
  const full = await openPage(session, '?view=lab&preset=born_dead&alpha=0.1&speed=32', { viewport: { width: 1366, height: 900 }, waitForPlot: false });
  await full.page.waitForSelector('#lab-play');
  await full.page.click('#copy-embed');
  const snippet = await full.page.inputValue('#embed-code');
  const [, src] = snippet.match(/src="([^"]+)"/);
  const height = Number(snippet.match(/height="(\d+)"/)[1]);
  assert.match(snippet, /title="Dead-neuron lab: Leaky ReLU against ReLU, trained side by side"/);
  const query = new URL(src.replaceAll('&amp;', '&')).searchParams;
  assert.equal(query.get('embed'), '1');
  assert.equal(query.get('init'), 'negative_bias', 'the lab\'s settings travel with the frame');
  assert.deepEqual(full.problems, []);
  await full.close();

  // The frame as a tutorial's reader sees it: the README's width, the proposed height.
  const frame = await openPage(session, `${new URL(src.replaceAll('&amp;', '&')).search}&play=1`, { viewport: { width: 700, height }, waitForPlot: false });
  const { page } = frame;
  await page.waitForFunction(() => Number(document.querySelector('.ae-lab')?.dataset.steps) >= 400, null, { timeout: 60_000 });
  assert.equal(await page.locator('.view-tabs').isVisible(), false, 'no tabs in an embed');
  assert.equal(await page.locator('.lab-settings').getAttribute('open'), null, 'the settings start folded');
  assert.equal(await page.locator('#lab-dataset').isVisible(), false);
  for (const selector of ['#lab-play', '#lab-step', '#lab-reset', '#lab-s0-alpha-slider', '#lab-summary', '.lab-open-row a',
    '#lab-boundary-0', '#lab-boundary-1', '#lab-loss', '#lab-dead']) {
    const b = await box(page, selector);
    assert.ok(b && b.y >= 0 && b.y + b.height <= height + 0.5 && b.x + b.width <= 700.5, `${selector} inside the 700 × ${height} frame: ${JSON.stringify(b)}`);
  }
  const open = new URL(await page.getAttribute('.lab-open-row a', 'href'));
  assert.equal(open.searchParams.get('embed'), null, '"Open" leads to the full page');
  assert.equal(open.searchParams.get('dataset'), 'circles');
  assert.match(await page.textContent('#lab-summary'), /^After 400 steps: ReLU has 64 of 96 units dead/);
  console.log(`screenshot: ${await screenshot(page, 'lab-embed-700.png')}`);

  // The folded settings open, and a change there restarts the run as on the full page.
  await page.click('.lab-settings > summary');
  await page.selectOption('#lab-dataset', 'xor');
  await page.waitForFunction(() => new URL(location.href).searchParams.get('dataset') === 'xor');
  assert.equal(await page.locator('.lab-settings').getAttribute('open'), '', 'still open after the controls are rebuilt');
  assert.deepEqual(frame.problems, []);
  await frame.close();
});

test('on a phone the embed stacks its charts one per row, each as wide as the frame', LAB_TEST, async () => {
  const { page, problems, close } = await openPage(session, '?view=lab&embed=1', { viewport: { width: 390, height: 844 }, waitForPlot: false });
  await page.waitForSelector('#lab-loss .main-svg', { timeout: 30_000 });
  const [a, b] = [await box(page, '#lab-boundary-0'), await box(page, '#lab-boundary-1')];
  assert.ok(b.y >= a.y + a.height, 'the second side under the first');
  assert.ok(a.width > 300 && a.x + a.width <= 390, `a chart across the phone: ${JSON.stringify(a)}`);
  // As in the explorer: no mode bar over a narrow chart's title.
  for (const id of ['#lab-loss', '#lab-dead']) assert.equal(await page.locator(`${id} .modebar`).count(), 0, `${id} has no mode bar`);
  console.log(`screenshot: ${await screenshot(page, 'lab-embed-phone.png')}`);
  assert.deepEqual(problems, []);
  await close();
});

test('on a phone the full page starts in the same compact layout: the regions in the first screen', LAB_TEST, async () => {
  const { page, problems, close } = await openPage(session, '?view=lab', { viewport: { width: 390, height: 844 }, waitForPlot: false });
  await page.waitForSelector('#lab-loss .main-svg', { timeout: 30_000 });
  assert.ok(await page.locator('.view-tabs').isVisible(), 'the tabs stay on the full page');
  assert.equal(await page.locator('.lab-settings').getAttribute('open'), null, 'the settings start folded');
  const regions = await box(page, '#lab-boundary-0');
  assert.ok(regions.y + regions.height <= 844, `the first side's regions in the first screen: ${JSON.stringify(regions)}`);
  console.log(`screenshot: ${await screenshot(page, 'lab-phone.png')}`);
  assert.deepEqual(problems, []);
  await close();
});

// Inside the first screen of `height` px, nothing of it off the right edge of `width`.
async function inFirstScreen(page, selector, width, height) {
  const b = await box(page, selector);
  return Boolean(b && b.y >= 0 && b.y + b.height <= height + 0.5 && b.x >= 0 && b.x + b.width <= width + 0.5);
}

for (const [where, path, viewport] of [['a phone (390 × 844)', '?view=lab', { width: 390, height: 844 }], ['the 700 × 620 embed', '?view=lab&embed=1', { width: 700, height: 620 }]]) {
  test(`in ${where} the preset is one tap from the first screen, and after it the run plays in view`, LAB_TEST, async () => {
    const { page, problems, close } = await openPage(session, path, { viewport, waitForPlot: false });
    await page.waitForSelector('#lab-loss .main-svg', { timeout: 30_000 });
    assert.ok(await inFirstScreen(page, '#lab-preset', viewport.width, viewport.height), `the preset button in the first screen: ${JSON.stringify(await box(page, '#lab-preset'))}`);
    await page.click('#lab-preset');
    await page.waitForFunction(() => document.querySelector('#lab-play').textContent === 'Pause'
      && Number(document.querySelector('.ae-lab').dataset.steps) > 0, null, { timeout: 30_000 });
    assert.equal(await page.locator('.lab-settings').getAttribute('open'), null, 'the settings folded');
    for (const selector of ['#lab-summary', '#lab-boundary-0']) {
      assert.ok(await inFirstScreen(page, selector, viewport.width, viewport.height), `${selector} in view after the preset: ${JSON.stringify(await box(page, selector))}`);
    }
    // Pressed with the settings open and the page scrolled (a reader who looked through them).
    await page.click('#lab-play');
    await page.click('.lab-settings > summary');
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    await page.locator('#lab-preset').scrollIntoViewIfNeeded();
    await page.click('#lab-preset');
    await page.waitForFunction(() => document.querySelector('#lab-play').textContent === 'Pause', null, { timeout: 30_000 });
    assert.equal(await page.locator('.lab-settings').getAttribute('open'), null, 'the settings folded again');
    assert.ok(await inFirstScreen(page, '#lab-summary', viewport.width, viewport.height), `the summary in view: ${JSON.stringify(await box(page, '#lab-summary'))}`);
    assert.deepEqual(problems, []);
    await close();
  });
}

test('the bare embed (?view=lab&embed=1) starts from the dying-ReLU preset, waiting for Play', LAB_TEST, async () => {
  const settingsOf = async (path) => {
    const { page, problems, close } = await openPage(session, path, { viewport: { width: 700, height: 620 }, waitForPlot: false });
    await page.waitForSelector('#lab-play');
    await page.waitForFunction(() => new URL(location.href).searchParams.has('dataset'));
    // The lab writes its step count once it has drawn the first time.
    await page.waitForSelector('.ae-lab[data-steps]');
    const query = new URL(page.url()).searchParams;
    query.delete('embed');
    const steps = await page.getAttribute('.ae-lab', 'data-steps');
    assert.deepEqual(problems, []);
    await close();
    return { query: query.toString(), steps };
  };
  const bare = await settingsOf('?view=lab&embed=1');
  const preset = await settingsOf('?view=lab&embed=1&preset=dying_relu');
  assert.equal(bare.query, preset.query, 'the same settings as preset=dying_relu');
  assert.notEqual(bare.query, (await settingsOf('?view=lab&embed=1&seed=7')).query, 'a link with settings keeps the default under them');
  assert.equal(bare.steps, '0', 'it waits for the reader');
});

const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:";
const TUTORIAL = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${CSP}">
<title>Dying ReLU</title><script type="module" src="activation-plot.js"></script>
<style>body { max-width: 720px; margin: 0 auto; }</style></head>
<body><h1>Why Leaky ReLU?</h1>
<activation-plot id="lab" view="lab" preset="born_dead" alpha="0.1" speed="32"></activation-plot>
<p>The function itself:</p>
<activation-plot id="plot" function="leaky_relu" alpha="0.1" controls="alpha"></activation-plot>
</body></html>`;

function openTutorial(html = TUTORIAL) {
  return openUrl(session, new URL('tutorial.html', session.url).href, { routes: { '**/tutorial.html': html }, viewport: { width: 1100, height: 900 } });
}
const labSteps = (page) => page.evaluate(() => Number(document.querySelector('#lab .ae-lab')?.dataset.steps ?? -1));
async function trainedTo(page, steps) {
  await page.waitForFunction((n) => Number(document.querySelector('#lab .ae-lab')?.dataset.steps) >= n, steps, { timeout: 60_000 });
  await page.waitForFunction(() => document.querySelector('#lab .lab-play').textContent === 'Play', null, { timeout: 10_000 });
}

test('<activation-plot view="lab">: the preset trains in a worker beside an explorer element, under a strict CSP', LAB_TEST, async () => {
  const { page, problems, requests, close } = await openTutorial();
  await page.waitForSelector('#plot .ae-plot[data-state="ready"]', { timeout: 15_000 });
  await page.waitForFunction(() => document.querySelector('#lab .ae-lab')?.dataset.steps !== undefined, null, { timeout: 30_000 });
  assert.equal(await labSteps(page), 0, 'play is not set: it waits for the reader');
  // The preset (born_dead) says what it will show until it has trained.
  assert.match(await page.textContent('#lab .lab-summary'), /^Hidden biases .* Press Play to watch\.$/);
  assert.ok(await page.locator('#lab .lab-toolbar').isVisible(), 'the compact layout');
  // Ids are the element's own, so two on a page never clash.
  const ids = await page.evaluate(() => [...document.querySelectorAll('[id]')].map((e) => e.id));
  assert.equal(new Set(ids).size, ids.length, 'no id twice on the page');
  await page.click('#lab .lab-play');
  await trainedTo(page, 400);
  assert.ok(page.workers().length >= 1, 'the trainer runs in a Web Worker');
  assert.match(await page.textContent('#lab .lab-summary'), /^After 400 steps: ReLU has 64 of 96 units dead \(67\u00a0%\), Leaky ReLU \(α = 0\.1\) none; last-batch loss 0\.69 and 0\.018, in that order \(ReLU's is ln 2: a coin toss\)\. A dead unit gets no gradient; only a shift in the layers below \(or Adam's momentum\) revives it\.$/);
  const view = await page.evaluate(() => document.getElementById('lab').view);
  assert.equal(view.view, 'lab');
  assert.equal(view.dataset, 'circles');
  assert.match(view.query, /^view=lab&dataset=circles&hidden=32%2C32%2C32&fn=leaky_relu&alpha=0\.1&versus=relu/);
  // The lean module (no formula here, so the full one is never fetched).
  assert.equal(requests.filter((u) => u.endsWith('activation_explorer_core.wasm')).length, 1, 'one explorer wasm for both elements');
  assert.equal(requests.filter((u) => u.endsWith('activation_explorer.wasm')).length, 0, 'no formula, no formula engine');
  assert.ok(requests.some((u) => u.endsWith('/lab/lab-view.js')), 'the lab loaded from beside the element');
  console.log(`screenshot: ${await screenshot(page, 'lab-element.png')}`);
  assert.deepEqual(problems, []);
  await close();
});

test('<activation-plot view="lab">: attributes are live, bad ones are named, edits fire change, removal stops the worker', LAB_TEST, async () => {
  const { page, problems, close } = await openTutorial(TUTORIAL.replace('speed="32"', 'speed="32" steps="150" play="1" dataset="moons"'));
  await page.waitForSelector('#lab .lab-play');
  // A bad attribute: named with the element's attribute name, the default used, the rest kept.
  const notice = await page.textContent('#lab .ae-url-notice');
  assert.match(notice, /<activation-plot view="lab">/);
  assert.match(notice, /dataset: "moons" should be one of spiral, circles, xor, blobs, sine/);
  await trainedTo(page, 150);
  assert.match(await page.textContent('#lab .lab-summary'), /^After 150 steps: ReLU has \d+ of 96 units dead/);
  const bad = await page.evaluate(() => document.getElementById('lab').view.dataset);
  assert.equal(bad, 'circles', 'the preset\'s dataset stays');

  // α = 0 set by the page: Leaky ReLU now dies exactly like ReLU.
  await page.evaluate(() => document.getElementById('lab').setAttribute('alpha', '0'));
  await page.waitForFunction(() => document.getElementById('lab').view.sides[0].params.alpha === 0
    && document.querySelector('#lab .lab-summary').textContent.startsWith('Not trained yet'), null, { timeout: 10_000 });
  await page.click('#lab .lab-play');
  // The summary is rewritten only by the new run: once it names α = 0 and 150 steps, that run ended.
  await page.waitForFunction(() => {
    const text = document.querySelector('#lab .lab-summary').textContent;
    return text.startsWith('After 150 steps') && text.includes('α = 0)');
  }, null, { timeout: 60_000 });
  const summary = await page.textContent('#lab .lab-summary');
  const leaky = summary.match(/Leaky ReLU \(α = 0\) has (\d+) of 96 units dead/)?.[1];
  const relu = summary.match(/(?<!Leaky )ReLU has (\d+) of 96 units dead/)?.[1];
  assert.ok(Number(relu) > 0, summary);
  assert.equal(leaky, relu, `α = 0 kills as many units as ReLU: ${summary}`);

  // A reader's edit in the element fires `change` with the settings and their query.
  await page.evaluate(() => {
    window.changes = [];
    document.getElementById('lab').addEventListener('change', (e) => window.changes.push(e.detail));
  });
  await page.click('#lab .lab-settings > summary');
  await page.locator('#lab input[id$="lab-seed"]').fill('11');
  await page.locator('#lab input[id$="lab-seed"]').press('Tab');
  await page.waitForFunction(() => window.changes.length > 0, null, { timeout: 5000 });
  const changes = await page.evaluate(() => window.changes);
  assert.ok(changes.every((c) => c?.view === 'lab'), 'only the element\'s own change events, not its fields\' native ones');
  const change = changes.at(-1);
  assert.equal(change.seed, 11);
  assert.match(change.query, /seed=11/);

  // Gone from the page: its worker goes too.
  assert.ok(page.workers().length >= 1);
  await page.evaluate(() => document.getElementById('lab').remove());
  await page.waitForFunction(() => !document.querySelector('.ae-lab'));
  for (let i = 0; i < 50 && page.workers().length > 0; i += 1) await page.waitForTimeout(100);
  assert.equal(page.workers().length, 0, 'no worker left running');
  assert.deepEqual(problems, []);
  await close();
});
