// What PyTorch's vectorised float32 CPU kernels (x86, AVX2) compute where that differs from a
// correctly rounded result, rebuilt from +, −, ×, ÷ on doubles (portable_math.hpp) so native
// and wasm give the same bits. Sources (docs/conventions.md, "The float32 kernels"):
// - Vectorized<float>::tanh calls Sleef_tanhf8_u10 (aten/src/ATen/cpu/vec/vec256/vec256_float.h),
//   Sleef's xtanhf (shibatch/sleef src/libm/sleefsimdsp.c, its double-float helpers in
//   src/common/df.h): within 1 ulp, and ±1 for |x| > 8.664339742, where the true tanh reaches
//   1 only at 9.0109. Rebuilt here operation by operation from that algorithm.
// - ATen's x86 builds are compiled with GCC's default -ffp-contract=fast and -mfma, so a
//   product feeding an add or subtract (`1 - b * b` in tanh_backward) becomes one fused
//   multiply-add, rounded once.
// - Vectorized<float>::exp and ::log1p call Sleef_expf8_u10 and Sleef_log1pf8_u10, rebuilt
//   here too: Sleef's log1pf loses the last bit of a subnormal argument (log1p of the smallest
//   subnormal is 0), which makes Mish′ exactly 0 from x = −102.875, not where e^x underflows.
#pragma once

#include <cmath>
#include <cstdint>

#include "dtype.hpp"
#include "portable_math.hpp"

