// actviz sample --expr: a formula on the same grid and in the same CSV as --fn, its parameters
// set with --param, a bad formula named with its column (exit 2); --second adds f'' (d2f).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

import { actviz } from '../support/paths.mjs';

const run = (...args) => spawnSync(actviz, args, { encoding: 'utf8' });
const catalog = JSON.parse(run('list', '--json').stdout);
const torch = JSON.parse(readFileSync(new URL('../reference/formula_torch_values.json', import.meta.url), 'utf8'));
const decode = (v) => (v === 'nan' ? NaN : v === 'inf' ? Infinity : v === '-inf' ? -Infinity : v);
// The CSV writes nan, inf and -inf as the JSON's strings do.
const column = (stdout, index) => stdout.trim().split('\n').slice(1).map((row) => Number(decode(row.split(',')[index])));

// The JSON's grid is -3...3 by 0.25, then 6, 19.5, 20.5: its first 25 points are this linspace.
const torchGrid = ['--from', '-3', '--to', '3', '--n', '25'];

const expectClose = (actual, expected, what) => {
  assert.equal(actual.length, expected.length, what);
  actual.forEach((a, i) => {
    const e = decode(expected[i]);
    if (Number.isNaN(e)) assert.ok(Number.isNaN(a), `${what}[${i}]: ${a}`);
    else if (e === 0 || !Number.isFinite(e)) assert.ok(a === e, `${what}[${i}]: ${a} against ${e}`); // 0 and -0 alike, as in C++
    else assert.ok(Math.abs(a - e) <= 1e-12 * Math.max(Math.abs(e), 0.01), `${what}[${i}]: ${a} against ${e}`);
  });
};

test('sample --expr "leaky_relu(x, 0.1)" prints the catalog\'s CSV byte for byte in every dtype and framework', () => {
  for (const { id: dtype } of catalog.dtypes) {
    for (const { id: framework } of catalog.conventions) {
      const grid = ['--from', '-3', '--to', '3', '--n', '13', '--dtype', dtype, '--framework', framework];
      const typed = run('sample', '--expr', 'leaky_relu(x, 0.1)', ...grid);
      const built = run('sample', '--fn', 'leaky_relu', '--param', 'alpha=0.1', ...grid);
      assert.equal(typed.status, 0, typed.stderr);
      assert.equal(typed.stdout, built.stdout, `${dtype}, ${framework}`);
      assert.match(typed.stdout, /^0,0,/m, 'the grid holds the kink');
    }
  }
  // A formula parameter, on the default grid (-10...10, 201 points).
  assert.equal(run('sample', '--expr', 'leaky_relu(x, a)', '--param', 'a=0.2').stdout, run('sample', '--fn', 'leaky_relu', '--param', 'alpha=0.2').stdout);
});

test('max(x, 0) is ReLU but at its tie, where PyTorch gives 0.5 and TensorFlow 1', () => {
  const grid = ['--from', '-1', '--to', '1', '--n', '5'];
  const relu = run('sample', '--fn', 'relu', ...grid).stdout.trim().split('\n');
  for (const [framework, tie] of [['pytorch', '0.5'], ['jax', '0.5'], ['tensorflow', '1']]) {
    const typed = run('sample', '--expr', 'max(x, 0)', ...grid, '--framework', framework).stdout.trim().split('\n');
    assert.deepEqual(typed.filter((_, i) => i !== 3), relu.filter((_, i) => i !== 3), framework);
    assert.equal(typed[3], `0,0,${tie}`, framework);
  }
});

