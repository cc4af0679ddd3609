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

// A formula side is registered in the module when its run starts and unregistered after it (the
// run holds it), and describeFormula registers and unregisters one to read it: a reader who
// types formulas for an hour makes no memory grow.
test('1,000 starts with formula sides, and 1,000 formulas described, leave the lab module\'s memory as it was', async () => {
  const lab = await loadLabEngine(labWasmBytes());
  const cycle = (k) => {
    const text = `max(${(k % 7) / 100}*x, x) + b*0`;
    const started = lab.start({ dataset: 'xor', samples: 40, hidden: [4], sides: [{ functionId: 'expr', expr: text, params: { b: k % 3 } }, { functionId: 'expr2', expr: 'x * sigmoid(c*x)', params: { c: 1.702 } }] });
    assert.ok(started.ok, started.message);
    assert.ok(lab.step(2).ok);
    assert.equal(lab.describeFormula(`x * sigmoid(a${k % 5}*x)`).ok, true);
    assert.match(lab.describeFormula('x * sigmod(x)').message, /^column 5: /);
  };
  for (let k = 0; k < 50; k += 1) cycle(k);
  const before = lab.exports.memory.buffer.byteLength;
  for (let k = 0; k < 1000; k += 1) cycle(k);
  const after = lab.exports.memory.buffer.byteLength;
  console.log(`wasm memory: ${before} bytes after 50 cycles, ${after} after 1,050`);
  assert.equal(after, before);
  // The run still names its formula (the registry let go of it; the run did not).
  assert.match(JSON.parse(lab.exportJson().json).sides[1].expr, /^x \* sigmoid\(c\*x\)$/);
});
