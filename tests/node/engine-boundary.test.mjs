// The one wasm boundary both engines stand on (web/engine/): the module's layout table
// (ae_abi_json) describes what its calls write, heap views survive memory growth, scratch
// buffers stay bounded, a failed allocation and too many parameters are answered as values,
// strings cross as UTF-8 both ways, and the engines type none of the module's numbers.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { parse } from 'acorn';

import { labWasmBytes, wasmBytes, webModule } from '../support/paths.mjs';

const { ActivationEngine, loadEngine } = await import(webModule('activation-engine.js'));
const { loadLabEngine } = await import(webModule('lab/lab-engine.js'));
const { WasmBoundary, instantiateModule, readAbi, rowLayout } = await import(webModule('engine/wasm-boundary.js'));

const DOUBLE = 8;
const SMALL_RUN = { dataset: 'circles', samples: 60, hidden: [4, 3], batch: 16, seed: 5, sides: [{ functionId: 'leaky_relu' }, { functionId: 'relu' }] };

// Counts calls of WebAssembly.Memory.prototype.grow from JavaScript while `body` runs (as
// Manifold's memory test does); growth from inside the module is counted by the engine.
async function countingGrows(body) {
  const grow = WebAssembly.Memory.prototype.grow;
  let grows = 0;
  WebAssembly.Memory.prototype.grow = function countedGrow(...args) {
    grows += 1;
    return grow.apply(this, args);
  };
  try {
    await body();
  } finally {
    WebAssembly.Memory.prototype.grow = grow;
  }
  return grows;
}

function boundaryOver(module) {
  return new WasmBoundary(module.exports, { fresh: module.fresh, label: 'The test module', stopped: (cause) => `stopped: ${cause}` });
}

test('a kink row read at the stride the table states holds Leaky ReLU\'s kink, and the saturation record has exactly the fields named', async () => {
  const { exports } = await instantiateModule(wasmBytes());
  const abi = readAbi(exports);
  const { stride, fields, dfAtOffset } = abi.kinkRow;
  const params = exports.malloc(abi.maxParameters * DOUBLE);
  const rows = exports.malloc((abi.maxKinks + 1) * stride * DOUBLE);
  const count = exports.malloc(4);
  const heap = () => new Float64Array(exports.memory.buffer);
  heap()[params / DOUBLE] = 0.3;
  heap().fill(-7, rows / DOUBLE, rows / DOUBLE + (abi.maxKinks + 1) * stride);
  assert.equal(exports.ae_kinks(0, params, 1, rows, abi.maxKinks, count), abi.statuses.ok);
  assert.equal(new Int32Array(exports.memory.buffer)[count / 4], 1);
  const row = heap().subarray(rows / DOUBLE, rows / DOUBLE + stride);
  const field = (name) => row[fields.indexOf(name)];
  assert.deepEqual([field('x'), field('fAt'), field('dfLeft'), field('dfRight')], [0, 0, 0.3, 1]);
  const engine = await loadEngine(wasmBytes());
  const conventions = engine.catalog.conventions.map((c) => c.id);
  assert.deepEqual(conventions.map((_, i) => row[dfAtOffset + i]), conventions.map((id) => engine.kinks({ functionId: 'leaky_relu', params: { alpha: 0.3 } }).kinks[0].dfAt[id]));
  assert.equal(heap()[rows / DOUBLE + stride], -7, 'nothing written past the one row');

  // ReLU in float16: f' is 0 for every x up to its largest negative value; f = 0 there.
  heap().fill(-7, rows / DOUBLE, rows / DOUBLE + stride);
  const float16 = engine.catalog.dtypes.findIndex((d) => d.id === 'float16');
  assert.equal(exports.ae_saturation(1, params, 0, 0, float16, rows), abi.statuses.ok);
  const record = heap().subarray(rows / DOUBLE, rows / DOUBLE + stride);
  assert.equal(record[abi.saturation.fields.length], -7, 'ae_saturation writes exactly the fields named');
  assert.equal(record[abi.saturation.fields.indexOf('fLeft')], 0);
  const saturation = engine.saturation({ functionId: 'relu', dtype: 'float16' });
  assert.deepEqual(abi.saturation.fields.map((name) => saturation[name] ?? NaN), Array.from(record.subarray(0, abi.saturation.fields.length)));
});

