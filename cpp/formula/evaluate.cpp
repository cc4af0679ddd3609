// f, f' and f'' of a formula by second-order forward-mode AD: each slot of the tape holds a
// Jet (value, first and second derivative in x), and each primitive is a row stating its value
// and derivatives and, where they differ, what each framework's rule returns at a tie.
//
// f'' is what each framework's double backward gives: a primitive whose backward multiplies the
// incoming gradient by a mask (relu, abs, max, where) has f'' = its masks applied to its
// arguments' f'', and a mask of 0 still multiplies (0 · inf is NaN, as in reverse mode: the
// untaken branch of where(x > 0, sqrt(x), 0) poisons f'(0) in PyTorch and JAX too). Operands
// that do not depend on x contribute nothing, as a constant tensor receives no gradient.
//
// Sources (read for this file):
//   PyTorch  tools/autograd/derivatives.yaml and FunctionsManual.cpp, pytorch/pytorch @ d327a787
//            (maximum/minimum, clamp, abs (sgn), sign, where, relu (threshold_backward), pow,
//            sqrt, softplus); the same rows as in PyTorch 1.13, which the oracle test runs.
//   JAX      jax/_src/lax/lax.py, jax-ml/jax @ 75698164 (max_p/min_p with _balanced_eq, abs_p's
//            _abs_jvp_rule, _pow_jvp_lhs/_rhs, select_n), jax.nn.relu's custom_jvp, jnp.clip
//            (jax/_src/numpy: maximum(min, x) then minimum(max, x)).
//   TF       tensorflow/python/ops/math_grad.py, tensorflow/tensorflow @ 61517a0b
//            (_MaximumMinimumGrad with greater_equal / less_equal, _AbsGrad, _SignGrad,
//            _PowGrad, _SelectGrad), clip_ops.py clip_by_value (minimum(t, hi) then maximum(·, lo)).
#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <numbers>

#include "core/portable_math.hpp"
#include "formula/catalog_call.hpp"
#include "formula/elementary.hpp"
#include "formula/formula.hpp"

