// TensorFlow.js as the oracle for a formula's tie rules in the TensorFlow convention (issue 19):
// each formula is built again here from tf operations (the table T: our primitive → tf's op),
// tfjs (CPU backend, float32) computes f, f′ by tf.grad and, where its ops have gradients of
// their gradients, f″ by a nested tf.grad, on −3…3 by 0.25 plus every tie; the explorer's wasm
// module computes the registered formula in float32 with the tensorflow convention. At a tie the
// two agree exactly (0.01 against 1 for max(0.01*x, x) against max(x, 0.01*x)); elsewhere within
// float32 rounding (TOLERANCE below). Where tfjs's gradient is not TensorFlow's (abs′(0) = −1,
// ReLU6′(6) = 1, SELU′(0) = λα), tfjs's own answer is asserted as a known difference, so the
// test fails if either side changes; docs/formulas.md lists them with their sources.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import * as tf from '@tensorflow/tfjs';

import { wasmBytes, webModule } from '../support/paths.mjs';

const { loadEngine } = await import(webModule('activation-engine.js'));
const engine = await loadEngine(wasmBytes());
await tf.setBackend('cpu');

// TensorFlow marks comparisons NotDifferentiable (math_grad.py); tfjs registers no gradient for
// Greater and Less, so tf.grad fails through where(x > 0, …). The comparison reads a copy of its
// operand's values, outside the tape, as TensorFlow's gradient ignores it.
const detached = (t) => tf.tensor(t.dataSync(), t.shape, t.dtype);
const compared = (op) => (a, b) => op(detached(a), b);

// Our primitives as tf operations: the oracle's side, written from tfjs's API, not from our code.
const T = {
  add: tf.add, sub: tf.sub, mul: tf.mul, div: tf.div, neg: tf.neg, pow: tf.pow,
  max: tf.maximum, min: tf.minimum, clamp: (v, lo, hi) => tf.clipByValue(v, lo, hi),
  abs: tf.abs, sign: tf.sign, relu: tf.relu, exp: tf.exp, log: tf.log, log1p: tf.log1p, expm1: tf.expm1,
  sqrt: tf.sqrt, sin: tf.sin, cos: tf.cos, tanh: tf.tanh, sigmoid: tf.sigmoid, softplus: tf.softplus, erf: tf.erf,
  where: (condition, a, b) => tf.where(condition, a, b),
  '>': compared(tf.greater), '>=': compared(tf.greaterEqual), '<': compared(tf.less), '<=': compared(tf.lessEqual),
  leaky_relu: tf.leakyRelu, elu: tf.elu, selu: tf.selu, relu6: tf.relu6, logsigmoid: tf.logSigmoid,
  c: (value) => tf.scalar(value), zero: (x) => tf.zerosLike(x),
};

const SELU_LAMBDA_ALPHA = 1.0507009873554805 * 1.6732632423543772;

