// A catalog function called inside a formula (`leaky_relu(2*x - 1, a)`): its parameters
// resolved and checked once per evaluation, then its own kernel run over a chunk of points
// in any order, giving g, g' (the convention's value at a kink) and g''.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "core/activation_spec.hpp"
#include "formula/formula.hpp"

namespace actexp::formula {

struct CatalogPlan {
  const ActivationSpec* spec = nullptr;
  std::vector<double> params;  // the written ones, then the catalog's defaults
  KinkList kinks{};
  std::size_t kink_count = 0;
  // g'' exactly at each kink as the convention's double backward gives it (kink_second_rules).
  std::array<double, max_kinks> kink_second{};
  bool undefined_second_is_zero = false;  // where the catalog's f'' is NaN at a finite point
};

// `written` holds the float64 values of the parameters the call wrote. An empty message, or
// one naming the function, the parameter and its column.
ParseError plan_catalog_call(const CatalogCall& call, std::span<const double> written, AtKink at_kink, CatalogPlan& plan);

// Reused buffers for run_catalog, sized once per evaluation.
struct CatalogScratch {
  std::vector<std::uint32_t> order;
  std::vector<double> u, g, g1, g2;
  void reserve(std::size_t n);
};

// g, g' and (when g2 is not null) g'' at m points u in any order (NaN allowed).
void run_catalog(const CatalogPlan& plan, AtKink at_kink, DType dtype, const double* u, double* g, double* g1, double* g2,
                 std::size_t m, CatalogScratch& scratch);

}  // namespace actexp::formula
