#include "sampler.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <string>

#include "catalog.hpp"
#include "format.hpp"

namespace actexp {
namespace {

// A kink this close to a grid point (relative to the step) is that point, bar rounding.
constexpr double snap_tolerance = 1e-9;

struct GridPlan {
  double step = 0;
  std::size_t snap_count = 0;
  std::array<std::size_t, max_range_kinks> snap_index{};
  std::array<double, max_range_kinks> snap_x{};
  std::size_t insert_count = 0;
  std::array<double, max_range_kinks> insert_x{};

  [[nodiscard]] std::size_t count(std::size_t n) const { return n + insert_count; }
};

double grid_point(const SampleRequest& r, double step, std::size_t i) {
  return i + 1 == r.n ? r.to : static_cast<double>(i) * step + r.from;
}

Outcome validate_range(const SampleRequest& r) {
  if (!std::isfinite(r.from) || !std::isfinite(r.to)) {
    return Outcome::failure(Status::range_not_finite, "The x-range must be finite numbers, got from " +
                                                          format_number(r.from) + " to " + format_number(r.to) + ".");
  }
  if (!(r.from < r.to)) {
    return Outcome::failure(Status::range_empty, "The x-range needs from < to, got from " + format_number(r.from) +
                                                     " to " + format_number(r.to) + ".");
  }
  if (!std::isfinite(r.to - r.from)) {
    return Outcome::failure(Status::range_not_finite, "The x-range is too wide: to \u2212 from overflows.");
  }
  if (r.n < min_samples || r.n > max_samples) {
    return Outcome::failure(Status::sample_count_out_of_range, sample_count_error(static_cast<double>(r.n)));
  }
  // Each grid point carries at most ~1.5 ulp of rounding, so a step of 4 ulp keeps x increasing.
  // That bound needs a step with full relative precision: a subnormal step (found by the
  // fuzzer: 0 to 1e-321 in 35 samples) rounds by up to half of itself, and i * step overshoots `to`.
  const double magnitude = std::max({std::fabs(r.from), std::fabs(r.to), r.to - r.from});
  const double ulp = std::nextafter(magnitude, INFINITY) - magnitude;
  const double step = (r.to - r.from) / static_cast<double>(r.n - 1);
  if (!(step >= 4 * ulp) || !std::isnormal(step)) {
    return Outcome::failure(Status::range_too_narrow, "The x-range from " + format_number(r.from) + " to " +
                                                          format_number(r.to) + " is too narrow for " +
                                                          std::to_string(r.n) + " distinct samples.");
  }
  return Outcome::success();
}

Outcome validate(const SampleRequest& r) {
  if (r.function == nullptr) return Outcome::failure(Status::unknown_function, "Unknown activation function.");
  if (static_cast<int>(r.at_kink) < 0 || static_cast<int>(r.at_kink) >= at_kink_count) {
    return Outcome::failure(Status::unknown_convention, "Unknown convention for the derivative at a kink.");
  }
  if (static_cast<int>(r.dtype) < 0 || static_cast<int>(r.dtype) >= dtype_count) {
    return Outcome::failure(Status::unknown_dtype, "Unknown dtype.");
  }
  if (auto outcome = validate_parameters(*r.function, r.params); !outcome.ok()) return outcome;
  if (auto outcome = validate_range(r); !outcome.ok()) return outcome;
  const double largest = largest_finite(r.dtype);
  if (std::fabs(r.from) > largest || std::fabs(r.to) > largest) {
    return Outcome::failure(Status::range_not_finite,
                            "In " + std::string(dtypes[static_cast<std::size_t>(r.dtype)].id) + " the x-range must lie within \u00b1" +
                                format_number(largest) + ", its largest finite value; got from " + format_number(r.from) +
                                " to " + format_number(r.to) + ".");
  }
  return Outcome::success();
}

GridPlan plan_grid(const SampleRequest& r) {
  GridPlan plan;
  plan.step = (r.to - r.from) / static_cast<double>(r.n - 1);
  // A built-in's kinks, a typed formula's ties (found in the range).
  RangeKinks range;
  r.function->kinks_in(r.params.data(), r.from, r.to, range);
  const auto& kinks = range.kinks;
  for (std::size_t k = 0; k < range.count; ++k) {
    const double c = kinks[k].x;
    if (!(c > r.from && c < r.to)) continue;  // endpoints are grid points already
    if (k > 0 && c <= kinks[k - 1].x) continue;  // a repeated kink is one point
    const auto nearest = static_cast<std::size_t>(std::lround((c - r.from) / plan.step));
    const std::size_t index = std::min(nearest, r.n - 1);
    // The endpoints stay where the caller put them; only interior points move onto a kink.
    const bool interior = index > 0 && index + 1 < r.n;
    const bool taken = std::find(plan.snap_index.begin(), plan.snap_index.begin() + plan.snap_count, index) !=
                       plan.snap_index.begin() + plan.snap_count;
    if (interior && !taken && std::fabs(grid_point(r, plan.step, index) - c) <= snap_tolerance * plan.step) {
      plan.snap_index[plan.snap_count] = index;
      plan.snap_x[plan.snap_count++] = c;
    } else {
      plan.insert_x[plan.insert_count++] = c;
    }
  }
  return plan;
}

// Grid point i as written: moved onto its kink when one was snapped to it.
double final_point(const SampleRequest& r, const GridPlan& plan, std::size_t i) {
  for (std::size_t s = 0; s < plan.snap_count; ++s) {
    if (plan.snap_index[s] == i) return plan.snap_x[s];
  }
  return grid_point(r, plan.step, i);
}

// Writes grid points [first, last) to out; a plain loop the compiler vectorises.
void write_plain(const SampleRequest& r, double step, std::size_t first, std::size_t last, double* out) {
  const double from = r.from;
  const std::size_t end = std::min(last, r.n - 1);
  for (std::size_t i = first; i < end; ++i) out[i - first] = static_cast<double>(i) * step + from;
  if (last == r.n && first < r.n) out[r.n - 1 - first] = r.to;
}

void write_grid(const SampleRequest& r, const GridPlan& plan, double* x) {
  // Runs of plain grid points between the inserted kinks, then the snapped points patched in.
  std::size_t grid_index = 0;
  std::size_t out = 0;
  for (std::size_t k = 0; k < plan.insert_count; ++k) {
    const double c = plan.insert_x[k];
    // Grid points below c come first; the estimate is exact but for rounding, fixed by the loops.
    auto below = static_cast<std::size_t>(std::clamp(std::ceil((c - r.from) / plan.step), 0.0, static_cast<double>(r.n)));
    below = std::max(below, grid_index);
    while (below > grid_index && final_point(r, plan, below - 1) >= c) --below;
    while (below < r.n && final_point(r, plan, below) < c) ++below;
    write_plain(r, plan.step, grid_index, below, x + out);
    out += below - grid_index;
    grid_index = below;
    x[out++] = c;
  }
  write_plain(r, plan.step, grid_index, r.n, x + out);
  for (std::size_t s = 0; s < plan.snap_count; ++s) {
    // A snapped point keeps its index, shifted by the kinks inserted before it.
    const std::size_t index = plan.snap_index[s];
    const auto shift = static_cast<std::size_t>(
        std::count_if(plan.insert_x.begin(), plan.insert_x.begin() + static_cast<std::ptrdiff_t>(plan.insert_count),
                      [&](double c) { return c < plan.snap_x[s]; }));
    x[index + shift] = plan.snap_x[s];
  }
}

}  // namespace

std::string sample_count_error(double n) {
  return "The number of samples must be a whole number from " + std::to_string(min_samples) + " to " +
         std::to_string(max_samples) + ", got " + format_number(n) + ".";
}

Outcome sample_count(const SampleRequest& request, std::size_t& count) {
  if (auto outcome = validate(request); !outcome.ok()) return outcome;
  count = plan_grid(request).count(request.n);
  return Outcome::success();
}

Outcome sample(const SampleRequest& request, const SampleBuffers& out, std::size_t& count) {
  if (auto outcome = validate(request); !outcome.ok()) return outcome;
  if (out.x == nullptr || out.f == nullptr || out.df == nullptr) {
    return Outcome::failure(Status::null_buffer, "An output buffer is missing.");
  }
  const GridPlan plan = plan_grid(request);
  const std::size_t needed = plan.count(request.n);
  if (out.capacity < needed) {
    return Outcome::failure(Status::capacity_too_small, "The output buffers hold " + std::to_string(out.capacity) +
                                                            " points but " + std::to_string(needed) +
                                                            " are needed.");
  }
  write_grid(request, plan, out.x);
  if (request.dtype != DType::float64) {
    for (std::size_t i = 0; i < needed; ++i) out.x[i] = round_to(request.dtype, out.x[i]);
  }
  request.function->fill(request.params.data(), request.at_kink, request.dtype, out.x, out.f, out.df, out.d2f, needed);
  count = needed;
  return Outcome::success();
}

}  // namespace actexp
