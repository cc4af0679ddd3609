#include "saturation.hpp"

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "catalog.hpp"

namespace actexp {
namespace {

constexpr double none = std::numeric_limits<double>::quiet_NaN();

// Every finite value of a 16-bit format in increasing order (−0 left out: it equals +0).
std::vector<double> all_finite_values(float (*to_float)(std::uint16_t)) {
  std::vector<double> negative;
  std::vector<double> positive;
  for (std::uint32_t bits = 0; bits <= 0xffffU; ++bits) {
    const float value = to_float(static_cast<std::uint16_t>(bits));
    if (!std::isfinite(value) || (value == 0 && std::signbit(value))) continue;
    (std::signbit(value) ? negative : positive).push_back(value);
  }
  // Patterns count up in magnitude: negatives reversed come first.
  std::vector<double> values(negative.rbegin(), negative.rend());
  values.insert(values.end(), positive.begin(), positive.end());
  return values;
}

float bf16_bits_to_float(std::uint16_t bits) { return bfloat16_to_float(bits); }
float half_bits_to_float(std::uint16_t bits) { return half_to_float(bits); }

struct Curve {
  std::vector<double> x, f, df;
};

Curve evaluate(const ActivationSpec& function, std::span<const double> params, AtKink at_kink, DType dtype,
               std::vector<double> x) {
  Curve c{std::move(x), {}, {}};
  c.f.resize(c.x.size());
  c.df.resize(c.x.size());
  function.fill(params.data(), at_kink, dtype, c.x.data(), c.f.data(), c.df.data(), nullptr, c.x.size());
  return c;
}

// Every float32 strictly between a and b (a < b, both finite floats), in increasing order.
std::vector<double> floats_between(double a, double b) {
  std::vector<double> values;
  for (float v = std::nextafter(static_cast<float>(a), INFINITY); v < static_cast<float>(b); v = std::nextafter(v, INFINITY)) {
    if (v == 0 && std::signbit(v)) continue;
    values.push_back(v);
  }
  return values;
}

// The run of points from the right end (or the left) where `holds` is true; its first index
// from that end, or npos-like -1 when the end point itself fails.
template <typename Holds>
long right_run_start(const Curve& c, Holds holds) {
  long i = static_cast<long>(c.x.size()) - 1;
  if (i < 0 || !holds(c, i)) return -1;
  while (i > 0 && holds(c, i - 1)) --i;
  return i;
}
template <typename Holds>
long left_run_end(const Curve& c, Holds holds) {
  const long last = static_cast<long>(c.x.size()) - 1;
  if (last < 0 || !holds(c, 0)) return -1;
  long i = 0;
  while (i < last && holds(c, i + 1)) ++i;
  return i;
}

struct Tails {
  double up_to = none;
  double from = none;
};

// The exact bounds of both tails on the dtype's values. For float32, the coarse curve's bounds
// are refined on every float32 between the bound and its neighbour outside the tail.
template <typename Holds>
Tails tails(const Curve& coarse, Holds holds, DType dtype, const ActivationSpec& function, std::span<const double> params,
            AtKink at_kink) {
  Tails t;
  const long n = static_cast<long>(coarse.x.size());
  const long right = right_run_start(coarse, holds);
  const long left = left_run_end(coarse, holds);
  if (right >= 0) {
    t.from = coarse.x[static_cast<std::size_t>(right)];
    if (dtype == DType::float32 && right > 0) {
      const Curve fine = evaluate(function, params, at_kink, dtype, floats_between(coarse.x[static_cast<std::size_t>(right - 1)], t.from));
      for (long i = static_cast<long>(fine.x.size()) - 1; i >= 0 && holds(fine, i); --i) t.from = fine.x[static_cast<std::size_t>(i)];
    }
  }
  if (left >= 0) {
    t.up_to = coarse.x[static_cast<std::size_t>(left)];
    if (dtype == DType::float32 && left + 1 < n) {
      const Curve fine = evaluate(function, params, at_kink, dtype, floats_between(t.up_to, coarse.x[static_cast<std::size_t>(left + 1)]));
      for (std::size_t i = 0; i < fine.x.size() && holds(fine, static_cast<long>(i)); ++i) t.up_to = fine.x[i];
    }
  }
  return t;
}

}  // namespace

Outcome saturation(const ActivationSpec& function, std::span<const double> params, AtKink at_kink, DType dtype,
                   Saturation& out) {
  if (static_cast<int>(at_kink) < 0 || static_cast<int>(at_kink) >= at_kink_count) {
    return Outcome::failure(Status::unknown_convention, "Unknown convention for the derivative at a kink.");
  }
  if (dtype != DType::float32 && dtype != DType::bfloat16 && dtype != DType::float16) {
    return Outcome::failure(Status::unknown_dtype, "Exact zeros are measured for float32, bfloat16 and float16 only.");
  }
  if (auto outcome = validate_parameters(function, params); !outcome.ok()) return outcome;
  const Curve coarse = evaluate(function, params, at_kink, dtype,
                                all_finite_values(dtype == DType::float16 ? half_bits_to_float : bf16_bits_to_float));
  const auto zero_slope = [](const Curve& c, long i) { return c.df[static_cast<std::size_t>(i)] == 0; };
  const Tails slope = tails(coarse, zero_slope, dtype, function, params, at_kink);
  const double f_left = coarse.f.front();
  const double f_right = coarse.f.back();
  const auto equals = [](double target) {
    return [target](const Curve& c, long i) {
      const double v = c.f[static_cast<std::size_t>(i)];
      return v == target || (std::isnan(v) && std::isnan(target));
    };
  };
  Tails left_value = tails(coarse, equals(f_left), dtype, function, params, at_kink);
  Tails right_value = tails(coarse, equals(f_right), dtype, function, params, at_kink);
  // A "constant" tail of a few values is rounding at the end of the range (Leaky ReLU's αx
  // near −3e38 in bfloat16), not a flat stretch: it must span 64 of the coarse values.
  constexpr long min_flat_run = 64;
  const long left_run = left_run_end(coarse, equals(f_left)) + 1;
  const long right_start = right_run_start(coarse, equals(f_right));
  const long right_run = right_start < 0 ? 0 : static_cast<long>(coarse.x.size()) - right_start;
  if (left_run < min_flat_run) left_value.up_to = none;
  if (right_run < min_flat_run) right_value.from = none;
  out = Saturation{.df_zero_up_to = slope.up_to,
                   .df_zero_from = slope.from,
                   .f_constant_up_to = left_value.up_to,
                   .f_left = std::isnan(left_value.up_to) ? none : f_left,
                   .f_constant_from = right_value.from,
                   .f_right = std::isnan(right_value.from) ? none : f_right};
  return Outcome::success();
}

}  // namespace actexp