test('a bad formula is named with its column on stderr, exit status 2, nothing on stdout', () => {
  const cases = [
    [['--expr', 'x * sigmod(x)'], /^actviz: --expr 'x \* sigmod\(x\)': column 5: "sigmod" is not a function; did you mean sigmoid\?\n$/],
    [['--expr', 'leaky_relu(x, 0.1, 3)'], /column 20: leaky_relu takes x and at most 1 parameter \(alpha\), got 3\n$/],
    [['--expr', 'leaky_relu(x, 1.5)'], /column 15: leaky_relu's parameter alpha: α must be between 0 and 1, got 1\.5\.\n$/],
    [['--expr', 'leaky_relu(x, a)', '--param', 'a=3'], /^actviz: --expr 'leaky_relu\(x, a\)': column 15: leaky_relu's parameter alpha: α must be between 0 and 1, got 3\.\n$/],
    [['--expr', '(x + 1'], /column 7: expected "\)" to close the "\(" at column 1\n$/],
    [['--expr', ''], /the formula is empty/],
    [['--expr', 'x * a', '--param', 'b=2'], /the formula has no parameter 'b' \(its parameters: a\)\n$/],
    [['--expr', 'x', '--fn', 'relu'], /--fn and --expr each choose the function: give one of them\n$/],
  ];
  for (const [args, message] of cases) {
    const result = run('sample', ...args);
    assert.equal(result.status, 2, args.join(' '));
    assert.equal(result.stdout, '', args.join(' '));
    assert.match(result.stderr, message, args.join(' '));
  }
});

test('the grid\'s checks and messages are --fn\'s', () => {
  const typed = run('sample', '--expr', 'x', '--from', '1', '--to', '1');
  assert.equal(typed.status, 2);
  assert.equal(typed.stderr, run('sample', '--fn', 'relu', '--from', '1', '--to', '1').stderr);
  assert.equal(run('sample', '--expr', 'x^2', '--n', '2000000').stderr, run('sample', '--fn', 'relu', '--n', '2000000').stderr);
});

test('--second adds a d2f column: a formula\'s is PyTorch 1.13\'s double backward (formula_torch_values.json)', () => {
  const checked = [];
  for (const [key, framework] of [['formulas', 'pytorch'], ['catalog_formulas', 'pytorch_2_6']]) {
    for (const entry of torch[key]) {
      const params = Object.entries(entry.params).flatMap(([name, value]) => ['--param', `${name}=${value}`]);
      const result = run('sample', '--expr', entry.formula, ...params, ...torchGrid, '--framework', framework, '--second');
      assert.equal(result.status, 0, `${entry.formula}: ${result.stderr}`);
      assert.equal(result.stdout.split('\n')[0], 'x,f,df,d2f');
      expectClose(column(result.stdout, 1), entry.f.slice(0, 25), `${entry.formula} f`);
      expectClose(column(result.stdout, 2), entry.df.slice(0, 25), `${entry.formula} df`);
      expectClose(column(result.stdout, 3), entry.d2f.slice(0, 25), `${entry.formula} d2f`);
      checked.push(entry.formula);
    }
  }
  assert.ok(checked.includes('leaky_relu(2*x - 1, 0.2)') && checked.includes('relu(x)^2') && checked.length >= 50, checked.join('; '));
});

test('--second for a catalog function prints the catalog\'s f″: SiLU\'s and Softplus\'s are PyTorch\'s double backward', () => {
  for (const [fn, formula] of [['silu', 'x * sigmoid(x)'], ['softplus', 'softplus(x)']]) {
    const entry = torch.formulas.find((e) => e.formula === formula);
    const result = run('sample', '--fn', fn, ...torchGrid, '--second');
    assert.equal(result.status, 0, result.stderr);
    expectClose(column(result.stdout, 3), entry.d2f.slice(0, 25), `${fn} d2f`);
  }
  // Where f'' does not exist the catalog says so (NaN); PyTorch's double backward of the formula gives 0.
  const kink = (args) => run('sample', ...args, '--from', '-1', '--to', '1', '--n', '3', '--second').stdout.trim().split('\n')[2];
  assert.equal(kink(['--fn', 'leaky_relu']), '0,0,0.01,nan');
  assert.equal(kink(['--expr', 'leaky_relu(x)']), '0,0,0.01,0');
  // Below float64 the catalog's f'' stays exact; the formula's is rounded like every operation.
  const silu = (args) => run('sample', ...args, '--from', '0.3', '--to', '1', '--n', '2', '--dtype', 'bfloat16', '--second').stdout.trim().split('\n')[1].split(',')[3];
  assert.notEqual(silu(['--fn', 'silu']), silu(['--expr', 'silu(x)']));
  assert.equal(Number(silu(['--expr', 'silu(x)'])), Math.fround(Number(silu(['--expr', 'silu(x)']))));
});

test('sample --help documents --expr and --second', () => {
  const help = run('sample', '--help').stdout;
  assert.match(help, /^ {2}--expr TEXT +a formula in x instead of --fn/m);
  assert.match(help, /^ {2}--second +add a d2f column/m);
  assert.match(help, /actviz sample --expr 'x \* sigmoid\(b\*x\)'/);
});
