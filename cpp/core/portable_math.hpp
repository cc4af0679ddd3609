// exp, log, log1p, tanh, erf, sin and cos from +, −, ×, ÷ and frexp/ldexp only, which IEEE 754
// rounds the same on every platform: the low-precision kernels and the lab use them, so one
// input gives the same bits natively (glibc) and in wasm (musl), whose libm results differ in
// the last bit now and then. Computed in double; the float overloads round once at the end.
#pragma once

#include <algorithm>
#include <cmath>
#include <numbers>

namespace actexp::portable {

// ln x for x > 0: x = m·2^e with m in [√½, √2), ln m = 2 atanh((m − 1)/(m + 1)) by its series.
inline double log(double x) {
  if (!(x > 0)) return x == 0 ? -INFINITY : NAN;
  if (std::isinf(x)) return x;
  int exponent = 0;
  double m = std::frexp(x, &exponent);
  if (m < std::numbers::sqrt2 / 2) {
    m *= 2;
    exponent -= 1;
  }
  const double s = (m - 1) / (m + 1);  // |s| <= 0.172: 12 odd terms reach 1e-19
  const double s2 = s * s;
  double sum = 0;
  for (int k = 23; k >= 1; k -= 2) sum = sum * s2 + 1.0 / k;
  return 2 * s * sum + exponent * std::numbers::ln2;
}

// x = k·ln2 + r with ln 2 in two parts (fdlibm's), |r| <= 0.35: e^x = 2^k·e^r. For finite x
// in exp's range (the callers handle NaN and the tails).
struct ExpReduction {
  double k, r;
};
inline ExpReduction reduce_for_exp(double x) {
  const double k = std::nearbyint(x / std::numbers::ln2);
  constexpr double ln2_high = 6.93147180369123816490e-01;
  constexpr double ln2_low = 1.90821492927058770002e-10;
  return {k, (x - k * ln2_high) - k * ln2_low};
}

// e^x: the reduction above, then a Taylor series.
inline double exp(double x) {
  if (std::isnan(x)) return x;
  if (x > 709.78) return INFINITY;
  if (x < -745.2) return 0;
  const auto [k, r] = reduce_for_exp(x);
  double sum = 1;
  for (int i = 20; i >= 1; --i) sum = 1 + sum * r / i;
  return std::ldexp(sum, static_cast<int>(k));
}

// ln(1 + x) for x > −1 without losing x's digits near 0 (u − 1 is exact, so log(u)·x/(u − 1)).
inline double log1p(double x) {
  const double u = 1 + x;
  if (u == 1) return x;
  if (std::isinf(u)) return u;
  return log(u) * x / (u - 1);
}

// tanh x = (e^{2x} − 1)/(e^{2x} + 1), with its series near 0 where the difference cancels.
inline double tanh(double x) {
  const double a = std::fabs(x);
  if (a < 1e-4) return x - x * x * x / 3;
  if (a > 20) return std::copysign(1.0, x);
  const double e = exp(2 * a);
  return std::copysign((e - 1) / (e + 1), x);
}

// erf x = (2/√π) e^{−x²} Σ 2ⁿ x^{2n+1} / (2n+1)!!: every term positive, so no cancellation.
inline double erf(double x) {
  const double a = std::fabs(x);
  if (std::isnan(x)) return x;
  if (a >= 6) return std::copysign(1.0, x);  // erfc(6) = 2e-17: erf is 1 in double
  double term = a;
  double sum = a;
  for (int n = 1; n < 200 && term > sum * 1e-18; ++n) {
    term *= 2 * a * a / (2 * n + 1);
    sum += term;
  }
  return std::copysign(std::min(1.0, 2 / std::sqrt(std::numbers::pi) * exp(-a * a) * sum), x);
}

// sin and cos for |x| up to a few thousand: x = q·π/2 + r (π/2 in two parts), then series.
namespace detail {
// Σ (−r²)ⁿ/(first + 2n)!·first!: cos r (first = 0), sin r / r (first = 1), for |r| <= π/4.
inline double alternating_series(double r2, int first) {
  double sum = 0;
  double term = 1;
  for (int k = first; k <= first + 20; k += 2) {
    sum += term;
    term *= -r2 / ((k + 1) * (k + 2));
  }
  return sum;
}
inline double reduce(double x, int& quadrant) {
  const double q = std::nearbyint(x / (std::numbers::pi / 2));
  quadrant = static_cast<int>(std::fmod(q, 4.0));
  if (quadrant < 0) quadrant += 4;
  constexpr double half_pi_high = 1.57079632673412561417e+00;  // fdlibm pio2_1: 33 bits
  constexpr double half_pi_low = 6.07710050650619224932e-11;   // pio2_1t
  return (x - q * half_pi_high) - q * half_pi_low;
}
}  // namespace detail

// sin x (cosine = false) or cos x (cosine = true).
inline double sine_or_cosine(double x, bool cosine) {
  int quadrant = 0;
  const double r = detail::reduce(x, quadrant);
  const double s = r * detail::alternating_series(r * r, 1);
  const double c = detail::alternating_series(r * r, 0);
  switch ((quadrant + (cosine ? 1 : 0)) % 4) {
    case 0: return s;
    case 1: return c;
    case 2: return -s;
    default: return -c;
  }
}
inline double sin(double x) { return sine_or_cosine(x, false); }
inline double cos(double x) { return sine_or_cosine(x, true); }

// float: computed in double, rounded once (PyTorch's float kernels call float libm, which is
// within an ulp of this).
inline float exp(float x) { return static_cast<float>(exp(static_cast<double>(x))); }
inline float log1p(float x) { return static_cast<float>(log1p(static_cast<double>(x))); }
inline float tanh(float x) { return static_cast<float>(tanh(static_cast<double>(x))); }
inline float erf(float x) { return static_cast<float>(erf(static_cast<double>(x))); }

}  // namespace actexp::portable
