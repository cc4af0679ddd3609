// Plain JavaScript versions of every catalog function's value and derivative, written only
// for the benchmark: the baseline the wasm sampler is measured against. Each kernel is its
// own function so the JIT specialises it, as hand-written code in a page would be.
// Not used by the page: the C++ core is the only source of the formulas there.

const sigmoid = (x) => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));
const softplus = (x) => Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
const sech2 = (x) => { const c = Math.cosh(x); return 1 / (c * c); };
// Numerical Recipes' erfc (fractional error < 1.2e-7): JavaScript has no erf of its own.
function erfc(x) {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806
    + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
  return x >= 0 ? r : 2 - r;
}
const SELU_L = 1.0507009873554805;
const SELU_A = 1.6732632423543772;
const GELU_K = 0.7978845608028654;
const GELU_C = 0.044715;

/** numpy.linspace(from, to, n) into x, as the C++ sampler computes it. */
export function linspace(x, from, to, n) {
  const step = (to - from) / (n - 1);
  for (let i = 0; i < n - 1; i += 1) x[i] = i * step + from;
  x[n - 1] = to;
}

/** kernel(x, f, df, n, p): f and f' at the n points of x; p holds the parameters in catalog order. */
export const JS_KERNELS = {
  leaky_relu(x, f, df, n, p) { const a = p[0]; for (let i = 0; i < n; i += 1) { const v = x[i]; f[i] = v > 0 ? v : a * v; df[i] = v > 0 ? 1 : a; } },
  relu(x, f, df, n) { for (let i = 0; i < n; i += 1) { const v = x[i]; f[i] = v > 0 ? v : 0; df[i] = v > 0 ? 1 : 0; } },
  elu(x, f, df, n, p) { const a = p[0]; for (let i = 0; i < n; i += 1) { const v = x[i]; f[i] = v > 0 ? v : a * Math.expm1(v); df[i] = v > 0 ? 1 : a * Math.exp(v); } },
  selu(x, f, df, n) { for (let i = 0; i < n; i += 1) { const v = x[i]; f[i] = SELU_L * (v > 0 ? v : SELU_A * Math.expm1(v)); df[i] = v > 0 ? SELU_L : SELU_L * SELU_A * Math.exp(v); } },
  celu(x, f, df, n, p) { const a = p[0]; for (let i = 0; i < n; i += 1) { const v = x[i]; f[i] = v > 0 ? v : a * Math.expm1(v / a); df[i] = v > 0 ? 1 : Math.exp(v / a); } },
  gelu(x, f, df, n) {
    for (let i = 0; i < n; i += 1) {
      const v = x[i]; const cdf = 0.5 * erfc(-v * Math.SQRT1_2); const pdf = Math.exp(-0.5 * v * v) * 0.3989422804014327;
      f[i] = v * cdf; df[i] = cdf + (pdf === 0 ? 0 : v * pdf);
    }
  },
  gelu_tanh(x, f, df, n) {
    for (let i = 0; i < n; i += 1) {
      const v = x[i]; const u = GELU_K * (v + GELU_C * v * v * v); const gate = sigmoid(2 * u); const half = 2 * gate * sigmoid(-2 * u);
      f[i] = v * gate; df[i] = half === 0 ? gate : gate + v * half * GELU_K * (1 + 3 * GELU_C * v * v);
    }
  },
  silu(x, f, df, n, p) {
    const b = p[0];
    for (let i = 0; i < n; i += 1) { const v = x[i]; const z = b * v; const s = sigmoid(z); const r = sigmoid(-z); f[i] = v * s; df[i] = s === 0 ? 0 : s * (1 + (r === 0 ? 0 : z * r)); }
  },
  mish(x, f, df, n) {
    for (let i = 0; i < n; i += 1) { const v = x[i]; const sp = softplus(v); const t = Math.tanh(sp); const s = sech2(sp) * sigmoid(v); f[i] = v * t; df[i] = t + (s === 0 ? 0 : v * s); }
  },
  softplus(x, f, df, n, p) {
    const [b, th] = p;
    for (let i = 0; i < n; i += 1) { const v = x[i]; const z = b * v; f[i] = z > th ? v : softplus(z) / b; df[i] = z > th ? 1 : sigmoid(z); }
  },
  sigmoid(x, f, df, n) { for (let i = 0; i < n; i += 1) { const v = x[i]; const s = sigmoid(v); f[i] = s; df[i] = s * sigmoid(-v); } },
  tanh(x, f, df, n) { for (let i = 0; i < n; i += 1) { const v = x[i]; f[i] = Math.tanh(v); df[i] = sech2(v); } },
  hardtanh(x, f, df, n, p) { const [lo, hi] = p; for (let i = 0; i < n; i += 1) { const v = x[i]; f[i] = v < lo ? lo : (v > hi ? hi : v); df[i] = v <= lo || v >= hi ? 0 : 1; } },
  relu6(x, f, df, n) { for (let i = 0; i < n; i += 1) { const v = x[i]; f[i] = Math.min(Math.max(v, 0), 6); df[i] = v <= 0 || v >= 6 ? 0 : 1; } },
  hardsigmoid(x, f, df, n) { for (let i = 0; i < n; i += 1) { const v = x[i]; f[i] = Math.min(Math.max(v + 3, 0), 6) / 6; df[i] = v > -3 && v < 3 ? 1 / 6 : 0; } },
  hardswish(x, f, df, n) {
    for (let i = 0; i < n; i += 1) { const v = x[i]; f[i] = v <= -3 ? 0 : (v >= 3 ? v : v * (v + 3) / 6); df[i] = v < -3 ? 0 : (v <= 3 ? v / 3 + 0.5 : 1); }
  },
  softsign(x, f, df, n) { for (let i = 0; i < n; i += 1) { const v = x[i]; const d = 1 + Math.abs(v); f[i] = v / d; df[i] = 1 / d / d; } },
  logsigmoid(x, f, df, n) { for (let i = 0; i < n; i += 1) { const v = x[i]; f[i] = Math.min(v, 0) - Math.log1p(Math.exp(-Math.abs(v))); df[i] = sigmoid(-v); } },
  tanhshrink(x, f, df, n) {
    for (let i = 0; i < n; i += 1) {
      const v = x[i]; const t = Math.tanh(v);
      // The C++ core's small-|x| series costs about as much as this branch's tanh.
      f[i] = Math.abs(v) >= 0.1 ? v - t : v * v * v * (1 / 3 - v * v * (2 / 15 - v * v * 17 / 315)); df[i] = t * t;
    }
  },
  softshrink(x, f, df, n, p) { const l = p[0]; for (let i = 0; i < n; i += 1) { const v = x[i]; f[i] = v > l ? v - l : (v < -l ? v + l : 0); df[i] = v >= -l && v <= l ? 0 : 1; } },
  hardshrink(x, f, df, n, p) { const l = p[0]; for (let i = 0; i < n; i += 1) { const v = x[i]; f[i] = v > l || v < -l ? v : 0; df[i] = v >= -l && v <= l ? 0 : 1; } },
  heaviside(x, f, df, n, p) { const h = p[0]; for (let i = 0; i < n; i += 1) { const v = x[i]; f[i] = v > 0 ? 1 : (v < 0 ? 0 : h); df[i] = 0; } },
};
