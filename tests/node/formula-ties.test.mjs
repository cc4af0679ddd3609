// A typed formula's ties in a range through the explorer's wasm module (engine.kinks with from/to,
// ae_kinks_in): the native core's rows bit for bit, the grid of engine.sample passing through
// them, built-ins unchanged, the cap, and memory flat.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';

import { tiesRows, wasmBytes, webModule } from '../support/paths.mjs';

const { loadEngine } = await import(webModule('activation-engine.js'));
const engine = await loadEngine(wasmBytes());

const word = (v) => new BigUint64Array(new Float64Array([v]).buffer)[0].toString(16).padStart(16, '0');

// The native rows (tests/support/formula_ties_rows.cpp), each double as its bits.
function nativeTies(text, params, from, to) {
  const args = [text, String(from), String(to), ...Object.entries(params).map(([name, value]) => `${name}=${value}`)];
  const run = spawnSync(tiesRows, args, { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  return JSON.parse(run.stdout);
}

// A row as the engine gives it, in the ABI's order: the named fields, then f' per convention.
function wasmWords(kink) {
  const { fields } = engine.catalog.kinkRow;
  return [...fields.map((name) => word(kink[name])), ...engine.catalog.conventions.map((c) => word(kink.dfAt[c.id]))];
}

function registered(text, run) {
  const r = engine.registerFormula(text, { id: 'ties_test' });
  assert.ok(r.ok, r.message);
  try {
    return run(r.functionId);
  } finally {
    assert.ok(engine.unregisterFormula(r.functionId).ok);
  }
}

const CASES = [
  { text: 'max(0.01*x, x)', from: -10, to: 10 },
  { text: 'max(x, 0.01*x)', from: -10, to: 10 },
  { text: 'max(a*x, x)', params: { a: 0.2 }, from: -3, to: 5 },
  { text: 'clamp(x, 0, 6)', from: -10, to: 10 },
  { text: 'clamp(2*x, x - 1, x + 1)', from: -4, to: 4 },
  { text: 'abs(x - 1)', from: -10, to: 10 },
  { text: 'where(x >= 2, x, 0)', from: -10, to: 10 },
  { text: 'leaky_relu(2*x - 1, 0.2)', from: -10, to: 10 },
  { text: 'max(x^2, 2)', from: -3, to: 3 },
  { text: 'min(x, 1) - relu(x + 2) + sign(x - 0.3)', from: -5, to: 5 },
  { text: 'hardswish(x) + relu6(x/2)', from: -10, to: 14 },
  { text: 'abs(sin(x))', from: -100, to: 100 },
  { text: 'max(log(x), 0) * sqrt(abs(x - 2))', from: -1, to: 5 },
  { text: 'relu(x)^2', from: -10, to: 10 },
];

test('a formula\'s ties from the wasm module equal the native core\'s rows bit for bit', () => {
  for (const { text, params = {}, from, to } of CASES) {
    registered(text, (functionId) => {
      const wasm = engine.kinks({ functionId, params, from, to });
      assert.ok(wasm.ok, wasm.message);
      const native = nativeTies(text, params, from, to);
      assert.equal(wasm.found, native.found, `found, ${text}`);
      assert.deepEqual(wasm.kinks.map(wasmWords), native.rows, text);
    });
  }
});

test('max(0.01*x, x) has its tie at 0 with what each framework returns there', () => {
  registered('max(0.01*x, x)', (functionId) => {
    const { kinks, found } = engine.kinks({ functionId, from: -10, to: 10 });
    assert.equal(found, 1);
    assert.deepEqual(kinks, [{ x: 0, fLeft: 0, fRight: 0, fAt: 0, dfLeft: 0.01, dfRight: 1,
      dfAt: { pytorch: 0.505, jax: 0.505, tensorflow: 0.01, pytorch_2_6: 0.505 } }]);
    // Without a range a formula has no kinks (ae_kinks); outside the range, none either.
    assert.deepEqual(engine.kinks({ functionId }), { ok: true, kinks: [] });
    assert.deepEqual(engine.kinks({ functionId, from: 1, to: 2 }), { ok: true, kinks: [], found: 0 });
  });
});

test('the sampled grid passes through each tie with the convention\'s value there', () => {
  registered('clamp(x, lo, 6) + abs(x - 1/3)', (functionId) => {
    const params = { lo: -2.5 };
    const { kinks } = engine.kinks({ functionId, params, from: -4, to: 8 });
    assert.deepEqual(kinks.map((k) => k.x), [-2.5, 1 / 3, 6]);
    for (const { id: atKink } of engine.catalog.conventions) {
      const s = engine.sample({ functionId, params, atKink, from: -4, to: 8, n: 7 });
      assert.ok(s.ok, s.message);
      assert.equal(s.x.length, 7 + 2, 'the ties not on the grid are added (6 is a grid point)');
      for (const k of kinks) {
        const i = s.x.indexOf(k.x);
        assert.ok(i >= 0, `${k.x} is a sample`);
        assert.equal(s.df[i], k.dfAt[atKink]);
        assert.equal(s.f[i], k.fAt);
      }
    }
  });
});

test('a built-in\'s kinks ignore the range, as before', () => {
  const all = engine.kinks({ functionId: 'relu6' });
  assert.deepEqual(engine.kinks({ functionId: 'relu6', from: 1, to: 2 }), all);
  assert.equal(all.kinks.length, 2);
});

test('a periodic formula is capped at the module\'s maxRangeKinks and says how many it has', () => {
  registered('abs(sin(x))', (functionId) => {
    const result = engine.kinks({ functionId, from: -100, to: 100 });
    assert.equal(result.found, 63);
    assert.equal(result.kinks.length, 32);
    const s = engine.sample({ functionId, from: -100, to: 100, n: 2001 });
    assert.ok(s.ok, s.message);
    assert.ok(s.x.length > 2001 && s.x.length <= 2001 + 32);
  });
});

test('a bad range or parameter is named, and the ties of 500 ranges keep the memory flat', () => {
  registered('max(a*x, x)', (functionId) => {
    const empty = engine.kinks({ functionId, from: 2, to: -2 });
    assert.equal(empty.ok, false);
    assert.match(empty.message, /from < to/);
    assert.equal(engine.kinks({ functionId, from: Number.NaN, to: 1 }).ok, false);
    // Past a formula parameter's accepted range (±1e6; the slider's −10…10 widens to a typed value).
    const outside = engine.kinks({ functionId, params: { a: 2e6 }, from: -1, to: 1 });
    assert.equal(outside.ok, false);
    assert.match(outside.message, /a/);
    for (let i = 0; i < 20; i += 1) engine.kinks({ functionId, params: { a: i / 20 }, from: -1 - i, to: 1 + i });
    const bytes = engine.memoryBytes;
    for (let i = 0; i < 500; i += 1) assert.ok(engine.kinks({ functionId, params: { a: i / 500 }, from: -1 - i, to: 1 + i }).ok);
    assert.equal(engine.memoryBytes, bytes);
  });
});
