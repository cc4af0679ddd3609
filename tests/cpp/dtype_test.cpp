// bfloat16 and float16 conversions against every one of the 65,536 bit patterns, both ways:
// exact decoding, round trips, and round-to-nearest-even at every midpoint (ties, and one
// float either side), with NaN, infinities, signed zeros and float16 subnormals.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <limits>

#include "core/catalog.hpp"
#include "core/dtype.hpp"
#include "core/kernel_paths.hpp"
#include "core/torch_cpu_math.hpp"

namespace actexp {
namespace {

// Independent decoders: the value of a pattern from its fields, in double.
double bfloat16_value(std::uint16_t bits) {
  const int sign = (bits >> 15) != 0 ? -1 : 1;
  const int exponent = (bits >> 7) & 0xff;
  const int fraction = bits & 0x7f;
  if (exponent == 0xff) return fraction != 0 ? std::nan("") : sign * std::numeric_limits<double>::infinity();
  if (exponent == 0) return sign * std::ldexp(fraction, -126 - 7);
  return sign * std::ldexp(128 + fraction, exponent - 127 - 7);
}

double half_value(std::uint16_t bits) {
  const int sign = (bits >> 15) != 0 ? -1 : 1;
  const int exponent = (bits >> 10) & 0x1f;
  const int fraction = bits & 0x3ff;
  if (exponent == 0x1f) return fraction != 0 ? std::nan("") : sign * std::numeric_limits<double>::infinity();
  if (exponent == 0) return sign * std::ldexp(fraction, -24);
  return sign * std::ldexp(1024 + fraction, exponent - 15 - 10);
}

// For each finite non-negative pattern p below the largest: the midpoint to p + 1 must round
// to the even one of the two, and the floats just below and above it to p and p + 1.
template <typename Encode>
void check_midpoints(std::uint16_t largest_finite, double (*value)(std::uint16_t), Encode encode, const char* name) {
  for (std::uint32_t p = 0; p < largest_finite; ++p) {
    const auto low = static_cast<std::uint16_t>(p);
    const auto high = static_cast<std::uint16_t>(p + 1);
    const double mid = (value(low) + value(high)) / 2;
    const auto mid_float = static_cast<float>(mid);
    ASSERT_EQ(static_cast<double>(mid_float), mid) << name << ": a midpoint float holds exactly";
    const std::uint16_t even = (low & 1U) == 0 ? low : high;
    EXPECT_EQ(encode(mid_float), even) << name << " tie between " << p << " and " << p + 1;
    EXPECT_EQ(encode(std::nextafter(mid_float, 0.0F)), low) << name << " below the midpoint after " << p;
    EXPECT_EQ(encode(std::nextafter(mid_float, std::numeric_limits<float>::infinity())), high) << name << " above the midpoint after " << p;
    // The same with the sign set.
    EXPECT_EQ(encode(-mid_float), static_cast<std::uint16_t>(even | 0x8000U)) << name << " negative tie after " << p;
  }
}

// Every one of the 65,536 patterns decodes to the reference value and encodes back to itself;
// every NaN stays NaN.
void check_every_pattern(float (*decode)(std::uint16_t), std::uint16_t (*encode)(float), double (*value)(std::uint16_t),
                         const char* name) {
  for (std::uint32_t p = 0; p <= 0xffff; ++p) {
    const auto bits = static_cast<std::uint16_t>(p);
    const float f = decode(bits);
    const double want = value(bits);
    if (std::isnan(want)) {
      EXPECT_TRUE(std::isnan(f)) << name << " " << p;
      EXPECT_TRUE(std::isnan(decode(encode(f)))) << name << " NaN stays NaN: " << p;
      continue;
    }
    EXPECT_EQ(static_cast<double>(f), want) << name << " " << p;
    EXPECT_EQ(encode(f), bits) << name << " round trip " << p;
  }
}

TEST(Bfloat16, EveryPatternDecodesExactlyAndRoundTrips) {
  check_every_pattern(bfloat16_to_float, float_to_bfloat16, bfloat16_value, "bfloat16");
}

TEST(Bfloat16, RoundsToNearestEvenAtEveryMidpoint) {
  check_midpoints(0x7f7f, bfloat16_value, float_to_bfloat16, "bfloat16");
  // Past the largest finite bfloat16 (about 3.39e38) by half an ulp or more: infinity.
  EXPECT_EQ(float_to_bfloat16(std::numeric_limits<float>::max()), 0x7f80);
  EXPECT_EQ(float_to_bfloat16(-std::numeric_limits<float>::infinity()), 0xff80);
  EXPECT_EQ(float_to_bfloat16(-0.0F), 0x8000);
}

TEST(Float16, EveryPatternDecodesExactlyAndRoundTrips) {
  check_every_pattern(half_to_float, float_to_half, half_value, "float16");
}

TEST(Float16, RoundsToNearestEvenAtEveryMidpointIncludingSubnormals) {
  check_midpoints(0x7bff, half_value, float_to_half, "float16");
  EXPECT_EQ(float_to_half(65519.0F), 0x7bff) << "below the overflow threshold: the largest half";
  EXPECT_EQ(float_to_half(65520.0F), 0x7c00) << "the midpoint to the next power: infinity";
  EXPECT_EQ(float_to_half(std::ldexp(1.0F, -25)), 0x0000) << "half the smallest subnormal ties to zero";
  EXPECT_EQ(float_to_half(std::nextafter(std::ldexp(1.0F, -25), 1.0F)), 0x0001);
  EXPECT_EQ(float_to_half(std::ldexp(1.0F, -30)), 0x0000);
  EXPECT_EQ(float_to_half(-std::ldexp(1.0F, -30)), 0x8000) << "the sign of an underflow is kept";
  EXPECT_EQ(float_to_half(std::numeric_limits<float>::infinity()), 0x7c00);
}

// The FMA stand-in rounds once: against the C library's fmaf (correctly rounded) on products
// whose sum lands near a rounding boundary, where rounding twice would differ.
TEST(TorchCpuMath, FusedMultiplyAddRoundsOnce) {
  for (float y = 0.5F; y < 1.0F; y = std::nextafter(y, 2.0F) + 1e-5F) {
    EXPECT_EQ(torch_cpu::fused_multiply_add(-y, y, 1.0F), std::fma(-y, y, 1.0F)) << y;
  }
  for (float a = 1e-3F; a < 1e3F; a *= 1.001F) {
    const float b = 1.0F / 3.0F + a;
    const float c = -(a * b);  // the product's own rounding error is all that is left
    EXPECT_EQ(torch_cpu::fused_multiply_add(a, b, c), std::fma(a, b, c)) << a;
  }
}

// Sleef's tanhf is exactly ±1 above 8.664339742, where the true tanh is still below 1 in float.
TEST(TorchCpuMath, TanhSaturatesWhereSleefDoes) {
  const float cut = torch_cpu::sleef_tanh_saturation;
  EXPECT_EQ(torch_cpu::tanh(std::nextafter(cut, 10.0F)), 1.0F);
  EXPECT_EQ(torch_cpu::tanh(-std::nextafter(cut, 10.0F)), -1.0F);
  EXPECT_LT(torch_cpu::tanh(8.6F), 1.0F);
  EXPECT_LT(static_cast<float>(std::tanh(8.9)), 1.0F) << "correctly rounded tanh is not 1 yet";
  EXPECT_EQ(torch_cpu::tanh(0.0F), 0.0F);
  EXPECT_TRUE(std::signbit(torch_cpu::tanh(-0.0F)));
  EXPECT_TRUE(std::isnan(torch_cpu::tanh(NAN)));
  for (float x = 1e-6F; x < 8.6F; x *= 1.01F) EXPECT_NEAR(torch_cpu::tanh(x), std::tanh(static_cast<double>(x)), 1.2e-7 * std::tanh(x)) << x;
}

// The fast tanh (plain double, rounded once where that is provably Sleef's float) against the
// double-float rebuild of Sleef's tanhf, bit for bit: every float of a stride through all 2^32
// patterns (both signs, tiny, subnormal, the cut-off, inf, NaN), then every float in the stretches
// where a miss would cluster (Sleef's own misrounding just above 2^-24, the fast path's start at
// 2^-20, 0.12 to 0.26 where Sleef's error is largest, the cut-off). AE_EVERY_FLOAT=1 checks all
// 2^32 (a few minutes): the proof the margin was chosen by.
TEST(TorchCpuMath, TanhFastPathIsSleefsOnEveryFloat) {
  const auto same = [](float x) {
    const float fast = torch_cpu::tanh(x);
    const float reference = torch_cpu::sleef_tanh(x);
    return std::isnan(x) ? std::isnan(fast) : bit_cast<std::uint32_t>(fast) == bit_cast<std::uint32_t>(reference);
  };
  const bool every = std::getenv("AE_EVERY_FLOAT") != nullptr;
  const std::uint64_t stride = every ? 1 : 9973;
  std::uint64_t differ = 0;
  for (std::uint64_t b = 0; b < (1ULL << 32); b += stride) differ += same(bit_cast<float>(static_cast<std::uint32_t>(b))) ? 0 : 1;
  EXPECT_EQ(differ, 0U);
  const auto every_float_in = [&](float from, float to) {
    std::uint64_t misses = 0;
    for (float x = from; x <= to; x = std::nextafter(x, INFINITY)) misses += (same(x) && same(-x)) ? 0 : 1;
    return misses;
  };
  EXPECT_EQ(every_float_in(5.96e-8F, 5.97e-8F), 0U);
  EXPECT_EQ(every_float_in(9.53e-7F, 9.54e-7F), 0U);
  EXPECT_EQ(every_float_in(0.124F, 0.1242F), 0U);
  EXPECT_EQ(every_float_in(0.255F, 0.2552F), 0U);
  EXPECT_EQ(every_float_in(8.66F, 8.67F), 0U);
}

// Sleef's log1pf drops the last bit of a subnormal argument; its exp matches libm to an ulp.
TEST(TorchCpuMath, Log1pOfSubnormalsAndExp) {
  const float smallest = std::numeric_limits<float>::denorm_min();
  EXPECT_EQ(torch_cpu::log1p(smallest), 0.0F);
  EXPECT_EQ(torch_cpu::log1p(2 * smallest), 2 * smallest);
  EXPECT_EQ(torch_cpu::log1p(3 * smallest), 4 * smallest);
  EXPECT_EQ(torch_cpu::log1p(1e38F * 2), INFINITY) << "PyTorch 1.13's Sleef above 1e38";
  for (float x = -1e-3F; x < 1e30F; x = x < 0 ? -x * 0.5F : x * 1.37F + 1e-9F) {
    EXPECT_NEAR(torch_cpu::log1p(x), std::log1p(static_cast<double>(x)), 2.4e-7 * std::fabs(std::log1p(static_cast<double>(x)))) << x;
  }
  for (float x = -103.0F; x < 88.0F; x += 0.37F) {
    EXPECT_NEAR(torch_cpu::exp(x), std::exp(static_cast<double>(x)), 1.2e-7 * std::exp(static_cast<double>(x)) + 1.5e-45) << x;
  }
  EXPECT_EQ(torch_cpu::exp(-104.5F), 0.0F);
  EXPECT_EQ(torch_cpu::exp(100.5F), INFINITY);
}

// Every path note names a catalog function and a low-precision dtype, and needs no escaping
// in JSON (actviz prints it as it is).
TEST(KernelPaths, NotesNameCatalogFunctionsAndAreJsonSafe) {
  for (const KernelPath& path : kernel_paths) {
    EXPECT_NE(find_function(path.function), nullptr) << path.function;
    EXPECT_FALSE(path.dtypes[static_cast<std::size_t>(DType::float64)]) << path.function;
    EXPECT_EQ(path.note.find_first_of("\"\\"), std::string_view::npos) << path.function;
    EXPECT_NE(path.note.find("Shown:"), std::string_view::npos) << path.function;
  }
  EXPECT_FALSE(kernel_path_note("gelu", DType::float32).empty());
  EXPECT_TRUE(kernel_path_note("gelu", DType::float16).empty());
  EXPECT_TRUE(kernel_path_note("relu", DType::float32).empty());
}

}  // namespace
}  // namespace actexp
