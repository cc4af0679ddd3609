#include "rectifiers.hpp"

#include <array>

#include "mathml.hpp"

namespace actexp {
namespace {

using mathml::Case;
using mathml::function_of_x;
using mathml::identifier;
using mathml::number;
using mathml::piecewise;
using mathml::row;
using mathml::x_compared;

// ---- ReLU ----

void relu_fill(const double* /*params*/, AtKink at_kink, const double* x, double* f, double* df,
               std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) {
    f[i] = Relu::value(x[i]);
    df[i] = Relu::derivative(x[i], at_kink);
  }
}

std::size_t relu_kinks(const double* /*params*/, KinkList& out) {
  out[0] = Kink{.x = 0, .f_left = 0, .f_right = 0, .f_at = 0, .df_left = 0, .df_right = 1, .df_at = {0, 0}};
  return 1;
}

std::string relu_formula(const double* /*params*/, AtKink /*at_kink*/, Formula which) {
  if (which == Formula::value) {
    return piecewise(function_of_x(false),
                     {Case{identifier("x"), x_compared("&gt;", 0)}, Case{number(0), x_compared("\u2264", 0)}});
  }
  return piecewise(function_of_x(true),
                   {Case{number(1), x_compared("&gt;", 0)}, Case{number(0), x_compared("\u2264", 0)}});
}

// ---- Leaky ReLU ----

constexpr std::array leaky_relu_presets{
    Preset{0.0, "0", "ReLU"},
    Preset{0.01, "0.01", "PyTorch and JAX default"},
    Preset{0.1, "0.1", "NumPy tutorial"},
    Preset{0.1353352832366127, "e\u207b\u00b2", "Plotly notebook"},  // np.exp(-2), to the last bit
    Preset{0.2, "0.2", "tf.nn.leaky_relu"},
    Preset{0.3, "0.3", "Keras LeakyReLU layer"},
};

constexpr std::array leaky_relu_parameters{
    ParameterSpec{.id = "alpha",
                  .symbol = "\u03b1",
                  .description = "slope for x < 0 (negative_slope)",
                  .default_value = 0.01,
                  .min = 0.0,
                  .max = 1.0,
                  .step = 0.001,
                  .presets = leaky_relu_presets},
};

void leaky_relu_fill(const double* params, AtKink at_kink, const double* x, double* f, double* df,
                     std::size_t n) {
  const double alpha = params[0];
  for (std::size_t i = 0; i < n; ++i) {
    f[i] = LeakyRelu::value(x[i], alpha);
    df[i] = LeakyRelu::derivative(x[i], alpha, at_kink);
  }
}

std::size_t leaky_relu_kinks(const double* params, KinkList& out) {
  const double alpha = params[0];
  out[0] = Kink{.x = 0, .f_left = 0, .f_right = 0, .f_at = 0, .df_left = alpha, .df_right = 1, .df_at = {alpha, 1}};
  return 1;
}

std::string leaky_relu_formula(const double* params, AtKink at_kink, Formula which) {
  const std::string alpha = number(params[0]);
  if (which == Formula::value) {
    return piecewise(function_of_x(false), {Case{identifier("x"), x_compared("&gt;", 0)},
                                            Case{row({alpha, "<mo>\u2062</mo>", identifier("x")}),
                                                 x_compared("\u2264", 0)}});
  }
  // Each framework's own branch test, so the x = 0 case reads as it does in its source.
  if (at_kink == AtKink::jax) {
    return piecewise(function_of_x(true),
                     {Case{number(1), x_compared("\u2265", 0)}, Case{alpha, x_compared("&lt;", 0)}});
  }
  return piecewise(function_of_x(true),
                   {Case{number(1), x_compared("&gt;", 0)}, Case{alpha, x_compared("\u2264", 0)}});
}

}  // namespace

const ActivationSpec& relu_spec() {
  static const ActivationSpec spec{.id = "relu",
                                   .name = "ReLU",
                                   .summary = "Rectified linear unit: max(0, x).",
                                   .parameters = {},
                                   .fill = relu_fill,
                                   .kinks = relu_kinks,
                                   .formula = relu_formula};
  return spec;
}

const ActivationSpec& leaky_relu_spec() {
  static const ActivationSpec spec{.id = "leaky_relu",
                                   .name = "Leaky ReLU",
                                   .summary = "x for x > 0, \u03b1x otherwise: a small slope keeps negative inputs learning.",
                                   .parameters = leaky_relu_parameters,
                                   .fill = leaky_relu_fill,
                                   .kinks = leaky_relu_kinks,
                                   .formula = leaky_relu_formula};
  return spec;
}

}  // namespace actexp
