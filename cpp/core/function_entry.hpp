// Turns a function struct into a registry entry's kernels, so each activation is written once
// as plain member functions and the loops are compiled per function (inlined, vectorisable)
// rather than calling through a pointer per sample.
//
// A function struct F has: a constructor from `const double* params`; either value(x) and
// derivative(x), or value_slope(x) giving both where they share costly work; second(x);
// kinks(KinkList&) returning the count; formula(AtKink, Formula). Its derivative at a kink
// may take either branch: fill() writes the convention's value there from the kink's rule.
//
// For float32, bfloat16 and float16 a struct states how PyTorch's CPU kernel computes it:
// torch_value(x, store) and torch_slope(x, y, store) templated on the compute type (float, as
// torch's opmath type for all three), where y is the forward's output as stored and `store`
// rounds an intermediate tensor to the dtype (for functions torch composes from several ops).
// Piecewise-linear structs whose value and derivative are templates on the number type need
// nothing more: the same expressions run in float.
#pragma once

#include <algorithm>
#include <cmath>
#include <concepts>
#include <cstddef>
#include <limits>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "activation_spec.hpp"
#include "dtype.hpp"
#include "functions.hpp"

namespace actexp {

// f and f' of one point, for functions whose two share costly work (an exp, an erfc).
struct ValueSlope {
  double f;
  double df;
};

// Rounds what a kernel writes into a tensor of the dtype; the identity for float32.
struct Store {
  DType dtype;
  float operator()(float value) const { return store_as(dtype, value); }
};

template <typename F>
concept HasTorchKernel = requires(const F& fn, float x, const Store& store) {
  { fn.torch_value(x, store) } -> std::same_as<float>;
  { fn.torch_slope(x, x, store) } -> std::same_as<float>;
};

template <typename F>
concept HasTemplatedPieces = requires(const F& fn, float x) {
  { fn.template value<float>(x) } -> std::same_as<float>;
  { fn.template derivative<float>(x) } -> std::same_as<float>;
};

template <typename F>
concept HasValueSlope = requires(const F& fn, double x) {
  { fn.value_slope(x) } -> std::same_as<ValueSlope>;
};

// f' exactly at each kink in the increasing points x: the convention's side from the rule.
// A binary search per kink, so the kernels' loops stay free of it.
// x may repeat (a low-precision dtype rounds neighbours to one value): every copy gets it.
inline void apply_kink_rules(const KinkList& kinks, std::size_t kink_count, AtKink at_kink, DType dtype, const double* x,
                             double* df, std::size_t n) {
  for (std::size_t k = 0; k < kink_count; ++k) {
    const double value = round_to(dtype, kinks[k].df_at(at_kink));
    for (const double* hit = std::lower_bound(x, x + n, kinks[k].x); hit != x + n && *hit == kinks[k].x; ++hit) {
      df[hit - x] = value;
    }
  }
}

template <typename F>
struct FunctionEntry {
  static void fill(const double* params, AtKink at_kink, DType dtype, const double* x, double* f, double* df,
                   double* d2f, std::size_t n) {
    const F fn(params);
    values(fn, dtype, x, f, df, n);
    KinkList kinks;
    apply_kink_rules(kinks, fn.kinks(kinks), at_kink, dtype, x, df, n);
    if (d2f != nullptr) {
      for (std::size_t i = 0; i < n; ++i) d2f[i] = fn.second(x[i]);
    }
  }

  static void evaluate(const double* params, AtKink at_kink, DType dtype, const double* x, double* f, double* df,
                       std::size_t n) {
    const F fn(params);
    values(fn, dtype, x, f, df, n);
    // Unsorted: every point is compared with each kink (at most max_kinks).
    KinkList kinks;
    const std::size_t kink_count = fn.kinks(kinks);
    for (std::size_t k = 0; k < kink_count; ++k) {
      const double value = round_to(dtype, kinks[k].df_at(at_kink));
      for (std::size_t i = 0; i < n; ++i) {
        if (x[i] == kinks[k].x) df[i] = value;
      }
    }
  }

  static void evaluate_float(const double* params, AtKink at_kink, const float* x, float* f, float* df, std::size_t n) {
    const F fn(params);
    const Store store{DType::float32};
    for (std::size_t i = 0; i < n; ++i) {
      if constexpr (HasTorchKernel<F>) {
        f[i] = fn.torch_value(x[i], store);
        df[i] = fn.torch_slope(x[i], f[i], store);
      } else {
        f[i] = fn.template value<float>(x[i]);
        df[i] = fn.template derivative<float>(x[i]);
      }
    }
    KinkList kinks;
    const std::size_t kink_count = fn.kinks(kinks);
    for (std::size_t k = 0; k < kink_count; ++k) {
      const auto value = static_cast<float>(kinks[k].df_at(at_kink));
      const auto at = static_cast<float>(kinks[k].x);
      if (static_cast<double>(at) != kinks[k].x) continue;  // a kink no float sits on
      for (std::size_t i = 0; i < n; ++i) {
        if (x[i] == at) df[i] = value;
      }
    }
  }

  static std::size_t kinks(const double* params, KinkList& out) { return F(params).kinks(out); }

