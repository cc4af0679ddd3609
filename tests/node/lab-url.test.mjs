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