namespace actexp::formula {
namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

// Which family of rules a convention follows (PyTorch ≤ 2.6 and ≥ 2.7 agree on every primitive here).
enum class Family : std::uint8_t { pytorch, jax, tensorflow };
Family family_of(AtKink at_kink) {
  switch (at_kink) {
    case AtKink::jax: return Family::jax;
    case AtKink::tensorflow: return Family::tensorflow;
    case AtKink::pytorch:
    case AtKink::pytorch_2_6: break;
  }
  return Family::pytorch;
}

struct Jet {
  double v = 0, d1 = 0, d2 = 0;
};

// ---- Unary rows: g(u), g'(u), g''(u) as the framework's backward and double backward compute them.
struct Local {
  double g, g1, g2;
};

// The rows whose cost is an exponential come in two parts: what they take e^t of, and the row
// given e^t, so that a chunk's exponentials are computed together (elementary::exp_array).
Local exp_from(double /*u*/, double e) { return {e, e, e}; }  // backward: grad * result
Local exp_row(double u, Family /*family*/) { return exp_from(u, elementary::exp(u)); }
Local log_row(double u, Family /*family*/) {  // grad / self; at 0: inf, -inf
  return {portable::log(u), 1 / u, -1 / (u * u)};
}
Local log1p_row(double u, Family /*family*/) {  // log1p_backward: grad / (self + 1)
  const double p = 1 + u;
  return {portable::log1p(u), 1 / p, -1 / (p * p)};
}
Local expm1_from(double u, double e) {  // grad * (result + 1)
  const double m = elementary::expm1_from(u, e);
  return {m, m + 1, m + 1};
}
Local expm1_row(double u, Family /*family*/) { return expm1_from(u, elementary::exp(u)); }
Local sqrt_row(double u, Family /*family*/) {  // grad / (2 * result); at 0: inf, then -inf
  const double r = std::sqrt(u);
  const double g1 = 1 / (2 * r);
  return {r, g1, -g1 / (2 * r * r)};
}
// abs: PyTorch grad * self.sgn() and TF grad * sign(x): 0 at 0. JAX select(x >= 0, g, -g): 1 at 0.
Local abs_row(double u, Family family) {
  double slope = u > 0 ? 1.0 : (u < 0 ? -1.0 : 0.0);
  if (family == Family::jax) slope = u >= 0 ? 1.0 : -1.0;
  if (std::isnan(u)) slope = family == Family::jax ? -1.0 : nan;
  return {std::fabs(u), slope, 0};
}
Local sign_row(double u, Family /*family*/) {  // zeros_like in all three
  return {u > 0 ? 1.0 : (u < 0 ? -1.0 : u), 0, 0};
}
Local sin_row(double u, Family /*family*/) {
  const double s = portable::sin(u);
  return {s, portable::cos(u), -s};
}
Local cos_row(double u, Family /*family*/) {
  const double c = portable::cos(u);
  return {c, -portable::sin(u), -c};
}
// t = tanh u (portable::tanh, or tanh_array's).
Local tanh_from(double /*u*/, double t) {  // tanh_backward: grad * (1 - t^2)
  const double g1 = 1 - t * t;
  return {t, g1, -2 * t * g1};
}
Local tanh_row(double u, Family /*family*/) { return tanh_from(u, portable::tanh(u)); }
// Given e = e^-u, s = 1 / (1 + e^-u) as torch's CPU kernel computes it (e^-u overflowing to
// inf gives 0).
Local sigmoid_from(double /*u*/, double e) {  // sigmoid_backward: grad * (1 - s) * s
  const double s = 1 / (1 + e);
  const double g1 = (1 - s) * s;
  return {s, g1, g1 * (1 - 2 * s)};
}
Local sigmoid_row(double u, Family /*family*/) { return sigmoid_from(u, elementary::exp(-u)); }
// softplus: F.softplus (beta 1, threshold 20) is u itself above 20, with f' = 1 and f'' = 0;
// below, softplus_backward is z / (z + 1) with z = e^u and softplus_double_backward is
// sigmoid_backward(sigmoid(u)) = (1 - s) s (which cancels near 1: so does torch's). jax.nn.softplus is logaddexp(u, 0) and TF's
// kernel a smooth log1p(exp) away from its float thresholds: the smooth form for both.
// PyTorch's, given z = e^u and e = e^-u (s is torch's sigmoid, as above).
Local softplus_torch_from(double u, double z, double e) {
  if (u > 20) return {u, 1, 0};
  const double s = 1 / (1 + e);
  return {portable::log1p(z), z / (z + 1), (1 - s) * s};
}
Local softplus_row(double u, Family family) {
  if (family == Family::pytorch) return softplus_torch_from(u, elementary::exp(u), elementary::exp(-u));
  const double s = elementary::sigmoid(u);
  return {std::max(u, 0.0) + portable::log1p(elementary::exp(-std::fabs(u))), s, s * (1 - s)};
}
Local erf_row(double u, Family /*family*/) {  // 2/sqrt(pi) * exp(-u^2)
  const double g1 = 2 / std::sqrt(std::numbers::pi) * elementary::exp(-u * u);
  return {portable::erf(u), g1, -2 * u * g1};
}
Local erfc_row(double u, Family /*family*/) {
  const double g1 = -2 / std::sqrt(std::numbers::pi) * elementary::exp(-u * u);
  return {elementary::erfc(u), g1, -2 * u * g1};
}
// relu: threshold_backward(grad, result, 0) passes where result > 0; jax.nn.relu's custom JVP
// select(x > 0, g, 0); TF's ReluGrad where features > 0. 0 at 0 everywhere; f'' = 0.
Local relu_row(double u, Family /*family*/) {
  if (std::isnan(u)) return {u, 0, 0};
  return {u > 0 ? u : 0.0, u > 0 ? 1.0 : 0.0, 0};
}

using UnaryRule = Local (*)(double u, Family family);
struct UnaryRow {
  Op op;
  UnaryRule rule;
};
constexpr std::array unary_rows{
    UnaryRow{Op::exp, exp_row},         UnaryRow{Op::log, log_row},       UnaryRow{Op::log1p, log1p_row},
    UnaryRow{Op::expm1, expm1_row},     UnaryRow{Op::sqrt, sqrt_row},     UnaryRow{Op::abs, abs_row},
    UnaryRow{Op::sign, sign_row},       UnaryRow{Op::sin, sin_row},       UnaryRow{Op::cos, cos_row},
    UnaryRow{Op::tanh, tanh_row},       UnaryRow{Op::sigmoid, sigmoid_row}, UnaryRow{Op::softplus, softplus_row},
    UnaryRow{Op::erf, erf_row},         UnaryRow{Op::erfc, erfc_row},     UnaryRow{Op::relu, relu_row},
};

constexpr UnaryRule unary_rule(Op op) {
  for (const auto& row : unary_rows) {
    if (row.op == op) return row.rule;
  }
  return nullptr;
}

// ---- Selections: max, min, clamp, where. The value is one argument; f' and f'' are the
// arguments' weighted by the rule (weights 1/0, or 0.5/0.5 at a split tie).
struct Choice {
  double value;
  double wa, wb;
};

// maximum (larger = true) or minimum of a and b.
Choice extremum(double a, double b, bool larger, Family family) {
  const double value = (std::isnan(a) || std::isnan(b)) ? nan : (larger ? std::max(a, b) : std::min(a, b));
  switch (family) {
    case Family::pytorch: {
      // self: where(self == other, grad / 2, grad).masked_fill_(self < other, 0)  (maximum; > for minimum)
      const bool a_loses = larger ? a < b : a > b;
      const bool b_loses = larger ? a > b : a < b;
      if (a == b) return {value, 0.5, 0.5};
      return {value, a_loses ? 0.0 : 1.0, b_loses ? 0.0 : 1.0};
    }
    case Family::jax: {
      // g * _balanced_eq(x, ans, y): (x == ans) / (y == ans ? 2 : 1)
      const double wa = (a == value) ? (b == value ? 0.5 : 1.0) : 0.0;
      const double wb = (b == value) ? (a == value ? 0.5 : 1.0) : 0.0;
      return {value, wa, wb};
    }
    case Family::tensorflow: {
      // xmask = greater_equal(x, y) (Maximum) or less_equal(x, y) (Minimum): a tie goes to x.
      const bool first = larger ? a >= b : a <= b;
      return {value, first ? 1.0 : 0.0, first ? 0.0 : 1.0};
    }
  }
  return {value, nan, nan};
}

struct Choice3 {
  double value;
  std::array<double, 3> w;  // v, lo, hi
};

Choice3 clamp_choice(double v, double lo, double hi, Family family) {
  switch (family) {
    case Family::pytorch: {
      // min(max(v, lo), hi); self: clamp_backward passes where lo <= v <= hi (the bounds included);
      // tensor bounds: clamp_backward_min_max: lo gets v < lo && lo < hi, hi gets v > hi || hi < lo.
      const double value = (std::isnan(v) || std::isnan(lo) || std::isnan(hi)) ? nan : std::min(std::max(v, lo), hi);
      const double wv = (v >= lo && v <= hi) ? 1.0 : 0.0;
      const double wlo = (v < lo && lo < hi) ? 1.0 : 0.0;
      const double whi = (v > hi || hi < lo) ? 1.0 : 0.0;
      return {value, {wv, wlo, whi}};
    }
    case Family::jax: {
      // jnp.clip: minimum(hi, maximum(lo, v))
      const Choice low = extremum(lo, v, true, family);
      const Choice high = extremum(hi, low.value, false, family);
      return {high.value, {high.wb * low.wb, high.wb * low.wa, high.wa}};
    }
    case Family::tensorflow: {
      // clip_by_value: maximum(minimum(v, hi), lo)
      const Choice low = extremum(v, hi, false, family);
      const Choice high = extremum(low.value, lo, true, family);
      return {high.value, {high.wa * low.wa, high.wb, high.wa * low.wb}};
    }
  }
  return {nan, {nan, nan, nan}};
}

// ---- pow(a, b): the partial derivatives each framework's backward (and its backward) uses.
struct PowPartials {
  double value;
  double pa, pb;             // d/da, d/db
  double paa, pab, pba, pbb;  // d/da of pa, d/db of pa, d/da of pb, d/db of pb
};

// `integer_exponent`: JAX's jnp.power sends a Python int exponent to lax.integer_pow (masked at
// 0, as PyTorch); any other exponent goes to lax.pow, whose rule for a float exponent has no mask.
PowPartials pow_partials(double a, double b, Family family, bool integer_exponent) {
  const double r = std::pow(a, b);
  PowPartials p{r, 0, 0, 0, 0, 0, 0};
  if (family == Family::tensorflow || (family == Family::jax && !integer_exponent)) {
    // TF _PowGrad: gx = grad * y * pow(x, y - 1) (no mask: y = 0 at x = 0 is 0 * inf = NaN);
    // gy = grad * z * where(x > 0, log(x), 0). JAX _pow_jvp_lhs for a float y: y * pow(x, y - 1)
    // (jax-ml/jax @ 75698164; the mask is only for an integer y); _pow_jvp_rhs:
    // log(_replace_zero(x)) * ans, so 0 at x == 0 and NaN below.
    const bool jax = family == Family::jax;
    const double log_a = (jax ? a != 0 : a > 0) ? portable::log(a) : 0.0;
    p.pa = b * std::pow(a, b - 1);
    p.paa = b * ((b - 1) * std::pow(a, b - 2));
    p.pb = r * log_a;
    p.pbb = p.pb * log_a;
    p.pab = std::pow(a, b - 1) + b * (std::pow(a, b - 1) * log_a);
    p.pba = p.pa * log_a + r * ((jax ? a != 0 : a > 0) ? 1 / a : 0.0);
    return p;
  }
  // PyTorch pow_backward / pow_backward_self: where(exponent == 0, 0, grad * exponent * self.pow(exponent - 1));
  // JAX _integer_pow_jvp: 0 if y == 0 else y * integer_pow(x, y - 1). Differentiated again, the inner pow
  // masks exponent - 1 == 0 the same way.
  const auto slope = [](double base, double exponent) { return exponent == 0 ? 0.0 : exponent * std::pow(base, exponent - 1); };
  // PyTorch pow_backward_exponent: where(self == 0 && exponent >= 0, 0, result * log(self));
  // JAX _pow_jvp_rhs: log(_replace_zero(x)) * ans, so 0 wherever x == 0.
  const bool log_masked = family == Family::pytorch ? (a == 0 && b >= 0) : a == 0;
  const double log_a = family == Family::jax && a == 0 ? 0.0 : portable::log(a);
  p.pa = slope(a, b);
  p.paa = b == 0 ? 0.0 : b * slope(a, b - 1);
  p.pb = log_masked ? 0.0 : r * log_a;
  p.pbb = log_masked ? 0.0 : p.pb * log_a;
  const bool inner_log_masked = family == Family::pytorch ? (a == 0 && b - 1 >= 0) : a == 0;
  p.pab = b == 0 ? 0.0 : std::pow(a, b - 1) + b * (inner_log_masked ? 0.0 : std::pow(a, b - 1) * log_a);
  p.pba = log_masked ? 0.0 : p.pa * log_a + r * (family == Family::jax && a == 0 ? 0.0 : 1 / a);
  return p;
}

// ---- One instruction on Jets. `ja`, `jb`, `jc` are the operands; `va`... whether each varies.
struct Operands {
  const Jet* a;
  const Jet* b;
  const Jet* c;
  bool va, vb, vc;
  bool la, lb;  // a, b piecewise linear in x: f'' exactly 0 by construction
};

// v' and v'' of a selection: the weighted arguments (a varying argument's terms only).
Jet weighted(double value, std::span<const double> w, std::span<const Jet* const> args, std::span<const bool> vary) {
  Jet out{value, 0, 0};
  for (std::size_t i = 0; i < w.size(); ++i) {
    if (!vary[i]) continue;
    out.d1 += w[i] * args[i]->d1;
    out.d2 += w[i] * args[i]->d2;
  }
  return out;
}

Jet apply_binary(Op op, const Operands& o, Family family, bool integer_exponent = false) {
  const Jet& a = *o.a;
  const Jet& b = *o.b;
  switch (op) {
    case Op::add:
    case Op::sub: {
      const double sign = op == Op::add ? 1.0 : -1.0;
      Jet out{op == Op::add ? a.v + b.v : a.v - b.v, 0, 0};
      if (o.va) out = {out.v, a.d1, a.d2};
      if (o.vb) out = {out.v, out.d1 + sign * b.d1, out.d2 + sign * b.d2};
      return out;
    }
    case Op::mul: {
      Jet out{a.v * b.v, 0, 0};
      if (o.va) out = {out.v, a.d1 * b.v, o.la ? 0.0 : a.d2 * b.v};
      if (o.vb) out = {out.v, out.d1 + a.v * b.d1, out.d2 + (o.lb ? 0.0 : a.v * b.d2)};
      if (o.va && o.vb) out.d2 += 2 * a.d1 * b.d1;
      return out;
    }
    case Op::div: {
      // self: grad / other; other: -grad * self / (other * other)
      Jet out{a.v / b.v, 0, 0};
      if (o.va) out = {out.v, a.d1 / b.v, o.la ? 0.0 : a.d2 / b.v};
      if (o.vb) {
        const double pb = -a.v / (b.v * b.v);
        const double pbb = 2 * a.v / (b.v * b.v * b.v);
        out.d1 += pb * b.d1;
        out.d2 += (o.lb ? 0.0 : pb * b.d2) + pbb * b.d1 * b.d1;
      }
      if (o.va && o.vb) out.d2 += 2 * (-1 / (b.v * b.v)) * a.d1 * b.d1;
      return out;
    }
    case Op::pow: {
      const PowPartials p = pow_partials(a.v, b.v, family, integer_exponent);
      Jet out{p.value, 0, 0};
      if (o.va) out = {out.v, p.pa * a.d1, (o.la ? 0.0 : p.pa * a.d2) + p.paa * a.d1 * a.d1};
      if (o.vb) out = {out.v, out.d1 + p.pb * b.d1, out.d2 + (o.lb ? 0.0 : p.pb * b.d2) + p.pbb * b.d1 * b.d1};
      if (o.va && o.vb) out.d2 += (p.pab + p.pba) * a.d1 * b.d1;
      return out;
    }
    case Op::max:
    case Op::min: {
      const Choice choice = extremum(a.v, b.v, op == Op::max, family);
      const std::array w{choice.wa, choice.wb};
      const std::array args{o.a, o.b};
      const std::array vary{o.va, o.vb};
      return weighted(choice.value, w, args, vary);
    }
    default: break;
  }
  return {nan, nan, nan};
}

bool compare(Op op, double a, double b) {
  switch (op) {
    case Op::less: return a < b;
    case Op::less_equal: return a <= b;
    case Op::greater: return a > b;
    case Op::greater_equal: return a >= b;
    case Op::equal: return a == b;
    case Op::not_equal: return a != b;
    default: return false;
  }
}

Jet rounded(Jet jet, DType dtype) {
  if (dtype == DType::float64) return jet;
  return {round_to(dtype, jet.v), round_to(dtype, jet.d1), round_to(dtype, jet.d2)};
}

// A whole number written as a number (`x^2`, `x^-1`, `pow(x, 0)`): what Python passes to
// jnp.power as an int, so JAX differentiates lax.integer_pow (pow_partials).
bool written_integer(const std::vector<Instruction>& tape, std::uint16_t slot) {
  const Instruction* in = &tape[slot];
  if (in->op == Op::neg) in = &tape[in->a];
  return in->op == Op::constant && in->value == std::trunc(in->value);
}

// m values rounded to the dtype in place (below float64), the dtype chosen once per lane.
template <DType dtype>
void round_lane(double* lane, std::size_t m) {
  for (std::size_t j = 0; j < m; ++j) lane[j] = round_to(dtype, lane[j]);
}
void round_lane(DType dtype, double* lane, std::size_t m) {
  switch (dtype) {
    case DType::float64: break;
    case DType::float32: round_lane<DType::float32>(lane, m); break;
    case DType::bfloat16: round_lane<DType::bfloat16>(lane, m); break;
    case DType::float16: round_lane<DType::float16>(lane, m); break;
  }
}

// Points evaluated together: each instruction runs over a chunk (a catalog call's kernel runs
// once per chunk), and the slots stay in cache (tape of 500 x 3 x 256 doubles = 3 MB at most).
constexpr std::size_t chunk_size = 256;

class Machine {
 public:
  // `planning`: one point in float64 that builds each catalog call's plan as it reaches it
  // (its parameters are the float64 values of earlier slots); else the plans are given.
  Machine(const EvaluateRequest& request, std::vector<CatalogPlan>& plans, bool planning, bool second)
      : request_(request),
        family_(family_of(request.at_kink)),
        planning_(planning),
        second_(second),
        width_(planning ? 1 : chunk_size),
        plans_(plans),
        lanes_(request.formula->tape.size() * 3 * width_) {
    // Rules and linearity found once per call, not per point.
    const auto& tape = request.formula->tape;
    for (const auto& instruction : tape) {
      rules_.push_back(unary_rule(instruction.op));
      linear_.push_back(is_linear(instruction));
      uses_x_.push_back(uses_x(instruction));
    }
    if (!request.formula->calls.empty()) scratch_.reserve(width_);
    exp_in_.resize(width_);
    exp_out_.resize(width_);
    exp_out2_.resize(width_);
  }

