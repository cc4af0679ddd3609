// The lab's URL reader under careless links: defaults that always run, settings checked
// together where they are read, repeated keys and odd views named, as the explorer names them.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { labWasmBytes, wasmBytes, webModule } from '../support/paths.mjs';

const { loadEngine } = await import(webModule('activation-engine.js'));
const { loadLabEngine } = await import(webModule('lab/lab-engine.js'));
const { defaultLabSettings, readLabState, writeLabState } = await import(webModule('lab/lab-url.js'));

const engine = await loadEngine(wasmBytes());
const lab = await loadLabEngine(labWasmBytes());
const context = { tables: lab.tables, catalog: engine.catalog, checkParams: engine.parameterProblem };
const read = (search) => readLabState(search, context);

/** Whether the engine starts a run from these settings (its message if not). */
function engineVerdict(settings) {
  const started = lab.start(structuredClone(settings));
  return started.ok ? 'ok' : started.message;
}

test('every sample count the URL allows runs with the default batch: 20 to 31 samples included', () => {
  const { minSamples } = lab.tables.limits;
  for (const samples of [minSamples, minSamples + 1, 31, defaultLabSettings(lab.tables).batch - 1]) {
    const { settings, problems } = read(`?view=lab&samples=${samples}`);
    assert.deepEqual(problems, [], `samples=${samples}`);
    assert.equal(engineVerdict(settings), 'ok', `samples=${samples}: batch ${settings.batch}`);
    assert.ok(settings.batch <= samples);
  }
  assert.equal(read('?view=lab&samples=300').settings.batch, defaultLabSettings(lab.tables).batch, 'enough samples: the default batch itself');
  assert.match(read('?view=lab&samples=20&batch=32').problems[0], /^batch: a whole number from 1 to 20, got 32\.$/, 'a batch the link sets is still checked');
});

test('a loss that does not suit the dataset is named where it is read, its default used and dropped from the link', () => {
  const { settings, problems } = read('?view=lab&dataset=sine&loss=cross_entropy');
  assert.deepEqual(problems, ['loss: "cross_entropy" does not suit dataset sine, which trains with mse; its default (mse) is used.']);
  assert.equal(settings.dataset, 'sine', 'the dataset stays');
  assert.equal(settings.loss, null, 'the loss is the dataset\'s default');
  assert.equal(engineVerdict(settings), 'ok');
  assert.doesNotMatch(writeLabState(settings), /loss=/);
  // Each dataset's losses come from the engine's tables, its default first.
  for (const dataset of lab.tables.datasets) {
    for (const loss of lab.tables.losses) {
      const checked = read(`?view=lab&dataset=${dataset.id}&loss=${loss}&hidden=4`);
      const runs = engineVerdict({ ...checked.settings, loss });
      assert.equal(checked.problems.length === 0, runs === 'ok', `${dataset.id} with ${loss}: the reader and the engine agree (${runs})`);
    }
  }
  assert.deepEqual(read('?view=lab&dataset=circles&loss=mse').problems, []);
});

test('a lab key given twice is named as the explorer names it; the first value is used', () => {
  const { settings, problems } = read('?view=lab&hidden=16,16&hidden=64&seed=3&seed=4&seed=5');
  assert.deepEqual(problems, ['"hidden" is given more than once; the first value is used.', '"seed" is given more than once; the first value is used.']);
  assert.deepEqual(settings.hidden, [16, 16]);
  assert.equal(settings.seed, 3);
});

test('a view in another case is read as the lab, and said so', () => {
  assert.deepEqual(read('?view=LAB').problems, ['view: "LAB" is read as lab.']);
  assert.deepEqual(read('?view=lab').problems, []);
});

test('a learning rate above 0 but lost to float32 rounding (1e-300) is named where it is read, and the engine refuses it too', () => {
  const { settings, problems } = read('?view=lab&lr=1e-300');
  assert.equal(problems.length, 1);
  assert.match(problems[0], /^lr: at least /);
  assert.equal(settings.lr, defaultLabSettings(lab.tables).lr);
  assert.match(engineVerdict({ ...settings, lr: 1e-300 }), /^The learning rate must be at least /);
  assert.equal(engineVerdict({ ...settings, lr: lab.tables.limits.minLr }), 'ok');
});

// Formula sides (issue 19): expr and expr2, their parameters by name (b; b2 on the comparison side).
const { formulaBook } = await import(webModule('lab/lab-formulas.js'));
const withFormulas = { ...context, formulas: formulaBook(lab) };
const readFormulas = (search) => readLabState(search, withFormulas);

test('expr and expr2 make both sides formulas, with their parameters by name, and the link written back reads the same', () => {
  const search = `?view=lab&expr=${encodeURIComponent('x * sigmoid(b*x)')}&b=1.702&expr2=${encodeURIComponent('max(0.01*x, x)')}&seed=3`;
  const { settings, problems } = readFormulas(search);
  assert.deepEqual(problems, []);
  assert.deepEqual(settings.sides, [
    { functionId: 'expr', expr: 'x * sigmoid(b*x)', params: { b: 1.702 } },
    { functionId: 'expr2', expr: 'max(0.01*x, x)', params: {} },
  ]);
  assert.equal(engineVerdict(settings), 'ok');
  const written = writeLabState(settings, lab.tables);
  assert.match(written, /&expr=x\+\*\+sigmoid%28b\*x%29&b=1\.702&expr2=max/);
  assert.doesNotMatch(written, /&fn=|&versus=/);
  assert.deepEqual(readFormulas(`?${written}`).settings, settings);
  // The comparison side's parameter carries a 2, as alpha2 does.
  assert.deepEqual(readFormulas(`?view=lab&expr2=${encodeURIComponent('x*sigmoid(b*x)')}&b2=2`).settings.sides[1].params, { b: 2 });
});

