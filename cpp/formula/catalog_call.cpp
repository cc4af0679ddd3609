#include "formula/catalog_call.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <numeric>
#include <string>
#include <string_view>

#include "core/catalog.hpp"

namespace actexp::formula {
namespace {

// The catalog's second derivative at one point (float64; f'' is exact in every dtype).
double second_at(const CatalogPlan& plan, AtKink at_kink, double x) {
  double f = 0, df = 0, d2f = 0;
  plan.spec->fill(plan.params.data(), at_kink, DType::float64, &x, &f, &df, &d2f, 1);
  return d2f;
}

// What a framework's double backward gives where the catalog's f'' does not exist (its NaN: at
// a kink, or where f'' alone jumps, as CELU's and Softsign's at 0), one rule per convention:
//   zero         PyTorch: the double-backward masks are strict, so f'' is 0 there
//                (derivatives.yaml: elu_double_backward's `self_or_result < 0`, hardswish_backward's
//                `-3 < self < 3`, zeros for leaky_relu, hardtanh, threshold, shrink backwards, and
//                abs' = 0 in the composed softsign; measured with PyTorch 1.13 in
//                tests/reference/formula_torch_values.json: ELU, SELU, CELU at 0, Hardswish at +-3).
//                TensorFlow likewise: tensorflow/python/ops/nn_grad.py's _EluGradGrad gives
//                where(elu_x < 0, ..., 0) for the input (no oracle here).
//   branch_taken the limit on the side whose f' the kink's rule takes: JAX, whose jax.nn functions
//                are jnp.where of pieces (the JVP differentiates the branch taken, twice), and
//                PyTorch's softplus (softplus_double_backward masks with its backward's `x*beta > threshold`).
// Each kink of every function is at most one of the two, so the rows are per function, the
// first row (id "") for every function without its own.
enum class KinkSecond : std::uint8_t { zero, branch_taken };
struct KinkSecondRow {
  std::string_view id;
  std::array<KinkSecond, at_kink_count> rule;  // pytorch, jax, tensorflow, pytorch_2_6
};
constexpr std::array kink_second_rows{
    KinkSecondRow{"", {KinkSecond::zero, KinkSecond::branch_taken, KinkSecond::zero, KinkSecond::zero}},
    KinkSecondRow{"softplus", {KinkSecond::branch_taken, KinkSecond::branch_taken, KinkSecond::branch_taken, KinkSecond::branch_taken}},
};

KinkSecond kink_second_rule(std::string_view id, AtKink at_kink) {
  const KinkSecondRow* row = &kink_second_rows[0];
  for (const auto& candidate : kink_second_rows) {
    if (candidate.id == id) row = &candidate;
  }
  return row->rule[static_cast<std::size_t>(at_kink)];
}

double second_at_kink(const CatalogPlan& plan, AtKink at_kink, const Kink& kink) {
  if (plan.undefined_second_is_zero) return 0;
  const double at = second_at(plan, at_kink, kink.x);
  if (!std::isnan(at)) return at;
  switch (kink.rule[at_kink]) {
    case Side::left: return second_at(plan, at_kink, std::nextafter(kink.x, -INFINITY));
    case Side::right: return second_at(plan, at_kink, std::nextafter(kink.x, INFINITY));
    case Side::unset: break;
  }
  return at;
}

std::string column_prefix(std::uint16_t column) { return "column " + std::to_string(column) + ": "; }

// Sorted (NaN last) so the catalog's fill, which wants non-decreasing x, can run on them.
void fill_unsorted(const CatalogPlan& plan, AtKink at_kink, DType dtype, const double* u, double* g, double* g1, double* g2,
                   std::size_t m, CatalogScratch& s) {
  std::iota(s.order.begin(), s.order.begin() + static_cast<std::ptrdiff_t>(m), 0U);
  std::sort(s.order.begin(), s.order.begin() + static_cast<std::ptrdiff_t>(m), [u](std::uint32_t a, std::uint32_t b) {
    return std::isnan(u[b]) ? !std::isnan(u[a]) : u[a] < u[b];
  });
  for (std::size_t j = 0; j < m; ++j) s.u[j] = u[s.order[j]];
  plan.spec->fill(plan.params.data(), at_kink, dtype, s.u.data(), s.g.data(), s.g1.data(), s.g2.data(), m);
  for (std::size_t j = 0; j < m; ++j) {
    g[s.order[j]] = s.g[j];
    g1[s.order[j]] = s.g1[j];
    g2[s.order[j]] = s.g2[j];
  }
}

void fill_reversed(const CatalogPlan& plan, AtKink at_kink, DType dtype, const double* u, double* g, double* g1, double* g2,
                   std::size_t m, CatalogScratch& s) {
  std::reverse_copy(u, u + m, s.u.begin());
  plan.spec->fill(plan.params.data(), at_kink, dtype, s.u.data(), s.g.data(), s.g1.data(), s.g2.data(), m);
  std::reverse_copy(s.g.begin(), s.g.begin() + static_cast<std::ptrdiff_t>(m), g);
  std::reverse_copy(s.g1.begin(), s.g1.begin() + static_cast<std::ptrdiff_t>(m), g1);
  std::reverse_copy(s.g2.begin(), s.g2.begin() + static_cast<std::ptrdiff_t>(m), g2);
}

}  // namespace

ParseError plan_catalog_call(const CatalogCall& call, std::span<const double> written, AtKink at_kink, CatalogPlan& plan) {
  plan.spec = find_function(call.id);
  if (plan.spec == nullptr) return {call.column, column_prefix(call.column) + call.id + " is not in the catalog"};
  const auto& specs = plan.spec->parameters;
  plan.params.assign(specs.size(), 0);
  for (std::size_t i = 0; i < specs.size(); ++i) plan.params[i] = i < written.size() ? written[i] : specs[i].default_value;
  if (const Outcome outcome = validate_parameters(*plan.spec, plan.params); !outcome.ok()) {
    // The first parameter the catalog refuses, named with where it was written.
    std::size_t bad = 0;
    while (bad + 1 < specs.size() && std::isfinite(plan.params[bad]) && plan.params[bad] >= specs[bad].min &&
           plan.params[bad] <= specs[bad].max) {
      ++bad;
    }
    const std::uint16_t column = bad < call.parameter_columns.size() ? call.parameter_columns[bad] : call.column;
    return {column, column_prefix(column) + call.id + "'s parameter " + std::string(specs[bad].id) + ": " + outcome.message};
  }
  plan.undefined_second_is_zero = kink_second_rule(plan.spec->id, at_kink) == KinkSecond::zero;
  plan.kink_count = plan.spec->kinks(plan.params.data(), plan.kinks);
  for (std::size_t k = 0; k < plan.kink_count; ++k) plan.kink_second[k] = second_at_kink(plan, at_kink, plan.kinks[k]);
  return {};
}

void CatalogScratch::reserve(std::size_t n) {
  order.resize(n);
  u.resize(n);
  g.resize(n);
  g1.resize(n);
  g2.resize(n);
}

void run_catalog(const CatalogPlan& plan, AtKink at_kink, DType dtype, const double* u, double* g, double* g1, double* g2,
                 std::size_t m, CatalogScratch& scratch) {
  if (g2 == nullptr) {
    // f and f' only: the catalog's evaluate takes points in any order.
    plan.spec->evaluate(plan.params.data(), at_kink, dtype, u, g, g1, m);
    return;
  }
  // fill() wants non-decreasing points: an input that increases (x, 2*x - 1) goes as it is, one
  // that decreases (-x) reversed, any other sorted and permuted back.
  bool increasing = true;
  bool decreasing = true;
  for (std::size_t j = 1; j < m && (increasing || decreasing); ++j) {
    increasing = increasing && u[j - 1] <= u[j];
    decreasing = decreasing && u[j - 1] >= u[j];
  }
  if (increasing) {
    plan.spec->fill(plan.params.data(), at_kink, dtype, u, g, g1, g2, m);
  } else if (decreasing) {
    fill_reversed(plan, at_kink, dtype, u, g, g1, g2, m, scratch);
  } else {
    fill_unsorted(plan, at_kink, dtype, u, g, g1, g2, m, scratch);
  }
  for (std::size_t k = 0; k < plan.kink_count; ++k) {
    for (std::size_t j = 0; j < m; ++j) {
      if (u[j] == plan.kinks[k].x) g2[j] = plan.kink_second[k];
    }
  }
  if (plan.undefined_second_is_zero) {
    for (std::size_t j = 0; j < m; ++j) {
      if (std::isnan(g2[j]) && std::isfinite(u[j])) g2[j] = 0;
    }
  }
}

}  // namespace actexp::formula
