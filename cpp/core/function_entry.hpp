// Turns a function struct into the catalog's function pointers, so each activation is
// written once as plain member functions and the loops are compiled per function
// (inlined, vectorisable) rather than calling through a pointer per sample.
//
// A function struct F has: a constructor from `const double* params`; value(x);
// derivative(x, AtKink); second(x); kinks(KinkList&) returning the count; formula(AtKink, Formula).
#pragma once

#include <cmath>
#include <cstddef>
#include <limits>
#include <string>

#include "activation_spec.hpp"

namespace actexp {

template <typename F>
struct FunctionEntry {
  static void fill(const double* params, AtKink at_kink, const double* x, double* f, double* df, double* d2f,
                   std::size_t n) {
    const F fn(params);
    for (std::size_t i = 0; i < n; ++i) f[i] = fn.value(x[i]);
    for (std::size_t i = 0; i < n; ++i) df[i] = fn.derivative(x[i], at_kink);
    if (d2f != nullptr) {
      for (std::size_t i = 0; i < n; ++i) d2f[i] = fn.second(x[i]);
    }
  }
  static std::size_t kinks(const double* params, KinkList& out) { return F(params).kinks(out); }
  static std::string formula(const double* params, AtKink at_kink, Formula which) {
    return F(params).formula(at_kink, which);
  }
};

template <typename F>
constexpr ActivationSpec make_spec(std::string_view id, std::string_view name, std::string_view summary,
                                   std::span<const ParameterSpec> parameters, Properties properties) {
  return ActivationSpec{id,
                        name,
                        summary,
                        parameters,
                        properties,
                        &FunctionEntry<F>::fill,
                        &FunctionEntry<F>::kinks,
                        &FunctionEntry<F>::formula};
}

inline constexpr double no_second_derivative = std::numeric_limits<double>::quiet_NaN();

// For functions smooth everywhere.
struct NoKinks {
  static std::size_t kinks(KinkList& /*out*/) { return 0; }
};

// Numerically stable pieces shared by the smooth functions.
namespace stable {

// 1 / (1 + e^-x) without overflow on either side.
inline double sigmoid(double x) {
  if (x >= 0) return 1.0 / (1.0 + std::exp(-x));
  const double e = std::exp(x);
  return e / (1.0 + e);
}

// log(1 + e^x) without overflow: x + log1p(e^-x) for large x.
inline double softplus(double x) { return std::fmax(x, 0.0) + std::log1p(std::exp(-std::fabs(x))); }

// 1 / cosh^2(x): accurate in the tails where 1 - tanh^2 rounds to 0.
inline double sech2(double x) {
  const double c = std::cosh(x);
  return 1.0 / (c * c);
}

}  // namespace stable

}  // namespace actexp

namespace actexp {

// A kink where f is continuous (value f_at) and only the slope jumps.
constexpr Kink slope_kink(double x, double f_at, double df_left, double df_right, double df_pytorch, double df_jax) {
  return Kink{.x = x, .f_left = f_at, .f_right = f_at, .f_at = f_at, .df_left = df_left, .df_right = df_right,
              .df_at = {df_pytorch, df_jax}};
}

}  // namespace actexp
