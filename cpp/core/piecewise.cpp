// Piecewise-linear activations beyond ReLU. Each kink's rule says which one-sided limit each
// framework returns there, read from its backward kernels (PyTorch's Activation.cpp and
// BinaryOpsKernel.cpp, TensorFlow's relu_op_functor.h) and jax.nn's source.
#include <algorithm>
#include <array>
#include <cmath>

#include "function_entry.hpp"
#include "functions.hpp"
#include "mathml.hpp"

namespace actexp {
namespace {

using namespace mathml;

std::string lt() { return "&lt;"; }
std::string gt() { return "&gt;"; }
constexpr const char* le = "\u2264";
constexpr const char* ge = "\u2265";

// "lo REL x REL hi"
std::string between(double lo, std::string_view rel_lo, std::string_view rel_hi, double hi) {
  return row({number(lo), op(rel_lo), x(), op(rel_hi), number(hi)});
}

// ---- ReLU6: min(max(0, x), 6). f' is 0 at both ends everywhere: PyTorch's hardtanh_backward
// (x <= 0 || x >= 6), TensorFlow's Relu6Grad ((x > 0) * (x < 6), relu_op_functor.h at
// 12b1fb47), JAX's custom JVP.
struct Relu6 {
  static constexpr KinkRule rule_at_0 = always_left;
  static constexpr KinkRule rule_at_6 = always_right;
  explicit Relu6(const double* /*params*/) {}
  template <typename T> static T value(T x) { return std::min(std::max(x, T(0)), T(6)); }
  template <typename T> static T derivative(T x) { return x <= 0 || x >= 6 ? T(0) : T(1); }
  static double second(double x) { return x == 0 || x == 6 ? no_second_derivative : 0.0; }
  static std::size_t kinks(KinkList& out) {
    out[0] = slope_kink(0, 0, 0, 1, rule_at_0);
    out[1] = slope_kink(6, 6, 1, 0, rule_at_6);
    return 2;
  }
  static std::string formula(AtKink /*at_kink*/, Formula which) {
    if (which == Formula::value) return equation(function_of_x(false), fn_of("min", row({fn_of("max", row({number(0), op(","), x()})), op(","), number(6)})));
    return piecewise(function_of_x(true), {Case{number(1), between(0, lt(), lt(), 6)}, Case{number(0), text("otherwise")}});
  }
};

// ---- Hardtanh: clamp to [min, max]. PyTorch: 0 at both ends (hardtanh_backward tests
// x <= min || x >= max); JAX's hard_tanh is where(x > 1, 1, where(x < -1, -1, x)): the
// identity branch, 1, at both. TensorFlow has no hardtanh op: PyTorch's rule is shown.
struct Hardtanh {
  static constexpr KinkRule rule_at_min{Side::left, Side::right, Side::left, Side::left};
  static constexpr KinkRule rule_at_max{Side::right, Side::left, Side::right, Side::right};
  double lo;
  double hi;
  explicit Hardtanh(const double* p) : lo(p[0]), hi(p[1]) {}
  // torch clamps with the bounds in the compute type (float below float64).
  template <typename T> [[nodiscard]] T value(T x) const {
    const auto l = static_cast<T>(lo);
    const auto h = static_cast<T>(hi);
    return x < l ? l : (x > h ? h : x);
  }
  template <typename T> [[nodiscard]] T derivative(T x) const {
    return x <= static_cast<T>(lo) || x >= static_cast<T>(hi) ? T(0) : T(1);
  }
  [[nodiscard]] double second(double x) const { return x == lo || x == hi ? no_second_derivative : 0.0; }
  [[nodiscard]] std::size_t kinks(KinkList& out) const {
    out[0] = slope_kink(lo, lo, 0, 1, rule_at_min);
    out[1] = slope_kink(hi, hi, 1, 0, rule_at_max);
    return 2;
  }
  [[nodiscard]] std::string formula(AtKink at_kink, Formula which) const {
    if (which == Formula::value) {
      return piecewise(function_of_x(false), {Case{number(hi), x_compared(gt(), hi)}, Case{number(lo), x_compared(lt(), lo)},
                                              Case{x(), text("otherwise")}});
    }
    return piecewise(function_of_x(true), {Case{number(1), between(lo, takes_left(rule_at_min, at_kink) ? lt() : le,
                                                                       takes_left(rule_at_max, at_kink) ? le : lt(), hi)},
                                           Case{number(0), text("otherwise")}});
  }
};

// ---- Hardsigmoid: relu6(x + 3) / 6. f' is 0 at x = ±3 everywhere: PyTorch's
// hardsigmoid_backward (x > -3 && x < 3), JAX and Keras 3 (relu6(x + 3) / 6 through relu6's rule).
struct Hardsigmoid {
  static constexpr KinkRule rule_at_minus_3 = always_left;
  static constexpr KinkRule rule_at_3 = always_right;
  explicit Hardsigmoid(const double* /*params*/) {}
  template <typename T> static T value(T x) { return std::min(std::max(x + T(3), T(0)), T(6)) / T(6); }
  template <typename T> static T derivative(T x) { return x > -3 && x < 3 ? T(1) / T(6) : T(0); }
  static double second(double x) { return x == -3 || x == 3 ? no_second_derivative : 0.0; }
  static std::size_t kinks(KinkList& out) {
    out[0] = slope_kink(-3, 0, 0, 1.0 / 6.0, rule_at_minus_3);
    out[1] = slope_kink(3, 1, 1.0 / 6.0, 0, rule_at_3);
    return 2;
  }
  static std::string formula(AtKink /*at_kink*/, Formula which) {
    if (which == Formula::value) {
      return piecewise(function_of_x(false), {Case{number(0), x_compared(le, -3)}, Case{number(1), x_compared(ge, 3)},
                                              Case{row({frac(x(), number(6)), op("+"), frac(number(1), number(2))}), text("otherwise")}});
    }
    return piecewise(function_of_x(true), {Case{frac(number(1), number(6)), between(-3, lt(), lt(), 3)}, Case{number(0), text("otherwise")}});
  }
};

// ---- Hardswish: x * relu6(x + 3) / 6. PyTorch 2.7 and later (pull request 148049, merged
// 2025-03-14, fixing issue 147801; its test_hardswish_grad_corner expects these): 0 for
// x <= -3, x/3 + 1/2 below 3, else 1, so 0 at -3 and 1 at 3, as the documentation says.
// PyTorch 2.6 and earlier: 0 below -3, x/3 + 1/2 for x <= 3, so -1/2 at -3 and 3/2 at 3 (in
// 1.13 on CPU the vectorised path gave 1 at 3; pull request 143899 made it agree with this).
// JAX and Keras 3 compute x * hard_sigmoid(x): by the product rule with relu6's 0 at the
// ends, 0 at -3 and 1 at 3.
struct Hardswish {
  static constexpr KinkRule rule_at_minus_3{Side::left, Side::left, Side::left, Side::right};
  static constexpr KinkRule rule_at_3{Side::right, Side::right, Side::right, Side::left};
  explicit Hardswish(const double* /*params*/) {}
  // PyTorch's x * min(max(x + 3, 0), 6) / 6 overflows for x > 3e307; the outer pieces are exact.
  static double value(double x) {
    if (x <= -3) return 0.0;
    if (x >= 3) return x;
    return x * (x + 3.0) / 6.0;
  }
  static double derivative(double x) {
    if (x <= -3) return 0.0;
    if (x < 3) return x / 3.0 + 0.5;
    return 1.0;
  }
  // hardswish_kernel and hardswish_backward_kernel as written (in float: x * 6 overflows to inf
  // above 5.7e37, as torch's float32 result does). The kinks' values come from the rules.
  template <typename T> static T torch_value(T x, const Store& /*store*/) {
    return x * std::min(std::max(x + T(3), T(0)), T(6)) / T(6);
  }
  template <typename T> static T torch_slope(T x, T /*y*/, const Store& /*store*/) {
    if (x < T(-3)) return T(0);
    if (x < T(3)) return x / T(3) + T(0.5);
    return T(1);
  }
  static double second(double x) {
    if (x == -3 || x == 3) return no_second_derivative;
    return x > -3 && x < 3 ? 1.0 / 3.0 : 0.0;
  }
  static std::size_t kinks(KinkList& out) {
    out[0] = slope_kink(-3, 0, 0, -0.5, rule_at_minus_3);
    out[1] = slope_kink(3, 3, 1.5, 1, rule_at_3);
    return 2;
  }
  static std::string formula(AtKink at_kink, Formula which) {
    if (which == Formula::value) {
      return piecewise(function_of_x(false), {Case{number(0), x_compared(le, -3)}, Case{x(), x_compared(ge, 3)},
                                              Case{frac(row({x(), paren(row({x(), op("+"), number(3)}))}), number(6)), text("otherwise")}});
    }
    const std::string slope = row({frac(x(), number(3)), op("+"), frac(number(1), number(2))});
    // Each kink goes to the branch whose value the convention returns there.
    const bool zero_at_minus_3 = takes_left(rule_at_minus_3, at_kink);
    const bool slope_at_3 = takes_left(rule_at_3, at_kink);
    return piecewise(function_of_x(true), {Case{number(0), x_compared(zero_at_minus_3 ? le : lt(), -3)},
                                           Case{slope, between(-3, zero_at_minus_3 ? lt() : le, slope_at_3 ? le : lt(), 3)},
                                           Case{number(1), x_compared(slope_at_3 ? gt() : ge, 3)}});
  }
};

// ---- Softshrink: shrinks towards 0 by lambda. PyTorch's softshrink_backward: 0 at x = ±lambda
// (closed interval); Keras 3's soft_shrink takes its zero branch there too. jax.nn has none.
struct Softshrink {
  static constexpr KinkRule rule_at_minus_lambda = always_right;
  static constexpr KinkRule rule_at_lambda = always_left;
  double lambda;
  explicit Softshrink(const double* p) : lambda(p[0]) {}
  [[nodiscard]] double value(double x) const { return x > lambda ? x - lambda : (x < -lambda ? x + lambda : 0.0); }
  [[nodiscard]] double derivative(double x) const { return x >= -lambda && x <= lambda ? 0.0 : 1.0; }
  // softshrink_kernel takes lambda in float; shrink_backward_kernel in the tensor's dtype.
  template <typename T> [[nodiscard]] T torch_value(T x, const Store& /*store*/) const {
    const auto l = static_cast<T>(lambda);
    return x > l ? x - l : (x < -l ? x + l : T(0));
  }
  template <typename T> [[nodiscard]] T torch_slope(T x, T /*y*/, const Store& store) const {
    const T l = store(static_cast<T>(lambda));
    return x >= -l && x <= l ? T(0) : T(1);
  }
  [[nodiscard]] double second(double x) const { return x == lambda || x == -lambda ? no_second_derivative : 0.0; }
  [[nodiscard]] std::size_t kinks(KinkList& out) const {
    out[0] = slope_kink(-lambda, 0, 1, 0, rule_at_minus_lambda);
    out[1] = slope_kink(lambda, 0, 0, 1, rule_at_lambda);
    return 2;
  }
  [[nodiscard]] std::string formula(AtKink /*at_kink*/, Formula which) const {
    const std::string l = number(lambda);
    if (which == Formula::value) {
      return piecewise(function_of_x(false), {Case{row({x(), op("\u2212"), l}), x_compared(gt(), lambda)},
                                              Case{row({x(), op("+"), l}), x_compared(lt(), -lambda)}, Case{number(0), text("otherwise")}});
    }
    return piecewise(function_of_x(true), {Case{number(0), between(-lambda, le, le, lambda)}, Case{number(1), text("otherwise")}});
  }
};

// ---- Hardshrink: x where |x| > lambda, else 0; f itself jumps at ±lambda. PyTorch's
// hardshrink_backward gives 0 at ±lambda (closed interval), as Keras 3's hard_shrink does.
struct Hardshrink {
  static constexpr KinkRule rule_at_minus_lambda = always_right;
  static constexpr KinkRule rule_at_lambda = always_left;
  double lambda;
  explicit Hardshrink(const double* p) : lambda(p[0]) {}
  [[nodiscard]] double value(double x) const { return x > lambda || x < -lambda ? x : 0.0; }
  [[nodiscard]] double derivative(double x) const { return x >= -lambda && x <= lambda ? 0.0 : 1.0; }
  // hardshrink_kernel and shrink_backward_kernel compare with lambda in the tensor's dtype.
  template <typename T> [[nodiscard]] T torch_value(T x, const Store& store) const {
    const T l = store(static_cast<T>(lambda));
    return x >= -l && x <= l ? T(0) : x;
  }
  template <typename T> [[nodiscard]] T torch_slope(T x, T /*y*/, const Store& store) const {
    const T l = store(static_cast<T>(lambda));
    return x >= -l && x <= l ? T(0) : T(1);
  }
  [[nodiscard]] double second(double x) const { return x == lambda || x == -lambda ? no_second_derivative : 0.0; }
  [[nodiscard]] std::size_t kinks(KinkList& out) const {
    out[0] = Kink{.x = -lambda, .f_left = -lambda, .f_right = 0, .f_at = 0, .df_left = 1, .df_right = 0, .rule = rule_at_minus_lambda};
    out[1] = Kink{.x = lambda, .f_left = 0, .f_right = lambda, .f_at = 0, .df_left = 0, .df_right = 1, .rule = rule_at_lambda};
    return 2;
  }
  [[nodiscard]] std::string formula(AtKink /*at_kink*/, Formula which) const {
    const std::string abs_x = row({op("|"), x(), op("|")});
    if (which == Formula::value) {
      return piecewise(function_of_x(false), {Case{x(), row({abs_x, op(gt()), number(lambda)})}, Case{number(0), text("otherwise")}});
    }
    return piecewise(function_of_x(true), {Case{number(1), row({abs_x, op(gt()), number(lambda)})}, Case{number(0), text("otherwise")}});
  }
};

// ---- Heaviside step with a chosen value at 0 (torch.heaviside's `values`, NumPy's h0).
// Its derivative is 0 wherever it exists; PyTorch has no backward for it, JAX gives 0.
struct Heaviside {
  static constexpr KinkRule rule_at_0 = always_left;  // both limits are 0
  double at_zero;
  explicit Heaviside(const double* p) : at_zero(p[0]) {}
  [[nodiscard]] double value(double x) const { return x > 0 ? 1.0 : (x < 0 ? 0.0 : at_zero); }
  static double derivative(double /*x*/) { return 0.0; }
  // torch.heaviside takes `values` as a tensor of the input's dtype. It has no backward; f' is
  // 0 as everywhere else.
  template <typename T> [[nodiscard]] T torch_value(T x, const Store& store) const {
    return x > 0 ? T(1) : (x < 0 ? T(0) : store(static_cast<T>(at_zero)));
  }
  template <typename T> static T torch_slope(T /*x*/, T /*y*/, const Store& /*store*/) { return T(0); }
  static double second(double x) { return x == 0 ? no_second_derivative : 0.0; }
  [[nodiscard]] std::size_t kinks(KinkList& out) const {
    out[0] = Kink{.x = 0, .f_left = 0, .f_right = 1, .f_at = at_zero, .df_left = 0, .df_right = 0, .rule = rule_at_0};
    return 1;
  }
  [[nodiscard]] std::string formula(AtKink /*at_kink*/, Formula which) const {
    if (which == Formula::value) {
      return piecewise(function_of_x(false), {Case{number(1), x_compared(gt(), 0)}, Case{number(at_zero), x_compared("=", 0)},
                                              Case{number(0), x_compared(lt(), 0)}});
    }
    return piecewise(function_of_x(true), {Case{number(0), x_compared("\u2260", 0)}, Case{text("undefined (a jump)"), x_compared("=", 0)}});
  }
};

constexpr std::array hardtanh_parameters{
    BuiltinParameter{"min_val", "min", "lower clamp", -1.0, -10.0, -0.01, 0.01, {}},
    BuiltinParameter{"max_val", "max", "upper clamp", 1.0, 0.01, 10.0, 0.01, {}},
};
constexpr std::array shrink_presets{BuiltinPreset{0.5, "0.5", "PyTorch default"}};
constexpr std::array shrink_parameters{
    BuiltinParameter{"lambd", "\u03bb", "threshold", 0.5, 0.01, 5.0, 0.01, shrink_presets},
};
constexpr std::array heaviside_presets{BuiltinPreset{0.0, "0", "step with f(0) = 0"}, BuiltinPreset{0.5, "0.5", "halfway, as in NumPy's examples"},
                                       BuiltinPreset{1.0, "1", "step with f(0) = 1"}};
constexpr std::array heaviside_parameters{
    BuiltinParameter{"values", "h\u2080", "value at x = 0", 0.5, 0.0, 1.0, 0.01, heaviside_presets},
};

}  // namespace

constexpr BuiltinFunction relu6_builtin = make_spec<Relu6>(
      "relu6", "ReLU6", "ReLU capped at 6 (MobileNet): bounded activations quantise well.", {},
      {.range = "[0, 6]", .monotonic = "non-decreasing", .smoothness = "C\u2070", .saturates = "both"});
const EvaluateFloatFn relu6_float = &FunctionEntry<Relu6>::evaluate_float;

constexpr BuiltinFunction hardtanh_builtin = make_spec<Hardtanh>(
      "hardtanh", "Hardtanh", "The identity clamped to [min, max]: a piecewise-linear tanh.", hardtanh_parameters,
      {.range = "[min, max]", .monotonic = "non-decreasing", .smoothness = "C\u2070", .saturates = "both"});
const EvaluateFloatFn hardtanh_float = &FunctionEntry<Hardtanh>::evaluate_float;

constexpr BuiltinFunction hardsigmoid_builtin = make_spec<Hardsigmoid>(
      "hardsigmoid", "Hardsigmoid", "relu6(x + 3) / 6: a piecewise-linear sigmoid (MobileNetV3).", {},
      {.range = "[0, 1]", .monotonic = "non-decreasing", .smoothness = "C\u2070", .saturates = "both"});
const EvaluateFloatFn hardsigmoid_float = &FunctionEntry<Hardsigmoid>::evaluate_float;

constexpr BuiltinFunction hardswish_builtin = make_spec<Hardswish>(
      "hardswish", "Hardswish", "x \u00b7 hardsigmoid(x): a cheap Swish (MobileNetV3).", {},
      {.range = "[\u22123/8, \u221e)", .monotonic = "no", .smoothness = "C\u2070", .saturates = "left"});
const EvaluateFloatFn hardswish_float = &FunctionEntry<Hardswish>::evaluate_float;

constexpr BuiltinFunction softshrink_builtin = make_spec<Softshrink>(
      "softshrink", "Softshrink", "Moves x towards 0 by \u03bb and zeroes what is within \u03bb (soft thresholding).",
      shrink_parameters, {.range = "(\u2212\u221e, \u221e)", .monotonic = "non-decreasing", .smoothness = "C\u2070", .saturates = "no"});
const EvaluateFloatFn softshrink_float = &FunctionEntry<Softshrink>::evaluate_float;

constexpr BuiltinFunction hardshrink_builtin = make_spec<Hardshrink>(
      "hardshrink", "Hardshrink", "Zeroes x within \u03bb of 0 and keeps it elsewhere (hard thresholding); f itself jumps.",
      shrink_parameters,
      {.range = "(\u2212\u221e, \u2212\u03bb) \u222a {0} \u222a (\u03bb, \u221e)", .monotonic = "non-decreasing", .smoothness = "discontinuous", .saturates = "no"});
const EvaluateFloatFn hardshrink_float = &FunctionEntry<Hardshrink>::evaluate_float;

constexpr BuiltinFunction heaviside_builtin = make_spec<Heaviside>(
      "heaviside", "Heaviside step", "The perceptron's step: 0 below 0, 1 above. Its gradient is 0 almost everywhere, which is why it cannot be trained by backpropagation.",
      heaviside_parameters, {.range = "{0, h\u2080, 1}", .monotonic = "non-decreasing", .smoothness = "discontinuous", .saturates = "both", .trainable = false});
const EvaluateFloatFn heaviside_float = &FunctionEntry<Heaviside>::evaluate_float;

}  // namespace actexp
