// Activations built from exp and log: the ELU family, softplus, sigmoid, tanh and kin.
// Written to stay finite for |x| up to 1e308 (no exp overflow, no inf - inf, no 0 * inf).
#include <algorithm>
#include <array>
#include <cmath>

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

std::string e_to(const std::string& exponent) { return sup(identifier("e"), exponent); }
std::string sigma_of(const std::string& argument) { return fn_of("\u03c3", argument); }

// PyTorch's ELU kernels (aten/src/ATen/native/cpu/Activation.cpp, elu_kernel and
// elu_backward_kernel), which SELU and CELU call too: e^(x·input_scale) − 1, not expm1, so
// f rounds to 0 near 0 in float; f' from the input (is_result is false for F.elu/selu/celu).
template <typename T>
T torch_elu_value(T x, T negcoef, T poscoef, T negiptcoef) {
  return x <= T(0) ? (torch_cpu::exp(x * negiptcoef) - T(1)) * negcoef : x * poscoef;
}
template <typename T>
T torch_elu_slope(T x, T negcoef, T poscoef, T negiptcoef) {
  return x <= T(0) ? T(1) * negiptcoef * negcoef * torch_cpu::exp(x * negiptcoef) : T(1) * poscoef;
}

// ---- ELU: x for x > 0, alpha (e^x - 1) otherwise. f'(0) = alpha everywhere: PyTorch's
// elu_backward and jax.nn.elu (where(x > 0, …)) take the x <= 0 branch; Keras 3 on TensorFlow
// is where(x > 0, elu, alpha elu), the same branch (tf.nn.elu alone has alpha = 1, where the
// limits agree).
struct Elu {
  static constexpr KinkRule rule_at_0 = always_left;
  double alpha;
  explicit Elu(const double* p) : alpha(p[0]) {}
  [[nodiscard]] ValueSlope value_slope(double x) const {
    if (x > 0) return {x, 1.0};
    const auto [e, m] = stable::exp_and_expm1(x);
    return {alpha * m, alpha * e};
  }
  [[nodiscard]] double second(double x) const {
    if (x == 0 && alpha != 1) return no_second_derivative;
    return x > 0 ? 0.0 : alpha * std::exp(x);
  }
  // elu_kernel / elu_backward_kernel (is_result false) with scale = input_scale = 1.
  template <typename T> [[nodiscard]] T torch_value(T x, const Store& /*store*/) const {
    return torch_elu_value(x, static_cast<T>(alpha), T(1), T(1));
  }
  template <typename T> [[nodiscard]] T torch_slope(T x, T /*y*/, const Store& /*store*/) const {
    return torch_elu_slope(x, static_cast<T>(alpha), T(1), T(1));
  }
  [[nodiscard]] std::size_t kinks(KinkList& out) const {
    out[0] = slope_kink(0, 0, alpha, 1, rule_at_0);
    return 1;
  }
  [[nodiscard]] std::string formula(AtKink /*at_kink*/, Formula which) const {
    const std::string a = number(alpha);
    if (which == Formula::value) {
      return piecewise(function_of_x(false), {Case{x(), x_compared("&gt;", 0)},
                                              Case{row({a, times(), paren(row({e_to(x()), op("\u2212"), number(1)}))}), x_compared("\u2264", 0)}});
    }
    return piecewise(function_of_x(true), {Case{number(1), x_compared("&gt;", 0)}, Case{row({a, times(), e_to(x())}), x_compared("\u2264", 0)}});
  }
};

// ---- SELU: lambda * ELU(x, alpha) with the self-normalising constants (Klambauer et al. 2017).
constexpr double selu_lambda = 1.0507009873554804934193349852946;
constexpr double selu_alpha = 1.6732632423543772848170429916717;