  // f and f' away from the kinks: the exact float64 pieces, or the dtype's kernel.
  static void values(const F& fn, DType dtype, const double* x, double* f, double* df, std::size_t n) {
    if (dtype != DType::float64) {
      fill_as_kernel(fn, Store{dtype}, x, f, df, n);
    } else if constexpr (HasValueSlope<F>) {
      // One pass: the shared transcendental work is done once per point.
      for (std::size_t i = 0; i < n; ++i) {
        const ValueSlope vs = fn.value_slope(x[i]);
        f[i] = vs.f;
        df[i] = vs.df;
      }
    } else {
      // One pass of selects and multiplies, which the piecewise-linear functions vectorise.
      for (std::size_t i = 0; i < n; ++i) {
        const double xi = x[i];
        f[i] = fn.value(xi);
        df[i] = fn.derivative(xi);
      }
    }
  }

  // x holds values of the dtype already. The kernel's float results, rounded to the dtype.
  static void fill_as_kernel(const F& fn, const Store& store, const double* x, double* f, double* df, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) {
      const auto xi = static_cast<float>(x[i]);
      if constexpr (HasTorchKernel<F>) {
        const float y = store(fn.torch_value(xi, store));
        f[i] = y;
        df[i] = store(fn.torch_slope(xi, y, store));
      } else {
        static_assert(HasTemplatedPieces<F>, "a function needs torch_value/torch_slope or templated value/derivative");
        f[i] = store(fn.template value<float>(xi));
        df[i] = store(fn.template derivative<float>(xi));
      }
    }
  }
  static std::string formula(const double* params, AtKink at_kink, Formula which) {
    return F(params).formula(at_kink, which);
  }
};

// f and f' on floats from kernels.evaluate() in float32, through doubles.
void evaluate_float_through_double(const FunctionKernels& kernels, const double* params, AtKink at_kink, const float* x,
                                   float* f, float* df, std::size_t n);

// A whole function's kernels for the registry: one virtual call per array, then FunctionEntry<F>'s
// loops, inlined and vectorised as before.
template <typename F>
class BuiltinKernels final : public FunctionKernels {
 public:
  void fill(const double* params, AtKink at_kink, DType dtype, const double* x, double* f, double* df, double* d2f,
            std::size_t n) const override {
    FunctionEntry<F>::fill(params, at_kink, dtype, x, f, df, d2f, n);
  }
  void evaluate(const double* params, AtKink at_kink, DType dtype, const double* x, double* f, double* df,
                std::size_t n) const override {
    FunctionEntry<F>::evaluate(params, at_kink, dtype, x, f, df, n);
  }
  // Through evaluate() in float32, which gives the same numbers: the lab reaches the direct float
  // kernel (FunctionEntry<F>::evaluate_float) by handle from its own table instead, so that a
  // module without the lab does not carry it.
  void evaluate_float(const double* params, AtKink at_kink, const float* x, float* f, float* df,
                      std::size_t n) const override {
    evaluate_float_through_double(*this, params, at_kink, x, f, df, n);
  }
  std::size_t kinks(const double* params, KinkList& out) const override { return FunctionEntry<F>::kinks(params, out); }
  std::string formula(const double* params, AtKink at_kink, Formula which) const override {
    return FunctionEntry<F>::formula(params, at_kink, which);
  }
};

// One instance per function struct, constant-initialised: a built-in's entry refers to it.
template <typename F>
inline const BuiltinKernels<F> builtin_kernels{};

// A built-in's description as constant data (functions.hpp); the registry copies it into the
// entry it owns (builtin_spec).
template <typename F>
constexpr BuiltinFunction make_spec(std::string_view id, std::string_view name, std::string_view summary,
                                    std::span<const BuiltinParameter> parameters, BuiltinProperties properties) {
  return BuiltinFunction{id, name, summary, parameters, properties, &builtin_kernels<F>};
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

// e^x and e^x - 1 for x <= 0 from one exponential, each to a few ulp: expm1 where e^x - 1
// would cancel (x near 0), exp where e^x would lose digits as expm1 + 1 (x far below 0).
struct ExpPair {
  double exp;
  double expm1;
};
inline ExpPair exp_and_expm1(double x) {
  if (x < -1) {
    const double e = std::exp(x);
    return {e, e - 1.0};
  }
  const double m = std::expm1(x);
  return {m + 1.0, m};
}

// tanh x and sech^2 x = 1 - tanh^2 x from one exponential, without the cancellation of
// 1 - tanh^2 where tanh -> 1: q = e^(-2|x|) gives tanh = (1 - q)/(1 + q), sech^2 = 4q/(1 + q)^2.
struct TanhSech2 {
  double tanh;
  double sech2;
};
inline TanhSech2 tanh_and_sech2(double x) {
  const double a = std::fabs(x);
  if (a <= 1) {
    const double m = std::expm1(-2 * a);  // q - 1, exact near 0 where q - 1 would cancel
    const double t = -m / (2 + m);
    return {std::copysign(t, x), 1 - t * t};  // t <= tanh 1, so 1 - t^2 >= 0.42 keeps its digits
  }
  const double q = std::exp(-2 * a);
  const double d = 1 + q;
  return {std::copysign((1 - q) / d, x), 4 * q / (d * d)};
}

}  // namespace stable

}  // namespace actexp

namespace actexp {

// A kink where f is continuous (value f_at) and only the slope jumps.
constexpr Kink slope_kink(double x, double f_at, double df_left, double df_right, KinkRule rule) {
  return Kink{.x = x, .f_left = f_at, .f_right = f_at, .f_at = f_at, .df_left = df_left, .df_right = df_right, .rule = rule};
}

}  // namespace actexp
