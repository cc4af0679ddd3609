// The built wasm module through web/activation-engine.js: the same numbers as the native
// build bit for bit, errors as values, no memory growth in steady use.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';

import { actviz, wasmBytes, webModule } from '../support/paths.mjs';

const { loadEngine } = await import(webModule('activation-engine.js'));
const engine = await loadEngine(wasmBytes());

function native({ functionId, params = {}, atKink = 'pytorch', from, to, n }) {
  const args = ['sample', '--fn', functionId, '--from', String(from), '--to', String(to), '--n', String(n), '--at-kink', atKink];
  for (const [name, value] of Object.entries(params)) args.push('--param', `${name}=${value}`);
  const lines = execFileSync(actviz, args, { encoding: 'utf8', maxBuffer: 1 << 28 }).trim().split('\n');
  assert.equal(lines[0], 'x,f,df');
  const rows = lines.slice(1).map((line) => line.split(',').map(Number));
  return { x: rows.map((r) => r[0]), f: rows.map((r) => r[1]), df: rows.map((r) => r[2]) };
}

const bits = (values) => Array.from(new Float64Array(values), (v) => new BigUint64Array(new Float64Array([v]).buffer)[0].toString(16));

const CASES = [
  { functionId: 'leaky_relu', params: { alpha: 0.01 }, from: -10, to: 10, n: 201 },
  { functionId: 'leaky_relu', params: { alpha: Math.exp(-2) }, from: -10, to: 9.9, n: 200, atKink: 'jax' },
  { functionId: 'leaky_relu', params: { alpha: 0.3 }, from: -0.3, to: 0.7, n: 1001 },
  { functionId: 'leaky_relu', params: { alpha: 1 }, from: -1e300, to: 1e300, n: 7 },
  { functionId: 'relu', from: -3, to: 5, n: 2 },
  { functionId: 'relu', from: -1e-300, to: 1e-300, n: 33, atKink: 'jax' },
];

test('wasm samples equal the native build bit for bit', () => {
  for (const c of CASES) {
    const wasm = engine.sample(c);
    assert.ok(wasm.ok, wasm.message);
    const expected = native(c);
    for (const key of ['x', 'f', 'df']) assert.deepEqual(bits(wasm[key]), bits(expected[key]), `${key} of ${JSON.stringify(c)}`);
  }
});

test('the catalog the page reads is the one the CLI prints', () => {
  assert.deepEqual(engine.catalog, JSON.parse(execFileSync(actviz, ['list', '--json'], { encoding: 'utf8' })));
  assert.deepEqual(engine.catalog.functions.map((f) => f.id).slice(0, 2), ['leaky_relu', 'relu']);
});

test('the grid contains x = 0 exactly and the derivative there follows the convention', () => {
  for (const [atKink, expected] of [['pytorch', 0.2], ['jax', 1]]) {
    const s = engine.sample({ functionId: 'leaky_relu', params: { alpha: 0.2 }, atKink, from: -1, to: 1, n: 10 });
    const zero = s.x.indexOf(0);
    assert.ok(zero > 0, 'x = 0 is on the grid');
    assert.equal(s.x.length, 11);
    assert.equal(s.df[zero], expected);
  }
});

test('bad arguments come back as values with a sentence', () => {
  const bad = [
    [{ functionId: 'leaky_relu', params: { alpha: NaN }, from: -1, to: 1, n: 5 }, 'α must be a finite number, got NaN.'],
    [{ functionId: 'leaky_relu', params: { alpha: 2 }, from: -1, to: 1, n: 5 }, 'α must be between 0 and 1, got 2.'],
    [{ functionId: 'leaky_relu', from: 1, to: 1, n: 5 }, 'The x-range needs from < to, got from 1 to 1.'],
    [{ functionId: 'leaky_relu', from: -1, to: Infinity, n: 5 }, 'The x-range must be finite numbers, got from -1 to Infinity.'],
    [{ functionId: 'leaky_relu', from: -1, to: 1, n: 1e10 }, 'The number of samples must be a whole number from 2 to 1000000, got 10000000000.'],
    [{ functionId: 'leaky_relu', from: -1, to: 1, n: 2 ** 32 + 5 }, 'The number of samples must be a whole number from 2 to 1000000, got 4294967301.'],
    [{ functionId: 'leaky_relu', from: -1, to: 1, n: 0.5 }, 'The number of samples must be a whole number from 2 to 1000000, got 0.5.'],
    [{ functionId: 'leaky_relu', from: -1, to: 1 }, 'The number of samples must be a whole number from 2 to 1000000, got NaN.'],
    [{ functionId: 'softmax', from: -1, to: 1, n: 5 }, 'Unknown activation function "softmax".'],
    [{ functionId: 'relu', atKink: 'tf', from: -1, to: 1, n: 5 }, 'Unknown convention "tf" for the derivative at a kink.'],
  ];
  for (const [request, message] of bad) {
    const result = engine.sample(request);
    assert.equal(result.ok, false, JSON.stringify(request));
    assert.equal(result.message, message);
  }
});

