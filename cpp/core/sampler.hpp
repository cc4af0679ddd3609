// Samples f and f' on an even grid over [from, to] into caller-owned buffers.
#pragma once

#include <cstddef>
#include <span>
#include <string>

#include "activation_spec.hpp"
#include "convention.hpp"
#include "status.hpp"

namespace actexp {

inline constexpr std::size_t min_samples = 2;
inline constexpr std::size_t max_samples = 1'000'000;

struct SampleRequest {
  const ActivationSpec* function = nullptr;
  std::span<const double> params;
  AtKink at_kink = AtKink::pytorch;
  DType dtype = DType::float64;
  double from = -10;
  double to = 10;
  std::size_t n = 201;
};

// Caller-owned; each array holds at least `capacity` doubles.
struct SampleBuffers {
  double* x = nullptr;
  double* f = nullptr;
  double* df = nullptr;
  double* d2f = nullptr;  // optional: f'' is written only when given
  std::size_t capacity = 0;
};

// The grid is numpy.linspace(from, to, n) (x_i = i * step + from, last = to), plus every kink
// strictly inside (from, to) that is not already a grid point, so a jump is drawn where it is: a
// built-in's kinks, a typed formula's ties (kinks_in, at most max_range_kinks).
// On success `count` (n <= count <= n + max_range_kinks) points are written and x strictly increases;
// below float64 each x is then rounded to the dtype (the input the kernel sees), so neighbours
// can share a value and x only never decreases.
// On failure nothing is written and the outcome says why.
Outcome sample(const SampleRequest& request, const SampleBuffers& out, std::size_t& count);

// The message for a sample count outside [min_samples, max_samples] or not whole.
std::string sample_count_error(double n);

// The exact number of points sample() would write; fails for the same reasons, bar the buffers.
Outcome sample_count(const SampleRequest& request, std::size_t& count);

}  // namespace actexp
