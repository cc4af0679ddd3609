// The floating-point formats training runs in, and round-to-nearest-even conversions from
// float to bfloat16 and float16 (and back), as frameworks round a float32 result into them.
// Bit patterns are std::uint16_t; NaN stays NaN (quiet), infinities and signed zeros are kept,
// float16 subnormals are produced and read.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

namespace actexp {

// std::bit_cast, which Emscripten 3.1.6's libc++ lacks; GCC and Clang both have the builtin.
template <typename To, typename From>
constexpr To bit_cast(const From& value) {
  return __builtin_bit_cast(To, value);
}

// float -> bfloat16: the top 16 bits of the float, rounded to nearest, ties to even.
constexpr std::uint16_t float_to_bfloat16(float value) {
  const auto bits = bit_cast<std::uint32_t>(value);
  if ((bits & 0x7fffffffU) > 0x7f800000U) return static_cast<std::uint16_t>((bits >> 16) | 0x0040U);  // quiet NaN
  const std::uint32_t lsb = (bits >> 16) & 1U;
  return static_cast<std::uint16_t>((bits + 0x7fffU + lsb) >> 16);  // a carry into the exponent is right (rounds up to inf)
}

constexpr float bfloat16_to_float(std::uint16_t bits) { return bit_cast<float>(static_cast<std::uint32_t>(bits) << 16); }

// float -> IEEE binary16, rounded to nearest, ties to even, with subnormals and overflow to inf.
constexpr std::uint16_t float_to_half(float value) {
  const auto bits = bit_cast<std::uint32_t>(value);
  const auto sign = static_cast<std::uint16_t>((bits >> 16) & 0x8000U);
  const std::uint32_t magnitude = bits & 0x7fffffffU;
  if (magnitude > 0x7f800000U) return static_cast<std::uint16_t>(sign | 0x7e00U | ((magnitude >> 13) & 0x3ffU));  // NaN
  if (magnitude >= 0x477ff000U) return static_cast<std::uint16_t>(sign | 0x7c00U);  // >= 65520 rounds to infinity
  const int exponent = static_cast<int>(magnitude >> 23) - 127;
  if (exponent >= -14) {
    // Normal: keep 10 fraction bits of 23, rounding the 13 dropped ones to nearest even.
    const std::uint32_t rebased = magnitude - (static_cast<std::uint32_t>(127 - 15) << 23);
    const std::uint32_t lsb = (rebased >> 13) & 1U;
    return static_cast<std::uint16_t>(sign | ((rebased + 0xfffU + lsb) >> 13));
  }
  if (exponent < -25) return sign;  // below half the smallest subnormal: zero
  // Subnormal: the value is significand * 2^(exponent - 23); in units of 2^-24 (the smallest
  // subnormal) that is significand >> (-exponent - 1), rounded to nearest even.
  const std::uint32_t significand = (magnitude & 0x7fffffU) | 0x800000U;
  const int drop = -exponent - 1;  // 14 (exponent -15) to 24 (exponent -25)
  const std::uint32_t kept = significand >> drop;
  const std::uint32_t rest = significand & ((1U << drop) - 1U);
  const std::uint32_t half_way = 1U << (drop - 1);
  const std::uint32_t rounded = kept + ((rest > half_way || (rest == half_way && (kept & 1U) != 0)) ? 1U : 0U);
  return static_cast<std::uint16_t>(sign | rounded);  // a carry to 0x400 is the smallest normal, as it should be
}

constexpr float half_to_float(std::uint16_t bits) {
  const std::uint32_t sign = static_cast<std::uint32_t>(bits & 0x8000U) << 16;
  const std::uint32_t exponent = (bits >> 10) & 0x1fU;
  std::uint32_t fraction = bits & 0x3ffU;
  if (exponent == 0x1fU) return bit_cast<float>(sign | 0x7f800000U | (fraction << 13));  // inf, NaN
  if (exponent != 0) return bit_cast<float>(sign | ((exponent + 127 - 15) << 23) | (fraction << 13));
  if (fraction == 0) return bit_cast<float>(sign);
  // Subnormal: normalise into float's wider exponent range.
  int e = -14;
  while ((fraction & 0x400U) == 0) {
    fraction <<= 1;
    --e;
  }
  return bit_cast<float>(sign | (static_cast<std::uint32_t>(e + 127) << 23) | ((fraction & 0x3ffU) << 13));
}

// The dtypes a curve can be computed in. Numbers are ABI (the C API takes them; JavaScript
// reads their ids from the catalog).
enum class DType : int { float64 = 0, float32 = 1, bfloat16 = 2, float16 = 3 };
inline constexpr int dtype_count = 4;

struct DTypeInfo {
  std::string_view id;     // URL and CLI value, as torch names it
  std::string_view label;  // the page's menu
};
inline constexpr std::array<DTypeInfo, dtype_count> dtypes{{
    {"float64", "float64 (exact)"},
    {"float32", "float32"},
    {"bfloat16", "bfloat16"},
    {"float16", "float16"},
}};

// The largest finite value of each dtype: a range beyond it would round x to infinity.
constexpr double largest_finite(DType dtype) {
  switch (dtype) {
    case DType::float32: return 3.4028234663852886e38;
    case DType::bfloat16: return 3.3895313892515355e38;
    case DType::float16: return 65504.0;
    case DType::float64: break;
  }
  return 1.7976931348623157e308;
}

// A float rounded to the dtype's storage (float32 stays as it is): what a kernel writes to a
// tensor of that dtype.
constexpr float store_as(DType dtype, float value) {
  switch (dtype) {
    case DType::bfloat16: return bfloat16_to_float(float_to_bfloat16(value));
    case DType::float16: return half_to_float(float_to_half(value));
    case DType::float32:
    case DType::float64: break;
  }
  return value;
}

// A double rounded to the dtype, as torch.tensor(value, dtype=…) stores it (float64 unchanged).
// bfloat16 and float16 go through float32 with two roundings, as torch's own conversion does.
constexpr double round_to(DType dtype, double value) {
  if (dtype == DType::float64) return value;
  return static_cast<double>(store_as(dtype, static_cast<float>(value)));
}

}  // namespace actexp