test('a bad expr is named with its column and the side stays as it was; so is a parameter out of its range', () => {
  const { settings, problems } = readFormulas('?view=lab&expr=x*sigmod(x)&fn=elu');
  assert.deepEqual(problems, ['expr: column 3: "sigmod" is not a function; did you mean sigmoid?']);
  assert.equal(settings.sides[0].functionId, 'elu', 'the side stays what the other keys say');
  const range = readFormulas(`?view=lab&expr=${encodeURIComponent('leaky_relu(x, a)')}&a=2`);
  assert.deepEqual(range.problems, ['a: column 15: leaky_relu\'s parameter alpha: α must be between 0 and 1, got 2.']);
  assert.deepEqual(range.settings.sides[0], { functionId: 'expr', expr: 'leaky_relu(x, a)', params: { a: 1 } });
  // The module reads C strings: a NUL would cut the formula short, so it is named instead.
  assert.deepEqual(readFormulas('?view=lab&expr=relu(x)%00*0').problems, ['expr: column 8: a NUL character cannot be part of a formula.']);
  // fn and expr both given: the formula is used, and said so.
  assert.deepEqual(readFormulas('?view=lab&fn=relu&expr=relu(x)').problems, ['fn and expr each choose the side under study: the formula is used.']);
  // Without the lab's module to read them (a page that gives no formula book), expr is named.
  assert.deepEqual(read('?view=lab&expr=relu(x)').problems, ['expr: formulas are not read here.']);
  // A parameter whose URL key the lab uses cannot be said by a link.
  assert.deepEqual(readFormulas('?view=lab&expr2=x*expr').problems,
    ['expr2: column 3: the parameter "expr" would be the URL key "expr2", which the lab already uses; give it another name.']);
});

test('a formula parameter name is refused in the lab exactly when the explorer refuses it (one rule, every view\'s keys)', async () => {
  const { formulaNameClash } = await import(webModule('views/formula-names.js'));
  const { explorerViewFor } = await import(webModule('explorer/explorer-view.js'));
  const { readViewQuery } = await import(webModule('views/url-layer.js'));
  const { views } = await import(webModule('views/registry.js'));
  const explorer = explorerViewFor({ engine, idPrefix: 'names_' });
  const explorerProblems = (text) => readViewQuery(`?expr=${encodeURIComponent(text)}`, explorer, views()).problems;
  // from and n are the explorer's keys, seed, lr, versus and expr2 the lab's: refused by both.
  for (const name of ['from', 'n', 'seed', 'lr', 'versus', 'expr2']) {
    const text = `x*${name}`;
    assert.ok(formulaNameClash(name), name);
    assert.match(readFormulas(`?view=lab&expr=${encodeURIComponent(text)}`).problems.join(), /column 3: .*cannot name a parameter|already uses/, `the lab refuses ${name}`);
    assert.match(explorerProblems(text).join(), /column 3: .*cannot name a parameter/, `the explorer refuses ${name}`);
  }
  assert.deepEqual(readFormulas(`?view=lab&expr=${encodeURIComponent('x*b')}`).problems, []);
  assert.deepEqual(explorerProblems('x*b'), []);
});

test('existing lab links read as before when a formula book is given', () => {
  for (const search of ['?view=lab&fn=elu&alpha=0.5&versus=relu', '?view=lab&preset=dying_relu&alpha=0.1', '?view=lab&fn=leaky_relu&alpha2=0.3&versus=leaky_relu']) {
    assert.deepEqual(readFormulas(search), read(search), search);
  }
});

test('a tab switch carries a formula side as { functionId, params, expr } both ways (the agreed shape)', async () => {
  const { labViewFor } = await import(webModule('lab/lab-as-view.js'));
  const view = labViewFor({ engine }, lab.tables, lab);
  const fromExplorer = view.fromShared({ functions: [{ functionId: 'relu', params: {} }, { functionId: 'expr', params: { b: 2 }, expr: 'x*sigmoid(b*x)' }], atKink: 'jax', theme: 'light' });
  assert.deepEqual(fromExplorer.sides, [{ functionId: 'relu', params: {} }, { functionId: 'expr2', expr: 'x*sigmoid(b*x)', params: { b: 2 } }]);
  assert.equal(engineVerdict(fromExplorer), 'ok');
  assert.deepEqual(view.shared(fromExplorer).functions, [{ functionId: 'relu', params: {} }, { functionId: 'expr2', params: { b: 2 }, expr: 'x*sigmoid(b*x)' }]);
  // A formula the lab's module refuses is not a side: the next function takes its place.
  const refused = view.fromShared({ functions: [{ functionId: 'expr', params: {}, expr: 'x*sigmod(x)' }, { functionId: 'elu', params: { alpha: 1 } }], atKink: 'pytorch', theme: 'light' });
  assert.deepEqual(refused.sides[0], { functionId: 'elu', params: { alpha: 1 } });
});