// f'(0): PyTorch's elu_backward and jax.nn.selu (where(x > 0, …)) take the x <= 0 branch,
// lambda alpha; TensorFlow's SeluGrad tests outputs < 0 (relu_op_functor.h at 12b1fb47), so
// at 0 it returns the right branch, lambda.
struct Selu {
  static constexpr KinkRule rule_at_0{Side::left, Side::left, Side::right, Side::left};
  explicit Selu(const double* /*params*/) {}
  static ValueSlope value_slope(double x) {
    if (x > 0) return {selu_lambda * x, selu_lambda};
    const auto [e, m] = stable::exp_and_expm1(x);
    return {selu_lambda * (selu_alpha * m), selu_lambda * selu_alpha * e};
  }
  static double second(double x) {
    if (x == 0) return no_second_derivative;
    return x > 0 ? 0.0 : selu_lambda * selu_alpha * std::exp(x);
  }
  // torch.selu is elu(x, alpha, scale): negcoef = alpha * scale multiplied in the compute type.
  template <typename T> static T torch_value(T x, const Store& /*store*/) {
    return torch_elu_value(x, static_cast<T>(selu_alpha) * static_cast<T>(selu_lambda), static_cast<T>(selu_lambda), T(1));
  }
  template <typename T> static T torch_slope(T x, T /*y*/, const Store& /*store*/) {
    return torch_elu_slope(x, static_cast<T>(selu_alpha) * static_cast<T>(selu_lambda), static_cast<T>(selu_lambda), T(1));
  }
  static std::size_t kinks(KinkList& out) {
    const double left = selu_lambda * selu_alpha;
    out[0] = slope_kink(0, 0, left, selu_lambda, rule_at_0);
    return 1;
  }
  static std::string formula(AtKink /*at_kink*/, Formula which) {
    const std::string l = identifier("\u03bb");
    const std::string a = identifier("\u03b1");
    if (which == Formula::value) {
      return piecewise(function_of_x(false), {Case{row({l, times(), x()}), x_compared("&gt;", 0)},
                                              Case{row({l, times(), a, times(), paren(row({e_to(x()), op("\u2212"), number(1)}))}), x_compared("\u2264", 0)}});
    }
    return piecewise(function_of_x(true), {Case{l, x_compared("&gt;", 0)}, Case{row({l, times(), a, times(), e_to(x())}), x_compared("\u2264", 0)}});
  }
};

// ---- CELU: max(0, x) + min(0, alpha (e^(x/alpha) - 1)); continuously differentiable.
struct Celu : NoKinks {
  double alpha;
  explicit Celu(const double* p) : alpha(p[0]) {}
  [[nodiscard]] ValueSlope value_slope(double x) const {
    if (x > 0) return {x, 1.0};
    const auto [e, m] = stable::exp_and_expm1(x / alpha);
    return {alpha * m, e};
  }
  [[nodiscard]] double second(double x) const {
    if (x == 0 && alpha != 1) return no_second_derivative;  // f'' jumps from 1/alpha to 0
    return x > 0 ? 0.0 : std::exp(x / alpha) / alpha;
  }
  // torch.celu is elu(x, alpha, 1, 1 / alpha), the reciprocal taken in double.
  template <typename T> [[nodiscard]] T torch_value(T x, const Store& /*store*/) const {
    return torch_elu_value(x, static_cast<T>(alpha), T(1), static_cast<T>(1.0 / alpha));
  }
  template <typename T> [[nodiscard]] T torch_slope(T x, T /*y*/, const Store& /*store*/) const {
    return torch_elu_slope(x, static_cast<T>(alpha), T(1), static_cast<T>(1.0 / alpha));
  }
  [[nodiscard]] std::string formula(AtKink /*at_kink*/, Formula which) const {
    const std::string a = number(alpha);
    const std::string x_over_a = frac(x(), a);
    if (which == Formula::value) {
      return piecewise(function_of_x(false), {Case{x(), x_compared("&gt;", 0)},
                                              Case{row({a, times(), paren(row({e_to(x_over_a), op("\u2212"), number(1)}))}), x_compared("\u2264", 0)}});
    }
    return piecewise(function_of_x(true), {Case{number(1), x_compared("&gt;", 0)}, Case{e_to(x_over_a), x_compared("\u2264", 0)}});
  }
};

