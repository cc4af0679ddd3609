// expm1, erfc and sigmoid from the core's portable maths (basic IEEE operations only), so a
// formula gives the same bits natively and in wasm.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <numbers>

#include "core/dtype.hpp"
#include "core/portable_math.hpp"

namespace actexp::formula::elementary {

// 1/i! for i = 0…14: the Taylor coefficients of e^r, |r| <= 0.35.
inline constexpr double inverse_factorials[] = {1.0,
                                               1.0,
                                               1.0 / 2,
                                               1.0 / 6,
                                               1.0 / 24,
                                               1.0 / 120,
                                               1.0 / 720,
                                               1.0 / 5040,
                                               1.0 / 40320,
                                               1.0 / 362880,
                                               1.0 / 3628800,
                                               1.0 / 39916800,
                                               1.0 / 479001600,
                                               1.0 / 6227020800,
                                               1.0 / 87178291200};

// e^x with portable::exp's reduction (x = k·ln2 + r, |r| <= 0.35, fdlibm's two-part ln 2) and
// a degree-14 Taylor polynomial with constant coefficients by Horner: multiplications instead
// of its 20 divisions (this exp is most of a formula's cost), as portable, within an ulp of libm.
inline double exp(double x) {
  if (std::isnan(x)) return x;
  if (x > 709.78) return INFINITY;
  if (x < -745.2) return 0;
  const auto [k, r] = portable::reduce_for_exp(x);
  double sum = inverse_factorials[14];
  for (int i = 13; i >= 0; --i) sum = sum * r + inverse_factorials[i];
  return std::ldexp(sum, static_cast<int>(k));
}

// e^x − 1: near 0 Kahan's trick, (u − 1)·x / ln u with u = e^x, keeps x's digits; elsewhere
// e^x − 1 loses at most a bit (and matches libm in the tails, where torch's expm1' = result + 1 cancels).
// u is e^x (from exp or exp_array).
inline double expm1_from(double x, double u) {
  if (x < -0.7 || x > 0.7) return u - 1;
  if (u == 1) return x;
  const double um1 = u - 1;
  if (um1 == -1) return -1;
  if (std::isinf(u)) return u;
  return um1 * x / portable::log(u);
}
inline double expm1(double x) { return expm1_from(x, elementary::exp(x)); }

// exp() of n inputs into out, bit for bit: a loop without branches that the compiler can
// vectorise (f64x2 in wasm SIMD), then exp() again for the inputs outside [-708, 709] (NaN, the
// tails, 2^k beyond the normal range). Inside it k is in [-1021, 1023], so 2^k is a normal double
// built from its bits, and sum·2^k, one correctly rounded product of the same two numbers, is
// what ldexp(sum, k) gives.
inline void exp_array(const double* x, double* out, std::size_t n) {
  constexpr double exponent_bias = 0x1p52 + 1023;  // k + this holds k + 1023 in its low mantissa bits
  for (std::size_t i = 0; i < n; ++i) {
    const auto [k, r] = portable::reduce_for_exp(x[i]);
    double sum = inverse_factorials[14];
    for (int j = 13; j >= 0; --j) sum = sum * r + inverse_factorials[j];
    const auto scale = actexp::bit_cast<double>(actexp::bit_cast<std::uint64_t>(k + exponent_bias) << 52);
    out[i] = sum * scale;
  }
  for (std::size_t i = 0; i < n; ++i) {
    if (!(x[i] >= -708 && x[i] <= 709)) out[i] = elementary::exp(x[i]);
  }
}

// portable::tanh of n inputs into out, bit for bit, the same way: its exp (20 divisions) without
// branches for 1e-4 <= |x| <= 20, where 2|x| <= 40 keeps 2^k normal, then the rest one by one.
inline void tanh_array(const double* x, double* out, std::size_t n) {
  constexpr double exponent_bias = 0x1p52 + 1023;
  for (std::size_t i = 0; i < n; ++i) {
    const double a = std::fabs(x[i]);
    const auto [k, r] = portable::reduce_for_exp(2 * a);
    double sum = 1;
    for (int j = 20; j >= 1; --j) sum = 1 + sum * r / j;
    const double e = sum * actexp::bit_cast<double>(actexp::bit_cast<std::uint64_t>(k + exponent_bias) << 52);
    out[i] = std::copysign((e - 1) / (e + 1), x[i]);
  }
  for (std::size_t i = 0; i < n; ++i) {
    const double a = std::fabs(x[i]);
    if (!(a >= 1e-4 && a <= 20)) out[i] = portable::tanh(x[i]);
  }
}

inline double sigmoid(double x) {
  if (x >= 0) return 1 / (1 + elementary::exp(-x));
  const double e = elementary::exp(x);
  return e / (1 + e);
}

// erfc x: 1 − erf x below 1 (erfc 1 = 0.157, so under a digit is lost), the continued
// fraction e^{−x²}/√π · 1/(x + ½/(x + 1/(x + 3/2/(x + …)))) above, by the modified Lentz method.
inline double erfc(double x) {
  if (std::isnan(x)) return x;
  if (x < 1) return x < -6 ? 2.0 : 1 - portable::erf(x);
  if (x > 27.3) return 0;  // below the smallest subnormal
  constexpr double tiny = 1e-300;
  double f = x;
  double c = x;
  double d = 0;
  for (int k = 1; k < 5000; ++k) {
    const double a = k / 2.0;
    d = x + a * d;
    d = d == 0 ? tiny : 1 / d;
    c = x + a / c;
    if (c == 0) c = tiny;
    const double delta = c * d;
    f *= delta;
    if (std::fabs(delta - 1) < 1e-17) break;
  }
  return elementary::exp(-x * x) / (std::sqrt(std::numbers::pi) * f);
}

}  // namespace actexp::formula::elementary
