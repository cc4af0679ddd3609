// Fuzzes the lab's wasm module in Node, as tests/fuzz/c_api_fuzzer.cpp fuzzes the native build:
// seeded random calls to its exports (counts from 0 to 2³¹ − 1 and below 0, pointers inside,
// at the end of and outside the memory, random and nearly valid settings), made through
// lab-engine.js's guarded exports so that a trap replaces the instance as it would on the page.
// Checked after every call that returns: its status is a known one, with a message exactly on
// error, and what it points to parses. After every trap (and every 50 calls): the fresh instance
// answers as the first did (its tables, and a short known run to the same losses); at the end
// the memory has not grown with the calls. Deterministic for a seed; bounded by a call count and
// a time budget.
//   AE_WASM_FUZZ_SEED (default 22), AE_WASM_FUZZ_CALLS (800), AE_WASM_FUZZ_SECONDS (60)
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { labWasmBytes, webModule } from '../support/paths.mjs';

const { loadLabEngine } = await import(webModule('lab/lab-engine.js'));

const SEED = Number(process.env.AE_WASM_FUZZ_SEED ?? 22);
const CALLS = Number(process.env.AE_WASM_FUZZ_CALLS ?? 800);
const SECONDS = Number(process.env.AE_WASM_FUZZ_SECONDS ?? 60);
const LAST_STATUS = 14;  // AE_LAB_DIVERGED, the largest status the C ABI returns
const INT_MAX = 2 ** 31 - 1;
const INT_MIN = -(2 ** 31);

// mulberry32: a small seeded generator, so a seed gives one sequence of calls.
function generator(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6D2B79F5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
  const int = (lo, hi) => lo + Math.floor(next() * (hi - lo + 1));
  const pick = (list) => list[int(0, list.length - 1)];
  return { next, int, pick, chance: (p) => next() < p };
}

const readString = (wasm, pointer) => {
  const heap = new Uint8Array(wasm.memory.buffer);
  return new TextDecoder().decode(heap.subarray(pointer, heap.indexOf(0, pointer)));
};

// A short run whose losses every fresh instance must give again.
const KNOWN = { dataset: 'circles', samples: 60, hidden: [4], batch: 16, seed: 5, sides: [{ functionId: 'leaky_relu' }, { functionId: 'relu' }] };
function knownLosses(lab) {
  const started = lab.start(KNOWN);
  if (!started.ok) return started.message;
  const stepped = lab.step(5);
  if (!stepped.ok) return stepped.message;
  return Array.from(lab.history(0, 0, 1).loss);
}

