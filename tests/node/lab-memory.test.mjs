// The lab module's memory does not grow with the number of steps: the batch order is regenerated
// from the seed, not kept (at batch 5,000 that was 20 KB a step, and the page's module aborted
// near step 80,700 against its 2 GB ceiling). The memory after a run ten times as long stays
// within 1.5×. The sine set keeps the time small (no softmax); its batches are as large as the
// spiral's. AE_LAB_MEMORY_STEPS=2000,20000 runs the numbers.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { labWasmBytes, webModule } from '../support/paths.mjs';

const { loadLabEngine } = await import(webModule('lab/lab-engine.js'));
const [shortRun, longRun] = (process.env.AE_LAB_MEMORY_STEPS ?? '1000,10000').split(',').map(Number);

async function memoryAfter(steps) {
  const lab = await loadLabEngine(labWasmBytes());
  const started = lab.start({ dataset: 'sine', samples: 5000, batch: 5000, hidden: [2], sides: [{ functionId: 'leaky_relu' }, { functionId: 'relu' }] });
  assert.ok(started.ok, started.message);
  for (let done = 0; done < steps;) {
    const result = lab.step(Math.min(1000, steps - done));
    assert.ok(result.ok, result.message);
    done += result.done;
  }
  // What the page reads as it trains and what Export writes.
  assert.equal(lab.history(0, steps - 100, 1).steps, 100);
  assert.ok(lab.exportJson().ok);
  return lab.exports.memory.buffer.byteLength;
}

test(`the lab module's memory after ${longRun} steps at batch 5,000 is within 1.5× of that after ${shortRun}`, async () => {
  const short = await memoryAfter(shortRun);
  const long = await memoryAfter(longRun);
  console.log(`wasm memory: ${(short / 2 ** 20).toFixed(1)} MB after ${shortRun} steps, ${(long / 2 ** 20).toFixed(1)} MB after ${longRun}`);
  assert.ok(long <= 1.5 * short, `${long} bytes after ${longRun} steps against ${short} after ${shortRun}`);
});