  // The tape over m <= chunk_size points; the result of point j is value(last)[j], first(last)[j], second(last)[j].
  ParseError run(const double* x, std::size_t m) {
    const auto& tape = request_.formula->tape;
    for (std::size_t i = 0; i < tape.size(); ++i) {
      if (tape[i].op == Op::catalog) {
        if (ParseError error = catalog_step(i, m); !error.message.empty()) return error;
      } else if (tape[i].op == Op::x) {
        for (std::size_t j = 0; j < m; ++j) value(i)[j] = round_to(request_.dtype, x[j]);
        std::fill_n(first(i), m, 1.0);
        if (second_) std::fill_n(second(i), m, 0.0);
      } else if (uses_x_[i] == 0) {
        // The same at every point (a number, a parameter, what is made of them): once per
        // evaluation, for the whole width, as no later chunk writes the slot.
        if (!constants_done_) store(i, 0, width_, rounded(step(i, 0, x[0]), request_.dtype));
      } else {
        run_instruction(i, x, m);
        if (!tape[i].varies) {
          std::fill_n(first(i), m, 0.0);
          if (second_) std::fill_n(second(i), m, 0.0);
        }
        if (request_.dtype != DType::float64) {
          round_lane(request_.dtype, value(i), m);
          round_lane(request_.dtype, first(i), m);
          if (second_) round_lane(request_.dtype, second(i), m);
        }
      }
    }
    constants_done_ = true;
    return {};
  }