// One random call's arguments and the buffers they point to (freed after the call).
function callMaker(rng, tables) {
  const slot = tables.config;
  const count = () => rng.pick([0, 1, 2, 3, 4, 7, 16, 100, 4096, 100_000, 100_001, 1_000_000, 1_000_001, INT_MAX, -1, INT_MIN, rng.int(-5, 300)]);
  return (wasm) => {
    const buffers = [];
    const memory = wasm.memory.buffer.byteLength;
    // A pointer and the room it has (in elements of `size` bytes): a fresh buffer, none, or one
    // past or across the end of the memory, where any room is claimed and any use traps.
    const pointer = (size, fill) => {
      const kind = rng.int(0, 9);
      if (kind === 0) return { at: 0, room: count() };
      if (kind === 1) return { at: memory + rng.int(0, 4096), room: count() };
      if (kind === 2) return { at: memory - 8, room: rng.pick([2, 100, INT_MAX]) };
      if (kind === 3) return { at: rng.pick([INT_MAX - 7, INT_MIN, -8]), room: count() };
      const elements = rng.int(0, 600);
      const at = wasm.malloc(Math.max(1, elements) * size);
      if (at === 0) return { at: 0, room: 0 };
      buffers.push(at);
      if (fill) fill(new Float64Array(wasm.memory.buffer, at, elements));
      return { at, room: rng.int(0, elements) };  // never more room than there is
    };
    const doubles = (f) => pointer(8, f);
    const ints = () => pointer(4);
    const side = () => rng.pick([0, 1, 1, 0, -1, 2, INT_MAX]);
    const smallConfig = (values) => {
      for (let i = 0; i < values.length; i += 1) values[i] = rng.chance(0.2) ? rng.pick([NaN, Infinity, -1, 1e300, 0.5, rng.int(-3, 9)]) : 0;
      if (values.length < slot.size) return;
      values[slot.dataset] = rng.int(0, tables.datasets.length);
      values[slot.samples] = rng.chance(0.9) ? rng.int(15, 120) : rng.pick([5000, 5001, INT_MAX, NaN]);
      values[slot.noise] = rng.pick([0, 0.1, 0.3, -1, 2]);
      values[slot.loss] = rng.int(0, tables.losses.length);
      values[slot.optimizer] = rng.int(0, tables.optimizers.length);
      values[slot.lr] = rng.pick([0.1, 0.01, 3, 0, -1, 11]);
      values[slot.beta1] = 0.9;
      values[slot.beta2] = 0.999;
      values[slot.eps] = rng.pick([1e-8, 0, -1]);
      values[slot.batch] = rng.pick([0, 1, 16, 32, 200, -1, INT_MAX]);
      values[slot.seed] = rng.pick([0, 7, INT_MAX, -1, 2 ** 31]);
      values[slot.init] = rng.int(0, tables.inits.length);
      values[slot.atKink] = rng.int(0, 4);
      values[slot.layers] = rng.int(0, tables.limits.maxLayers + 1);
      values[slot.track] = rng.pick([0, 1, 1, 2]);
      for (let l = 0; l < tables.limits.maxLayers; l += 1) values[slot.widths + l] = rng.pick([2, 3, 4, 8, 1, 65]);
    };
    const params = (values) => values.forEach((_, i) => { values[i] = rng.chance(0.8) ? rng.next() : rng.pick([NaN, -1, 1e9]); });
    const calls = {
      ae_lab_start: () => {
        const config = doubles(smallConfig);
        const a = doubles(params);
        const b = doubles(params);
        const configSize = rng.chance(0.7) ? slot.size : count();
        return [config.at, configSize, rng.int(-1, 30), a.at, rng.chance(0.6) ? rng.int(0, 3) : count(), rng.int(-1, 30), b.at,
          rng.chance(0.6) ? rng.int(0, 3) : count()];
      },
      // Steps past the limit and below 0, but no long runs: the fuzz is bounded in time.
      ae_lab_step: () => [rng.chance(0.8) ? rng.int(-1, 6) : rng.pick([100_001, INT_MAX, INT_MIN, -1, 200]), ints().at],
      // Rows and steps past their limits and below 0, but bounded work: at most 6 steps.
      ae_lab_advance: () => [rng.chance(0.8) ? rng.int(-1, 400) : rng.pick([1_000_000, 1_000_001, INT_MAX, INT_MIN]),
        rng.chance(0.8) ? rng.int(-1, 6) : rng.pick([100_001, INT_MAX, INT_MIN]), ints().at, ints().at],
      ae_lab_history: () => {
        const out = doubles();
        return [side(), rng.chance(0.7) ? rng.int(0, 10) : count(), out.at, out.room, ints().at];
      },
      ae_lab_units: () => {
        const out = doubles();
        return [side(), out.at, out.room, ints().at];
      },
      ae_lab_predict: () => {
        const x = doubles((v) => v.forEach((_, i) => { v[i] = rng.next() * 4 - 2; }));
        const out = doubles();
        return [side(), x.at, rng.chance(0.8) ? rng.int(0, 40) : count(), out.at, out.room];
      },
      ae_lab_data: () => {
        const x = doubles();
        const y = doubles();
        return [x.at, x.room, y.at, y.room, ints().at];
      },
      ae_lab_batches: () => {
        const out = ints();
        return [rng.chance(0.7) ? rng.int(0, 10) : count(), out.at, out.room, ints().at];
      },
      ae_lab_export: () => [],
      ae_lab_catalog_json: () => [],
      ae_kinks: () => {
        const p = doubles(params);
        const out = doubles();
        return [rng.int(-2, 30), p.at, rng.chance(0.6) ? rng.int(0, 3) : count(), out.at, out.room, ints().at];
      },
      ae_sample: () => {
        const p = doubles(params);
        const x = doubles();
        const f = doubles();
        const df = doubles();
        const room = Math.min(x.room, f.room, df.room);
        return [rng.int(-2, 30), p.at, rng.chance(0.6) ? rng.int(0, 3) : count(), rng.int(-1, 5), rng.int(-1, 5), rng.next() * 10 - 5,
          rng.next() * 10, rng.chance(0.8) ? rng.int(0, 600) : count(), x.at, f.at, df.at, 0, room, ints().at];
      },
    };
    const name = rng.pick(Object.keys(calls));
    return { name, args: calls[name](), buffers };
  };
}

