#include "rectifiers.hpp"

#include <array>

#include "function_entry.hpp"
#include "functions.hpp"
#include "mathml.hpp"

namespace actexp {

using namespace mathml;

std::size_t Relu::kinks(KinkList& out) {
  out[0] = slope_kink(0, 0, 0, 1, rule_at_0);
  return 1;
}

std::string Relu::formula(AtKink /*at_kink*/, Formula which) {
  if (which == Formula::value) {
    return piecewise(function_of_x(false), {Case{x(), x_compared("&gt;", 0)}, Case{number(0), x_compared("\u2264", 0)}});
  }
  return piecewise(function_of_x(true), {Case{number(1), x_compared("&gt;", 0)}, Case{number(0), x_compared("\u2264", 0)}});
}

std::size_t LeakyRelu::kinks(KinkList& out) const {
  out[0] = slope_kink(0, 0, alpha, 1, rule_at_0);
  return 1;
}

std::string LeakyRelu::formula(AtKink at_kink, Formula which) const {
  const std::string a = number(alpha);
  if (which == Formula::value) {
    return piecewise(function_of_x(false),
                     {Case{x(), x_compared("&gt;", 0)}, Case{row({a, times(), x()}), x_compared("\u2264", 0)}});
  }
  // Each framework's own branch test, so the x = 0 case reads as it does in its source.
  if (!takes_left(rule_at_0, at_kink)) {
    return piecewise(function_of_x(true), {Case{number(1), x_compared("\u2265", 0)}, Case{a, x_compared("&lt;", 0)}});
  }
  return piecewise(function_of_x(true), {Case{number(1), x_compared("&gt;", 0)}, Case{a, x_compared("\u2264", 0)}});
}

namespace {

constexpr std::array leaky_relu_presets{
    BuiltinPreset{0.0, "0", "ReLU"},
    BuiltinPreset{0.01, "0.01", "PyTorch and JAX default"},
    // The captions say what a value is to a reader; the sources it was read from are in the README
    // (0.1: a NumPy tutorial's `leak`; e⁻²: a Plotly notebook's `np.exp(-2)`).
    BuiltinPreset{0.1, "0.1", "common in tutorials"},
    BuiltinPreset{0.1353352832366127, "e\u207b\u00b2", "\u2248 0.135"},  // np.exp(-2), to the last bit
    BuiltinPreset{0.2, "0.2", "TensorFlow default"},
    BuiltinPreset{0.3, "0.3", "Keras default"},
};

constexpr std::array leaky_relu_parameters{
    BuiltinParameter{.id = "alpha",
                  .symbol = "\u03b1",
                  .description = "slope for x < 0 (negative_slope)",
                  .default_value = 0.01,
                  .min = 0.0,
                  .max = 1.0,
                  .step = 0.001,
                  .presets = leaky_relu_presets},
};

}  // namespace

constexpr BuiltinFunction relu_builtin = make_spec<Relu>(
      "relu", "ReLU", "Rectified linear unit: max(0, x). Zero gradient for every negative input.", {},
      {.range = "[0, \u221e)", .monotonic = "non-decreasing", .smoothness = "C\u2070", .saturates = "left"});
const EvaluateFloatFn relu_float = &FunctionEntry<Relu>::evaluate_float;

constexpr BuiltinFunction leaky_relu_builtin = make_spec<LeakyRelu>(
      "leaky_relu", "Leaky ReLU", "x for x > 0, \u03b1x otherwise: a small slope keeps negative inputs learning.",
      leaky_relu_parameters,
      {.range = "(\u2212\u221e, \u221e) for \u03b1 > 0", .monotonic = "increasing for \u03b1 > 0", .smoothness = "C\u2070",
       .saturates = "no"});
const EvaluateFloatFn leaky_relu_float = &FunctionEntry<LeakyRelu>::evaluate_float;

}  // namespace actexp