// ---- Softplus with PyTorch's beta and threshold: above beta*x > threshold it returns x
// itself, so f jumps by log1p(e^-threshold)/beta (about 2e-9 at the default) at
// x = threshold/beta. That is a real, if tiny, discontinuity of torch's softplus.
struct Softplus {
  // PyTorch's softplus_backward switches to 1 only above the threshold (x * beta > threshold).
  // The threshold is PyTorch's; TensorFlow's and JAX's softplus have none, so their column
  // repeats PyTorch's for this PyTorch curve.
  static constexpr KinkRule rule_at_threshold = always_left;
  double beta;
  double threshold;
  explicit Softplus(const double* p) : beta(p[0]), threshold(p[1]) {}
  [[nodiscard]] ValueSlope value_slope(double x) const {
    const double z = beta * x;
    if (z > threshold) return {x, 1.0};
    // softplus(z) = max(z, 0) + log1p(e^-|z|) and sigma(z) share e^-|z|.
    const double e = std::exp(-std::fabs(z));
    return {(std::fmax(z, 0.0) + std::log1p(e)) / beta, z >= 0 ? 1.0 / (1.0 + e) : e / (1.0 + e)};
  }
  // softplus_kernel / softplus_backward_kernel: log1p(e^(βx))/β below the threshold (e^(βx)
  // underflows to 0 far left, so f and f' become exactly 0 there), f' = z/(z + 1), z = e^(βx).
  template <typename T> [[nodiscard]] T torch_value(T x, const Store& /*store*/) const {
    const auto b = static_cast<T>(beta);
    return x * b > static_cast<T>(threshold) ? x : torch_cpu::log1p(torch_cpu::exp(x * b)) / b;
  }
  template <typename T> [[nodiscard]] T torch_slope(T x, T /*y*/, const Store& /*store*/) const {
    const auto b = static_cast<T>(beta);
    const T z = torch_cpu::exp(x * b);
    return x * b > static_cast<T>(threshold) ? T(1) : T(1) * z / (z + T(1));
  }
  [[nodiscard]] double second(double x) const {
    const double z = beta * x;
    if (z == threshold) return no_second_derivative;
    return z > threshold ? 0.0 : beta * sigmoid(z) * sigmoid(-z);
  }
  [[nodiscard]] std::size_t kinks(KinkList& out) const {
    const double at = threshold / beta;
    const double below = stable::softplus(threshold) / beta;
    out[0] = Kink{.x = at, .f_left = below, .f_right = at, .f_at = below, .df_left = sigmoid(threshold), .df_right = 1,
                  .rule = rule_at_threshold};
    return 1;
  }
  [[nodiscard]] std::string formula(AtKink /*at_kink*/, Formula which) const {
    const std::string b = number(beta);
    const std::string bx = row({b, times(), x()});
    const std::string cond = row({bx, op("\u2264"), number(threshold)});
    if (which == Formula::value) {
      return piecewise(function_of_x(false), {Case{row({frac(number(1), b), times(), fn_of("ln", row({number(1), op("+"), e_to(bx)}))}), cond},
                                              Case{x(), text("otherwise")}});
    }
    return piecewise(function_of_x(true), {Case{sigma_of(bx), cond}, Case{number(1), text("otherwise")}});
  }
};

struct Sigmoid : NoKinks {
  explicit Sigmoid(const double* /*params*/) {}
  // sigma(x) sigma(-x) rather than s(1 - s), which rounds to 0 for x > 37.
  static ValueSlope value_slope(double x) {
    const double s = sigmoid(x);
    return {s, s * sigmoid(-x)};
  }
  static double second(double x) { return sigmoid(x) * sigmoid(-x) * (sigmoid(-x) - sigmoid(x)); }
  // sigmoid_kernel (UnaryOpsKernel.cpp) and sigmoid_backward (BinaryOpsKernel.cpp): the backward
  // is (1 − y)·y from the stored output y, so f' is exactly 0 wherever y rounds to 1 (or to 0).
  template <typename T> static T torch_value(T x, const Store& /*store*/) { return T(1) / (T(1) + torch_cpu::exp(-x)); }
  template <typename T> static T torch_slope(T /*x*/, T y, const Store& /*store*/) { return T(1) * (T(1) - y) * y; }
  static std::string formula(AtKink /*at_kink*/, Formula which) {
    if (which == Formula::value) return equation(function_of_x(false), frac(number(1), row({number(1), op("+"), e_to(row({op("\u2212"), x()}))})));
    return equation(function_of_x(true), row({sigma_of(x()), times(), paren(row({number(1), op("\u2212"), sigma_of(x())}))}));
  }
};

// ---- LogSigmoid: log sigma(x) = -softplus(-x).
struct LogSigmoid : NoKinks {
  explicit LogSigmoid(const double* /*params*/) {}
  static ValueSlope value_slope(double x) {
    const double e = std::exp(-std::fabs(x));  // shared by log1p(e^-|x|) and sigma(-x)
    return {std::fmin(x, 0.0) - std::log1p(e), x <= 0 ? 1.0 / (1.0 + e) : e / (1.0 + e)};
  }
  static double second(double x) { return -sigmoid(x) * sigmoid(-x); }
  // log_sigmoid_cpu_kernel keeps e^-|x| in a buffer of the input's dtype; the backward reads it.
  template <typename T> static T torch_value(T x, const Store& /*store*/) {
    return std::min(x, T(0)) - torch_cpu::log1p(torch_cpu::exp(-std::fabs(x)));
  }
  template <typename T> static T torch_slope(T x, T /*y*/, const Store& store) {
    const T buffer = store(torch_cpu::exp(-std::fabs(x)));
    const bool negative = x < T(0);
    const T max_deriv = negative ? T(1) : T(0);
    const T sign = negative ? T(1) : T(-1);
    return (max_deriv - sign * (buffer / (T(1) + buffer))) * T(1);
  }
  static std::string formula(AtKink /*at_kink*/, Formula which) {
    if (which == Formula::value) return equation(function_of_x(false), fn_of("ln", sigma_of(x())));
    return equation(function_of_x(true), row({number(1), op("\u2212"), sigma_of(x())}));
  }
};

