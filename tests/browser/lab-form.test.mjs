// The lab's form shows its state (web/lab/lab-controls.js from web/lab/lab-state.js): a bad
// value is named under its field and the run keeps the last good one, the fields a change moves
// follow it, the field the reader typed in keeps their text, and the folded settings stay open
// when another function draws the form anew.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { openPage, startSession } from './harness.mjs';

let session;
before(async () => { session = await startSession(); });
after(async () => { await session.close(); });

const LAB_TEST = { timeout: 120_000 };
const param = (page, key) => new URL(page.url()).searchParams.get(key);

test('a bad seed is named under its field until a good one, other changes leave it, and the run keeps the last good seed', LAB_TEST, async () => {
  const { page, problems, close } = await openPage(session, '?view=lab&seed=5', { viewport: { width: 1366, height: 900 }, waitForPlot: false });
  await page.waitForSelector('#lab-seed');
  await page.fill('#lab-seed', '12x');
  await page.press('#lab-seed', 'Tab');
  const note = () => page.textContent('#lab-seed ~ .field-error');
  assert.match(await note(), /^Seed: a whole number from 0 to \d+\.$/);
  assert.equal(await page.getAttribute('#lab-seed', 'aria-invalid'), 'true');
  assert.equal(param(page, 'seed'), '5', 'the run keeps the last good seed');
  // Another field's change: the widths follow the layer count, the seed's text and note stay.
  await page.fill('#lab-layers', '3');
  await page.press('#lab-layers', 'Tab');
  await page.waitForFunction(() => new URL(location.href).searchParams.get('hidden') === '16,16,16');
  assert.equal(await page.inputValue('#lab-width'), '16', 'one width for every layer');
  assert.equal(await page.inputValue('#lab-seed'), '12x', 'the reader\'s text stays theirs');
  assert.match(await note(), /^Seed: /);
  await page.fill('#lab-seed', '12');
  await page.press('#lab-seed', 'Tab');
  await page.waitForFunction(() => new URL(location.href).searchParams.get('seed') === '12');
  assert.equal(await note(), '');
  assert.equal(await page.getAttribute('#lab-seed', 'aria-invalid'), 'false');
  // The learning rate's number follows the slider.
  await page.focus('#lab-lr');
  await page.keyboard.press('ArrowLeft');
  await page.waitForFunction(() => new URL(location.href).searchParams.get('lr') === '0.079');
  assert.equal(await page.textContent('output[for="lab-lr"]'), '0.079');
  assert.equal(await page.getAttribute('#lab-lr', 'aria-valuetext'), 'learning rate 0.079');
  assert.deepEqual(problems, []);
  await close();
});

test('compact, another function draws the form anew with the folded settings still open and its parameter in the toolbar', LAB_TEST, async () => {
  const { page, problems, close } = await openPage(session, '?view=lab&embed=1&seed=3', { viewport: { width: 700, height: 620 }, waitForPlot: false });
  await page.waitForSelector('#lab-play');
  await page.click('.lab-settings > summary');
  await page.selectOption('#lab-fn-0', 'elu');
  await page.waitForFunction(() => new URL(location.href).searchParams.get('fn') === 'elu');
  assert.equal(await page.locator('.lab-settings').getAttribute('open'), '', 'still open');
  assert.equal(await page.inputValue('.lab-toolbar #lab-s0-alpha'), '1', 'ELU\'s α, at the catalog\'s default');
  assert.equal(await page.getAttribute('.lab-toolbar #lab-s0-alpha-slider', 'max'), '5', 'ELU\'s range, not Leaky ReLU\'s');
  // The preset folds them and plays.
  await page.click('#lab-preset');
  await page.waitForFunction(() => document.querySelector('#lab-play').textContent === 'Pause');
  assert.equal(await page.locator('.lab-settings').getAttribute('open'), null);
  assert.equal(await page.inputValue('#lab-fn-0'), 'leaky_relu');
  await page.click('#lab-play');
  assert.deepEqual(problems, []);
  await close();
});
