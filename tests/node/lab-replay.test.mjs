// The export names its batch order by seed and rule (docs/lab.md, "The batch order"), not by
// indices. docs/lab_replay_pytorch.py regenerates the order from that rule in plain Python: the
// batches it makes are those the engine streams (ae_lab_batches), and PyTorch replaying a
// native export on them gets the exported losses.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

import { actviz, labWasmBytes, webModule } from '../support/paths.mjs';

const { loadLabEngine } = await import(webModule('lab/lab-engine.js'));
const docs = new URL('../../docs/', import.meta.url).pathname;

// 90 samples in batches of 32: epochs of 32, 32 and 26, so the order crosses an epoch's remainder.
const SETTINGS = { dataset: 'blobs', samples: 90, hidden: [6], optimizer: 'adam', lr: 0.02, batch: 32, seed: 11,
  sides: [{ functionId: 'leaky_relu', params: { alpha: 0.01 } }, { functionId: 'relu' }] };
const STEPS = 40;
const CLI = ['train', '--dataset', 'blobs', '--samples', '90', '--hidden', '6', '--optimizer', 'adam', '--lr', '0.02', '--batch', '32',
  '--seed', '11', '--steps', String(STEPS)];

const PYTHON = `
import json, sys
sys.path.insert(0, sys.argv[1])
from lab_replay_pytorch import batch_order, replay
run = json.load(open(sys.argv[2]))
print(json.dumps({'batches': list(batch_order(run)), 'losses': [replay(run, side)[0] for side in run['sides']]}))
`;

