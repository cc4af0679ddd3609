// actviz train --expr / --versus-expr: a side of the lab typed as a formula trains with the
// formula's own kernels (the same numbers as the built-in it equals), its parameters set with
// --param / --versus-param, written to the export as {"fn": "expr", "expr": TEXT}; a bad formula
// is named with its column (exit 2).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

import { actviz } from '../support/paths.mjs';

const run = (...args) => spawnSync(actviz, args, { encoding: 'utf8' });
const rows = (stdout) => stdout.trim().split('\n').map((line) => line.split(','));

test('train --expr "leaky_relu(x, 0.01)" prints the same losses, dead units and summary numbers as --fn leaky_relu --param alpha=0.01', () => {
  const typed = run('train', '--preset', 'dying_relu', '--expr', 'leaky_relu(x, 0.01)', '--versus', 'relu', '--steps', '50');
  const built = run('train', '--preset', 'dying_relu', '--fn', 'leaky_relu', '--param', 'alpha=0.01', '--versus', 'relu', '--steps', '50');
  assert.equal(typed.status, 0, typed.stderr);
  assert.equal(built.status, 0, built.stderr);
  const [typedRows, builtRows] = [rows(typed.stdout), rows(built.stdout)];
  assert.equal(typedRows.length, 1 + 2 * 50);
  assert.deepEqual(typedRows.slice(1, 3).map((r) => r[1]), ['expr', 'relu'], 'the formula side is named expr in the CSV');
  const numbers = (r) => [r[0], ...r.slice(2)];
  assert.deepEqual(typedRows.map(numbers), builtRows.map(numbers), 'step, loss and dead units, row for row');
  // The sentence names each side its own way; every number in it is the same.
  const typedSentence = typed.stderr.replace('leaky_relu(x, 0.01)', 'LEAKY');
  const builtSentence = built.stderr.replace('Leaky ReLU (α = 0.01)', 'LEAKY');
  assert.match(typedSentence, /^After 50 steps: /);
  assert.equal(typedSentence, builtSentence);
});

