// The view in the URL: what a link reproduces, and what a careless or hostile link is told.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { wasmBytes, webModule } from '../support/paths.mjs';

const { loadEngine } = await import(webModule('activation-engine.js'));
const { readUrlState, writeUrlState, defaultView } = await import(webModule('url-state.js'));
const engine = await loadEngine(wasmBytes());
const { catalog } = engine;
const read = (search) => readUrlState(search, catalog, engine.parameterProblem);

test('an empty query is the default view', () => {
  assert.deepEqual(read(''), { view: defaultView(catalog), problems: [] });
});

test('a written view reads back the same', () => {
  const view = defaultView(catalog);
  view.series[0].params.alpha = 0.1353352832366127;
  view.series.push({ functionId: 'hardtanh', params: { min_val: -2, max_val: 0.5 }, show: { f: false, df: true, d2f: true } });
  Object.assign(view, { from: -3.5, to: 7, n: 1001, atKink: 'jax', depth: { on: true, layers: 20 } });
  const query = writeUrlState(view);
  assert.equal(query, 'fn=leaky_relu&alpha=0.1353352832366127&fn2=relu&fn3=hardtanh&min_val3=-2&max_val3=0.5&show3=df%2Cd2f&from=-3.5&to=7&n=1001&at_kink=jax&depth=20');
  assert.deepEqual(read(`?${query}`), { view, problems: [] });
});

test('a short link sets just what it names', () => {
  const { view, problems } = read('?fn=elu&alpha=0.5&from=-5&to=5');
  assert.deepEqual(problems, []);
  assert.equal(view.series.length, 1);
  assert.deepEqual(view.series[0], { functionId: 'elu', params: { alpha: 0.5 }, show: { f: true, df: true, d2f: false } });
  assert.deepEqual([view.from, view.to, view.n], [-5, 5, 201]);
});

test('every bad value is named, falls back to its default, and nothing else is lost', () => {
  const cases = [
    ['?fn=leaky_relu&alpha=NaN', 'alpha: "NaN" is not a number.'],
    ['?fn=leaky_relu&alpha=Infinity', 'alpha: "Infinity" is not a number.'],
    ['?fn=leaky_relu&alpha=1e400', 'alpha: 1e400 is too large to represent.'],
    ['?fn=leaky_relu&alpha=', 'alpha is empty: type a number.'],
    ['?fn=leaky_relu&alpha=2', 'alpha: α must be between 0 and 1, got 2.'],
    ['?fn=leaky_relu&alpha=0,5', 'alpha: "0,5" uses a decimal comma; write 0.5.'],
    ['?fn=leaky_relu&alpha=%CE%B1', 'alpha: "α" is not a number.'],
    ['?fn=leaky_relu&alpha="><img src=x onerror=alert(1)>', 'alpha: ""><img src=x onerror=alert(1)>" is not a number.'],
    ['?fn=javascript:alert(1)', 'fn: "javascript:alert(1)" is not a function here; see the menu for the 22 there are.'],
    ['?fn=leaky_relu&alpha=0.2&alpha=0.3', '"alpha" is given more than once; the first value is used.'],
    ['?fn=relu&alpha=0.2', '"alpha": ReLU has no parameter "alpha"; it is ignored.'],
    ['?colour=red', '"colour" is not a setting here and is ignored.'],
    ['?from=5&to=1', 'from=5 and to=1: the x-range needs from < to; the default range is used.'],
    ['?n=1', 'n: the number of samples must be a whole number from 2 to 1000000, got 1.'],
    ['?n=1e9', 'n: the number of samples must be a whole number from 2 to 1000000, got 1e9.'],
    ['?n=2.5', 'n: the number of samples must be a whole number from 2 to 1000000, got 2.5.'],
    ['?at_kink=mxnet', 'at_kink: "mxnet" should be one of pytorch, jax, tensorflow, pytorch_2_6.'],
    ['?depth=-1', 'depth: the number of layers must be a whole number from 0 (off) to 50, got "-1".'],
    ['?fn=relu&show=g', 'show: "g" should list some of f, df, d2f, separated by commas.'],
  ];
  for (const [search, message] of cases) {
    const { view, problems } = read(search);
    assert.ok(problems.includes(message), `${search}: ${JSON.stringify(problems)}`);
    assert.ok(view.series.length >= 1 && view.from < view.to, search);
  }
  const { view } = read('?fn=leaky_relu&alpha=2&from=-4');
  assert.equal(view.series[0].params.alpha, 0.01, 'the bad alpha falls back');
  assert.equal(view.from, -4, 'the good from is kept');
});

