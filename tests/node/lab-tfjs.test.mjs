// TensorFlow.js as the lab's oracle: it replays runs exported by the wasm trainer (the same
// data, initial weights, batches (streamed by the engine), loss and optimiser) with its own kernels and autodiff, and
// must get the same losses and final weights within float32 tolerance.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import * as tf from '@tensorflow/tfjs';

import { labWasmBytes, webModule } from '../support/paths.mjs';

const { loadLabEngine } = await import(webModule('lab/lab-engine.js'));
await tf.setBackend('cpu');

const TFJS = {
  relu: () => (x) => tf.relu(x),
  leaky_relu: (p) => (x) => tf.leakyRelu(x, p.alpha),
  elu: () => (x) => tf.elu(x),
  selu: () => (x) => tf.selu(x),
  sigmoid: () => (x) => tf.sigmoid(x),
  tanh: () => (x) => tf.tanh(x),
  softplus: () => (x) => tf.softplus(x),
};

// tfjs computes the forward pass and, by its own autodiff, the gradients; the update is written
// here in tfjs operations as torch.optim writes it (SGD: w − lr·g; Adam with ε inside the bias
// correction). tf.train.adam puts ε outside it, which differs wherever v is tiny, as it is for
// the nearly dead units this lab is about.
function replay(run, side) {
  const f = TFJS[side.fn](side.params);
  const vars = run.layers.flatMap((layer) => [tf.variable(tf.tensor2d(layer.W)), tf.variable(tf.tensor1d(layer.b))]);
  const moments = vars.map((v) => ({ m: tf.zerosLike(v), v: tf.zerosLike(v) }));
  const { optimizer: o } = run;
  const x = tf.tensor2d(run.data.x);
  const regression = run.loss === 'mse';
  const classes = run.layers.at(-1).b.length;
  const y = regression ? tf.tensor2d(run.data.y) : tf.oneHot(tf.tensor1d(run.data.y, 'int32'), classes);
  const losses = [];
  run.batches.forEach((batch, index) => {
    const t = index + 1;
    tf.tidy(() => {
      const ids = tf.tensor1d(batch, 'int32');
      const xb = tf.gather(x, ids);
      const yb = tf.gather(y, ids);
      const { value, grads } = tf.variableGrads(() => {
        let h = xb;
        for (let l = 0; l < vars.length - 2; l += 2) h = f(tf.add(tf.matMul(h, vars[l], false, true), vars[l + 1]));
        const out = tf.add(tf.matMul(h, vars.at(-2), false, true), vars.at(-1));
        return regression ? tf.losses.meanSquaredError(yb, out) : tf.losses.softmaxCrossEntropy(yb, out);
      }, vars);
      losses.push(value.dataSync()[0]);
      vars.forEach((v, k) => {
        const g = grads[v.name];
        if (o.name === 'sgd') {
          v.assign(tf.sub(v, tf.mul(o.lr, g)));
          return;
        }
        const m = tf.keep(tf.add(moments[k].m, tf.mul(1 - o.beta1, tf.sub(g, moments[k].m))));
        const s = tf.keep(tf.add(tf.mul(moments[k].v, o.beta2), tf.mul(tf.mul(1 - o.beta2, g), g)));
        tf.dispose([moments[k].m, moments[k].v]);
        moments[k] = { m, v: s };
        const denom = tf.add(tf.div(tf.sqrt(s), Math.sqrt(1 - o.beta2 ** t)), o.eps);
        v.assign(tf.add(v, tf.mul(-o.lr / (1 - o.beta1 ** t), tf.div(m, denom))));
      });
    });
  });
  const final = [];
  for (let l = 0; l < vars.length; l += 2) final.push({ W: vars[l].arraySync(), b: vars[l + 1].arraySync() });
  tf.dispose([x, y, ...vars, ...moments.flatMap((mv) => [mv.m, mv.v])]);
  return { losses, final };
}

async function exported(settings, steps) {
  const lab = await loadLabEngine(labWasmBytes());
  const started = lab.start(settings);
  assert.ok(started.ok, started.message);
  assert.ok(lab.step(steps).ok);
  // The export writes the batch order as its seed and shuffle rule; the engine streams the indices.
  const streamed = lab.batches(0, steps);
  assert.ok(streamed.ok, streamed.message);
  return { ...JSON.parse(lab.exportJson().json), batches: streamed.batches.map((batch) => Array.from(batch)) };
}

const worstRelative = (ours, theirs) => ours.reduce((worst, v, i) => Math.max(worst, Math.abs(v - theirs[i]) / Math.max(1e-3, Math.abs(theirs[i]))), 0);

// A ReLU network whose units are dying (the negative-bias preset) is chaotic: a float32 rounding
// difference of 1e-7 lets a unit die a step earlier in one framework, and the runs part. Those
// runs are compared step for step with PyTorch in docs/lab.md; here the cases train smoothly.
const CASES = [
  ['spiral, SGD: Leaky ReLU (α = 0.01) and ReLU', { dataset: 'spiral', hidden: [16, 16], optimizer: 'sgd', lr: 0.1, batch: 32, seed: 7, sides: [{ functionId: 'leaky_relu', params: { alpha: 0.01 } }, { functionId: 'relu' }] }, 300],
  ['circles, Adam: Leaky ReLU (α = 0.1) and ReLU', { dataset: 'circles', hidden: [16, 16], optimizer: 'adam', lr: 0.01, batch: 16, seed: 3, init: 'he', sides: [{ functionId: 'leaky_relu', params: { alpha: 0.1 } }, { functionId: 'relu' }] }, 200],
  ['blobs, SGD: ELU and Tanh', { dataset: 'blobs', hidden: [8], optimizer: 'sgd', lr: 0.2, batch: 32, seed: 9, sides: [{ functionId: 'elu', params: { alpha: 1 } }, { functionId: 'tanh' }] }, 200],
  ['sine regression, Adam: Sigmoid and Softplus', { dataset: 'sine', hidden: [16], optimizer: 'adam', lr: 0.01, batch: 32, seed: 5, init: 'glorot', sides: [{ functionId: 'sigmoid' }, { functionId: 'softplus' }] }, 200],
];

for (const [name, settings, steps] of CASES) {
  test(`tfjs replays the run and agrees: ${name}`, async () => {
    const run = await exported(settings, steps);
    for (const side of run.sides) {
      const theirs = replay(run, side);
      const lossDiff = worstRelative(side.loss, theirs.losses);
      const weights = (layers) => layers.flatMap((l) => [...l.W.flat(), ...l.b]);
      const weightDiff = worstRelative(weights(side.final), weights(theirs.final));
      console.log(`${name}, ${side.fn}: losses within ${lossDiff.toExponential(2)}, final weights within ${weightDiff.toExponential(2)} (relative)`);
      assert.ok(lossDiff < 1e-3, `${side.fn}: losses differ by ${lossDiff}`);
      assert.ok(weightDiff < 1e-2, `${side.fn}: final weights differ by ${weightDiff}`);
    }
  });
}
