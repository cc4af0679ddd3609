// The lab's random numbers, written here so one seed gives the same numbers natively and in
// wasm: standard-library distributions differ between libstdc++ and libc++, and libm's log,
// sin and cos may differ in the last bit between glibc and musl; normal() uses the project's
// own log (core/portable_math.hpp) and sqrt, which IEEE 754 rounds the same everywhere.
#pragma once

#include <cmath>
#include <cstdint>

namespace actexp::lab {

// PCG32 (O'Neill 2014, pcg32_random_r): 64-bit state, 32-bit output.
class Random {
 public:
  explicit Random(std::uint64_t seed, std::uint64_t stream = 54) : increment_((stream << 1U) | 1U) {
    next();
    state_ += seed;
    next();
  }
  std::uint32_t next() {
    const std::uint64_t old = state_;
    state_ = old * 6364136223846793005ULL + increment_;
    const auto xorshifted = static_cast<std::uint32_t>(((old >> 18U) ^ old) >> 27U);
    const auto rotation = static_cast<std::uint32_t>(old >> 59U);
    return (xorshifted >> rotation) | (xorshifted << ((32U - rotation) & 31U));
  }
  // Uniform in [0, 1) with 53 random bits.
  double uniform() {
    const std::uint64_t high = next() >> 5U;  // 27 bits
    const std::uint64_t low = next() >> 6U;   // 26 bits
    return static_cast<double>((high << 26U) | low) * 0x1p-53;
  }
  double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
  // Uniform integer in [0, n), without modulo bias (Lemire's method with rejection).
  std::uint32_t below(std::uint32_t n) {
    std::uint64_t product = static_cast<std::uint64_t>(next()) * n;
    auto low = static_cast<std::uint32_t>(product);
    if (low < n) {
      const std::uint32_t threshold = (0U - n) % n;
      while (low < threshold) {
        product = static_cast<std::uint64_t>(next()) * n;
        low = static_cast<std::uint32_t>(product);
      }
    }
    return static_cast<std::uint32_t>(product >> 32U);
  }
  // Standard normal by Marsaglia's polar method (log and sqrt only; log is portable_log).
  double normal();

 private:
  std::uint64_t state_ = 0;
  std::uint64_t increment_;
};

}  // namespace actexp::lab
