// What PyTorch's vectorised float32 CPU kernels (x86, AVX2) compute where that differs from a
// correctly rounded result, rebuilt from +, −, ×, ÷ on doubles (portable_math.hpp) so native
// and wasm give the same bits. Sources (docs/conventions.md, "The float32 kernels"):
// - Vectorized<float>::tanh calls Sleef_tanhf8_u10 (aten/src/ATen/cpu/vec/vec256/vec256_float.h),
//   Sleef's xtanhf: a double-float tanh, within 1 ulp, that returns ±1 for |x| > 8.664339742
//   (shibatch/sleef src/libm/sleefsimdsp.c), where the true tanh reaches 1 only at 9.0109.
// - ATen's x86 builds are compiled with GCC's default -ffp-contract=fast and -mfma, so a
//   product feeding an add or subtract (`1 - b * b` in tanh_backward) becomes one fused
//   multiply-add, rounded once.
// - Sleef's log1pf returns subnormal results on a grid twice as coarse as the subnormals
//   (log1p of the smallest subnormal is 0), measured on PyTorch 1.13: it is what makes Mish′
//   exactly 0 from x = −102.875 instead of where e^x underflows (−103.97).
#pragma once

#include <cmath>
#include <cstdint>

#include "dtype.hpp"
#include "portable_math.hpp"

namespace actexp::torch_cpu {

// a·b + c rounded once, as an FMA instruction computes it. The product of two floats is exact
// in double; the sum's rounding error is folded into the last bit (round to odd), so the one
// rounding that matters is the final one to float.
inline float fused_multiply_add(float a, float b, float c) {
  const double product = static_cast<double>(a) * static_cast<double>(b);
  double sum = product + static_cast<double>(c);
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

// Sleef_tanhf8_u10: the correctly rounded tanh below the cut-off (Sleef's double-float result
// rounds the same but for inputs within 2^-40 of a rounding boundary), ±1 above it.
inline float tanh(float x) {
  if (std::isnan(x)) return x;
  if (std::fabs(x) > sleef_tanh_saturation) return std::copysign(1.0F, x);
  return portable::tanh(x);
}

// Sleef_log1pf8_u10 on the values Mish feeds it (e^x ≥ 0): a subnormal result keeps an even
// number of the smallest subnormal (ties to even), as measured on every subnormal input.
inline float log1p(float x) {
  const float y = portable::log1p(x);
  constexpr float smallest_normal = 1.17549435e-38F;
  if (y == 0 || std::fabs(y) >= smallest_normal) return y;
  constexpr float two_subnormals = 2.80259693e-45F;  // 2^-148
  return std::nearbyint(y / two_subnormals) * two_subnormals;
}

}  // namespace actexp::torch_cpu