test('--versus-expr trains the comparison side as a formula, --versus-param sets its parameters, and the export writes each as fn "expr" with its text', () => {
  const dir = mkdtempSync(join(tmpdir(), 'actviz-train-expr-'));
  try {
    const file = join(dir, 'run.json');
    const result = run('train', '--expr', 'max(0.01*x, x)', '--versus-expr', 'where(x >= 0, x, a*x)', '--versus-param', 'a=0.02',
      '--dataset', 'blobs', '--samples', '60', '--hidden', '4', '--steps', '5', '--export', file);
    assert.equal(result.status, 0, result.stderr);
    assert.deepEqual(rows(result.stdout).slice(1, 3).map((r) => r[1]), ['expr', 'expr2']);
    const exported = JSON.parse(readFileSync(file, 'utf8'));
    assert.equal(exported.format, 'activation-explorer-lab/2', 'an added key: the format stays');
    const [first, second] = exported.sides;
    assert.equal(first.fn, 'expr');
    assert.equal(first.expr, 'max(0.01*x, x)');
    assert.deepEqual(first.params, {});
    assert.equal(second.fn, 'expr');
    assert.equal(second.expr, 'where(x >= 0, x, a*x)');
    assert.deepEqual(second.params, { a: 0.02 });
    assert.equal(first.loss.length, 5);
    // The formula's tape as a program of ops (docs/lab.md), which the replay maps to torch ops.
    assert.deepEqual(Object.keys(first), ['fn', 'expr', 'program', 'params', 'at_kink', 'loss', 'dead', 'final']);
    assert.deepEqual(first.program.map((op) => op.op), ['constant', 'x', 'mul', 'x', 'max']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a tie reaches training: max(0.01*x, x) and where(x >= 0, x, 0.01*x) part once a pre-activation is exactly 0, unless TensorFlow gives max(x, 0.01*x) its tie', () => {
  // Biases start at 0 and the spiral has points at (0, 0): the first step has pre-activations of exactly 0.
  const losses = (expr, framework) => {
    const result = run('train', '--expr', expr, '--versus-expr', 'where(x >= 0, x, 0.01*x)', '--samples', '40', '--steps', '3', '--framework', framework);
    assert.equal(result.status, 0, result.stderr);
    const body = rows(result.stdout).slice(1);
    return [body.filter((r) => r[1] === 'expr').map((r) => r[2]), body.filter((r) => r[1] === 'expr2').map((r) => r[2])];
  };
  const [split, taken] = losses('max(0.01*x, x)', 'pytorch');
  assert.equal(split[0], taken[0], 'the same function before any update');
  assert.notEqual(split[2], taken[2], 'PyTorch splits the tie: f′(0) = 0.505 against where\'s 1');
  const [first, where] = losses('max(x, 0.01*x)', 'tensorflow');
  assert.deepEqual(first, where, 'TensorFlow gives the tie to the first argument, x: f′(0) = 1 as where');
  const [other, where2] = losses('max(0.01*x, x)', 'tensorflow');
  assert.notDeepEqual(other, where2, 'and to 0.01*x when it comes first');
});

test('a catalog side keeps its export as it was: no expr key', () => {
  const dir = mkdtempSync(join(tmpdir(), 'actviz-train-expr-'));
  try {
    const file = join(dir, 'run.json');
    const result = run('train', '--expr', 'x * sigmoid(x)', '--samples', '40', '--hidden', '3', '--steps', '2', '--export', file);
    assert.equal(result.status, 0, result.stderr);
    const [, versus] = JSON.parse(readFileSync(file, 'utf8')).sides;
    assert.equal(versus.fn, 'relu');
    assert.deepEqual(Object.keys(versus), ['fn', 'params', 'at_kink', 'loss', 'dead', 'final']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('docs/lab_replay_pytorch.py replays a formula side of a native export, and the catalog side', () => {
  const dir = mkdtempSync(join(tmpdir(), 'actviz-train-expr-'));
  try {
    const file = join(dir, 'run.json');
    const trained = run('train', '--expr', 'x * sigmoid(x)', '--dataset', 'blobs', '--samples', '60', '--hidden', '4', '--steps', '3', '--export', file);
    assert.equal(trained.status, 0, trained.stderr);
    const script = new URL('../../docs/lab_replay_pytorch.py', import.meta.url).pathname;
    const replayed = spawnSync('/usr/bin/python3', [script, file], { encoding: 'utf8' });
    assert.equal(replayed.status, 0, replayed.stderr);
    assert.match(replayed.stdout, /^'x \* sigmoid\(x\)': step 1 loss /m);
    assert.match(replayed.stdout, /^relu: step 1 loss /m);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a bad formula, a formula with --fn, and a formula before --preset are one line on stderr with exit status 2', () => {
  const cases = [
    [['--expr', 'x * sigmod(x)'], /^actviz: --expr 'x \* sigmod\(x\)': column 5: "sigmod" is not a function; did you mean sigmoid\?$/],
    [['--versus-expr', 'x +'], /^actviz: --versus-expr 'x \+': column 4: /],
    [['--expr', 'leaky_relu(x, a)', '--param', 'a=2'], /^actviz: --expr 'leaky_relu\(x, a\)': column 15: leaky_relu's parameter alpha: α must be between 0 and 1, got 2\.$/],
    [['--expr', 'x * sigmoid(a*x)', '--param', 'b=2'], /^actviz: --expr's formula has no parameter 'b' \(its parameters: a\)$/],
    [['--expr', 'x * a', '--param', 'a=2000000'], /^actviz: a must be between -1000000 and 1000000, got 2000000\.$/],
    [['--fn', 'relu', '--expr', 'x'], /^actviz: --fn and --expr each choose the side under study: give one of them$/],
    [['--versus-expr', 'x', '--versus', 'elu'], /^actviz: --versus and --versus-expr each choose the comparison side: give one of them$/],
    [['--expr', 'x', '--preset', 'dying_relu'], /^actviz: --preset sets both sides, so it comes before --expr: give --preset first$/],
  ];
  for (const [args, pattern] of cases) {
    const { status, stderr, stdout } = run('train', ...args);
    assert.equal(status, 2, args.join(' '));
    assert.equal(stdout, '', args.join(' '));
    assert.match(stderr.trim(), pattern, args.join(' '));
    assert.equal(stderr.trim().split('\n').length, 1, args.join(' '));
  }
});

test('train --help lists --expr and --versus-expr', () => {
  const help = run('train', '--help');
  assert.equal(help.status, 0);
  assert.match(help.stdout, /^ {2}--expr TEXT +the side under study as a formula in x instead of --fn/m);
  assert.match(help.stdout, /^ {2}--versus-expr TEXT +the comparison side as a formula in x instead of --versus/m);
});
