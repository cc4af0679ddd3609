// actviz train: the dead-neuron lab on the command line. CSV per step and side, one seed one
// run, the export's fields as docs/lab.md documents them, and every bad flag named.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

import { actviz } from '../support/paths.mjs';

const run = (...args) => spawnSync(actviz, args, { encoding: 'utf8' });
const csv = (text) => text.trim().split('\n').map((line) => line.split(','));

// The born_dead preset (cpp/lab/presets.cpp) as flags: ReLU units start dead under a negative initial bias, Leaky ReLU's don't.
const PRESET = ['train', '--dataset', 'circles', '--hidden', '32,32,32', '--fn', 'leaky_relu', '--param', 'alpha=0.1', '--versus', 'relu',
  '--optimizer', 'adam', '--lr', '0.01', '--batch', '16', '--steps', '400', '--seed', '3', '--init', 'negative_bias'];

test('train prints step, side, loss and the dead units of each hidden layer, twice the same for one seed', () => {
  const first = run('train', '--hidden', '16,8', '--steps', '20', '--seed', '11');
  assert.equal(first.status, 0, first.stderr);
  const rows = csv(first.stdout);
  assert.deepEqual(rows[0], ['step', 'side', 'loss', 'dead_1', 'dead_2']);
  assert.equal(rows.length, 1 + 2 * 20);
  assert.deepEqual(rows.slice(1, 3).map((r) => r.slice(0, 2)), [['1', 'leaky_relu'], ['1', 'relu']]);
  for (const r of rows.slice(1)) {
    assert.ok(Number(r[2]) > 0 && Number.isFinite(Number(r[2])), `loss ${r[2]}`);
    assert.ok(Number(r[3]) >= 0 && Number(r[3]) <= 16 && Number(r[4]) >= 0 && Number(r[4]) <= 8);
  }
  assert.equal(run('train', '--hidden', '16,8', '--steps', '20', '--seed', '11').stdout, first.stdout, 'one seed, one run');
  assert.notEqual(run('train', '--hidden', '16,8', '--steps', '20', '--seed', '12').stdout, first.stdout);
});

test('the born-dead preset: ReLU loses most units and stalls at ln 2, Leaky ReLU (α = 0.1) keeps all and learns', () => {
  const result = run(...PRESET);
  assert.equal(result.status, 0, result.stderr);
  const rows = csv(result.stdout);
  const [leaky, relu] = rows.slice(-2);
  assert.equal(leaky[1], 'leaky_relu');
  assert.deepEqual(leaky.slice(3).map(Number), [0, 0, 0], 'f′ = α is never 0');
  const reluDead = relu.slice(3).map(Number);
  assert.ok(reluDead.reduce((a, b) => a + b) >= 48, `ReLU dead per layer ${reluDead}`);
  assert.ok(Number(relu[2]) > 0.69 && Number(relu[2]) < 0.7, `ReLU's loss ${relu[2]} stays at ln 2`);
  assert.ok(Number(leaky[2]) < 0.05, `Leaky ReLU's loss ${leaky[2]}`);
});

