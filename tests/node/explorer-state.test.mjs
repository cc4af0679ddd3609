// The explorer's state (web/explorer/state.js), without a browser: a draft becomes the view to
// draw, a corrected view whose problem names the keys replaced, or a refusal. The engine's
// verdict on a range is the real one (the wasm module, through sampling.js rangeChecker).
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { wasmBytes, webModule } from '../support/paths.mjs';

const { loadEngine } = await import(webModule('activation-engine.js'));
const { defaultView } = await import(webModule('url-state.js'));
const { gridOf, snapshotOf, viewToDraw } = await import(webModule('explorer/state.js'));
const { rangeChecker } = await import(webModule('explorer/sampling.js'));
const engine = await loadEngine(wasmBytes());
const fallback = defaultView(engine.catalog);
const draftWith = (range) => ({ ...defaultView(engine.catalog), ...range });
const settle = (draft, context = {}) => viewToDraw(draft, { checkRange: rangeChecker(engine), fallback, ...context });

test('a draft whose range the engine takes passes unchanged, with no problems', () => {
  const draft = draftWith({ from: -3, to: 7, n: 501, atKink: 'jax', dtype: 'bfloat16' });
  const before = structuredClone(draft);
  const result = settle(draft, { lastGood: { from: -10, to: 10, n: 201 } });
  assert.deepEqual(result, { ok: true, view: { from: -3, to: 7, n: 501, atKink: 'jax', dtype: 'bfloat16' }, correction: null, problems: [] });
  assert.deepEqual(draft, before, 'the draft itself is not changed');
});

test('a range too wide to sample (from=-1e308, to=1e308) becomes the default range, and the problem lists from and to as replaced', () => {
  const result = settle(draftWith({ from: -1e308, to: 1e308 }));
  assert.equal(result.ok, true);
  assert.deepEqual(result.correction, { from: -10, to: 10, n: 201 });
  assert.deepEqual([result.view.from, result.view.to, result.view.n], [-10, 10, 201]);
  assert.deepEqual(result.problems.map((p) => p.keys), [['from', 'to']], 'n was not replaced, so it is not named');
  assert.equal(result.problems[0].message,
    'The x-range is too wide: to − from overflows. The range from -10 to 10 with 201 samples is shown instead.');
});

test('from ≥ to from the URL layer or back/forward becomes the last good range, naming the keys it replaced', () => {
  for (const [from, to] of [[5, 5], [5, -5]]) {
    const result = settle(draftWith({ from, to, n: 201 }), { lastGood: { from: -4, to: 4, n: 201 } });
    assert.equal(result.ok, true, `${from}, ${to}`);
    assert.deepEqual(result.correction, { from: -4, to: 4, n: 201 });
    assert.deepEqual(result.problems[0].keys, ['from', 'to']);
    assert.match(result.problems[0].message, new RegExp(`^The x-range needs from < to.* The range from -4 to 4 with 201 samples is shown instead\\.$`));
  }
});

test('a range too narrow for n distinct samples names n too when the range shown has another n', () => {
  const result = settle(draftWith({ from: 1, to: 1.0000000000000002, n: 5 }));
  assert.deepEqual(result.problems[0].keys, ['from', 'to', 'n']);
  assert.match(result.problems[0].message, /^The x-range from 1 to 1\.0000000000000002 is too narrow for 5 distinct samples\./);
});

test('a last good range the engine refuses in the draft\'s dtype gives way to the default one', () => {
  const result = settle(draftWith({ from: -1e308, to: 1e308 }), { lastGood: { from: 0, to: 1e-310, n: 1000 } });
  assert.deepEqual(result.correction, { from: -10, to: 10, n: 201 });
});

test('a refused range being typed is not corrected: the engine\'s message stands and the draft waits for a fix', () => {
  const draft = draftWith({ from: 10, to: 10 });
  const result = settle(draft, { typed: true, lastGood: { from: -10, to: 10, n: 201 } });
  assert.deepEqual(result, { ok: false, message: 'The x-range needs from < to, got from 10 to 10.' });
  assert.equal(draft.from, 10, 'what was typed stays in the draft');
});

test('fields that do not parse refuse the draft with their messages, before the range is asked about', () => {
  let asked = 0;
  const checkRange = (grid) => { asked += 1; return rangeChecker(engine)(grid); };
  const result = viewToDraw(draftWith({ from: -1e308, to: 1e308 }), { checkRange, fallback, fieldErrors: ['α =: "abc" is not a number.', 'x to is empty: type a number.'] });
  assert.deepEqual(result, { ok: false, message: 'α =: "abc" is not a number. x to is empty: type a number.' });
  assert.equal(asked, 0);
});

test('the grid is the draft\'s range, convention and dtype; a snapshot does not follow later edits', () => {
  const draft = draftWith({ from: -2, to: 2 });
  assert.deepEqual(gridOf(draft), { from: -2, to: 2, n: 201, atKink: draft.atKink, dtype: draft.dtype });
  const snapshot = snapshotOf(draft);
  draft.series[0].params.alpha = 0.3;
  draft.series[0].show.d2f = true;
  draft.from = -1;
  assert.equal(snapshot.series[0].params.alpha, 0.01);
  assert.equal(snapshot.series[0].show.d2f, false);
  assert.equal(snapshot.from, -2);
});

test('each module that moved to web/explorer/ still loads from its old path, with the same exports', async () => {
  for (const name of ['explorer', 'explorer-dom', 'chart-tools', 'precision', 'properties', 'samples-table', 'series-editor']) {
    const old = await import(webModule(`${name}.js`));
    const moved = await import(webModule(`explorer/${name}.js`));
    assert.ok(Object.keys(moved).length > 0, name);
    assert.deepEqual(Object.keys(old).sort(), Object.keys(moved).sort(), name);
    for (const key of Object.keys(moved)) assert.equal(old[key], moved[key], `${name}.js ${key}`);
  }
  const { startExplorer, whoReturnsWhat } = await import(webModule('explorer.js'));
  assert.equal(typeof startExplorer, 'function');
  assert.equal(typeof whoReturnsWhat, 'function');
});
