// actviz: the catalog as JSON (list --json), samples as CSV at full precision, bad arguments as exit 2.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';

import { actviz } from '../support/paths.mjs';

const run = (...args) => spawnSync(actviz, args, { encoding: 'utf8' });

test('list --json prints the catalog as JSON', () => {
  const { status, stdout } = run('list', '--json');
  assert.equal(status, 0);
  const catalog = JSON.parse(stdout);
  assert.ok(catalog.functions.some((f) => f.id === 'leaky_relu'));
  assert.deepEqual(catalog.conventions.map((c) => c.id), ['pytorch', 'jax', 'tensorflow', 'pytorch_2_6']);
  assert.deepEqual(catalog.kinkRow, { fields: ['x', 'fLeft', 'fRight', 'fAt', 'dfLeft', 'dfRight'], dfAtOffset: 6, stride: 10 });
});

test('--version prints the one version number of the project (VERSION)', async () => {
  const { readFileSync } = await import('node:fs');
  const version = readFileSync(new URL('../../VERSION', import.meta.url), 'utf8').trim();
  const { status, stdout } = run('--version');
  assert.equal(status, 0);
  assert.equal(stdout, `actviz ${version}\n`);
  assert.equal(JSON.parse(run('list', '--json').stdout).version, version, 'the catalog carries it to the page');
});

test('sample prints x,f,df with up to 17 significant digits, enough to read back every double', () => {
  const { status, stdout } = run('sample', '--fn', 'leaky_relu', '--param', 'alpha=0.1353352832366127', '--from', '-10', '--to', '10', '--n', '3');
  assert.equal(status, 0);
  assert.deepEqual(stdout.trim().split('\n'), ['x,f,df', '-10,-1.353352832366127,0.1353352832366127', '0,0,0.1353352832366127', '10,10,1']);
});

test('the JAX convention takes 1 at the kink', () => {
  const { stdout } = run('sample', '--fn', 'leaky_relu', '--from', '-1', '--to', '1', '--n', '3', '--at-kink', 'jax');
  assert.equal(stdout.trim().split('\n')[2], '0,0,1');
});

test('--framework picks the release: Hardswish′(3) is 1 in PyTorch 2.7 and later, 3/2 before', () => {
  const at3 = (framework) => run('sample', '--fn', 'hardswish', '--from', '2', '--to', '4', '--n', '3', '--framework', framework).stdout.trim().split('\n')[2];
  assert.equal(at3('pytorch'), '3,3,1');
  assert.equal(at3('pytorch_2_6'), '3,3,1.5');
  assert.equal(at3('jax'), '3,3,1');
  assert.equal(at3('tensorflow'), '3,3,1');
  const selu0 = (framework) => Number(run('sample', '--fn', 'selu', '--from', '-1', '--to', '1', '--n', '3', '--framework', framework).stdout.trim().split('\n')[2].split(',')[2]);
  assert.equal(selu0('tensorflow'), 1.0507009873554805, 'TensorFlow: SELU′(0) = λ');
  assert.equal(selu0('pytorch'), 1.0507009873554805 * 1.6732632423543772, 'PyTorch: λα');
});