// Each formula: its text, the same in tf ops, its ties (checked exactly), whether tfjs can take
// the gradient of its gradient (f″ compared too), and the ties where tfjs is not TensorFlow.
// f″ only where tfjs's nested tf.grad is right. It refuses some ("gradient function not found
// for Less": Maximum's and Minimum's gradients use comparisons; Greater in LeakyRelu's and SELU's,
// LogicalAnd in clipByValue's), and it is silently wrong through any op whose gradient reads the
// op's saved output (exp, tanh, sigmoid, elu: dy·y with y taken as a constant), so those have
// no f″ here; the last test shows it.
const FORMULAS = [
  { text: 'max(0.01*x, x)', tf: (x) => T.max(T.mul(0.01, x), x), ties: [0] },
  { text: 'max(x, 0.01*x)', tf: (x) => T.max(x, T.mul(0.01, x)), ties: [0] },
  { text: 'min(0.01*x, x)', tf: (x) => T.min(T.mul(0.01, x), x), ties: [0] },
  { text: 'min(x, 0.01*x)', tf: (x) => T.min(x, T.mul(0.01, x)), ties: [0] },
  { text: 'max(x, 0)', tf: (x) => T.max(x, 0), ties: [0], second: true },
  { text: 'max(x, -x)', tf: (x) => T.max(x, T.neg(x)), ties: [0] },
  { text: 'min(x, 1) + max(x, -1)', tf: (x) => T.add(T.min(x, 1), T.max(x, -1)), ties: [-1, 1] },
  { text: 'relu(x)^2', tf: (x) => T.pow(T.relu(x), 2), ties: [0], second: true },
  { text: 'clamp(x, 0, 6)', tf: (x) => T.clamp(x, 0, 6), ties: [0, 6] },
  { text: 'clamp(2*x, -1, 1)', tf: (x) => T.clamp(T.mul(2, x), -1, 1), ties: [-0.5, 0.5] },
  { text: 'abs(x)', tf: (x) => T.abs(x), ties: [0], second: true, differs: { 0: { df: -1 } } },
  // log1p(exp(-|x|)) + max(x, 0) is softplus written stably: abs′(0) = −1 makes f′(0) 1.5 in tfjs, 1 in TensorFlow.
  { text: 'log1p(exp(-abs(x))) + max(x, 0)', tf: (x) => T.add(T.log1p(T.exp(T.neg(T.abs(x)))), T.max(x, 0)), ties: [0],
    differs: { 0: { df: 1.5 } } },
  { text: 'sign(x) * x^2', tf: (x) => T.mul(T.sign(x), T.pow(x, 2)), ties: [0] },
  { text: 'where(x >= 0, x, 0.01*x)', tf: (x) => T.where(T['>='](x, 0), x, T.mul(0.01, x)), ties: [0] },
  { text: 'where(x > 0, x, 0.01*x)', tf: (x) => T.where(T['>'](x, 0), x, T.mul(0.01, x)), ties: [0] },
  { text: 'where(x > 0, sqrt(x), 0)', tf: (x) => T.where(T['>'](x, 0), T.sqrt(x), T.zero(x)), ties: [0], second: true },
  { text: 'where(x < 1, x^2, 2*x - 1)', tf: (x) => T.where(T['<'](x, 1), T.pow(x, 2), T.sub(T.mul(2, x), 1)), ties: [1], second: true },
  { text: 'x * sigmoid(x)', tf: (x) => T.mul(x, T.sigmoid(x)), ties: [] },
  { text: 'x * sigmoid(1.702 * x)', tf: (x) => T.mul(x, T.sigmoid(T.mul(1.702, x))), ties: [] },
  { text: 'x * tanh(softplus(x))', tf: (x) => T.mul(x, T.tanh(T.softplus(x))), ties: [] },
  { text: 'x * (1 + erf(x / sqrt(2))) / 2', tf: (x) => T.div(T.mul(x, T.add(1, T.erf(T.div(x, Math.sqrt(2))))), 2), ties: [],
    second: true },
  { text: 'exp(-x^2 / 2)', tf: (x) => T.exp(T.div(T.neg(T.pow(x, 2)), 2)), ties: [] },
  { text: 'log(1 + x^2)', tf: (x) => T.log(T.add(1, T.pow(x, 2))), ties: [], second: true },
  { text: 'log(x)', tf: (x) => T.log(x), ties: [0], second: true },
  { text: 'expm1(x) - log1p(x^2)', tf: (x) => T.sub(T.expm1(x), T.log1p(T.pow(x, 2))), ties: [], second: true },
  { text: 'sqrt(x^2 + 1)', tf: (x) => T.sqrt(T.add(T.pow(x, 2), 1)), ties: [], second: true },
  { text: 'sqrt(x)', tf: (x) => T.sqrt(x), ties: [0], second: true },
  { text: 'sin(x) * cos(2*x)', tf: (x) => T.mul(T.sin(x), T.cos(T.mul(2, x))), ties: [], second: true },
  { text: 'tanh(x)', tf: (x) => T.tanh(x), ties: [] },
  { text: 'softplus(x)', tf: (x) => T.softplus(x), ties: [], second: true },
  { text: 'x^3 - 2*x', tf: (x) => T.sub(T.pow(x, 3), T.mul(2, x)), ties: [0], second: true },
  { text: 'x^0', tf: (x) => T.pow(x, 0), ties: [0], second: true },
  { text: 'x^1', tf: (x) => T.pow(x, 1), ties: [0], second: true },
  { text: 'pow(abs(x) + 0.5, x)', tf: (x) => T.pow(T.add(T.abs(x), 0.5), x), ties: [0] },
  { text: '2^x', tf: (x) => T.pow(T.c(2), x), ties: [] },
  { text: 'x^x', tf: (x) => T.pow(x, x), ties: [0] },
  { text: 'x + sin(a*x)^2/a', params: { a: 0.5 }, tf: (x) => T.add(x, T.div(T.pow(T.sin(T.mul(0.5, x)), 2), 0.5)), ties: [],
    second: true },
  { text: 'leaky_relu(x, 0.1)', tf: (x) => T.leaky_relu(x, 0.1), ties: [0] },
  { text: 'leaky_relu(2*x - 1, 0.2)', tf: (x) => T.leaky_relu(T.sub(T.mul(2, x), 1), 0.2), ties: [0.5] },
  { text: 'elu(x)', tf: (x) => T.elu(x), ties: [0] },
  { text: 'selu(x)', tf: (x) => T.selu(x), ties: [0], differs: { 0: { df: SELU_LAMBDA_ALPHA } } },
  { text: 'relu6(x)', tf: (x) => T.relu6(x), ties: [0, 6], differs: { 6: { df: 1 } } },
  // tfjs's logSigmoid takes a gradient only at an input tensor (of a computed one, tf.grad throws
  // "Cannot read properties of undefined (reading 'backend')"), so nothing comes before it here.
  { text: '2 * logsigmoid(x)', tf: (x) => T.mul(2, T.logsigmoid(x)), ties: [] },
  // The catalog's Softplus with β = 2: tf.softplus has no β (and no threshold, which 2x never reaches here).
  { text: 'softplus(x, 2)', tf: (x) => T.div(T.softplus(T.mul(2, x)), 2), ties: [] },
];

