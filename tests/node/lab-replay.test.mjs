// The export names its batch order by seed and rule (docs/lab.md, "The batch order"), not by
// indices. docs/lab_replay_pytorch.py regenerates the order from that rule in plain Python: the
// batches it makes are those the engine streams (ae_lab_batches), and PyTorch replaying a
// native export on them gets the exported losses.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
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
