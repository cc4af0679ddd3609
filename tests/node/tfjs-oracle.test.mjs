// A real framework as the oracle: TensorFlow.js (CPU backend, float32) computes f and, with
// tf.grad, f′ on a grid with the kinks and the tails, for every function it has; the engine's
// values (float64, the TensorFlow convention at kinks) must agree within float32 rounding, and
// exactly at the kinks, except where tfjs's kernels differ from TensorFlow's: those are
// findings, listed here and in docs/conventions.md.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import * as tf from '@tensorflow/tfjs';

import { wasmBytes, webModule } from '../support/paths.mjs';

const { loadEngine } = await import(webModule('activation-engine.js'));
const engine = await loadEngine(wasmBytes());
await tf.setBackend('cpu');

// Catalog id and parameters → the tfjs operation.
const TFJS = [
  ['relu', {}, (x) => tf.relu(x)],
  ['relu6', {}, (x) => tf.relu6(x)],
  ['leaky_relu', { alpha: 0.2 }, (x) => tf.leakyRelu(x, 0.2)],
  ['leaky_relu', { alpha: 0.01 }, (x) => tf.leakyRelu(x, 0.01)],
  ['elu', { alpha: 1 }, (x) => tf.elu(x)],
  ['selu', {}, (x) => tf.selu(x)],
  ['sigmoid', {}, (x) => tf.sigmoid(x)],
  ['tanh', {}, (x) => tf.tanh(x)],
  ['softplus', { beta: 1, threshold: 20 }, (x) => tf.softplus(x)],
  ['logsigmoid', {}, (x) => tf.logSigmoid(x)],
];

// Where tfjs 4.22 returns the other limit than TensorFlow's C++ kernels (relu_op_functor.h).
const FINDINGS = {
  'relu6@6': { tfjs: 1, why: "tfjs's relu6 gradient tests x <= 6; TensorFlow's Relu6Grad tests x < 6" },
  'selu@0': { tfjs: 1.0507009873554805 * 1.6732632423543772, why: "tfjs's selu gradient tests x > 0 on the input; TensorFlow's SeluGrad tests outputs < 0" },
};

function tfjsAt(op, xs) {
  const input = tf.tensor1d(xs, 'float32');
  const f = op(input).dataSync();
  const df = tf.grad(op)(input).dataSync();
  input.dispose();
  return { f, df };
}

const close = (ours, theirs) => Math.abs(ours - theirs) <= 1e-6 * Math.max(1, Math.abs(ours)) + 2e-7;

for (const [id, params, op] of TFJS) {
  test(`${id} ${JSON.stringify(params)}: values and gradients agree with TensorFlow.js in float32`, () => {
    const grids = [{ from: -10, to: 10, n: 201 }, { from: -40, to: 40, n: 81 }];
    let checked = 0;
    for (const grid of grids) {
      const ours = engine.sample({ functionId: id, params, atKink: 'tensorflow', ...grid });
      assert.ok(ours.ok, ours.message);
      // Only points float32 holds exactly, so both sides evaluate the same x; kinks have their own test.
      const kinkXs = new Set(engine.kinks({ functionId: id, params }).kinks.map((k) => k.x));
      const indices = [...ours.x.keys()].filter((i) => Math.fround(ours.x[i]) === ours.x[i] && !kinkXs.has(ours.x[i]));
      const theirs = tfjsAt(op, indices.map((i) => ours.x[i]));
      indices.forEach((i, j) => {
        assert.ok(close(ours.f[i], theirs.f[j]), `${id}(${ours.x[i]}) = ${ours.f[i]}, tfjs ${theirs.f[j]}`);
        assert.ok(close(ours.df[i], theirs.df[j]), `${id}′(${ours.x[i]}) = ${ours.df[i]}, tfjs ${theirs.df[j]}`);
        checked += 1;
      });
    }
    assert.ok(checked > 100, `${checked} points checked`);
  });
}

test('at every kink, tfjs returns the TensorFlow column of the table, but for the listed findings', () => {
  const seen = new Set();
  for (const [id, params, op] of TFJS) {
    const { kinks } = engine.kinks({ functionId: id, params });
    for (const kink of kinks) {
      const key = `${id}@${kink.x}`;
      const { df } = tfjsAt(op, [kink.x]);
      const finding = FINDINGS[key];
      if (finding) {
        seen.add(key);
        assert.ok(Math.abs(df[0] - finding.tfjs) < 1e-6, `${key}: tfjs gives ${df[0]} (finding: ${finding.why})`);
        assert.notEqual(Math.fround(kink.dfAt.tensorflow), df[0], `${key}: the finding still holds`);
      } else {
        assert.equal(df[0], Math.fround(kink.dfAt.tensorflow), `${key}: tfjs ${df[0]}, table ${kink.dfAt.tensorflow}`);
      }
    }
  }
  assert.deepEqual([...seen].sort(), Object.keys(FINDINGS).sort(), 'every finding was met');
});