test('the lab\'s history row and units, read with the table\'s layout, are what the run recorded', async () => {
  const lab = await loadLabEngine(labWasmBytes());
  assert.ok(lab.start(SMALL_RUN).ok);
  assert.ok(lab.step(6).ok);
  const wasm = lab.exports;
  const abi = readAbi(wasm);
  const layers = SMALL_RUN.hidden.length;
  const units = SMALL_RUN.hidden.reduce((a, b) => a + b, 0);
  const { size: stride, offsets } = rowLayout(abi.labHistoryRow, { units, layers });
  const out = wasm.malloc(6 * stride * DOUBLE);
  const count = wasm.malloc(4);
  assert.equal(wasm.ae_lab_history(1, 0, out, 6 * stride, count), abi.statuses.ok);
  const rows = new Float64Array(wasm.memory.buffer, out, 6 * stride);
  const exported = JSON.parse(lab.exportJson().json).sides[1];
  for (let k = 0; k < 6; k += 1) {
    assert.equal(Math.fround(rows[k * stride + offsets.loss]), Math.fround(exported.loss[k]), `loss of step ${k}`);
    assert.deepEqual(Array.from(rows.subarray(k * stride + offsets.dead, k * stride + offsets.dead + layers)), exported.dead[k], `dead units of step ${k}`);
  }
  assert.deepEqual(Array.from(lab.history(1, 0, layers).loss), Array.from({ length: 6 }, (_, k) => rows[k * stride + offsets.loss]));

  const layout = rowLayout(abi.labUnits, { units, layers });
  const unitsOut = wasm.malloc((layout.size + 4) * DOUBLE);
  assert.equal(wasm.ae_lab_units(0, unitsOut, layout.size + 4, count), abi.statuses.ok);
  assert.equal(new Int32Array(wasm.memory.buffer)[count / 4], layout.size, 'the module writes the size the table gives');
  const read = lab.units(0, SMALL_RUN.hidden);
  assert.equal(read.activity.flatMap((a) => Array.from(a)).length, units);
  assert.equal(read.gradientNorms.length, layout.counts.gradientNorms);
  assert.deepEqual(abi.labConfig, lab.tables.config, 'the lab\'s tables state the same config slots');
});

test('memory growth between calls does not break a call: views are re-taken from the current buffer', async () => {
  const module = await instantiateModule(wasmBytes());
  const engine = new ActivationEngine(module.exports, module.growths, module.fresh);
  const request = { functionId: 'leaky_relu', params: { alpha: 0.2 }, from: -1, to: 1, n: 5 };
  const first = engine.sample(request);
  const grows = await countingGrows(() => {
    // Grown from JavaScript between two calls: the engine's cached views are detached.
    module.exports.memory.grow(4);
    const again = engine.sample(request);
    assert.deepEqual(again, first);
    assert.deepEqual(engine.kinks(request).kinks[0].dfAt.pytorch, 0.2);
  });
  assert.equal(grows, 1, 'the spy saw the growth');
  // Grown from inside the module by a large n, between and during calls.
  const growths = engine.memoryGrowths;
  const big = engine.sample({ ...request, n: 1_000_000 });
  assert.ok(engine.memoryGrowths > growths, 'a million points grows the memory');
  assert.deepEqual([big.x.length, big.x[0], big.x.at(-1), big.f[0], big.df.at(-1)], [1_000_001, -1, 1, -0.2, 1]);
  assert.deepEqual(engine.sample(request), first);

  const lab = await loadLabEngine(labWasmBytes());
  assert.ok(lab.start(SMALL_RUN).ok);
  assert.ok(lab.step(3).ok);
  const before = lab.history(0, 0, 2);
  assert.equal(await countingGrows(() => lab.exports.memory.grow(4)), 1);
  assert.deepEqual(lab.history(0, 0, 2), before);
});

