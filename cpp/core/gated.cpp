// x times a smooth gate: GELU (exact and tanh), SiLU/Swish, Mish. Guards keep 0 * inf out
// of the tails, where the gate's derivative underflows while x or x^3 overflows.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <numbers>

#include "function_entry.hpp"
#include "portable_math.hpp"
#include "torch_cpu_math.hpp"
#include "functions.hpp"
#include "mathml.hpp"

namespace actexp {
namespace {

using namespace mathml;
using stable::sech2;
using stable::sigmoid;

// ---- GELU, exact: x * Phi(x), Phi the standard normal CDF.
struct Gelu : NoKinks {
  explicit Gelu(const double* /*params*/) {}
  static double cdf(double x) { return 0.5 * std::erfc(-x * std::numbers::sqrt2 / 2); }
  static double pdf(double x) { return std::exp(-0.5 * x * x) * (std::numbers::inv_sqrtpi / std::numbers::sqrt2); }
  static ValueSlope value_slope(double x) {
    const double c = cdf(x);
    const double p = pdf(x);
    return {x * c, c + (p == 0 ? 0.0 : x * p)};
  }
  static double second(double x) {
    const double p = pdf(x);
    return p == 0 ? 0.0 : p * (2.0 - x * x);
  }
  // A float32 or bfloat16 tensor of more than one element goes to oneDNN (gelu_out_cpu and
  // gelu_backward_out_cpu call use_mkldnn: contiguous, numel > 1, float or bfloat16 on a CPU
  // oneDNN supports it on); float16 and one-element tensors take ATen's GeluKernelImpl, below.
  template <typename T> static T torch_value(T x, const Store& store) {
    return uses_onednn(store) ? onednn_value(x) : aten_value(x);
  }
  template <typename T> static T torch_slope(T x, T /*y*/, const Store& store) {
    return uses_onednn(store) ? onednn_slope(x) : aten_slope(x);
  }
  static bool uses_onednn(const Store& store) { return store.dtype == DType::float32 || store.dtype == DType::bfloat16; }
  // GeluKernelImpl / GeluBackwardKernelImpl (approximate='none'): erf in the compute type, so
  // f is exactly 0 once erf rounds to −1; f' = cdf + x·pdf with pdf = e^(−x²/2)·β.
  static float aten_value(float x) {
    const auto k_alpha = static_cast<float>(std::numbers::sqrt2 / 2);
    return x * 0.5F * (1.0F + portable::erf(x * k_alpha));
  }
  static float aten_slope(float x) {
    const auto k_alpha = static_cast<float>(std::numbers::sqrt2 / 2);
    const auto k_beta = static_cast<float>(2 * std::numbers::inv_sqrtpi * (std::numbers::sqrt2 / 2) * 0.5);
    const float cdf = 0.5F * (1.0F + portable::erf(x * k_alpha));
    const float pdf = k_beta * portable::exp(x * x * -0.5F);
    return 1.0F * (cdf + x * pdf);
  }
  // oneDNN's eltwise_gelu_erf (jit_uni_eltwise_injector.cpp, the AVX2 kernel): erf(z) by
  // Abramowitz & Stegun 7.1.26, sign(z)·(1 − t·P(t)·e^(−z²)) with t = 1/(1 + p|z|), which is
  // 1 exactly once the product is below 2^-25. The backward adds x·φ(x) to 0.5 first: f' is
  // exactly 0 once that sum rounds to 0.5 (x ≤ −6.15).
  // oneDNN's exp: 2^n·P(r) with n = ⌊x·log₂e + ½⌋, r = x − n·ln 2 (fused), P of degree 5, and 0
  // below ln(FLT_MIN) (exp_compute_vector_fwd).
  static float onednn_exp(float x) {
    using torch_cpu::fused_multiply_add;
    const float ln_flt_min = bit_cast<float>(0xc2aeac50U);
    const float ln_flt_max = bit_cast<float>(0x42b17218U);
    const float log2e = bit_cast<float>(0x3fb8aa3bU);
    const float ln2 = bit_cast<float>(0x3f317218U);
    constexpr std::array<std::uint32_t, 5> pol{0x3f7ffffbU, 0x3efffee3U, 0x3e2aad40U, 0x3d2b9d0dU, 0x3c07cfceU};
    const bool underflows = x < ln_flt_min;
    const float c = std::max(std::min(x, ln_flt_max), ln_flt_min);
    const float n = std::floor(c * log2e + 0.5F);
    const float r = fused_multiply_add(-n, ln2, c);
    // 2^(n − 1) from its exponent bits, then ·2: 2^n itself can overflow float at n = 128.
    const float half_scale =
        underflows ? 0.0F : bit_cast<float>(static_cast<std::uint32_t>(static_cast<int>(n - 1) + 127) << 23);
    float p = bit_cast<float>(pol[4]);
    for (int i = 3; i >= 0; --i) p = fused_multiply_add(p, r, bit_cast<float>(pol[static_cast<std::size_t>(i)]));
    p = fused_multiply_add(p, r, 1.0F);
    return p * half_scale * 2.0F;
  }
  struct OneDnnErf {
    float erf;  // sign(z)·(1 − t·P(t)·e^(−z²))
    float e;    // e^(−z²)
  };
  static OneDnnErf onednn_erf(float z) {
    using torch_cpu::fused_multiply_add;
    const float p = bit_cast<float>(0x3ea7ba05U);  // 0.3275911
    constexpr std::array<std::uint32_t, 5> a{0x3e827906U, 0xbe91a98eU, 0x3fb5f0e3U, 0xbfba00e3U, 0x3f87dc22U};
    const float t = 1.0F / fused_multiply_add(p, std::fabs(z), 1.0F);
    const float e = onednn_exp(-(z * z));
    float poly = bit_cast<float>(a[4]);
    for (int i = 3; i >= 0; --i) poly = fused_multiply_add(poly, t, bit_cast<float>(a[static_cast<std::size_t>(i)]));
    const float erf = fused_multiply_add(-e * t, poly, 1.0F);
    return {std::signbit(z) ? -erf : erf, e};
  }
  static constexpr float one_over_sqrt2 = bit_cast<float>(0x3f3504f3U);
  static float onednn_value(float x) {
    const float half_x = 0.5F * x;
    return torch_cpu::fused_multiply_add(onednn_erf(x * one_over_sqrt2).erf, half_x, half_x);
  }
  static float onednn_slope(float x) {
    constexpr float one_over_sqrt_pi = bit_cast<float>(0x3f106ebbU);
    const float z = x * one_over_sqrt2;
    const OneDnnErf erf = onednn_erf(z);
    const float x_pdf = z * one_over_sqrt_pi * erf.e;  // x·φ(x)
    return torch_cpu::fused_multiply_add(erf.erf, 0.5F, x_pdf + 0.5F);
  }
  static std::string formula(AtKink /*at_kink*/, Formula which) {
    const std::string Phi = fn_of("\u03a6", x());
    const std::string phi = fn_of("\u03c6", x());
    if (which == Formula::value) return equation(function_of_x(false), row({x(), times(), Phi}));
    return equation(function_of_x(true), row({Phi, op("+"), x(), times(), phi}));
  }
};

// ---- GELU, tanh approximation (Hendrycks & Gimpel; JAX's default, PyTorch approximate='tanh').
constexpr double gelu_k = 0.7978845608028654;  // sqrt(2 / pi)
constexpr double gelu_c = 0.044715;

struct GeluTanh : NoKinks {
  explicit GeluTanh(const double* /*params*/) {}
  static double inner(double x) { return gelu_k * (x + gelu_c * x * x * x); }
  // (1 + tanh u) / 2 = sigma(2u): the same function, without cancellation where tanh u -> -1.
  static ValueSlope value_slope(double x) {
    const double u = inner(x);
    const double gate = sigmoid(2.0 * u);
    const double half_sech2 = 2.0 * gate * sigmoid(-2.0 * u);  // (1 - tanh^2 u) / 2
    return {x * gate, half_sech2 == 0 ? gate : gate + x * half_sech2 * gelu_k * (1.0 + 3.0 * gelu_c * x * x)};
  }
  static double second(double x) {
    const double u = inner(x);
    const double p = sigmoid(2.0 * u);
    const double q = sigmoid(-2.0 * u);
    const double s = 4.0 * p * q;  // sech^2 u
    if (s == 0) return 0.0;
    const double du = gelu_k * (1.0 + 3.0 * gelu_c * x * x);
    const double d2u = 6.0 * gelu_k * gelu_c * x;
    return s * du + 0.5 * x * s * (d2u - 2.0 * (p - q) * du * du);
  }
  // GeluKernelImpl / GeluBackwardKernelImpl (approximate='tanh'), term by term, with the
  // fused multiply-adds GCC makes of a product feeding an add.
  template <typename T> static T torch_value(T x, const Store& /*store*/) {
    using torch_cpu::fused_multiply_add;
    const auto k_beta = static_cast<T>(gelu_k);
    const auto k_kappa = static_cast<T>(gelu_c);
    const T inner = k_beta * fused_multiply_add(k_kappa, x * x * x, x);
    return T(0.5) * x * (T(1) + torch_cpu::tanh(inner));
  }
  template <typename T> static T torch_slope(T x, T /*y*/, const Store& /*store*/) {
    const auto k_beta = static_cast<T>(gelu_k);
    const auto k_kappa = static_cast<T>(gelu_c);
    using torch_cpu::fused_multiply_add;
    const T x_sq = x * x;
    const T inner = k_beta * fused_multiply_add(k_kappa, x_sq * x, x);
    const T tanh_inner = torch_cpu::tanh(inner);
    const T left = T(0.5) * x;
    const T right = T(1) + tanh_inner;
    const T tanh_derivative = fused_multiply_add(-tanh_inner, tanh_inner, T(1));
    const T inner_derivative = k_beta * fused_multiply_add(T(3) * k_kappa, x_sq, T(1));
    const T right_derivative = left * tanh_derivative * inner_derivative;
    return T(1) * fused_multiply_add(T(0.5), right, right_derivative);  // 0.5·right + right_derivative
  }
  static std::string formula(AtKink /*at_kink*/, Formula which) {
    const std::string u = row({sqrt_2_over_pi(), times(), paren(row({x(), op("+"), number(gelu_c), times(), sup(x(), number(3))}))});
    if (which == Formula::value) {
      return equation(function_of_x(false), row({frac(x(), number(2)), times(), paren(row({number(1), op("+"), fn_of("tanh", u)}))}));
    }
    return equation(function_of_x(true), row({frac(row({number(1), op("+"), identifier("t")}), number(2)), op("+"),
                                              frac(x(), number(2)), times(), paren(row({number(1), op("\u2212"), sup(identifier("t"), number(2))})),
                                              times(), sqrt_2_over_pi(), times(), paren(row({number(1), op("+"), number(3 * gelu_c), times(), sup(x(), number(2))})),
                                              text(",\u2003t = tanh(u)")}));
  }
  static std::string sqrt_2_over_pi() { return "<msqrt>" + frac(number(2), identifier("\u03c0")) + "</msqrt>"; }
};

// ---- SiLU / Swish: x * sigma(beta x); beta = 1 is SiLU.
struct Silu : NoKinks {
  double beta;
  explicit Silu(const double* p) : beta(p[0]) {}
  [[nodiscard]] ValueSlope value_slope(double x) const {
    const double z = beta * x;
    const double s = sigmoid(z);
    const double r = sigmoid(-z);
    // beta * x overflows to inf for beta > 1 near 1e308, and inf * 0 is NaN; the term is 0 there.
    return {x * s, s == 0 ? 0.0 : s * (1.0 + (r == 0 ? 0.0 : z * r))};
  }
  [[nodiscard]] double second(double x) const {
    const double z = beta * x;
    const double s = sigmoid(z);
    const double r = sigmoid(-z);
    if (s == 0 || r == 0) return 0.0;
    return beta * s * r * (2.0 + z * (r - s));
  }
  // β = 1 is F.silu (silu_kernel, silu_backward_kernel). Torch has no β: other values are
  // x * torch.sigmoid(β * x), three ops whose results (and autograd's) are stored in the dtype.
  template <typename T> [[nodiscard]] T torch_value(T x, const Store& store) const {
    if (beta == 1) return x / (T(1) + torch_cpu::exp(-x));
    const T s = store(T(1) / (T(1) + torch_cpu::exp(-store(static_cast<T>(beta) * x))));
    return x * s;
  }
  template <typename T> [[nodiscard]] T torch_slope(T x, T /*y*/, const Store& store) const {
    if (beta == 1) {
      const T sigmoid = T(1) / (T(1) + torch_cpu::exp(-x));
      return T(1) * sigmoid * torch_cpu::fused_multiply_add(x, T(1) - sigmoid, T(1));  // 1 + x(1 − σ), fused
    }
    const auto b = static_cast<T>(beta);
    const T s = store(T(1) / (T(1) + torch_cpu::exp(-store(b * x))));
    const T through_gate = store(store(T(1) * (T(1) - s) * s * x) * b);  // mul, sigmoid_backward, mul
    return s + through_gate;
  }
  [[nodiscard]] std::string formula(AtKink /*at_kink*/, Formula which) const {
    const std::string bx = row({number(beta), times(), x()});
    const std::string s = fn_of("\u03c3", bx);
    if (which == Formula::value) return equation(function_of_x(false), row({x(), times(), s}));
    return equation(function_of_x(true), row({s, times(), paren(row({number(1), op("+"), bx, times(), paren(row({number(1), op("\u2212"), s}))}))}));
  }
};

// ---- Mish: x * tanh(softplus(x)).
struct Mish : NoKinks {
  explicit Mish(const double* /*params*/) {}
  // One exponential: with m = e^-|x|, tanh(softplus x) = (1 + 2m) / (1 + 2m + 2m^2) for x >= 0
  // and n(n + 2) / (n(n + 2) + 2) with n = e^x below 0; 1 - tanh comes out without cancellation.
  static ValueSlope value_slope(double x) {
    const double m = std::exp(-std::fabs(x));
    double t = 0;
    double one_minus_t = 0;
    double sig = 0;
    if (x >= 0) {
      const double d = 1 + 2 * m + 2 * m * m;
      t = (1 + 2 * m) / d;
      one_minus_t = 2 * m * m / d;
      sig = 1 / (1 + m);
    } else {
      const double u = m * (m + 2);
      t = u / (u + 2);
      one_minus_t = 2 / (u + 2);
      sig = m / (1 + m);
    }
    const double s = one_minus_t * (1 + t) * sig;  // sech^2(softplus x) * sigma(x)
    return {x * t, t + (s == 0 ? 0.0 : x * s)};
  }
  // mish_kernel / mish_backward_kernel: tanh(log1p(e^x)) with sigmoid computed beside it, by
  // Sleef (whose log1pf keeps subnormal results to even multiples of the smallest: f' is
  // exactly 0 from x = −102.875, where e^x is the smallest subnormal), 1 − t² fused.
  template <typename T> static T torch_value(T x, const Store& /*store*/) { return x * tanh_softplus(x); }
  template <typename T> static T torch_slope(T x, T /*y*/, const Store& /*store*/) {
    const T sigmoid = T(1) / (T(1) + torch_cpu::exp(-x));
    const T t = tanh_softplus(x);
    return T(1) * torch_cpu::fused_multiply_add(x * sigmoid, torch_cpu::fused_multiply_add(-t, t, T(1)), t);
  }
  static float tanh_softplus(float x) { return torch_cpu::tanh(torch_cpu::log1p(torch_cpu::exp(x))); }
  static double second(double x) {
    const double sp = stable::softplus(x);
    const double sig = sigmoid(x);
    const double s = sech2(sp) * sig;
    if (s == 0) return 0.0;
    return s * (2.0 + x * (1.0 - sig - 2.0 * std::tanh(sp) * sig));
  }
  static std::string formula(AtKink /*at_kink*/, Formula which) {
    const std::string sp = fn_of("softplus", x());
    if (which == Formula::value) return equation(function_of_x(false), row({x(), times(), fn_of("tanh", sp)}));
    return equation(function_of_x(true), row({fn_of("tanh", sp), op("+"), x(), times(), sup(identifier("sech"), number(2)), op("\u2061"),
                                              paren(sp), times(), fn_of("\u03c3", x())}));
  }
};

constexpr std::array silu_presets{BuiltinPreset{1.0, "1", "SiLU (PyTorch, JAX)"}, BuiltinPreset{1.702, "1.702", "approximates GELU"}};
constexpr std::array silu_parameters{BuiltinParameter{"beta", "\u03b2", "gate sharpness (Swish-\u03b2)", 1.0, 0.0, 10.0, 0.01, silu_presets}};

}  // namespace

constexpr BuiltinFunction gelu_builtin = make_spec<Gelu>(
      "gelu", "GELU", "Gaussian error linear unit: x weighted by the probability that a standard normal is below x (BERT, GPT).", {},
      {.range = "[\u22120.17, \u221e)", .monotonic = "no", .smoothness = "C\u221e", .saturates = "left"});
const EvaluateFloatFn gelu_float = &FunctionEntry<Gelu>::evaluate_float;

constexpr BuiltinFunction gelu_tanh_builtin = make_spec<GeluTanh>(
      "gelu_tanh", "GELU (tanh approximation)", "GELU with tanh in place of erf: JAX's default, PyTorch's approximate='tanh'.", {},
      {.range = "[\u22120.17, \u221e)", .monotonic = "no", .smoothness = "C\u221e", .saturates = "left"});
const EvaluateFloatFn gelu_tanh_float = &FunctionEntry<GeluTanh>::evaluate_float;

constexpr BuiltinFunction silu_builtin = make_spec<Silu>(
      "silu", "SiLU / Swish", "x \u00b7 \u03c3(\u03b2x): self-gated; \u03b2 = 1 is SiLU, \u03b2 \u2192 \u221e tends to ReLU.", silu_parameters,
      {.range = "[\u22120.28/\u03b2, \u221e) for \u03b2 > 0", .monotonic = "no", .smoothness = "C\u221e", .saturates = "left"});
const EvaluateFloatFn silu_float = &FunctionEntry<Silu>::evaluate_float;

constexpr BuiltinFunction mish_builtin = make_spec<Mish>(
      "mish", "Mish", "x \u00b7 tanh(softplus(x)): a smooth, non-monotonic self-gate (YOLOv4).", {},
      {.range = "[\u22120.31, \u221e)", .monotonic = "no", .smoothness = "C\u221e", .saturates = "left"});
const EvaluateFloatFn mish_float = &FunctionEntry<Mish>::evaluate_float;

}  // namespace actexp