test('PyTorch regenerates the batch order from the documented rule and replays a native export to its losses', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lab-replay-'));
  try {
    const file = join(dir, 'run.json');
    const trained = spawnSync(actviz, [...CLI, '--export', file], { encoding: 'utf8' });
    assert.equal(trained.status, 0, trained.stderr);
    const exported = JSON.parse(readFileSync(file, 'utf8'));
    const python = spawnSync('/usr/bin/python3', ['-c', PYTHON, docs, file], { encoding: 'utf8', maxBuffer: 64 * 2 ** 20 });
    assert.equal(python.status, 0, python.stderr);
    const replayed = JSON.parse(python.stdout);

    const lab = await loadLabEngine(labWasmBytes());
    assert.ok(lab.start(SETTINGS).ok);
    assert.equal(lab.step(STEPS).done, STEPS);
    const streamed = lab.batches(0, STEPS);
    assert.ok(streamed.ok, streamed.message);
    assert.deepEqual(replayed.batches, streamed.batches.map((batch) => Array.from(batch)), 'the rule in Python gives the batches the trainer used');
    assert.deepEqual(replayed.batches.slice(0, 4).map((batch) => batch.length), [32, 32, 26, 32]);

    exported.sides.forEach((side, s) => {
      const worst = side.loss.reduce((w, ours, k) => Math.max(w, Math.abs(ours - replayed.losses[s][k]) / Math.abs(replayed.losses[s][k])), 0);
      console.log(`${side.fn}: PyTorch's losses within ${worst.toExponential(2)} (relative) over ${STEPS} steps`);
      assert.ok(worst < 1e-4, `${side.fn}: ${worst}`);
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// Formula sides (issue 19): the export carries each formula's tape as a program of ops, which the
// replay writes in torch ops (no second parser), each with the gradient rule of the run's
// framework at a tie. The replay's losses and its dead units (f' exactly 0 for every training
// input, by torch's autograd) are the export's.
const FORMULA_PYTHON = `
import json, sys
sys.path.insert(0, sys.argv[1])
from lab_replay_pytorch import replay
run = json.load(open(sys.argv[2]))
out = []
for side in run['sides']:
    losses, _, dead = replay(run, side, count_dead=True)
    out.append({'losses': losses, 'dead': dead})
print(json.dumps(out))
`;

const FORMULA_RUNS = [
  // Two Leaky ReLUs whose f'(0) differ (0.505 and 1 in PyTorch): ties happen (the spiral has points at the origin, biases start at 0).
  { name: 'max against where', settings: { dataset: 'spiral', samples: 40, hidden: [8, 8], optimizer: 'adam', lr: 0.02, seed: 7,
    sides: [{ expr: 'max(0.01*x, x)', params: {} }, { expr: 'where(x >= 0, x, 0.01*x)', params: {} }] }, parted: true },
  // A catalog call with a parameter from the formula's, and Swish-β with β set.
  { name: 'a catalog call and Swish-β', settings: { dataset: 'blobs', samples: 90, hidden: [6], optimizer: 'sgd', lr: 0.1, seed: 11,
    sides: [{ expr: 'leaky_relu(x, a/2)', params: { a: 0.2 } }, { expr: 'x * sigmoid(b*x)', params: { b: 1.702 } }] } },
  // TensorFlow's rule: a tie of max goes to its first argument, so the two orders part (in PyTorch they split it alike).
  { name: 'TensorFlow\'s ties', settings: { dataset: 'spiral', samples: 40, hidden: [8, 8], optimizer: 'adam', lr: 0.02, seed: 7, atKink: 'tensorflow',
    sides: [{ expr: 'max(0.01*x, x)', params: {} }, { expr: 'max(x, 0.01*x)', params: {} }] }, parted: true },
  // clamp passes the gradient on its bounds in PyTorch; pow and abs with it.
  { name: 'clamp, pow and abs', settings: { dataset: 'spiral', samples: 40, hidden: [8, 8], optimizer: 'adam', lr: 0.02, seed: 7,
    sides: [{ expr: 'clamp(x, 0, 6) + 0.01*x', params: {} }, { expr: 'abs(x)^1.5 / 2 + where(x > 0, x, 0)', params: {} }] } },
  // Units born dead (hidden biases −1): relu(x) and max(x, 0) counted where f' is exactly 0.
  { name: 'dead units of relu(x) and max(x, 0)', settings: { dataset: 'circles', samples: 80, hidden: [16, 16], optimizer: 'sgd', lr: 0.1, seed: 3,
    init: 'negative_bias', sides: [{ expr: 'relu(x)', params: {} }, { expr: 'max(x, 0)', params: {} }] }, dies: true },
];

for (const { name, settings, parted, dies } of FORMULA_RUNS) {
  test(`PyTorch replays a run of two formula sides (${name}) to its losses and dead units, from the program the export carries`, async () => {
    const lab = await loadLabEngine(labWasmBytes());
    const sides = settings.sides.map((side, s) => ({ ...side, functionId: ['expr', 'expr2'][s] }));
    const started = lab.start({ ...settings, sides });
    assert.ok(started.ok, started.message);
    assert.equal(lab.step(STEPS).done, STEPS);
    const exported = JSON.parse(lab.exportJson().json);
    const dir = mkdtempSync(join(tmpdir(), 'lab-replay-'));
    try {
      const file = join(dir, 'run.json');
      writeFileSync(file, JSON.stringify(exported));
      const python = spawnSync('/usr/bin/python3', ['-c', FORMULA_PYTHON, docs, file], { encoding: 'utf8', maxBuffer: 64 * 2 ** 20 });
      assert.equal(python.status, 0, python.stderr);
      const replayed = JSON.parse(python.stdout);
      exported.sides.forEach((side, s) => {
        assert.equal(side.fn, 'expr');
        assert.equal(side.expr, settings.sides[s].expr);
        assert.ok(Array.isArray(side.program) && side.program.length > 0, 'the export carries the program');
        const worst = side.loss.reduce((w, ours, k) => Math.max(w, Math.abs(ours - replayed[s].losses[k]) / Math.abs(replayed[s].losses[k])), 0);
        console.log(`${side.expr}: PyTorch's losses within ${worst.toExponential(2)} (relative) over ${STEPS} steps; dead at the end ${side.dead.at(-1)} (PyTorch ${replayed[s].dead.at(-1)})`);
        assert.ok(worst < 1e-4, `${side.expr}: ${worst}`);
        assert.deepEqual(replayed[s].dead, side.dead, `${side.expr}: dead units per step and layer`);
      });
      if (parted) assert.notDeepEqual(exported.sides[0].loss, exported.sides[1].loss, 'the ties were hit: the two rules part');
      if (dies) assert.ok(exported.sides[0].dead.at(-1).reduce((a, b) => a + b) > 0, 'units are dead, so the count is tested');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