  // Slot i's value, f' and f'' over the chunk.
  double* value(std::size_t i) { return &lanes_[(3 * i) * width_]; }
  double* first(std::size_t i) { return &lanes_[(3 * i + 1) * width_]; }
  double* second(std::size_t i) { return &lanes_[(3 * i + 2) * width_]; }

 private:
  Jet load(std::size_t i, std::size_t j) { return {value(i)[j], first(i)[j], second(i)[j]}; }
  void store(std::size_t i, std::size_t from, std::size_t to, const Jet& jet) {
    std::fill(value(i) + from, value(i) + to, jet.v);
    std::fill(first(i) + from, first(i) + to, jet.d1);
    std::fill(second(i) + from, second(i) + to, jet.d2);
  }

  // One instruction over the chunk, unrounded: the common ops in loops of their own (the op
  // decided once, f'' left out when not asked), the rest point by point through step().
  void run_instruction(std::size_t i, const double* x, std::size_t m) {
    if (second_) {
      run_instruction<true>(i, x, m);
    } else {
      run_instruction<false>(i, x, m);
    }
  }
  template <bool Second>
  void run_instruction(std::size_t i, const double* x, std::size_t m) {
    switch (request_.formula->tape[i].op) {
      case Op::neg: return neg_loop<Second>(i, m);
      case Op::add: return binary_loop<Op::add, Second>(i, m);
      case Op::sub: return binary_loop<Op::sub, Second>(i, m);
      case Op::mul: return binary_loop<Op::mul, Second>(i, m);
      case Op::div: return binary_loop<Op::div, Second>(i, m);
      case Op::exp: return exp_row_loop<Second>(i, m, [](double u) { return u; }, [](double u, double e) { return exp_from(u, e); });
      case Op::expm1: return exp_row_loop<Second>(i, m, [](double u) { return u; }, [](double u, double e) { return expm1_from(u, e); });
      case Op::sigmoid: return exp_row_loop<Second>(i, m, [](double u) { return -u; }, [](double u, double e) { return sigmoid_from(u, e); });
      case Op::tanh: return tanh_loop<Second>(i, m);
      case Op::softplus:
        if (family_ == Family::pytorch) return softplus_torch_loop<Second>(i, m);
        break;
      default: break;
    }
    if (rules_[i] != nullptr) {
      const UnaryRule rule = rules_[i];
      return unary_loop<Second>(i, m, [&](std::size_t /*j*/, double u) { return rule(u, family_); });
    }
    for (std::size_t j = 0; j < m; ++j) {
      const Jet out = step(i, j, x[j]);
      value(i)[j] = out.v;
      first(i)[j] = out.d1;
      if (Second) second(i)[j] = out.d2;
    }
  }