test('--export writes the run: data, initial layers, the batch order as seed and shuffle rule, optimiser and per side losses, dead units, final weights', () => {
  const dir = mkdtempSync(join(tmpdir(), 'actviz-train-'));
  try {
    const file = join(dir, 'run.json');
    const result = run('train', '--dataset', 'blobs', '--samples', '90', '--hidden', '6', '--optimizer', 'adam', '--lr', '0.02', '--batch', '32',
      '--steps', '7', '--export', file);
    assert.equal(result.status, 0, result.stderr);
    const exported = JSON.parse(readFileSync(file, 'utf8'));
    assert.equal(exported.data.x.length, 90);
    assert.equal(exported.data.y.length, 90);
    assert.ok(exported.data.y.every((c) => [0, 1, 2].includes(c)));
    assert.deepEqual(exported.layers.map((l) => [l.W.length, l.W[0].length, l.b.length]), [[6, 2, 6], [3, 6, 3]], 'W is [out][in]');
    assert.equal(exported.format, 'activation-explorer-lab/2');
    assert.equal(exported.steps, 7);
    // The batches as the rule that regenerates them from the seed (docs/lab.md), not 7 lists of indices;
    // tests/node/lab-replay.test.mjs replays an export by that rule in PyTorch.
    assert.deepEqual(exported.shuffle, { rule: 'pcg32-fisher-yates', stream: 3 });
    assert.equal(exported.batches, undefined);
    assert.deepEqual(exported.optimizer, { name: 'adam', lr: 0.02, beta1: 0.9, beta2: 0.999, eps: 1e-8 });
    assert.equal(exported.loss, 'cross_entropy');
    const rows = csv(result.stdout).slice(1);
    exported.sides.forEach((side, s) => {
      assert.deepEqual(side.loss, rows.filter((_, i) => i % 2 === s).map((r) => Number(r[2])), 'the CSV and the export agree');
      assert.equal(side.dead.length, 7);
      assert.equal(side.final.length, 2);
      assert.equal(side.at_kink, 'pytorch');
    });
    assert.deepEqual(exported.sides.map((s) => [s.fn, s.params]), [['leaky_relu', { alpha: 0.01 }], ['relu', {}]]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a default is never refused: with 20 samples and no --batch, the default batch (32) is capped at 20', () => {
  const dir = mkdtempSync(join(tmpdir(), 'actviz-train-'));
  try {
    const file = join(dir, 'run.json');
    const result = run('train', '--samples', '20', '--steps', '3', '--export', file);
    assert.equal(result.status, 0, result.stderr);
    assert.equal(csv(result.stdout).length, 1 + 2 * 3);
    assert.equal(JSON.parse(readFileSync(file, 'utf8')).batch, 20);
    // The same run as with --batch 20 written out; an explicit batch above the samples is still refused.
    assert.equal(run('train', '--samples', '20', '--steps', '3', '--batch', '20').stdout, result.stdout);
    assert.match(run('train', '--samples', '20', '--batch', '32').stderr, /The batch size must be from 1 to the number of samples \(20\), got 32\./);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a diverging run stops with a message that says what to change, exit 1', () => {
  const result = run('train', '--dataset', 'sine', '--hidden', '64,64,64', '--init', 'glorot', '--lr', '3', '--samples', '120', '--batch', '16', '--steps', '300');
  assert.equal(result.status, 1);
  assert.match(result.stderr, /^actviz: diverged at step \d+ \((Leaky ReLU|ReLU)'s loss is (Infinity|NaN)\): lower the learning rate\n$/);
});

test('bad train arguments give one line on stderr and exit 2', () => {
  const cases = [
    [['--dataset', 'moons'], /--dataset takes one of spiral, circles, xor, blobs or sine, got 'moons'/],
    [['--hidden', '16,100'], /Each hidden layer has 2 to 64 units, got 100\./],
    [['--hidden', '16,,4'], /--hidden takes widths separated by commas/],
    [['--hidden', '2,2,2,2,2,2,2,2,2'], /The network needs 1 to 8 hidden layers, got 9\./],
    [['--lr', '0'], /The learning rate must be above 0 and at most 10, got 0\./],
    [['--optimizer', 'rmsprop'], /--optimizer takes one of sgd or adam, got 'rmsprop'/],
    [['--init', 'zeros'], /--init takes one of he, glorot or negative_bias/],
    [['--batch', '1000'], /The batch size must be from 1 to the number of samples \(300\), got 1000\./],
    [['--steps', '0'], /--steps takes a whole number from 1 to 100000, got '0'/],
    [['--fn', 'nope'], /unknown function 'nope'/],
    [['--param', 'alpha=2'], /between 0 and 1/],
    [['--versus-param', 'beta=1'], /ReLU has no parameter 'beta'/],
    [['--dataset', 'sine', '--loss', 'cross_entropy'], /The sine regression trains with mse, not cross_entropy\./],
    [['--framework', 'mxnet'], /--framework takes one of pytorch, jax, tensorflow or pytorch_2_6, got 'mxnet'/],
    [['--colour', 'red'], /unknown option '--colour' for train/],
  ];
  for (const [args, pattern] of cases) {
    const { status, stderr, stdout } = run('train', ...args);
    assert.equal(status, 2, args.join(' '));
    assert.match(stderr, pattern, args.join(' '));
    assert.equal(stderr.trim().split('\n').length, 1);
    assert.equal(stdout, '');
  }
});

test('--preset NAME trains the page\'s preset, later flags change it, and the run ends with the page\'s sentence on stderr', () => {
  // born_dead as a preset is the same run as its flags above, byte for byte.
  const byName = run('train', '--preset', 'born_dead');
  assert.equal(byName.status, 0, byName.stderr);
  assert.equal(byName.stdout, run(...PRESET).stdout);
  // A flag after the preset changes it.
  const shorter = run('train', '--preset', 'born_dead', '--steps', '5');
  assert.equal(csv(shorter.stdout).length, 1 + 2 * 5);
  assert.equal(csv(shorter.stdout).at(-1)[0], '5');
  // dying_relu: few ReLU units dead at step 1, many at the end; the sentence says what that means.
  const dying = run('train', '--preset', 'dying_relu');
  assert.equal(dying.status, 0, dying.stderr);
  const relu = csv(dying.stdout).filter((r) => r[1] === 'relu');
  const dead = (r) => r.slice(3).reduce((sum, v) => sum + Number(v), 0);
  assert.ok(dead(relu[0]) < dead(relu.at(-1)), `ReLU's dead units rise: ${dead(relu[0])} → ${dead(relu.at(-1))}`);
  const sentence = dying.stderr.trim();
  assert.match(sentence, new RegExp(`^After 2,000 steps: ReLU has ${dead(relu.at(-1))} of 96 units dead`));
  assert.match(sentence, /A dead unit gets no gradient; only a shift in the layers below \(or Adam's momentum\) revives it\.$/);
  const bad = run('train', '--preset', 'dying');
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /--preset takes one of dying_relu or born_dead, got 'dying'/);
});
