// A tab whose view takes a while to load (the lab fetches its bundle, stylesheet and wasm on the
// first switch) is selected and says so at once; more clicks meanwhile add no history entry;
// the URL changes once the view has loaded; a view that cannot load says which file failed and
// keeps the URL, and the next tab still carries the functions on screen.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { openPage, PER_TEST, startSession } from './harness.mjs';

let session;
before(async () => { session = await startSession(); });
after(async () => { await session.close(); });

const START = '?fn=elu&alpha=0.5&fn2=gelu&at_kink=jax';
const delay = (ms) => new Promise((resolve) => { setTimeout(resolve, ms); });

test('a slow tab is selected and says it is loading at once; a second click adds no history entry; back returns to the explorer', PER_TEST, async () => {
  const { page, problems, close } = await openPage(session, START);
  await page.route('**/lab/lab-view.js', async (route) => { await delay(1500); await route.continue(); });
  const entries = await page.evaluate(() => history.length);
  await page.click('#tab-lab');
  assert.equal(await page.getAttribute('#tab-lab', 'aria-selected'), 'true', 'selected before the lab has loaded');
  assert.match(await page.textContent('#explorer'), /Loading the dead-neuron lab/);
  assert.match(page.url(), /fn=elu/, 'the URL waits for the view');
  await page.click('#tab-lab');
  await page.waitForSelector('#lab-play', { timeout: 15_000 });
  assert.equal(await page.evaluate(() => history.length), entries + 1, 'one switch, one entry');
  const url = new URL(page.url());
  assert.equal(url.searchParams.get('view'), 'lab');
  assert.equal(url.searchParams.get('fn'), 'elu', 'the functions on screen are the lab\'s sides');
  assert.equal(url.searchParams.get('versus'), 'gelu');
  await page.goBack();
  await page.waitForSelector('#plot[data-state="ready"]', { timeout: 15_000 });
  assert.equal(await page.getAttribute('#tab-explorer', 'aria-selected'), 'true');
  assert.deepEqual(problems, []);
  await close();
});

test('a view that cannot load names its file, keeps the URL, and the next tab still carries the functions and the convention', PER_TEST, async () => {
  const { page, close } = await openPage(session, START);
  await page.route('**/activation_lab.wasm', (route) => route.fulfill({ status: 404, body: 'missing' }));
  const before = page.url();
  await page.click('#tab-lab');
  await page.waitForSelector('#explorer [role="alert"]', { timeout: 15_000 });
  assert.match(await page.textContent('#explorer [role="alert"]'), /activation_lab\.wasm/, 'the lab\'s own file is named');
  assert.equal(page.url(), before, 'a view that did not load leaves the URL as it was');
  await page.click('#tab-explorer');
  await page.waitForSelector('#plot[data-state="ready"]', { timeout: 15_000 });
  const url = new URL(page.url());
  assert.deepEqual([url.searchParams.get('fn'), url.searchParams.get('fn2')], ['elu', 'gelu']);
  assert.equal(url.searchParams.get('at_kink'), 'jax');
  await close();
});

test('the lab\'s two formula sides come back whole after a look at the explorer, which shows one typed formula', PER_TEST, async () => {
  const { page, problems, close } = await openPage(session, '?view=lab&expr=max(0.01*x,%20x)&expr2=where(x%3E=0,%20x,%200.01*x)', { waitForPlot: false });
  await page.waitForSelector('#lab-play', { timeout: 15_000 });
  await page.click('#tab-explorer');
  await page.waitForSelector('#plot[data-state="ready"]', { timeout: 15_000 });
  assert.equal(new URL(page.url()).searchParams.get('expr'), 'max(0.01*x, x)');
  assert.match(await page.textContent('#url-notice'), /f\(x\) = where\(x>=0, x, 0\.01\*x\) is not shown: the explorer shows one typed formula at a time/);
  await page.click('#tab-lab');
  await page.waitForSelector('#lab-play', { timeout: 15_000 });
  const url = new URL(page.url());
  assert.equal(url.searchParams.get('expr'), 'max(0.01*x, x)');
  assert.equal(url.searchParams.get('expr2'), 'where(x>=0, x, 0.01*x)', 'the comparison side is the lab\'s own, not a built-in');
  assert.equal(url.searchParams.get('versus'), null);
  assert.deepEqual(problems, []);
  await close();
});

test('a change in the explorer is what the lab gets back: the lab\'s own sides return only when nothing changed', PER_TEST, async () => {
  const { page, close } = await openPage(session, '?view=lab&expr=max(0.01*x,%20x)&expr2=where(x%3E=0,%20x,%200.01*x)', { waitForPlot: false });
  await page.waitForSelector('#lab-play', { timeout: 15_000 });
  await page.click('#tab-explorer');
  await page.waitForSelector('#plot[data-state="ready"]', { timeout: 15_000 });
  await page.selectOption('#s0-function', 'elu');
  await page.waitForFunction(() => new URL(location.href).searchParams.get('fn') === 'elu');
  await page.click('#tab-lab');
  await page.waitForSelector('#lab-play', { timeout: 15_000 });
  const url = new URL(page.url());
  assert.equal(url.searchParams.get('fn'), 'elu');
  assert.equal(url.searchParams.get('expr'), null);
  await close();
});