  template <bool Second>
  void neg_loop(std::size_t i, std::size_t m) {
    const Instruction& in = request_.formula->tape[i];
    const double* av = value(in.a);
    const double* a1 = first(in.a);
    const double* a2 = second(in.a);
    double* v = value(i);
    double* d1 = first(i);
    double* d2 = second(i);
    for (std::size_t j = 0; j < m; ++j) {
      v[j] = -av[j];
      d1[j] = -a1[j];
      if (Second) d2[j] = -a2[j];
    }
  }

  // apply_binary with the op fixed, so each loop is the op's own arithmetic.
  template <Op op, bool Second>
  void binary_loop(std::size_t i, std::size_t m) {
    const auto& tape = request_.formula->tape;
    const Instruction& in = tape[i];
    const double* av = value(in.a);
    const double* a1 = first(in.a);
    const double* a2 = second(in.a);
    const double* bv = value(in.b);
    const double* b1 = first(in.b);
    const double* b2 = second(in.b);
    double* v = value(i);
    double* d1 = first(i);
    double* d2 = second(i);
    const bool va = tape[in.a].varies;
    const bool vb = tape[in.b].varies;
    const bool la = linear_[in.a] != 0;
    const bool lb = linear_[in.b] != 0;
    for (std::size_t j = 0; j < m; ++j) {
      const Jet a{av[j], a1[j], Second ? a2[j] : 0.0};
      const Jet b{bv[j], b1[j], Second ? b2[j] : 0.0};
      const Jet out = apply_binary(op, {&a, &b, &b, va, vb, false, la, lb}, family_);
      v[j] = out.v;
      d1[j] = out.d1;
      if (Second) d2[j] = out.d2;
    }
  }