test('scratch buffers stay bounded: hundreds of rounds of calls of varying sizes neither allocate nor grow memory after the largest', async () => {
  const engine = await loadEngine(wasmBytes());
  const lab = await loadLabEngine(labWasmBytes());
  assert.ok(lab.start({ ...SMALL_RUN, samples: 300 }).ok);
  assert.ok(lab.step(50).ok);
  const round = (i) => {
    assert.ok(engine.sample({ functionId: 'silu', from: -5, to: 5, n: 2 + ((i * 7919) % 50_000), second: i % 2 === 0 }).ok);
    if (i % 25 === 0) assert.ok(engine.saturation({ functionId: 'gelu', dtype: 'bfloat16' }).ok);
    assert.ok(engine.formula({ functionId: 'elu', params: { alpha: 1 + (i % 5) / 10 }, which: 'derivative' }).ok);
    assert.ok(lab.history(i % 2, i % 50, 2).ok);
    assert.ok(lab.units(i % 2, SMALL_RUN.hidden).ok);
    assert.ok(lab.predict(0, new Float64Array(2 * (1 + (i % 500))), 1 + (i % 500), 2).ok);
    assert.ok(lab.data(300, 2).ok);
    assert.ok(lab.batches(i % 50, 5).ok);
  };
  // The largest of each first, then many more of every size.
  assert.ok(engine.sample({ functionId: 'silu', from: -5, to: 5, n: 50_001, second: true }).ok);
  assert.ok(lab.predict(0, new Float64Array(1000), 500, 2).ok);
  round(0);
  const engineBytes = engine.memoryBytes;
  const engineAllocations = engine.allocations;
  const labBytes = lab.exports.memory.buffer.byteLength;
  const grows = await countingGrows(() => {
    for (let i = 1; i < 300; i += 1) round(i);
  });
  assert.equal(grows, 0);
  assert.equal(engine.memoryBytes, engineBytes);
  assert.equal(engine.allocations, engineAllocations, 'no allocation after the largest call');
  assert.equal(lab.exports.memory.buffer.byteLength, labBytes);
});

test('a failed allocation is answered as a value naming the bytes, and nothing is written at address 0', async () => {
  const lab = await loadLabEngine(labWasmBytes());
  assert.ok(lab.start(SMALL_RUN).ok);
  const low = () => Array.from(new Uint8Array(lab.exports.memory.buffer, 0, 64));
  const before = low();
  // About 2 GB of output: malloc cannot grow the memory that far and returns 0.
  const outputs = 2 ** 28 - 1024;
  const huge = lab.predict(0, new Float64Array(2), 1, outputs);
  assert.equal(huge.ok, false);
  assert.equal(huge.bytes, (2 + outputs) * DOUBLE);
  assert.equal(huge.message, `The lab module could not allocate ${(2 + outputs) * DOUBLE} bytes for this call.`);
  // Past the largest size malloc takes: refused before a call, naming the bound.
  const past = lab.predict(0, new Float64Array(2), 2, outputs);
  assert.equal(past.message, `The lab module could not allocate ${(2 + 2 * outputs) * DOUBLE} bytes for this call: its buffer holds at most 2147483647.`);
  assert.deepEqual(low(), before);
  assert.ok(lab.step(1).ok, 'the run goes on');

  const boundary = boundaryOver(await instantiateModule(wasmBytes()));
  const answer = boundary.run((wasm, heap) => heap.allocate(boundary.abi.sizes.largestAllocation));
  assert.deepEqual(answer, { ok: false, status: boundary.abi.statuses.capacityTooSmall, bytes: 2147483647,
    message: 'The test module could not allocate 2147483647 bytes for this call.' });
  const bounded = boundary.run((wasm, heap) => heap.scratch('small', { minBytes: 64, maxBytes: 256 }).reserve(257));
  assert.equal(bounded.message, 'The test module could not allocate 257 bytes for this call: its buffer holds at most 256.');
});

test('more parameters than the module\'s slots are refused by name, in JavaScript and in C', async () => {
  const engine = await loadEngine(wasmBytes());
  const module = await instantiateModule(wasmBytes());
  const abi = readAbi(module.exports);
  assert.ok(engine.catalog.functions.every((fn) => fn.parameters.length <= abi.maxParameters), 'every function fits the slots');
  // A function with more parameters than the slots, as one added at run time could be.
  const wide = engine.functionSpec('elu');
  const extra = Array.from({ length: abi.maxParameters }, (_, i) => ({ ...wide.parameters[0], id: `p${i}` }));
  wide.parameters.push(...extra);
  const refused = engine.sample({ functionId: 'elu', from: -1, to: 1, n: 3 });
  assert.deepEqual(refused, { ok: false, status: abi.statuses.wrongParameterCount,
    message: `ELU takes ${abi.maxParameters + 1} parameters; the engine passes at most ${abi.maxParameters}.` });
  assert.equal(engine.parameterProblem('elu', {}), refused.message);

  const lab = await loadLabEngine(labWasmBytes());
  lab.catalog.functions.find((fn) => fn.id === 'elu').parameters.push(...extra);
  assert.equal(lab.start({ ...SMALL_RUN, sides: [{ functionId: 'elu' }, { functionId: 'relu' }] }).message,
    `ELU takes ${abi.maxParameters + 1} parameters; the lab passes at most ${abi.maxParameters}.`);

  // The C ABI refuses a count above the slots before reading one parameter.
  const { exports } = module;
  const buffer = exports.malloc(8 * DOUBLE * 4);
  assert.equal(exports.ae_sample(2, buffer, abi.maxParameters + 1, 0, 0, -1, 1, 2, buffer, buffer, buffer, 0, 2, buffer), abi.statuses.wrongParameterCount);
});