test('theme, embed and controls read and write; bad ones are named', () => {
  const { view, problems } = read('?fn=leaky_relu&theme=dark&embed=1&controls=alpha,range');
  assert.deepEqual(problems, []);
  assert.deepEqual([view.theme, view.embed, view.controls], ['dark', true, ['alpha', 'range']]);
  assert.equal(writeUrlState(view), 'fn=leaky_relu&alpha=0.01&from=-10&to=10&n=201&at_kink=pytorch&theme=dark&embed=1&controls=alpha%2Crange');
  const bad = read('?theme=purple&embed=yes&controls=alpha,sliders');
  assert.deepEqual(bad.problems, [
    'theme: "purple" should be one of auto, light, dark.',
    'embed: "yes" should be 1 (plot and chosen controls only) or 0.',
    'controls: "sliders" is not a control here; use parameter names (such as alpha) or function, params, curves, compare, convention, dtype, range, depth, theme, tools, properties.',
  ]);
  assert.deepEqual([bad.view.theme, bad.view.embed, bad.view.controls], ['auto', false, ['alpha']]);
});

test('a series suffix is split off by a scan from the end', async () => {
  const { splitSeriesSuffix } = await import(webModule('url-state.js'));
  assert.deepEqual(splitSeriesSuffix('alpha12'), { name: 'alpha', digits: '12' });
  assert.deepEqual(splitSeriesSuffix('alpha'), { name: 'alpha', digits: '' });
  assert.deepEqual(splitSeriesSuffix('123'), { name: '', digits: '123' });
  assert.deepEqual(splitSeriesSuffix(''), { name: '', digits: '' });
});

// A regression to a backtracking pattern would take hours here and fail by the timeout, not by a
// stopwatch; scripts/bench times the same reads (bench/results.md, "Hostile input").
test('a 1 MB query of crafted keys and values is read and its problems stay short', { timeout: 20_000 }, () => {
  const megabyte = 1 << 20;
  const cases = [
    `?${'1'.repeat(megabyte)}a=1`, // a key that made the old suffix pattern quadratic
    `?fn=leaky_relu&alpha=${'1'.repeat(megabyte)}x`, // a value that made the number pattern quadratic
    `?${Array.from({ length: megabyte / 8 }, (_, i) => `k${i}=1`).join('&')}`, // 131,072 unknown keys
  ];
  for (const search of cases) {
    const { view, problems } = read(search);
    assert.equal(view.series[0].functionId, 'leaky_relu');
    assert.ok(problems.length >= 1 && problems.length <= 12, `${problems.length} problems listed`);
    for (const p of problems) assert.ok(p.length < 400, `a problem of ${p.length} characters`);
  }
  const many = read(cases[2]).problems;
  assert.equal(many.at(-1), '…and 131,061 more problems; their settings are ignored.');
  assert.match(read(cases[1]).problems[0], /^alpha: "1{40}… \(1,048,577 characters\)" is not a number\.$/);
});

test('dtype reads and writes (float64, the default, is left out); a bad one is named', () => {
  const { view, problems } = read('?fn=tanh&dtype=bfloat16');
  assert.deepEqual(problems, []);
  assert.equal(view.dtype, 'bfloat16');
  assert.equal(writeUrlState(view), 'fn=tanh&from=-10&to=10&n=201&at_kink=pytorch&dtype=bfloat16');
  assert.equal(read(`?${writeUrlState({ ...view, dtype: 'float64' })}`).view.dtype, 'float64');
  const bad = read('?dtype=float8');
  assert.deepEqual(bad.problems, ['dtype: "float8" should be one of float64, float32, bfloat16, float16.']);
  assert.equal(bad.view.dtype, 'float64');
});

test('a view the page does not have is named and the explorer shown; the fn it quotes is isolated from the line', () => {
  assert.deepEqual(read('?view=nonsense&fn=relu').problems, ['view: "nonsense" is not a view here: lab (the dead-neuron lab), or none for the explorer, which is shown.']);
  assert.deepEqual(read('?view=lab&fn=relu').problems, [], 'the lab is the router\'s: the explorer does not name it');
  assert.deepEqual(read('?fn=ab%E2%80%AEcd').problems, [`fn: "\u2068ab\u202Ecd\u2069" is not a function here; see the menu for the ${catalog.functions.length} there are.`]);
});

test('a link with a parameter but no fn sets it on the default functions (?alpha=0.3 is Leaky ReLU\'s α)', () => {
  const { view, problems } = read('?alpha=0.3');
  assert.deepEqual(problems, []);
  assert.deepEqual(view.series.map((s) => s.functionId), defaultView(catalog).series.map((s) => s.functionId));
  assert.equal(view.series[0].params.alpha, 0.3);
  const bad = read('?alpha=5');
  assert.equal(bad.problems.length, 1);
  assert.match(bad.problems[0], /^alpha: /);
  assert.equal(bad.view.series[0].params.alpha, defaultView(catalog).series[0].params.alpha, 'a bad value keeps the default');
});