  // g(u), g'(u), g''(u) by `row(j, u)`, then the chain rule: f' = g'·u', f'' = g''·u'^2 + g'·u''
  // (the last term skipped for a u linear in x).
  template <bool Second, typename Row>
  void unary_loop(std::size_t i, std::size_t m, Row row) {
    const Instruction& in = request_.formula->tape[i];
    const double* u = value(in.a);
    const double* u1 = first(in.a);
    const double* u2 = second(in.a);
    double* v = value(i);
    double* d1 = first(i);
    double* d2 = second(i);
    const bool linear = linear_[in.a] != 0;
    for (std::size_t j = 0; j < m; ++j) {
      const Local local = row(j, u[j]);
      v[j] = local.g;
      d1[j] = local.g1 * u1[j];
      if (Second) d2[j] = local.g2 * u1[j] * u1[j] + (linear ? 0.0 : local.g1 * u2[j]);
    }
  }

  // A row given e^t(u): the chunk's exponentials first, together.
  template <bool Second, typename Argument, typename From>
  void exp_row_loop(std::size_t i, std::size_t m, Argument argument, From from) {
    const double* u = value(request_.formula->tape[i].a);
    for (std::size_t j = 0; j < m; ++j) exp_in_[j] = argument(u[j]);
    elementary::exp_array(exp_in_.data(), exp_out_.data(), m);
    const double* e = exp_out_.data();
    unary_loop<Second>(i, m, [&](std::size_t j, double uj) { return from(uj, e[j]); });
  }

  template <bool Second>
  void tanh_loop(std::size_t i, std::size_t m) {
    elementary::tanh_array(value(request_.formula->tape[i].a), exp_out_.data(), m);
    const double* t = exp_out_.data();
    unary_loop<Second>(i, m, [&](std::size_t j, double u) { return tanh_from(u, t[j]); });
  }

  // PyTorch's softplus takes e^u and e^-u: both arrays first.
  template <bool Second>
  void softplus_torch_loop(std::size_t i, std::size_t m) {
    const double* u = value(request_.formula->tape[i].a);
    for (std::size_t j = 0; j < m; ++j) exp_in_[j] = -u[j];
    elementary::exp_array(u, exp_out_.data(), m);
    elementary::exp_array(exp_in_.data(), exp_out2_.data(), m);
    const double* z = exp_out_.data();
    const double* e = exp_out2_.data();
    unary_loop<Second>(i, m, [&](std::size_t j, double uj) { return softplus_torch_from(uj, z[j], e[j]); });
  }