test('--dtype prints what the kernel returns in that dtype, each value read back exactly', () => {
  // bfloat16 rounds the points to 3.40625, 3.453125 and 3.5, printed as the exact decimals a
  // float64 reader (pandas) gets back exactly, not bfloat16's shortest 3.4 and 0.996; Tanh's
  // output rounds to 1 from 3.46875 on.
  const rows = run('sample', '--fn', 'tanh', '--dtype', 'bfloat16', '--from', '3.41', '--to', '3.5', '--n', '3').stdout.trim().split('\n');
  assert.deepEqual(rows, ['x,f,df', '3.40625,0.99609375,0.0078125', '3.453125,0.99609375,0.0078125', '3.5,1,0'], 'as torch.tanh on bfloat16 gives');
  const float16 = run('sample', '--fn', 'relu', '--dtype', 'float16', '--from', '7.125', '--to', '10', '--n', '2').stdout.trim().split('\n');
  assert.deepEqual(float16, ['x,f,df', '7.125,7.125,1', '10,10,1'], 'not 7.12 and 1e+01');
  for (const row of [...rows.slice(1), ...float16.slice(1)]) {
    for (const text of row.split(',')) assert.equal(String(Number(text)), text, `${text} reads back as itself in float64`);
  }
  const float32 = run('sample', '--fn', 'sigmoid', '--dtype', 'float32', '--from', '17', '--to', '18', '--n', '2').stdout.trim().split('\n');
  assert.deepEqual(float32, ['x,f,df', '17,1,0', '18,1,0'], 'in float32 σ rounds to 1 and y(1 − y) is 0');
  const float64 = run('sample', '--fn', 'sigmoid', '--from', '17', '--to', '18', '--n', '2').stdout.trim().split('\n');
  assert.ok(Number(float64[1].split(',')[2]) > 0, 'float64 (the default) keeps the exact derivative');
});

test('saturation gives the tails where f′ is exactly 0, as PyTorch measured them', () => {
  const tails = JSON.parse(run('saturation', '--fn', 'tanh', '--dtype', 'bfloat16').stdout);
  assert.deepEqual(tails, { dfZeroUpTo: -3.46875, dfZeroFrom: 3.46875, fConstantUpTo: -3.46875, fLeft: -1, fConstantFrom: 3.46875, fRight: 1 });
  const sigmoid = JSON.parse(run('saturation', '--fn', 'sigmoid', '--dtype', 'bfloat16').stdout);
  assert.equal(sigmoid.dfZeroFrom, 6.25);
  assert.equal(JSON.parse(run('saturation', '--fn', 'leaky_relu', '--dtype', 'float32').stdout).dfZeroUpTo, null, 'Leaky ReLU never stops');
  // Where PyTorch's answer depends on the tensor's path, the other path and its source.
  const gelu = JSON.parse(run('saturation', '--fn', 'gelu', '--dtype', 'float32').stdout);
  assert.equal(gelu.dfZeroUpTo, -6.1513515, "oneDNN's batch path");
  assert.match(gelu.pathNote, /oneDNN.*one-element tensor.*Activation\.cpp/);
});

test('bad arguments give one line on stderr and exit 2', () => {
  const cases = [
    [['sample', '--fn', 'nope'], /unknown function 'nope'/],
    [['sample', '--fn', 'relu', '--from', 'abc'], /--from takes a number, got 'abc'/],
    [['sample', '--fn', 'relu', '--from', '3', '--to', '1'], /from < to/],
    [['sample', '--fn', 'relu', '--n', '2.5'], /--n takes a whole number/],
    [['sample', '--fn', 'leaky_relu', '--param', 'beta=1'], /no parameter 'beta'/],
    [['sample', '--fn', 'leaky_relu', '--param', 'alpha=7'], /between 0 and 1/],
    [["sample", "--fn", "relu", "--at-kink", "mxnet"], /--at-kink takes one of pytorch, jax, tensorflow or pytorch_2_6, got .mxnet./],
    [['sample', '--fn'], /missing value after --fn/],
    [['sample', '--fn', 'relu', '--dtype', 'float8'], /--dtype takes one of float64, float32, bfloat16 or float16, got .float8./],
    [['sample', '--fn', 'relu', '--dtype', 'float16', '--from', '-1e5'], /In float16 the x-range must lie within ±65504/],
    [['saturation', '--fn', 'tanh', '--dtype', 'float64'], /float32, bfloat16 and float16 only/],
    [['frobnicate'], /usage: actviz list \| actviz --version/],
  ];
  for (const [args, pattern] of cases) {
    const { status, stderr, stdout } = run(...args);
    assert.equal(status, 2, args.join(' '));
    assert.match(stderr, pattern);
    assert.equal(stderr.trim().split('\n').length, 1);
    assert.equal(stdout, '');
  }
});
