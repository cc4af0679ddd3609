// actviz train's memory does not grow with the number of steps: the batch order is regenerated
// from the seed, not kept (a batch of 5,000 indices is 20 KB a step: 400 MB at 20,000 steps),
// and the per-step history is a few bytes. Peak RSS of a run ten times as long stays within 1.5×.
// The sine set keeps the CPU time small (no softmax); its batches are as large as the spiral's.
// AE_LAB_MEMORY_STEPS=2000,20000 runs the numbers (about 20 s of CPU).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';

import { actviz } from '../support/paths.mjs';

const [shortRun, longRun] = (process.env.AE_LAB_MEMORY_STEPS ?? '1000,10000').split(',').map(Number);

// GNU time's %M: the child's peak resident set in KB.
function peakKilobytes(steps) {
  const args = ['train', '--dataset', 'sine', '--samples', '5000', '--batch', '5000', '--hidden', '2', '--steps', String(steps)];
  const result = spawnSync('/usr/bin/time', ['-f', '%M', actviz, ...args], { encoding: 'utf8', maxBuffer: 64 * 2 ** 20 });
  assert.equal(result.status, 0, result.stderr);
  return Number(result.stderr.trim().split('\n').at(-1));
}

test(`peak memory after ${longRun} steps at batch 5,000 is within 1.5× of that after ${shortRun}`, () => {
  const short = peakKilobytes(shortRun);
  const long = peakKilobytes(longRun);
  console.log(`peak RSS: ${short} KB after ${shortRun} steps, ${long} KB after ${longRun}`);
  assert.ok(long <= 1.5 * short, `${long} KB after ${longRun} steps against ${short} KB after ${shortRun}`);
});