test('kinks report both one-sided limits and each convention', () => {
  const { kinks } = engine.kinks({ functionId: 'leaky_relu', params: { alpha: 0.1 } });
  assert.deepEqual(kinks, [{ x: 0, fLeft: 0, fRight: 0, fAt: 0, dfLeft: 0.1, dfRight: 1, dfAt: { pytorch: 0.1, jax: 1, tensorflow: 0.1, pytorch_2_6: 0.1 } }]);
});

test('formulas are MathML with the parameter filled in', () => {
  const { mathml } = engine.formula({ functionId: 'leaky_relu', params: { alpha: 0.25 }, which: 'value' });
  assert.match(mathml, /^<math display="block">.*<mn>0\.25<\/mn>/);
  assert.equal(engine.formula({ functionId: 'leaky_relu', params: { alpha: 5 }, which: 'value' }).ok, false);
});

test('10,000 sampling calls neither allocate nor grow wasm memory', () => {
  const request = { functionId: 'leaky_relu', params: { alpha: 0.01 }, from: -10, to: 10, n: 20001 };
  engine.sample(request); // sizes the buffers for this n
  const bytes = engine.memoryBytes;
  const growths = engine.memoryGrowths;
  const allocations = engine.allocations;
  for (let i = 0; i < 10000; i += 1) {
    request.params.alpha = (i % 1000) / 1000;
    request.n = 20001 - (i % 3);
    assert.ok(engine.sample(request).ok);
    assert.ok(engine.kinks(request).ok);
  }
  assert.equal(engine.memoryBytes, bytes);
  assert.equal(engine.memoryGrowths, growths);
  assert.equal(engine.allocations, allocations, 'no wasm allocation in the update path');
});

test('heap views survive memory growth', () => {
  const before = engine.memoryGrowths;
  const big = engine.sample({ functionId: 'leaky_relu', params: { alpha: 0.5 }, from: -1, to: 1, n: 1_000_000 });
  assert.ok(big.ok);
  assert.ok(engine.memoryGrowths > before, 'a million points needs more memory than the start');
  assert.equal(big.x.length, 1_000_001, 'an even n misses x = 0, so the kink is added');
  assert.equal(big.f[0], -0.5);
  const small = engine.sample({ functionId: 'relu', from: -1, to: 1, n: 3 });
  assert.deepEqual(Array.from(small.f), [0, 0, 1]);
});

// Functions built only from + - * / and comparisons give identical doubles in wasm and
// natively; the others call libm (musl in wasm, glibc natively), whose last bits differ.
const LIBM_FREE = new Set(['leaky_relu', 'relu', 'hardtanh', 'relu6', 'hardsigmoid', 'hardswish', 'softsign', 'softshrink', 'hardshrink', 'heaviside']);

test('every catalog function agrees with the native build: bit for bit without libm, within 1e-14 with it', () => {
  for (const fn of engine.catalog.functions) {
    const request = { functionId: fn.id, from: -40, to: 40, n: 801 };
    const wasm = engine.sample(request);
    const expected = native(request);
    for (const key of ['x', 'f', 'df']) {
      if (LIBM_FREE.has(fn.id)) {
        assert.deepEqual(bits(wasm[key]), bits(expected[key]), `${fn.id} ${key}`);
        continue;
      }
      wasm[key].forEach((value, i) => {
        const want = expected[key][i];
        assert.ok(Math.abs(value - want) <= 1e-14 * Math.abs(want), `${fn.id} ${key}(${wasm.x[i]}) = ${value}, native ${want}`);
      });
    }
  }
});

test('f″ is returned on request, NaN exactly where it does not exist', () => {
  const s = engine.sample({ functionId: 'hardtanh', from: -2, to: 2, n: 5, second: true });
  assert.deepEqual(Array.from(s.x), [-2, -1, 0, 1, 2]);
  assert.deepEqual(Array.from(s.d2f), [0, NaN, 0, NaN, 0]);
  assert.equal(engine.sample({ functionId: 'tanh', from: -1, to: 1, n: 3 }).d2f, undefined);
});

test('borrowed samples are views of the engine buffers: the same numbers, no copy, overwritten by the next call', () => {
  const request = { functionId: 'leaky_relu', params: { alpha: 0.5 }, from: -1, to: 1, n: 5 };
  const copied = engine.sample(request);
  const borrowed = engine.sample({ ...request, borrow: true });
  assert.deepEqual(Array.from(borrowed.f), Array.from(copied.f));
  assert.ok(borrowed.f.buffer !== copied.f.buffer && borrowed.f.byteOffset > 0, 'a view into wasm memory');
  engine.sample({ ...request, params: { alpha: 0.25 } });
  assert.equal(borrowed.f[0], -0.25, 'the next call overwrites what was borrowed');
  assert.equal(copied.f[0], -0.5, 'a copy stays');
});