test(`the lab's wasm module answers random calls (seed ${SEED}) with known statuses, and after every trap a fresh instance answers as the first`, async () => {
  const lab = await loadLabEngine(labWasmBytes());
  const tables = lab.tables;
  const expected = knownLosses(lab);
  assert.ok(Array.isArray(expected), String(expected));
  const rng = generator(SEED);
  const makeCall = callMaker(rng, tables);
  const verify = (after) => {
    assert.deepEqual(JSON.parse(readString(lab.exports, lab.exports.ae_lab_catalog_json())), tables, `the tables parse as before, after ${after}`);
    assert.deepEqual(knownLosses(lab), expected, `the known run gives the same losses, after ${after}`);
  };
  const deadline = Date.now() + SECONDS * 1000;
  const seen = { calls: 0, traps: 0, ok: 0, refused: 0 };
  while (seen.calls < CALLS && Date.now() < deadline) {
    const wasm = lab.exports;
    const { name, args, buffers } = makeCall(wasm);
    const what = `call ${seen.calls} ${name}(${args.join(', ')})`;
    seen.calls += 1;
    let result;
    try {
      result = wasm[name](...args);
    } catch (error) {
      // Only a pointer outside the memory traps: an abort (out of memory from a count used
      // before it was checked, as a parameter count of 2³¹ − 1 once did) or any other trap is a bug.
      assert.match(error.message, /^The lab module stopped: .*; start again\.$/, what);
      assert.ok(error.cause instanceof WebAssembly.RuntimeError, `${what}: ${error.cause}`);
      assert.match(error.cause.message, /out of bounds/, what);
      assert.notEqual(lab.exports, wasm, `${what}: the instance is replaced`);
      seen.traps += 1;
      verify(what);
      continue;
    }
    if (name === 'ae_lab_export' || name === 'ae_lab_catalog_json') {
      if (result !== 0) JSON.parse(readString(wasm, result));
    } else {
      assert.ok(Number.isInteger(result) && result >= 0 && result <= LAST_STATUS, `${what}: status ${result}`);
      const message = readString(wasm, wasm.ae_last_error());
      assert.equal(message === '', result === 0, `${what}: status ${result}, message "${message}"`);
      seen[result === 0 ? 'ok' : 'refused'] += 1;
    }
    for (const pointer of buffers) wasm.free(pointer);
    if (seen.calls % 50 === 0) verify(what);
  }
  console.log(`seed ${SEED}: ${seen.calls} calls, ${seen.ok} answered, ${seen.refused} refused with a message, ${seen.traps} traps`);
  assert.ok(seen.traps > 0 && seen.ok > 0 && seen.refused > 0, 'the calls reached traps, answers and refusals');
  verify('the last call');
  assert.ok(lab.exports.memory.buffer.byteLength <= 64 * 2 ** 20, `memory ${lab.exports.memory.buffer.byteLength} bytes`);
});
