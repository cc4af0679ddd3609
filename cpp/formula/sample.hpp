// A formula sampled on the catalog's grid into caller-owned buffers, as actexp::sample() does
// for a catalog function (the CLI's `sample --expr`, and the page's later).
#pragma once

#include <cstddef>
#include <span>

#include "core/sampler.hpp"
#include "core/status.hpp"
#include "formula/formula.hpp"

namespace actexp::formula {

struct SampleRequest {
  const Formula* formula = nullptr;
  std::span<const double> params;  // one value per formula->parameters
  actexp::SampleRequest grid;      // at_kink, dtype, from, to, n (its function is not used)
};

// The grid is numpy.linspace(from, to, n) plus the formula's ties strictly inside (ties.hpp), as
// a catalog function's grid has its kinks, rounded to the dtype and checked as actexp::sample()
// checks it (same messages). `count` is n plus the ties added. f'' is written when out.d2f is given.
// On failure the buffers may hold the grid but no formula values.
Outcome sample(const SampleRequest& request, const SampleBuffers& out, std::size_t& count);

// The number of points sample() writes; fails for the same reasons, bar the buffers.
Outcome sample_count(const SampleRequest& request, std::size_t& count);

}  // namespace actexp::formula