struct Tanh : NoKinks {
  explicit Tanh(const double* /*params*/) {}
  static ValueSlope value_slope(double x) {
    const auto [t, s2] = stable::tanh_and_sech2(x);
    return {t, s2};
  }
  static double second(double x) { return -2.0 * std::tanh(x) * sech2(x); }
  // Sleef's tanhf (±1 from |x| > 8.664); tanh_backward (BinaryOpsKernel.cpp) is 1 − y² from the
  // stored output, one fused multiply-add in x86 builds: exactly 0 once y rounds to ±1.
  template <typename T> static T torch_value(T x, const Store& /*store*/) { return torch_cpu::tanh(x); }
  template <typename T> static T torch_slope(T /*x*/, T y, const Store& /*store*/) {
    return torch_cpu::fused_multiply_add(-y, y, T(1));
  }
  static std::string formula(AtKink /*at_kink*/, Formula which) {
    if (which == Formula::value) return equation(function_of_x(false), fn_of("tanh", x()));
    return equation(function_of_x(true), row({number(1), op("\u2212"), sup(identifier("tanh"), number(2)), op("\u2061"), x()}));
  }
};

struct Tanhshrink : NoKinks {
  explicit Tanhshrink(const double* /*params*/) {}
  // x - tanh x cancels near 0 (tanh 1e-8 == 1e-8 in doubles), so |x| < 0.1 uses the Taylor
  // series; there its eighth term is below 2e-17 of the first.
  static double small_x_series(double x) {
    constexpr std::array<double, 8> coefficients{1.0 / 3, -2.0 / 15, 17.0 / 315, -62.0 / 2835, 1382.0 / 155925,
                                                 -21844.0 / 6081075, 929569.0 / 638512875, -6404582.0 / 10854718875};
    const double x2 = x * x;
    double sum = 0;
    for (auto c = coefficients.rbegin(); c != coefficients.rend(); ++c) sum = sum * x2 + *c;
    return sum * x2 * x;
  }
  static ValueSlope value_slope(double x) {
    const double t = stable::tanh_and_sech2(x).tanh;
    return {std::fabs(x) >= 0.1 ? x - t : small_x_series(x), t * t};
  }
  static double second(double x) { return 2.0 * std::tanh(x) * sech2(x); }
  // F.tanhshrink is input − input.tanh(), two ops, each result stored in the dtype; autograd
  // adds 1 and tanh_backward(−1, t) = −(1 − t²), each stored too.
  template <typename T> static T torch_value(T x, const Store& store) { return x - store(torch_cpu::tanh(x)); }
  template <typename T> static T torch_slope(T x, T /*y*/, const Store& store) {
    const T t = store(torch_cpu::tanh(x));
    return T(1) + store(T(-1) * torch_cpu::fused_multiply_add(-t, t, T(1)));
  }
  static std::string formula(AtKink /*at_kink*/, Formula which) {
    if (which == Formula::value) return equation(function_of_x(false), row({x(), op("\u2212"), fn_of("tanh", x())}));
    return equation(function_of_x(true), row({sup(identifier("tanh"), number(2)), op("\u2061"), x()}));
  }
};

constexpr std::array elu_presets{BuiltinPreset{1.0, "1", "PyTorch, TensorFlow, JAX default"}};
constexpr std::array elu_parameters{BuiltinParameter{"alpha", "\u03b1", "value approached as x \u2192 \u2212\u221e is \u2212\u03b1", 1.0, 0.01, 5.0, 0.01, elu_presets}};
constexpr std::array celu_parameters{BuiltinParameter{"alpha", "\u03b1", "scale of the negative part", 1.0, 0.05, 5.0, 0.01, elu_presets}};
constexpr std::array softplus_beta_presets{BuiltinPreset{1.0, "1", "PyTorch default"}};
constexpr std::array softplus_threshold_presets{BuiltinPreset{20.0, "20", "PyTorch default"}};
constexpr std::array softplus_parameters{
    BuiltinParameter{"beta", "\u03b2", "sharpness", 1.0, 0.1, 10.0, 0.1, softplus_beta_presets},
    BuiltinParameter{"threshold", "threshold", "above \u03b2x > threshold, f(x) = x", 20.0, 1.0, 50.0, 1.0, softplus_threshold_presets},
};

}  // namespace

