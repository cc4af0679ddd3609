// A typed formula in the explorer's wasm module, through web/activation-engine.js
// (registerFormula, unregisterFormula): the native CLI's numbers bit for bit, errors named with
// their column, the catalog following the registry, memory flat over many registrations.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

import { actviz, wasmBytes, webModule } from '../support/paths.mjs';

const { ActivationEngine, loadEngine, instantiateModule } = await import(webModule('activation-engine.js'));
const { readAbi } = await import(webModule('engine/wasm-boundary.js'));
const engine = await loadEngine(wasmBytes());
// The status codes by name, from the module's own table.
const { statuses } = readAbi((await instantiateModule(wasmBytes())).exports);
const torch = JSON.parse(readFileSync(new URL('../reference/formula_torch_values.json', import.meta.url), 'utf8'));

// The CSV writes float64 with 17 significant digits, bfloat16 and float16 as exact decimals, and
// float32 in its shortest round-trip form, which reads back exactly through Math.fround. NaN's
// sign does not survive the text (nan, inf and -inf are words), so NaN reads as one word.
const word = (v) => (Number.isNaN(v) ? 'nan' : new BigUint64Array(new Float64Array([v]).buffer)[0].toString(16));
const words = (values) => Array.from(values, word);

function nativeCsv(text, params, { dtype, atKink, from, to, n }) {
  const args = ['sample', '--expr', text, '--from', String(from), '--to', String(to), '--n', String(n), '--dtype', dtype,
    '--framework', atKink, '--second'];
  for (const [name, value] of Object.entries(params)) args.push('--param', `${name}=${value}`);
  const run = spawnSync(actviz, args, { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  const [header, ...rows] = run.stdout.trim().split('\n');
  assert.equal(header, 'x,f,df,d2f');
  const number = (text) => ({ inf: Infinity, '-inf': -Infinity, nan: NaN })[text] ?? Number(text);
  const read = dtype === 'float32' ? (text) => Math.fround(number(text)) : number;
  const columns = rows.map((row) => row.split(',').map(read));
  return Object.fromEntries(['x', 'f', 'df', 'd2f'].map((key, i) => [key, columns.map((c) => c[i])]));
}

// Formulas from the PyTorch reference file (ties of max, min, clamp, abs and where; pow; a
// parameter; catalog calls with their kinks), so none is typed here.
const PICKED = ['max(0.01*x, x)', 'max(x, 0.01*x)', 'clamp(x, 0, 6)', 'abs(x)', 'relu(x)^2', 'x * sigmoid(x)',
  'x + sin(a*x)^2/a', 'where(x > 0, sqrt(x), 0)', 'pow(abs(x) + 0.5, x)', 'erf(x / sqrt(2))', 'softplus(x)',
  'b * x^2 - pi * e / 10',
  'clamp(2*x, x - 1, x + 1)', 'leaky_relu(2*x - 1, 0.2)', 'elu(x, 0.5) * x', 'softplus(x, 1, 5)', 'hardswish(x)'];
// Where the native build differs today, marked todo until the core is fixed: tanhshrink's f''
// (the catalog's own, sampled with --fn too) differs in its last bit at x = ±0.625.
const NATIVE_DIFFERS = ['logsigmoid(x) + tanhshrink(x)'];
const references = [...torch.formulas, ...torch.catalog_formulas];
const fromReferences = (texts) => texts.map((text) => {
  const found = references.find((r) => r.formula === text);
  assert.ok(found, `${text} is in formula_torch_values.json`);
  return found;
});
const picked = fromReferences(PICKED);

// The reference grid, -3...3 by 0.25 (every tie), and a wide one that reaches softplus's threshold.
const GRIDS = [{ from: -3, to: 3, n: 25 }, { from: -25, to: 25, n: 81 }];

function expectNativeBits(formulas) {
  for (const { formula: text, params } of formulas) {
    const registered = engine.registerFormula(text);
    assert.ok(registered.ok, registered.message);
    try {
      for (const { id: dtype } of engine.catalog.dtypes) {
        for (const { id: atKink } of engine.catalog.conventions) {
          for (const grid of GRIDS) {
            const wasm = engine.sample({ functionId: registered.functionId, params, atKink, dtype, ...grid, second: true });
            assert.ok(wasm.ok, wasm.message);
            const native = nativeCsv(text, params, { dtype, atKink, ...grid });
            for (const key of ['x', 'f', 'df', 'd2f']) {
              assert.deepEqual(words(wasm[key]), words(native[key]), `${key} of ${text}, ${dtype}, ${atKink}, ${JSON.stringify(grid)}`);
            }
          }
        }
      }
    } finally {
      assert.ok(engine.unregisterFormula(registered.functionId).ok);
    }
  }
}

test('formulas sampled in wasm equal actviz sample --expr bit for bit in every dtype and convention', () => {
  expectNativeBits(picked);
});

test('tanhshrink\'s f\'\' in a formula equals the native build bit for bit',
  { todo: 'the native GCC build differs (see NATIVE_DIFFERS)' }, () => {
    expectNativeBits(fromReferences(NATIVE_DIFFERS));
  });

test('a registered formula is in the catalog with its parameters, and leaves it when unregistered', () => {
  const before = engine.catalog.functions.length;
  const registered = engine.registerFormula('x * sigmoid(b * x)');
  assert.ok(registered.ok, registered.message);
  assert.equal(registered.functionId, 'expr');
  assert.deepEqual(registered.parameters.map((p) => p.id), ['b']);
  assert.equal(engine.catalog.functions.length, before + 1);
  assert.deepEqual(engine.functionSpec('expr').parameters, registered.parameters);
  const kinks = engine.kinks({ functionId: 'expr', params: { b: 2 } });
  assert.deepEqual(kinks, { ok: true, kinks: [] });
  const mathml = engine.formula({ functionId: 'expr', which: 'value' });
  assert.ok(mathml.ok && mathml.mathml.includes('<mi>σ</mi>') && mathml.mathml.includes('<mn>1</mn>'), mathml.message);
  assert.ok(engine.unregisterFormula('expr').ok);
  assert.equal(engine.catalog.functions.length, before);
  assert.equal(engine.functionSpec('expr'), undefined);
  assert.equal(engine.sample({ functionId: 'expr', from: -1, to: 1, n: 3 }).ok, false);
});

test('formulas are sampled by their handle, not their place in the catalog', () => {
  // Removing the first leaves the second at the first's place in the list, under its own handle.
  const first = engine.registerFormula('x^2', { id: 'first' });
  const second = engine.registerFormula('x^3', { id: 'second' });
  assert.ok(first.ok && second.ok);
  assert.ok(engine.unregisterFormula('first').ok);
  const s = engine.sample({ functionId: 'second', from: -2, to: 2, n: 5 });
  assert.ok(s.ok, s.message);
  assert.deepEqual(Array.from(s.f), [-8, -1, 0, 1, 8]);
  const again = engine.registerFormula('x^2', { id: 'first' });
  assert.ok(again.ok);
  assert.ok(again.handle > second.handle, 'a handle is never reused');
  assert.deepEqual(Array.from(engine.sample({ functionId: 'first', from: -2, to: 2, n: 5 }).f), [4, 1, 0, 1, 4]);
  assert.ok(engine.unregisterFormula('first').ok && engine.unregisterFormula('second').ok);
});

test('a bad formula is refused with a message naming its column, and the catalog stays', () => {
  const catalog = engine.catalog;
  const bad = engine.registerFormula('x * sigmod(x)');
  assert.deepEqual(bad, { ok: false, status: statuses.formulaInvalid, message: 'column 5: "sigmod" is not a function; did you mean sigmoid?' });
  const open = engine.registerFormula('max(x, 0');
  assert.equal(open.ok, false);
  assert.match(open.message, /^column \d+: /);
  assert.equal(engine.catalog, catalog, 'the catalog is not even re-read');
  // A text longer than the core takes is named by the core.
  assert.match(engine.registerFormula('x'.repeat(5000)).message, /1,?000/);
  assert.equal(engine.registerFormula('relu(x)', { id: 'relu' }).ok, false, 'an id in use is refused');
  // The module reads a C string: a NUL would cut the formula short (x\0*2 drew x), so it is named.
  assert.deepEqual(engine.registerFormula('x\0*2'),
    { ok: false, status: statuses.formulaInvalid, message: 'column 2: a NUL character cannot be part of a formula.' });
});

test('unregistering a built-in or an unknown id is refused and keeps it', () => {
  const refused = engine.unregisterFormula('relu');
  assert.equal(refused.ok, false);
  assert.match(refused.message, /built-in function "relu" cannot be removed/);
  assert.ok(engine.functionSpec('relu'));
  assert.ok(engine.sample({ functionId: 'relu', from: -1, to: 1, n: 3 }).ok);
  assert.equal(engine.unregisterFormula('no_such_formula').ok, false);
});

test('registering and unregistering a formula 1,000 times keeps the memory flat', () => {
  const cycle = (i) => {
    const r = engine.registerFormula(`x * sigmoid(${(i % 7) + 1} * x) + a`);
    assert.ok(r.ok, r.message);
    assert.ok(engine.sample({ functionId: r.functionId, params: { a: 0.5 }, from: -4, to: 4, n: 201, second: true }).ok);
    assert.ok(engine.unregisterFormula(r.functionId).ok);
  };
  for (let i = 0; i < 50; i += 1) cycle(i);  // warm-up: the scratch buffers and the registry's vectors
  const bytes = engine.memoryBytes;
  const growths = engine.memoryGrowths;
  for (let i = 0; i < 1000; i += 1) cycle(i);
  assert.equal(engine.memoryBytes, bytes);
  assert.equal(engine.memoryGrowths, growths);
});

test('after a trap the fresh instance has the registered formulas again', async () => {
  // ae_sample traps once when asked, as a bug in the module would.
  const module = await instantiateModule(wasmBytes());
  let trapNext = false;
  const withTrap = (exports) => ({
    ...exports,
    ae_sample: (...args) => {
      if (!trapNext) return exports.ae_sample(...args);
      trapNext = false;
      throw new WebAssembly.RuntimeError('unreachable');
    },
  });
  const own = new ActivationEngine(withTrap(module.exports), module.growths, () => withTrap(module.fresh()));
  assert.ok(own.registerFormula('x^2 * a').ok);
  trapNext = true;
  const trapped = own.sample({ functionId: 'expr', params: { a: 2 }, from: -2, to: 2, n: 5 });
  assert.equal(trapped.stopped, true);
  const again = own.sample({ functionId: 'expr', params: { a: 2 }, from: -2, to: 2, n: 5 });
  assert.ok(again.ok, again.message);
  assert.deepEqual(Array.from(again.f), [8, 2, 0, 2, 8]);
  assert.deepEqual(own.functionSpec('expr').parameters.map((p) => p.id), ['a']);
  assert.ok(own.unregisterFormula('expr').ok);
});

// Issue 19: deep nesting must not overflow the stack in wasm either (a trap would leave the
// instance unusable): within the 1,000-character limit, every kind of nesting past the depth
// limit is refused by name, and the same engine still samples afterwards.
test('nesting past the limit is refused in wasm, the engine keeps working', () => {
  const bombs = ['('.repeat(499) + 'x' + ')'.repeat(499), '-'.repeat(999) + 'x', '2^'.repeat(499) + 'x',
    'exp('.repeat(199) + 'x' + ')'.repeat(199), 'max(x, '.repeat(120) + 'x' + ')'.repeat(120)];
  for (const text of bombs) {
    assert.ok(text.length <= 1000, `${text.slice(0, 8)}… fits the length limit`);
    const refused = engine.registerFormula(text, { id: 'deep' });
    assert.equal(refused.ok, false, `${text.slice(0, 8)}… is refused`);
    assert.match(refused.message, /nests deeper than 64/);
  }
  const deepest = '('.repeat(63) + 'x' + ')'.repeat(63);
  assert.ok(engine.registerFormula(deepest, { id: 'deep' }).ok, '63 parentheses are within the limit');
  assert.deepEqual(Array.from(engine.sample({ functionId: 'deep', from: -1, to: 1, n: 3 }).f), [-1, 0, 1]);
  assert.ok(engine.unregisterFormula('deep').ok);
});
