#include "formula/sample.hpp"

#include <memory>
#include <span>
#include <string>

#include "formula/ties.hpp"

namespace actexp::formula {
namespace {

// The core's sampler draws and checks the grid (so a formula's grid is stated nowhere else) with
// this stand-in as its function: no parameters, the formula's ties as its kinks, and nothing to
// fill (the formula is evaluated on the grid afterwards).
class TieGrid final : public FunctionKernels {
 public:
  TieGrid(const Formula& formula, std::span<const double> params) : formula_(formula), params_(params) {}
  void fill(const double*, AtKink, DType, const double*, double*, double*, double*, std::size_t) const override {}
  void evaluate(const double*, AtKink, DType, const double*, double*, double*, std::size_t) const override {}
  void evaluate_float(const double*, AtKink, const float*, float*, float*, std::size_t) const override {}
  std::size_t kinks(const double*, KinkList&) const override { return 0; }
  void kinks_in(const double*, double from, double to, RangeKinks& out) const override {
    find_ties(formula_, params_, from, to, out);
  }
  std::string formula(const double*, AtKink, actexp::Formula) const override { return {}; }

 private:
  const Formula& formula_;
  std::span<const double> params_;
};

struct Grid {
  ActivationSpec spec;
  actexp::SampleRequest request;
};

Grid tie_grid(const SampleRequest& request) {
  Grid grid{.spec = {}, .request = request.grid};
  grid.spec.kernels = std::make_shared<const TieGrid>(*request.formula, request.params);
  grid.request.params = {};
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
  Grid grid = tie_grid(request);
  grid.request.function = &grid.spec;
  return actexp::sample_count(grid.request, count);
}

Outcome sample(const SampleRequest& request, const SampleBuffers& out, std::size_t& count) {
  if (Outcome outcome = formula_problem(request); !outcome.ok()) return outcome;
  Grid tied = tie_grid(request);
  tied.request.function = &tied.spec;
  const actexp::SampleRequest& grid = tied.request;
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
