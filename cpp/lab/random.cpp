#include "random.hpp"

#include <numbers>

namespace actexp::lab {

double portable_log(double x) {
  int exponent = 0;
  double m = std::frexp(x, &exponent);  // x = m · 2^e, m in [0.5, 1): exact
  if (m < std::numbers::sqrt2 / 2) {
    m *= 2;
    exponent -= 1;
  }
  // ln m = 2 atanh(s), s = (m − 1)/(m + 1), |s| <= 0.172: 12 odd terms reach 1e-19.
  const double s = (m - 1) / (m + 1);
  const double s2 = s * s;
  double sum = 0;
  for (int k = 23; k >= 1; k -= 2) sum = sum * s2 + 1.0 / k;
  return 2 * s * sum + exponent * std::numbers::ln2;
}

double portable_exp(double x) {
  if (x > 709.78) return INFINITY;
  if (x < -745.2) return 0;
  const double k = std::nearbyint(x / std::numbers::ln2);
  // ln 2 split in two (fdlibm's ln2_hi, ln2_lo) so k · ln2_hi is exact for |k| < 2^11.
  constexpr double ln2_high = 6.93147180369123816490e-01;
  constexpr double ln2_low = 1.90821492927058770002e-10;
  const double r = (x - k * ln2_high) - k * ln2_low;  // |r| <= 0.35
  double sum = 1;
  for (int i = 20; i >= 1; --i) sum = 1 + sum * r / i;
  return std::ldexp(sum, static_cast<int>(k));
}

namespace {

// Σ (−r²)ⁿ / (first + 2n)! · first!… : cos r for first = 0, sin r / r for first = 1, on
// r in [−π/4, π/4] to 1e-17.
double alternating_series(double r2, int first) {
  double sum = 0;
  double term = 1;
  for (int k = first; k <= first + 20; k += 2) {
    sum += term;
    term *= -r2 / ((k + 1) * (k + 2));
  }
  return sum;
}
double sin_small(double r) { return r * alternating_series(r * r, 1); }
double cos_small(double r) { return alternating_series(r * r, 0); }

// x = q · π/2 + r with r in [−π/4, π/4]; q mod 4 picks the quadrant.
double reduce(double x, int& quadrant) {
  const double q = std::nearbyint(x / (std::numbers::pi / 2));
  quadrant = static_cast<int>(std::fmod(q, 4.0));
  if (quadrant < 0) quadrant += 4;
  // π/2 split in two so q · π/2 keeps its digits for |q| up to a few thousand.
  constexpr double half_pi_high = 1.57079632673412561417e+00;  // fdlibm pio2_1: 33 bits
  constexpr double half_pi_low = 6.07710050650619224932e-11;   // pio2_1t
  return (x - q * half_pi_high) - q * half_pi_low;
}

}  // namespace

double portable_sin(double x) {
  int quadrant = 0;
  const double r = reduce(x, quadrant);
  switch (quadrant) {
    case 0: return sin_small(r);
    case 1: return cos_small(r);
    case 2: return -sin_small(r);
    default: return -cos_small(r);
  }
}

double portable_cos(double x) {
  int quadrant = 0;
  const double r = reduce(x, quadrant);
  switch (quadrant) {
    case 0: return cos_small(r);
    case 1: return -sin_small(r);
    case 2: return -cos_small(r);
    default: return sin_small(r);
  }
}

double Random::normal() {
  for (;;) {
    const double u = uniform(-1, 1);
    const double v = uniform(-1, 1);
    const double s = u * u + v * v;
    if (s > 0 && s < 1) return u * std::sqrt(-2 * portable_log(s) / s);
  }
}

}  // namespace actexp::lab
