#include "formula/sample.hpp"

#include <string>

#include "core/catalog.hpp"

namespace actexp::formula {
namespace {

// The first catalog function with no parameters and no kinks: its grid is the plain linspace,
// drawn and checked by the core's sampler, so a formula's grid is stated nowhere else.
const ActivationSpec* plain_grid_function() {
  for (const ActivationSpec* spec : catalog()) {
    KinkList kinks;
    const double none = 0;
    if (spec->parameters.empty() && spec->kinks(&none, kinks) == 0) return spec;
  }
  return nullptr;
}

actexp::SampleRequest plain_grid(const SampleRequest& request) {
  actexp::SampleRequest grid = request.grid;
  grid.function = plain_grid_function();
  grid.params = {};
  return grid;
}

// The formula's own checks (parameters, each catalog call's), as evaluate() makes them.
Outcome formula_problem(const SampleRequest& request) {
  if (request.formula == nullptr) return Outcome::failure(Status::unknown_function, "No formula to sample.");
  if (ParseError error = check_catalog_calls(*request.formula, request.params, false); !error.message.empty()) {
    return Outcome::failure(Status::parameter_out_of_range, error.message);
  }
  return Outcome::success();
}

}  // namespace

Outcome sample_count(const SampleRequest& request, std::size_t& count) {
  if (Outcome outcome = formula_problem(request); !outcome.ok()) return outcome;
  return actexp::sample_count(plain_grid(request), count);
}

Outcome sample(const SampleRequest& request, const SampleBuffers& out, std::size_t& count) {
  if (Outcome outcome = formula_problem(request); !outcome.ok()) return outcome;
  const actexp::SampleRequest grid = plain_grid(request);
  // The grid's own checks (range, n, dtype, buffers), with sample()'s messages.
  if (Outcome outcome = actexp::sample(grid, {.x = out.x, .f = out.f, .df = out.df, .capacity = out.capacity}, count); !outcome.ok()) {
    return outcome;
  }
  const std::string problem = evaluate({.formula = request.formula, .params = request.params, .at_kink = grid.at_kink, .dtype = grid.dtype},
                                       {.x = out.x, .f = out.f, .df = out.df, .d2f = out.d2f, .n = count});
  if (!problem.empty()) return Outcome::failure(Status::parameter_out_of_range, problem);
  return Outcome::success();
}

}  // namespace actexp::formula