test('strings cross as UTF-8 both ways, bounded: a non-ASCII string round-trips through the heap, and a read stops at its bound', async () => {
  const boundary = boundaryOver(await instantiateModule(wasmBytes()));
  const text = 'α → ReLU₆, ü, 🧠';
  const { heap } = boundary;
  const scratch = heap.scratch('text', { minBytes: 16, maxBytes: 64 });
  const pointer = heap.writeString(text, scratch);
  const bytes = new TextEncoder().encode(text).length;
  assert.equal(heap.u8()[pointer + bytes], 0, 'NUL-terminated after its UTF-8 bytes');
  assert.equal(heap.readString(pointer), text);
  assert.throws(() => heap.readString(pointer, 3), /has no end within 3 bytes/);
  assert.throws(() => heap.writeString('x'.repeat(64), scratch), /could not allocate 65 bytes/);
  // The module's own UTF-8: Leaky ReLU's α from the C++ catalog.
  const catalog = JSON.parse(heap.readString(boundary.exports.ae_catalog_json()));
  assert.equal(catalog.functions[0].parameters[0].symbol, 'α');
});

test('a trap answers as a value and the next call runs on a fresh instance, for the explorer\'s module too', async () => {
  const boundary = boundaryOver(await instantiateModule(wasmBytes()));
  const before = boundary.exports;
  const trapped = boundary.run((wasm) => wasm.ae_kinks(0, wasm.memory.buffer.byteLength + 64, 1, 8, 4, 16));
  assert.equal(trapped.ok, false);
  assert.equal(trapped.stopped, true);
  assert.match(trapped.message, /^stopped: .*out of bounds/);
  assert.notEqual(boundary.exports, before);
  assert.equal(boundary.run((wasm) => wasm.ae_sample(99, 0, 0, 0, 0, -1, 1, 2, 0, 0, 0, 0, 0, 0)), boundary.abi.statuses.unknownFunction);
});

// Every literal number in the engines' JavaScript, from the parse tree.
function numbersIn(node, found = []) {
  if (!node || typeof node.type !== 'string') return found;
  if (node.type === 'Literal' && typeof node.value === 'number') found.push(node.value);
  for (const value of Object.values(node)) {
    if (Array.isArray(value)) value.forEach((child) => numbersIn(child, found));
    else if (value && typeof value === 'object') numbersIn(value, found);
  }
  return found;
}

function tableNumbers(value, found = new Set()) {
  if (typeof value === 'number') found.add(value);
  else if (value && typeof value === 'object') Object.values(value).forEach((v) => tableNumbers(v, found));
  return found;
}

test('the engines type none of the numbers the module\'s table states (beyond 0, 1 and 2)', async () => {
  const { exports } = await instantiateModule(wasmBytes());
  const stated = tableNumbers(readAbi(exports));
  for (const small of [0, 1, 2]) stated.delete(small);
  const engineFolder = new URL('../../web/engine/', import.meta.url);
  const files = [new URL('../../web/activation-engine.js', import.meta.url), new URL('../../web/lab/lab-engine.js', import.meta.url),
    ...readdirSync(engineFolder).filter((name) => name.endsWith('.js')).map((name) => new URL(name, engineFolder))];
  for (const file of files) {
    const tree = parse(readFileSync(file, 'utf8'), { ecmaVersion: 'latest', sourceType: 'module' });
    const typed = numbersIn(tree).filter((n) => stated.has(n));
    assert.deepEqual(typed, [], `${file.pathname.split('/web/')[1]} types ${typed.join(', ')}`);
  }
});

test('a call asking for no room still gets a buffer: nothing is written at address 0 whatever the counts', async () => {
  // A fresh engine has no scratch buffer yet: its first call's x must not land at address 0.
  const lab = await loadLabEngine(labWasmBytes());
  const low = () => Array.from(new Uint8Array(lab.exports.memory.buffer, 0, 64));
  const before = low();
  assert.equal(lab.predict(0, new Float64Array(8).fill(7), -4, 2).ok, false);
  assert.equal(lab.data(-3, 2).ok, false);
  assert.deepEqual(low(), before);
  const { heap } = boundaryOver(await instantiateModule(wasmBytes()));
  assert.notEqual(heap.scratch('none', { minBytes: 64, maxBytes: 256 }).reserve(0), 0);
});