// −3…3 by 0.25 (every float32 exactly), then each tie outside it with its neighbours.
const GRID = { from: -3, to: 3, n: 25 };
const gridsFor = (ties) => [GRID, ...ties.filter((t) => Math.abs(t) > 3 || t * 4 !== Math.round(t * 4))
  .map((t) => ({ from: t - 0.25, to: t + 0.25, n: 3 }))];

// Off the ties, both sides round every operation to float32, but not the same operations: tfjs
// rounds each op of its backward graph (dy·y·(1 − y) is three roundings), the engine rounds f, f′
// and f″ once per forward op (computed in double). So they may part by a few float32 ulps, of
// the value or, below 1, of 1 (where terms of size 1 cancel, as in 1 − y²). Measured on this
// grid: at most 1.5 ulps (f of the erf GELU at −3), 1 ulp for f′ and f″; allowed: 4.
const ULP = 2 ** -23;
const TOLERANCE = 4 * ULP;
const close = (ours, theirs) => Object.is(ours, theirs) || (Number.isNaN(ours) && Number.isNaN(theirs)) ||
  Math.abs(ours - theirs) <= TOLERANCE * Math.max(1, Math.abs(ours), Math.abs(theirs));
// Exactly the same float32 (NaN as NaN; +0 and −0 are the same number here, as in a tensor's ==).
const same = (ours, theirs) => (Number.isNaN(ours) && Number.isNaN(theirs)) || Math.fround(ours) === theirs;

function tfjsAt(op, xs, second) {
  return tf.tidy(() => {
    const input = tf.tensor1d(xs, 'float32');
    const out = { f: op(input).dataSync(), df: tf.grad(op)(input).dataSync() };
    if (second) out.d2f = tf.grad((y) => tf.grad(op)(y))(input).dataSync();
    return out;
  });
}

function oursAt(text, params, grid) {
  const registered = engine.registerFormula(text, { id: 'oracle' });
  assert.ok(registered.ok, registered.message);
  try {
    const sampled = engine.sample({ functionId: registered.functionId, params, atKink: 'tensorflow', dtype: 'float32', ...grid,
      second: true });
    assert.ok(sampled.ok, sampled.message);
    return sampled;
  } finally {
    assert.ok(engine.unregisterFormula(registered.functionId).ok);
  }
}