namespace actexp::torch_cpu {

// a·b + c rounded once, as an FMA instruction computes it. The product of two floats is exact
// in double, so the double sum has been rounded once; rounding it again to float gives the
// FMA's result unless the double sum sits exactly halfway between two floats (or below float's
// normal range, where float keeps fewer digits). Only then is the sum's rounding error folded
// into its last bit (round to odd) before the rounding to float.
inline float fused_multiply_add(float a, float b, float c) {
  const double product = static_cast<double>(a) * static_cast<double>(b);
  double sum = product + static_cast<double>(c);
  constexpr std::uint64_t below_float = (1ULL << 29) - 1;  // the 29 bits a double has beyond a float
  const bool halfway = (bit_cast<std::uint64_t>(sum) & below_float) == (1ULL << 28);
  constexpr double smallest_normal_float = 1.17549435082228750797e-38;
  if (!halfway && std::fabs(sum) >= smallest_normal_float) return static_cast<float>(sum);
  const double c_part = sum - product;
  const double error = (product - (sum - c_part)) + (static_cast<double>(c) - c_part);
  if (error != 0 && std::isfinite(sum)) {
    auto bits = bit_cast<std::uint64_t>(sum);
    if ((bits & 1U) == 0) {
      // The exact value lies between sum and its neighbour towards the error: take the odd one.
      bits = ((error > 0) == (sum > 0)) ? bits + 1U : bits - 1U;
      sum = bit_cast<double>(bits);
    }
  }
  return static_cast<float>(sum);
}

// Sleef's tanhf cut-off: |x| above it returns ±1.
inline constexpr float sleef_tanh_saturation = 8.664339742F;

// Sleef's double-float arithmetic (src/common/df.h, the FMA variants its AVX2 build uses): a
// value is hi + lo, two floats. Each function follows the operation order of its namesake, so
// every float rounding is the same; an FMA is fused_multiply_add.
namespace sleef {
// vrint_vi2_vf (cvtps2dq): to nearest, ties to even, for |x| < 2^22, by adding and removing
// 1.5·2^23 (the float sum keeps no fraction bits). nearbyintf is a libm call in wasm.
inline float round_to_integer(float x) {
  constexpr float shifter = 12582912.0F;  // 1.5·2^23
  return (x + shifter) - shifter;
}
// vpow2i_vf_vi2: 2^e for −126 <= e <= 127, from its exponent bits (no libm call in wasm).
inline float power_of_two(int e) { return bit_cast<float>(static_cast<std::uint32_t>(e + 127) << 23); }
struct Float2 {
  float hi, lo;
};
inline float fma(float a, float b, float c) { return fused_multiply_add(a, b, c); }
// An FMA whose exact result is a float: a product's rounding error (a·b − RN(a·b)) or a
// reciprocal's residual (1 − d·RN(1/d)). One double multiply-add gives it exactly, faster.
inline float exact_fma(float a, float b, float c) {
  return static_cast<float>(static_cast<double>(a) * static_cast<double>(b) + static_cast<double>(c));
}
// dfadd2_vf2_vf2_vf: any magnitudes (Knuth's two-sum on the high parts).
inline Float2 add2(Float2 a, float b) {
  const float s = a.hi + b;
  const float v = s - a.hi;
  const float t = (a.hi - (s - v)) + (b - v);
  return {s, t + a.lo};
}
// dfadd2_vf2_vf2_vf2.
inline Float2 add2(Float2 a, Float2 b) {
  const float s = a.hi + b.hi;
  const float v = s - a.hi;
  const float t = (a.hi - (s - v)) + (b.hi - v);
  return {s, t + (a.lo + b.lo)};
}
// dfadd_vf2_vf_vf2 and dfadd_vf2_vf2_vf2: |a| >= |b| (fast two-sum).
inline Float2 add(float a, Float2 b) {
  const float s = a + b.hi;
  return {s, ((a - s) + b.hi) + b.lo};
}
inline Float2 add(Float2 a, Float2 b) {
  const float s = a.hi + b.hi;
  return {s, (((a.hi - s) + b.hi) + a.lo) + b.lo};
}
// dfmul_vf2_vf2_vf, dfmul_vf2_vf2_vf2, dfsqu_vf2_vf2: the product's error by an FMA.
inline Float2 mul(Float2 a, float b) {
  const float s = a.hi * b;
  return {s, fma(a.lo, b, exact_fma(a.hi, b, -s))};
}
inline Float2 mul(Float2 a, Float2 b) {
  const float s = a.hi * b.hi;
  return {s, fma(a.hi, b.lo, fma(a.lo, b.hi, exact_fma(a.hi, b.hi, -s)))};
}
inline Float2 square(Float2 a) {
  const float s = a.hi * a.hi;
  return {s, fma(a.hi + a.hi, a.lo, exact_fma(a.hi, a.hi, -s))};
}
// dfrec_vf2_vf2 and dfdiv_vf2_vf2_vf2: one division, refined by FMAs.
inline Float2 reciprocal(Float2 d) {
  const float s = 1.0F / d.hi;
  return {s, s * fma(-d.lo, s, exact_fma(-d.hi, s, 1.0F))};
}
inline Float2 divide(Float2 n, Float2 d) {
  const float t = 1.0F / d.hi;
  const float s = n.hi * t;
  const float u = exact_fma(t, n.hi, -s);
  const float v = fma(-d.lo, t, exact_fma(-d.hi, t, 1.0F));
  return {s, fma(s, v, fma(n.lo, t, u))};
}
// expk2f for d >= 0: e^d as a double-float. d = q·ln 2 + s (ln 2 in two parts), e^s by a
// polynomial whose low terms are kept in double-float, then scaled by 2^q.
inline Float2 exp(Float2 d) {
  constexpr float one_over_ln2 = 1.442695040888963407359924681001892137426645954152985934135449406931F;
  constexpr float ln2_high = 0.693145751953125F;
  constexpr float ln2_low = 1.428606765330187045e-06F;
  const float q = round_to_integer((d.hi + d.lo) * one_over_ln2);
  Float2 s = add2(d, q * -ln2_high);
  s = add2(s, q * -ln2_low);
  float u = 0.1980960224e-3F;
  u = fma(u, s.hi, 0.1394256484e-2F);
  u = fma(u, s.hi, 0.8333456703e-2F);
  u = fma(u, s.hi, 0.4166637361e-1F);
  Float2 t = add2(mul(s, u), 0.166666659414234244790680580464e+0F);
  t = add2(mul(s, t), 0.5F);
  t = add2(s, mul(square(s), t));
  t = add(1.0F, t);
  const float scale = power_of_two(static_cast<int>(q));  // 2^q, q <= 13 here: exact
  return {t.hi * scale, t.lo * scale};
}
// vldexp2_vf_vf_vi2: d·2^e in two exact power-of-two steps, so only the last can round.
inline float scale_by_power_of_two(float d, int e) {
  const int half = e >> 1;  // arithmetic shift, as vsra
  return (d * power_of_two(half)) * power_of_two(e - half);
}
}  // namespace sleef

// Sleef_expf8_u10 (xexpf), which Vectorized<float>::exp calls: x = q·ln 2 + s by two FMAs,
// e^s by a degree-7 polynomial in FMAs, scaled by 2^q; 0 below −104 and inf above 100.
inline float exp(float x) {
  if (std::isnan(x)) return x;
  constexpr float one_over_ln2 = 1.442695040888963407359924681001892137426645954152985934135449406931F;
  const float q = sleef::round_to_integer(x * one_over_ln2);  // |q| < 2^22 wherever it is used
  float s = fused_multiply_add(q, -0.693145751953125F, x);
  s = fused_multiply_add(q, -1.428606765330187045e-06F, s);
  float u = 0.000198527617612853646278381F;
  u = fused_multiply_add(u, s, 0.00139304355252534151077271F);
  u = fused_multiply_add(u, s, 0.00833336077630519866943359F);
  u = fused_multiply_add(u, s, 0.0416664853692054748535156F);
  u = fused_multiply_add(u, s, 0.166666671633720397949219F);
  u = fused_multiply_add(u, s, 0.5F);
  u = 1.0F + fused_multiply_add(s * s, u, s);
  if (x < -104.0F) return 0.0F;
  if (x > 100.0F) return INFINITY;
  return sleef::scale_by_power_of_two(u, static_cast<int>(q));
}

// Sleef_tanhf8_u10 (xtanhf): (e^|x| − e^−|x|)/(e^|x| + e^−|x|) in double-float, rounded once at
// the end; ±1 above the cut-off; the sign of x. The reference the fast path below falls back to.
inline float sleef_tanh(float x) {
  if (std::isnan(x)) return x;
  const float a = std::fabs(x);
  if (a > sleef_tanh_saturation) return std::copysign(1.0F, x);
  const sleef::Float2 e = sleef::exp({a, 0.0F});
  const sleef::Float2 r = sleef::reciprocal(e);
  const sleef::Float2 q = sleef::divide(sleef::add(e, {-r.hi, -r.lo}), sleef::add(e, r));
  const float y = q.hi + q.lo;
  return std::copysign(std::isnan(y) ? 1.0F : y, x);
}

namespace tanh_fast_path {
// tanh a for 0 <= a <= 8.67 in plain double, within a few double ulps: e^{2a} − 1 = 2^k·(e^r − 1)
// + (2^k − 1), with 2a = k·ln 2 + r (ln 2 in fdlibm's two parts), |r| <= 0.35, and
// e^r − 1 = r·Σ r^i/(i + 1)! to i = 12 (the next term is below 2^-56 of the sum).
inline double tanh_of_magnitude(double a) {
  constexpr double one_over_ln2 = 1.44269504088896338700e+00;
  constexpr double shifter = 6755399441055744.0;  // 1.5·2^52: adding it rounds to an integer
  const double k = ((2 * a) * one_over_ln2 + shifter) - shifter;
  constexpr double ln2_high = 6.93147180369123816490e-01;
  constexpr double ln2_low = 1.90821492927058770002e-10;
  const double r = (2 * a - k * ln2_high) - k * ln2_low;
  constexpr double inverse_factorials[] = {1.0 / 479001600, 1.0 / 39916800, 1.0 / 3628800, 1.0 / 362880, 1.0 / 40320,
                                           1.0 / 5040,      1.0 / 720,       1.0 / 120,     1.0 / 24,     1.0 / 6,
                                           1.0 / 2,         1.0};
  double p = 1.0 / 6227020800.0;  // 1/13!
  for (const double c : inverse_factorials) p = p * r + c;
  const double scale = bit_cast<double>(static_cast<std::uint64_t>(static_cast<int>(k) + 1023) << 52);  // 2^k
  const double expm1 = scale * (r * p) + (scale - 1);
  return expm1 / (expm1 + 2);
}
// Sleef's double-float result is within about 2^-31 of tanh (its e^s polynomial has float
// coefficients), so it rounds to the same float as the double above unless the two straddle a
// point halfway between floats. The double's 29 bits beyond a float say how far it lies from
// that point: where Sleef and the rounded double differ, it lies within 2^23 of 2^29 (0.13 <
// x < 0.26 the closest calls), so outside that margin the rounded double is Sleef's float.
// Checked on every float: TorchCpuMath.TanhFastPathIsSleefsOnEveryFloat with AE_EVERY_FLOAT=1.
inline constexpr std::uint64_t halfway_margin = 1ULL << 23;
// Below 2^-20 Sleef's result is not always the nearest float (it returns the float above x for
// x in [2^-24, 1.25·2^-24]), so the fast path starts there.
inline constexpr float smallest_argument = 9.5367431640625e-07F;  // 2^-20
inline bool rounds_like_sleef(double y) {
  constexpr std::uint64_t below_float = (1ULL << 29) - 1;
  constexpr std::uint64_t halfway = 1ULL << 28;
  const std::uint64_t low = bit_cast<std::uint64_t>(y) & below_float;
  return (low > halfway ? low - halfway : halfway - low) > halfway_margin;
}
}  // namespace tanh_fast_path

// Sleef's tanhf, bit for bit: the plain-double tanh rounded to float wherever that is provably
// Sleef's float, the double-float rebuild elsewhere (0.36% of floats). In wasm the rebuild's
// emulated FMAs cost twice the plain double.
inline float tanh(float x) {
  const float a = std::fabs(x);
  if (a >= tanh_fast_path::smallest_argument && a <= sleef_tanh_saturation) {
    const double y = tanh_fast_path::tanh_of_magnitude(static_cast<double>(a));
    if (tanh_fast_path::rounds_like_sleef(y)) return std::copysign(static_cast<float>(y), x);
  }
  return sleef_tanh(x);
}

// Sleef_log1pf8_u10 (xlog1pf, its AVX2 branch), which Vectorized<float>::log1p calls: 1 + d =
// 2^e·(1 + m) with 1 + m in [0.75, 1.5), m by an FMA without forming 1 + d; ln(1 + m) =
// 2 atanh(m/(2 + m)) in double-float. Its quotient rounds m·½ first, so a subnormal d loses
// its last bit: log1p of the smallest subnormal is 0 (what makes Mish′ exactly 0 from
// x = −102.875, where e^x is that subnormal).
inline float log1p(float d) {
  if (std::isnan(d)) return d;
  if (d < -1.0F) return NAN;
  if (d == -1.0F) return -INFINITY;
  if (d == 0.0F) return d;  // keeps −0
  // Above 1e38 the Sleef in PyTorch 1.13 returns inf (measured); newer Sleef calls its logf
  // there. e^x of a float lies there only for x in (87.5, 88.7).
  constexpr float log1pf_bound = 1.0e+38F;
  if (d > log1pf_bound) return INFINITY;
  constexpr float smallest_normal = 1.17549435e-38F;
  float dp1 = d + 1.0F;
  const bool tiny = dp1 < smallest_normal;
  if (tiny) dp1 *= 18446744073709551616.0F;  // 2^64
  const float scaled = dp1 * (1.0F / 0.75F);
  int e = static_cast<int>((bit_cast<std::uint32_t>(scaled) >> 23) & 0xffU) - 0x7f;  // vilogb2k
  const float t = bit_cast<float>(static_cast<std::uint32_t>(static_cast<std::int32_t>(bit_cast<std::uint32_t>(1.0F)) - e * (1 << 23)));  // 2^-e
  const float m = fused_multiply_add(d, t, t - 1.0F);
  if (tiny) e -= 64;
  sleef::Float2 s = sleef::mul(sleef::Float2{0.69314718246459960938F, -1.904654323148236017e-09F}, static_cast<float>(e));
  const float two_plus_m = 2.0F + m;
  const sleef::Float2 x = sleef::divide({m, 0.0F}, {two_plus_m, (2.0F - two_plus_m) + m});
  const float x2 = x.hi * x.hi;
  float p = 0.3027294874e+0F;
  p = fused_multiply_add(p, x2, 0.3996108174e+0F);
  p = fused_multiply_add(p, x2, 0.6666694880e+0F);
  s = sleef::add(s, sleef::Float2{x.hi * 2.0F, x.lo * 2.0F});
  const float tail = (x2 * x.hi) * p;
  const float hi = s.hi + tail;
  s = {hi, ((s.hi - hi) + tail) + s.lo};
  return s.hi + s.lo;
}

}  // namespace actexp::torch_cpu