  Jet step(std::size_t i, std::size_t j, double x) {
    const auto& tape = request_.formula->tape;
    const DType dtype = request_.dtype;
    const Instruction& in = tape[i];
    const Jet ja = load(in.a, j);
    const Jet jb = load(in.b, j);
    const Jet jc = load(in.c, j);
    const Operands o{&ja, &jb, &jc, tape[in.a].varies, tape[in.b].varies, tape[in.c].varies, linear_[in.a] != 0, linear_[in.b] != 0};
    Jet out;
    switch (in.op) {
      case Op::constant: out = {round_to(dtype, in.value), 0, 0}; break;
      case Op::parameter: out = {round_to(dtype, request_.params[in.parameter]), 0, 0}; break;
      case Op::x: out = {round_to(dtype, x), 1, 0}; break;
      case Op::neg: out = {-o.a->v, -o.a->d1, -o.a->d2}; break;
      case Op::add:
      case Op::sub:
      case Op::mul:
      case Op::div:
      case Op::max:
      case Op::min: out = apply_binary(in.op, o, family_); break;
      case Op::pow: out = apply_binary(in.op, o, family_, written_integer(tape, in.b)); break;
      case Op::clamp: {
        const Choice3 choice = clamp_choice(o.a->v, o.b->v, o.c->v, family_);
        const std::array args{o.a, o.b, o.c};
        const std::array vary{o.va, o.vb, o.vc};
        out = weighted(choice.value, choice.w, args, vary);
        break;
      }
      case Op::where: {
        // where/select: the branch taken gets the gradient (PyTorch where(condition, grad, 0),
        // JAX select_n's JVP, TF _SelectGrad); the condition is not differentiable.
        const bool taken = o.a->v != 0;
        const std::array w{taken ? 1.0 : 0.0, taken ? 0.0 : 1.0};
        const std::array args{o.b, o.c};
        const std::array vary{o.vb, o.vc};
        out = weighted(taken ? o.b->v : o.c->v, w, args, vary);
        break;
      }
      case Op::less:
      case Op::less_equal:
      case Op::greater:
      case Op::greater_equal:
      case Op::equal:
      case Op::not_equal: out = {compare(in.op, o.a->v, o.b->v) ? 1.0 : 0.0, 0, 0}; break;
      default: {
        const Local local = rules_[i](o.a->v, family_);
        out = {local.g, local.g1 * o.a->d1, local.g2 * o.a->d1 * o.a->d1 + (o.la ? 0.0 : local.g1 * o.a->d2)};
        break;
      }
    }
    if (!in.varies) out.d1 = out.d2 = 0;
    return out;
  }

  // A catalog call over the chunk: its kernel writes g, g', g'' at the inputs u into the slot's
  // lanes, then the chain rule in place: f' = g'(u)·u', f'' = g''(u)·u'^2 + g'(u)·u'' (the last
  // term skipped for a u linear in x).
  ParseError catalog_step(std::size_t i, std::size_t m) {
    const Instruction& in = request_.formula->tape[i];
    if (planning_) {
      const CatalogCall& call = request_.formula->calls[in.call];
      std::vector<double> written;
      for (const std::uint16_t p : call.parameters) written.push_back(value(p)[0]);
      plans_.emplace_back();
      if (ParseError error = plan_catalog_call(call, written, request_.at_kink, plans_.back()); !error.message.empty()) {
        if (!skip_formula_parameter_calls_ || !call.uses_formula_parameters) return error;
        CatalogCall defaults;  // the catalog's defaults, to go on
        defaults.id = call.id;
        plan_catalog_call(defaults, {}, request_.at_kink, plans_.back());
      }
    }
    double* g = value(i);
    double* g1 = first(i);
    double* g2 = second(i);
    run_catalog(plans_[in.call], request_.at_kink, request_.dtype, value(in.a), g, g1, second_ ? g2 : nullptr, m, scratch_);
    const bool varies = in.varies;
    const bool linear = linear_[in.a] != 0;
    const double* u1 = first(in.a);
    const double* u2 = second(in.a);
    if (!varies) {
      std::fill_n(g1, m, 0.0);
      if (second_) std::fill_n(g2, m, 0.0);
    } else if (second_) {
      for (std::size_t j = 0; j < m; ++j) {
        g2[j] = g2[j] * u1[j] * u1[j] + (linear ? 0.0 : g1[j] * u2[j]);
        g1[j] = g1[j] * u1[j];
      }
    } else {
      for (std::size_t j = 0; j < m; ++j) g1[j] = g1[j] * u1[j];
    }
    if (request_.dtype != DType::float64) {
      round_lane(request_.dtype, g, m);
      round_lane(request_.dtype, g1, m);
      if (second_) round_lane(request_.dtype, g2, m);
    }
    return {};
  }

  // Whether the value depends on x at all (`varies` says whether its derivatives can be non-zero:
  // x > 0 depends on x but does not vary). A catalog call's parameters never depend on x.
  bool uses_x(const Instruction& in) const {
    if (in.op == Op::x) return true;
    const std::array<std::uint16_t, 3> operands{in.a, in.b, in.c};
    const int count = operand_count(in.op);  // 0 for a constant or a parameter
    return std::any_of(operands.begin(), operands.begin() + count, [&](std::uint16_t slot) { return uses_x_[slot] != 0; });
  }

  // Piecewise linear in x (x, constants, sums, constant multiples, and the selections and
  // relu/abs/sign of such): its f'' is 0 by construction. Reverse mode never forms the term
  // g'(u)·u'' for it, so neither do we (sqrt(x)'' at 0 is -inf there, not inf · 0 = NaN).
  bool is_linear(const Instruction& in) const {
    const auto lin = [&](std::uint16_t slot) { return linear_[slot] != 0; };
    const auto& tape = request_.formula->tape;
    switch (in.op) {
      case Op::constant:
      case Op::parameter:
      case Op::x: return true;
      case Op::neg:
      case Op::relu:
      case Op::abs:
      case Op::sign: return lin(in.a);
      case Op::add:
      case Op::sub:
      case Op::max:
      case Op::min: return lin(in.a) && lin(in.b);
      case Op::mul: return lin(in.a) && lin(in.b) && (!tape[in.a].varies || !tape[in.b].varies);
      case Op::div: return lin(in.a) && !tape[in.b].varies;
      case Op::clamp: return lin(in.a) && lin(in.b) && lin(in.c);
      case Op::where: return lin(in.b) && lin(in.c);
      default: return !in.varies;
    }
  }