const KEYS = ['f', 'df', 'd2f'];

for (const formula of FORMULAS) {
  const { text, params = {}, tf: op, ties, second = false, differs = {} } = formula;
  test(`${text}: f, f′${second ? ', f″' : ''} as TensorFlow.js computes them in float32, ties exactly`, () => {
    const seenTies = new Set();
    for (const grid of gridsFor(ties)) {
      const ours = oursAt(text, params, grid);
      const xs = Array.from(ours.x);
      assert.ok(xs.every((x) => Math.fround(x) === x), 'every x is a float32, so both sides evaluate the same point');
      const theirs = tfjsAt(op, xs, second);
      xs.forEach((x, i) => {
        const tie = ties.includes(x);
        if (tie) seenTies.add(x);
        for (const key of second ? KEYS : KEYS.slice(0, 2)) {
          const [a, b] = [ours[key][i], theirs[key][i]];
          const where = `${text}: ${key} at ${x}: engine ${a}, tfjs ${b}`;
          const known = tie ? differs[x]?.[key] : undefined;
          if (known !== undefined) {
            assert.ok(same(known, b), `${where}; the known difference (tfjs ${known}) has changed`);
            assert.ok(!same(a, b), `${where}; tfjs now agrees with TensorFlow here: remove the known difference`);
          } else if (tie) {
            assert.ok(same(a, b), where);
          } else {
            assert.ok(close(a, b), where);
          }
        }
      });
    }
    assert.deepEqual([...seenTies].sort(), [...ties].sort(), 'every tie was sampled');
  });
}

test('the oracle covers every primitive tfjs has, and at least 20 formulas', () => {
  assert.ok(FORMULAS.length >= 20);
  const written = FORMULAS.map((f) => f.text).join(' ');
  const names = ['max', 'min', 'clamp', 'abs', 'sign', 'relu', 'where', 'exp', 'log', 'log1p', 'expm1', 'sqrt', 'sin', 'cos',
    'tanh', 'sigmoid', 'softplus', 'erf', 'pow', 'leaky_relu', 'elu', 'selu', 'relu6', 'logsigmoid'];
  for (const name of names) assert.match(written, new RegExp(`\\b${name}\\(`), `${name} is in a formula`);
  for (const operator of ['>=', '> ', '< ', '^', '/', '*', ' - ', '+']) assert.ok(written.includes(operator), operator);
});

test('the three Leaky ReLUs part at 0 in TensorFlow: 0.01, 1 and 1', () => {
  const at0 = (text) => {
    const ours = oursAt(text, {}, { from: -1, to: 1, n: 3 });
    const theirs = tfjsAt(FORMULAS.find((f) => f.text === text).tf, [0], false);
    assert.ok(same(ours.df[1], theirs.df[0]), `${text}: engine ${ours.df[1]}, tfjs ${theirs.df[0]}`);
    return theirs.df[0];
  };
  assert.equal(at0('max(0.01*x, x)'), Math.fround(0.01));
  assert.equal(at0('max(x, 0.01*x)'), 1);
  assert.equal(at0('where(x >= 0, x, 0.01*x)'), 1);
});

// tfjs's Exp gradient is dy·y with y its saved output, which a nested tf.grad takes as a constant:
// its f″ of exp(x^2) is 2·e^(x²), not (2 + 4x²)·e^(x²). The engine's is the closed form.
test("a finding: tfjs's f″ through exp is wrong (the saved output is not differentiated); the engine's is the closed form", () => {
  const xs = [-1, 0.5, 1];
  const ours = oursAt('exp(x^2)', {}, { from: -1, to: 1, n: 5 });
  const theirs = tfjsAt((x) => T.exp(T.pow(x, 2)), xs, true);
  xs.forEach((x, j) => {
    const i = Array.from(ours.x).indexOf(x);
    const exact = (2 + 4 * x * x) * Math.exp(x * x);
    assert.ok(close(ours.d2f[i], exact), `engine f″(${x}) = ${ours.d2f[i]}, exactly ${exact}`);
    assert.ok(close(theirs.d2f[j], 2 * Math.exp(x * x)), `tfjs f″(${x}) = ${theirs.d2f[j]}: the finding has changed`);
  });
});
