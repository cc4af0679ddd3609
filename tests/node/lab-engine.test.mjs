// The lab in the wasm module, as the page's worker runs it: one seed gives the same run in wasm
// as natively (actviz train), bit for bit; bad settings are named; a diverging run says so.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

import { actviz, labWasmBytes, webModule } from '../support/paths.mjs';

const { loadLabEngine } = await import(webModule('lab/lab-engine.js'));

function nativeExport(args) {
  const dir = mkdtempSync(join(tmpdir(), 'lab-'));
  try {
    const file = join(dir, 'run.json');
    const result = spawnSync(actviz, ['train', ...args, '--export', file], { encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
    return JSON.parse(readFileSync(file, 'utf8'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// The same runs in both: SGD and Adam, the lab's own subject (ReLU against Leaky ReLU) and smooth
// functions whose kernels call exp and tanh (the same float32 kernel in both builds).
const RUNS = [
  { name: 'spiral, SGD, Leaky ReLU against ReLU', settings: { dataset: 'spiral', hidden: [16, 16], optimizer: 'sgd', lr: 0.1, batch: 32, seed: 7, init: 'he',
    sides: [{ functionId: 'leaky_relu', params: { alpha: 0.01 } }, { functionId: 'relu' }] }, steps: 200 },
  { name: 'circles, Adam, negative bias', settings: { dataset: 'circles', hidden: [32, 32, 32], optimizer: 'adam', lr: 0.01, batch: 16, seed: 3, init: 'negative_bias',
    sides: [{ functionId: 'leaky_relu', params: { alpha: 0.1 } }, { functionId: 'relu' }] }, steps: 150 },
  { name: 'sine regression, Adam, Tanh against ELU', settings: { dataset: 'sine', hidden: [16], optimizer: 'adam', lr: 0.01, batch: 32, seed: 5, init: 'glorot',
    sides: [{ functionId: 'tanh' }, { functionId: 'elu', params: { alpha: 1 } }] }, steps: 150 },
];

const cliArgs = ({ settings: s, steps }) => ['--dataset', s.dataset, '--hidden', s.hidden.join(','), '--optimizer', s.optimizer, '--lr', String(s.lr),
  '--batch', String(s.batch), '--seed', String(s.seed), '--init', s.init, '--steps', String(steps),
  '--fn', s.sides[0].functionId, ...Object.entries(s.sides[0].params ?? {}).flatMap(([k, v]) => ['--param', `${k}=${v}`]),
  '--versus', s.sides[1].functionId, ...Object.entries(s.sides[1].params ?? {}).flatMap(([k, v]) => ['--versus-param', `${k}=${v}`])];

for (const run of RUNS) {
  test(`wasm and native give the same run bit for bit: ${run.name}`, async () => {
    const lab = await loadLabEngine(labWasmBytes());
    const started = lab.start(run.settings);
    assert.ok(started.ok, started.message);
    let done = 0;
    while (done < run.steps) {
      const result = lab.step(Math.min(64, run.steps - done));
      assert.ok(result.ok, result.message);
      done += result.done;
    }
    const wasm = JSON.parse(lab.exportJson().json);
    const native = nativeExport(cliArgs(run));
    assert.deepEqual(wasm.data, native.data, 'the same data');
    assert.deepEqual(wasm.layers, native.layers, 'the same initial weights');
    assert.deepEqual([wasm.steps, wasm.batch, wasm.shuffle], [native.steps, native.batch, native.shuffle], 'the same batch order');
    const streamed = lab.batches(0, run.steps + 5);
    assert.ok(streamed.ok, streamed.message);
    assert.equal(streamed.batches.length, run.steps, 'a batch per step taken');
    const samples = wasm.data.x.length;
    const epoch = streamed.batches.slice(0, Math.ceil(samples / run.settings.batch)).flatMap((batch) => [...batch]);
    assert.deepEqual([epoch.length, new Set(epoch).size], [samples, samples], 'an epoch visits every sample once');
    wasm.sides.forEach((side, s) => {
      assert.deepEqual(side.loss, native.sides[s].loss, `side ${s}: every loss`);
      assert.deepEqual(side.dead, native.sides[s].dead, `side ${s}: every dead count`);
      assert.deepEqual(side.final, native.sides[s].final, `side ${s}: the final weights`);
    });
    // The history the page draws is the export's.
    const history = lab.history(0, 0, run.settings.hidden.length);
    assert.deepEqual(Array.from(history.loss), wasm.sides[0].loss.map(Math.fround), 'the export writes each float32 as its shortest text');
    assert.deepEqual(history.dead.map((layer) => Array.from(layer)), run.settings.hidden.map((_, l) => wasm.sides[0].dead.map((d) => d[l])));
  });
}

test('the page sees dead units, activity, gradient norms and predictions', async () => {
  const lab = await loadLabEngine(labWasmBytes());
  assert.ok(lab.start(RUNS[1].settings).ok);
  assert.ok(lab.step(150).ok);
  const relu = lab.units(1, [32, 32, 32]);
  const leaky = lab.units(0, [32, 32, 32]);
  const zeros = (a) => a.filter((share) => share === 0).length;
  const history = lab.history(1, 149, 3);
  assert.deepEqual(relu.activity.map(zeros), history.dead.map((d) => d[0]), 'a dead unit is active for no input');
  assert.equal(leaky.activity.flatMap((a) => Array.from(a)).every((share) => share === 1), true, 'Leaky ReLU: f′ ≠ 0 for every input');
  assert.equal(relu.gradientNorms.length, 4);
  const grid = Float64Array.from([0, 0, 0.9, 0.1, -0.2, 0.1]);
  const predicted = lab.predict(0, grid, 3, 2);
  assert.ok(predicted.ok, predicted.message);
  for (let i = 0; i < 3; i += 1) assert.ok(Math.abs(predicted.values[2 * i] + predicted.values[2 * i + 1] - 1) < 1e-6, 'probabilities sum to 1');
  const data = lab.data(300, 2);
  assert.equal(data.x.length, 600);
  assert.deepEqual([...new Set(data.y)].sort(), [0, 1]);
});

test('bad settings are named and a diverging run stops with what to change', async () => {
  const lab = await loadLabEngine(labWasmBytes());
  const sides = [{ functionId: 'leaky_relu' }, { functionId: 'relu' }];
  assert.equal(lab.start({ dataset: 'moons', sides }).message, 'Unknown dataset "moons".');
  assert.equal(lab.start({ dataset: 'spiral', hidden: [16, 100], sides }).message, 'Each hidden layer has 2 to 64 units, got 100.');
  assert.equal(lab.start({ dataset: 'spiral', lr: -1, sides }).message, 'The learning rate must be above 0 and at most 10, got -1.');
  assert.match(lab.start({ dataset: 'spiral', sides: [{ functionId: 'leaky_relu', params: { alpha: 3 } }, { functionId: 'relu' }] }).message, /between 0 and 1/);
  assert.equal(lab.step(1).message, 'No lab run has been started.');
  assert.ok(lab.start({ dataset: 'sine', hidden: [64, 64, 64], init: 'glorot', lr: 3, samples: 120, batch: 16, sides: [{ functionId: 'relu' }, { functionId: 'relu' }] }).ok);
  const result = lab.step(500);
  assert.equal(result.diverged, true);
  assert.ok(result.done < 500);
  assert.match(result.message, /^diverged at step \d+ .*: lower the learning rate$/);
});

test('an unset batch is the module\'s default (tables.limits.defaultBatch) capped at the samples: 20 samples train', async () => {
  const lab = await loadLabEngine(labWasmBytes());
  const sides = [{ functionId: 'leaky_relu' }, { functionId: 'relu' }];
  const started = lab.start({ dataset: 'spiral', samples: 20, sides });
  assert.ok(started.ok, started.message);
  assert.ok(lab.step(3).ok);
  assert.equal(JSON.parse(lab.exportJson().json).batch, 20);
  assert.ok(lab.start({ dataset: 'spiral', samples: 300, sides }).ok);
  assert.equal(JSON.parse(lab.exportJson().json).batch, lab.tables.limits.defaultBatch);
  assert.match(lab.start({ dataset: 'spiral', samples: 20, batch: 32, sides }).message, /The batch size must be/, 'a batch given is still checked');
});

test('a piece of work takes at most tables.limits.maxRows rows: that many train, one more is refused', async () => {
  const lab = await loadLabEngine(labWasmBytes());
  const { maxRows } = lab.tables.limits;
  assert.ok(Number.isInteger(maxRows) && maxRows > 0, `maxRows: ${maxRows}`);
  assert.ok(lab.start({ dataset: 'spiral', samples: 20, hidden: [2], sides: [{ functionId: 'leaky_relu' }, { functionId: 'relu' }] }).ok);
  assert.ok(lab.advance(maxRows, 1).ok, 'maxRows rows are taken');
  const refused = lab.advance(maxRows + 1, 1);
  assert.equal(refused.ok, false, 'one more row is refused');
  assert.equal(refused.done, 0);
});

// A run that starts quickly, and its losses, to compare with after a trap.
const SHORT = { dataset: 'circles', samples: 60, hidden: [4], batch: 16, seed: 5, sides: [{ functionId: 'leaky_relu' }, { functionId: 'relu' }] };
function shortLosses(lab) {
  const started = lab.start(SHORT);
  if (!started.ok) return started.message;
  if (!lab.step(5).ok) return 'no steps';
  return Array.from(lab.history(0, 0, 1).loss);
}

test('a trap never poisons later calls: the engine takes a fresh instance and says the run is lost', async () => {
  const lab = await loadLabEngine(labWasmBytes());
  const expected = shortLosses(lab);
  let traps = 0;
  // Each trapped call used to leave the wasm stack pointer where it was (320 B a trapped start).
  for (let i = 0; i < 300; i += 1) {
    const wasm = lab.exports;  // the instance now: a trap replaces it
    try {
      wasm.ae_lab_history(0, 0, wasm.memory.buffer.byteLength + 64, 1000, wasm.malloc(4));
    } catch (error) {
      assert.ok(error.cause instanceof WebAssembly.RuntimeError, String(error.cause));
      assert.match(error.message, /^The lab module stopped: .*; start again\.$/);
      traps += 1;
    }
    assert.equal(lab.step(1).message, 'No lab run has been started.', 'the run is lost with the instance');
    assert.ok(lab.start(SHORT).ok);
    assert.ok(lab.step(2).ok);
  }
  assert.equal(traps, 300);
  assert.deepEqual(shortLosses(lab), expected);
  assert.equal(JSON.parse(lab.exportJson().json).format, 'activation-explorer-lab/2');
});

test('a failed allocation is an error value and leaves no buffer recorded: the next call works', async () => {
  const lab = await loadLabEngine(labWasmBytes());
  const expected = shortLosses(lab);
  // About 2 GB of output: malloc cannot grow the memory that far and returns 0.
  const huge = lab.predict(0, new Float64Array(2), 1, 2 ** 28 - 1024);
  assert.equal(huge.ok, false);
  assert.match(huge.message, /could not allocate/);
  assert.deepEqual(shortLosses(lab), expected);
  const predicted = lab.predict(0, Float64Array.from([0.5, -0.5]), 1, 2);
  assert.ok(predicted.ok, predicted.message);
});

test('ae_lab_data has room for y as for x: a y buffer a sample short is refused and left untouched', async () => {
  const lab = await loadLabEngine(labWasmBytes());
  assert.ok(lab.start(SHORT).ok);
  const wasm = lab.exports;
  const x = wasm.malloc(120 * 8);
  const y = wasm.malloc(60 * 8);
  const count = wasm.malloc(4);
  new Float64Array(wasm.memory.buffer, y, 60).fill(-7);
  assert.notEqual(wasm.ae_lab_data(x, 120, y, 59, count), 0);
  const message = new TextDecoder().decode(new Uint8Array(wasm.memory.buffer, wasm.ae_last_error(), 40)).split('\0')[0];
  assert.equal(message, 'Room for 59 labels but 60 are needed.');
  assert.ok(new Float64Array(wasm.memory.buffer, y, 60).every((v) => v === -7));
  assert.equal(wasm.ae_lab_data(x, 120, y, 60, count), 0);
  assert.equal(lab.data(60, 2).y.length, 60);
});

test('each preset of the tables runs in wasm as natively and tells its story; the summary says what it means', async () => {
  const lab = await loadLabEngine(labWasmBytes());
  const sum = (layers, k) => layers.reduce((total, layer) => total + layer[k], 0);
  for (const preset of lab.tables.presets) {
    const { settings } = preset;
    const run = { settings, steps: settings.steps };
    assert.ok(lab.start(settings).ok, preset.id);
    assert.ok(lab.step(settings.steps).ok, preset.id);
    const wasm = JSON.parse(lab.exportJson().json);
    const native = nativeExport(cliArgs(run));
    wasm.sides.forEach((side, s) => {
      assert.deepEqual(side.loss, native.sides[s].loss, `${preset.id}, side ${s}: every loss`);
      assert.deepEqual(side.dead, native.sides[s].dead, `${preset.id}, side ${s}: every dead count`);
    });
    const units = settings.hidden.reduce((a, b) => a + b, 0);
    const relu = lab.history(1, 0, settings.hidden.length);
    const first = sum(relu.dead, 0);
    const last = sum(relu.dead, settings.steps - 1);
    const leakyDead = sum(lab.history(0, 0, settings.hidden.length).dead, settings.steps - 1);
    assert.equal(leakyDead, 0, `${preset.id}: Leaky ReLU keeps every unit`);
    if (preset.id === 'dying_relu') {
      assert.ok(first <= units / 10, `dying_relu: ${first} of ${units} dead after step 1`);
      assert.ok(last - first > units / 4, `dying_relu: ${first} → ${last} dead`);
    } else if (preset.id === 'born_dead') {
      assert.ok(first > units / 2, `born_dead: ${first} of ${units} dead after step 1`);
    }
    const summary = lab.summary();
    assert.ok(summary.ok, summary.message);
    const steps = settings.steps.toLocaleString('en');
    assert.match(summary.text, new RegExp(`^After ${steps} steps: ReLU has ${last} of ${units} units dead \\(${Math.round((100 * last) / units)}\u00a0%\\), Leaky ReLU \\(α = ${settings.sides[0].params.alpha}\\) none; last-batch loss `));
    assert.match(summary.text, /A dead unit gets no gradient; only a shift in the layers below \(or Adam's momentum\) revives it\.$/);
  }
});

// Formula sides (issue 19): the page's module trains them as actviz train --expr does, and its
// export is the command line's, byte for byte (one writer: cpp/lab/export.cpp), program included.
test('formula sides train in wasm as natively, bit for bit, and export the same JSON as actviz train --expr', async () => {
  const sides = [{ functionId: 'expr', expr: 'x * sigmoid(b*x)', params: { b: 1.702 } }, { functionId: 'expr2', expr: 'max(0.01*x, x)', params: {} }];
  const settings = { dataset: 'spiral', hidden: [8, 8], optimizer: 'adam', lr: 0.02, batch: 16, seed: 7, init: 'he', samples: 60, sides };
  const lab = await loadLabEngine(labWasmBytes());
  assert.ok(lab.start(settings).ok);
  assert.equal(lab.step(80).done, 80);
  const native = nativeExport(['--dataset', 'spiral', '--hidden', '8,8', '--optimizer', 'adam', '--lr', '0.02', '--batch', '16', '--seed', '7',
    '--init', 'he', '--samples', '60', '--steps', '80', '--expr', sides[0].expr, '--param', 'b=1.702', '--versus-expr', sides[1].expr]);
  const wasm = JSON.parse(lab.exportJson().json);
  assert.deepEqual(wasm, native);
  assert.deepEqual(wasm.sides.map((s) => [s.fn, s.expr, s.params]), [['expr', 'x * sigmoid(b*x)', { b: 1.702 }], ['expr', 'max(0.01*x, x)', {}]]);
  // A bad formula is named with its side's id and column; nothing starts.
  const bad = lab.start({ ...settings, sides: [sides[0], { functionId: 'expr2', expr: 'max(0.01*x x)', params: {} }] });
  assert.equal(bad.ok, false);
  assert.match(bad.message, /^expr2: column \d+: /);
});