constexpr BuiltinFunction elu_builtin = make_spec<Elu>(
      "elu", "ELU", "Exponential linear unit: smooth negative saturation at \u2212\u03b1 pushes mean activations towards 0.",
      elu_parameters, {.range = "(\u2212\u03b1, \u221e)", .monotonic = "increasing", .smoothness = "C\u00b9 when \u03b1 = 1, else C\u2070", .saturates = "left"});
const EvaluateFloatFn elu_float = &FunctionEntry<Elu>::evaluate_float;

constexpr BuiltinFunction selu_builtin = make_spec<Selu>(
      "selu", "SELU", "Scaled ELU with \u03bb \u2248 1.0507 and \u03b1 \u2248 1.6733, chosen so activations self-normalise.", {},
      {.range = "(\u2212\u03bb\u03b1, \u221e) \u2248 (\u22121.7581, \u221e)", .monotonic = "increasing", .smoothness = "C\u2070", .saturates = "left"});
const EvaluateFloatFn selu_float = &FunctionEntry<Selu>::evaluate_float;

constexpr BuiltinFunction celu_builtin = make_spec<Celu>(
      "celu", "CELU", "Continuously differentiable ELU: e^(x/\u03b1) keeps f\u2032(0) = 1 for every \u03b1.", celu_parameters,
      {.range = "(\u2212\u03b1, \u221e)", .monotonic = "increasing", .smoothness = "C\u00b9", .saturates = "left"});
const EvaluateFloatFn celu_float = &FunctionEntry<Celu>::evaluate_float;

constexpr BuiltinFunction softplus_builtin = make_spec<Softplus>(
      "softplus", "Softplus", "A smooth ReLU: ln(1 + e^(\u03b2x))/\u03b2; PyTorch switches to x above the threshold.", softplus_parameters,
      {.range = "(0, \u221e)", .monotonic = "increasing", .smoothness = "C\u221e below the threshold", .saturates = "left"});
const EvaluateFloatFn softplus_float = &FunctionEntry<Softplus>::evaluate_float;

constexpr BuiltinFunction sigmoid_builtin = make_spec<Sigmoid>(
      "sigmoid", "Sigmoid", "The logistic function. Its derivative never exceeds 1/4, so deep stacks of it shrink gradients.", {},
      {.range = "(0, 1)", .monotonic = "increasing", .smoothness = "C\u221e", .saturates = "both"});
const EvaluateFloatFn sigmoid_float = &FunctionEntry<Sigmoid>::evaluate_float;

constexpr BuiltinFunction logsigmoid_builtin = make_spec<LogSigmoid>(
      "logsigmoid", "LogSigmoid", "ln \u03c3(x) = \u2212softplus(\u2212x), computed without overflow.", {},
      {.range = "(\u2212\u221e, 0)", .monotonic = "increasing", .smoothness = "C\u221e", .saturates = "no"});
const EvaluateFloatFn logsigmoid_float = &FunctionEntry<LogSigmoid>::evaluate_float;

constexpr BuiltinFunction tanh_builtin = make_spec<Tanh>(
      "tanh", "Tanh", "Hyperbolic tangent: a zero-centred sigmoid with f\u2032(0) = 1.", {},
      {.range = "(\u22121, 1)", .monotonic = "increasing", .smoothness = "C\u221e", .saturates = "both"});
const EvaluateFloatFn tanh_float = &FunctionEntry<Tanh>::evaluate_float;

constexpr BuiltinFunction tanhshrink_builtin = make_spec<Tanhshrink>(
      "tanhshrink", "Tanhshrink", "x \u2212 tanh(x): flat near 0, linear far out.", {},
      {.range = "(\u2212\u221e, \u221e)", .monotonic = "increasing", .smoothness = "C\u221e", .saturates = "no"});
const EvaluateFloatFn tanhshrink_float = &FunctionEntry<Tanhshrink>::evaluate_float;


}  // namespace actexp