 public:
  // check_catalog_calls(fixed_only): a call whose parameters use a formula parameter is not judged at the defaults.
  bool skip_formula_parameter_calls_ = false;

 private:
  const EvaluateRequest& request_;
  Family family_;
  bool planning_;
  bool second_;
  std::size_t width_;
  std::vector<CatalogPlan>& plans_;
  std::vector<double> lanes_;  // per slot: its values, then f', then f'', width_ each
  std::vector<UnaryRule> rules_;
  std::vector<unsigned char> linear_;
  std::vector<unsigned char> uses_x_;
  CatalogScratch scratch_;
  std::vector<double> exp_in_, exp_out_, exp_out2_;  // a chunk's exponentials
  bool constants_done_ = false;
};

// A tape from parse() always holds; one built by hand is checked before it is run.
bool well_formed(const Formula& formula) {
  const auto& tape = formula.tape;
  std::size_t calls = 0;
  for (std::size_t i = 0; i < tape.size(); ++i) {
    const Instruction& in = tape[i];
    if (i > 0 && (in.a >= i || in.b >= i || in.c >= i)) return false;
    if (i == 0 && in.op != Op::constant && in.op != Op::x && in.op != Op::parameter) return false;
    if (in.op == Op::parameter && in.parameter >= formula.parameters.size()) return false;
    if (static_cast<int>(in.op) > static_cast<int>(Op::catalog)) return false;
    if (in.op == Op::catalog) {
      // Calls in tape order, each parameter an earlier slot that does not vary.
      if (in.call != calls || calls >= formula.calls.size()) return false;
      for (const std::uint16_t p : formula.calls[calls].parameters) {
        if (p >= i || tape[p].varies) return false;
      }
      ++calls;
    }
  }
  return calls == formula.calls.size();
}

// The request's checks that come before any evaluation; an empty string when it can run.
std::string request_problem(const EvaluateRequest& request) {
  if (request.formula == nullptr || request.formula->tape.empty()) return "no formula to evaluate";
  if (!well_formed(*request.formula)) return "the formula's tape is malformed";
  if (request.params.size() != request.formula->parameters.size()) {
    return "the formula has " + std::to_string(request.formula->parameters.size()) + " parameters, got " +
           std::to_string(request.params.size()) + " values";
  }
  for (std::size_t i = 0; i < request.params.size(); ++i) {
    if (!std::isfinite(request.params[i])) return "parameter " + request.formula->parameters[i] + " is not finite";
  }
  if (static_cast<int>(request.at_kink) < 0 || static_cast<int>(request.at_kink) >= at_kink_count) return "unknown convention";
  if (static_cast<int>(request.dtype) < 0 || static_cast<int>(request.dtype) >= dtype_count) return "unknown dtype";
  return {};
}

// Each catalog call's plan: one pass over the tape in float64 (a framework takes a function's
// parameters as numbers), so the checks apply to each evaluation's parameter values.
ParseError plan_calls(const EvaluateRequest& request, std::vector<CatalogPlan>& plans, bool fixed_only) {
  plans.clear();
  if (request.formula->calls.empty()) return {};
  EvaluateRequest scalar = request;
  scalar.dtype = DType::float64;
  Machine planner(scalar, plans, true, false);
  planner.skip_formula_parameter_calls_ = fixed_only;
  const double x = 0;
  return planner.run(&x, 1);
}

}  // namespace

std::string evaluate(const EvaluateRequest& request, const EvaluateBuffers& out) {
  if (std::string problem = request_problem(request); !problem.empty()) return problem;
  if (out.n > 0 && (out.x == nullptr || out.f == nullptr || out.df == nullptr)) return "a buffer is missing";
  std::vector<CatalogPlan> plans;
  if (ParseError error = plan_calls(request, plans, false); !error.message.empty()) return error.message;
  Machine machine(request, plans, false, out.d2f != nullptr);
  for (std::size_t start = 0; start < out.n; start += chunk_size) {
    const std::size_t m = std::min(chunk_size, out.n - start);
    machine.run(out.x + start, m);
    const std::size_t last = request.formula->tape.size() - 1;
    std::copy_n(machine.value(last), m, out.f + start);
    std::copy_n(machine.first(last), m, out.df + start);
    if (out.d2f != nullptr) std::copy_n(machine.second(last), m, out.d2f + start);
  }
  return {};
}

ParseError check_catalog_calls(const Formula& formula, std::span<const double> params, bool fixed_only) {
  const EvaluateRequest request{.formula = &formula, .params = params};
  if (std::string problem = request_problem(request); !problem.empty()) return {0, problem};
  std::vector<CatalogPlan> plans;
  return plan_calls(request, plans, fixed_only);
}

}  // namespace actexp::formula
