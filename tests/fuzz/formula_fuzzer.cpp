// libFuzzer target for typed formulas: parse any bytes; evaluate whatever parses on a small grid
// (with ties, infinities and NaN, then reversed) in every dtype and convention, with f'' and
// without. Nothing may crash, leak, hit UB or recurse without bound (ASan's stack and UBSan
// catch each); evaluate() fails only as check_catalog_calls() says (a catalog parameter out of
// its range), and f and f' do not depend on whether f'' was asked (fill() against evaluate()).
// Its MathML (f and f') is well-formed XML (tests/cpp/xml_check.hpp).
// Its ties (ties.hpp) in two ranges: at most max_range_kinks rows, in increasing x inside the
// range, found >= count, each row's f' at the tie the evaluator's; none where it cannot evaluate.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "../cpp/xml_check.hpp"
#include "formula/formula.hpp"
#include "formula/mathml.hpp"
#include "formula/ties.hpp"

namespace {

bool same(double a, double b) { return (std::isnan(a) && std::isnan(b)) || a == b; }

// The ties' invariants in [from, to]; a failure traps.
void check_ties(const actexp::formula::Formula& formula, const std::vector<double>& params, bool evaluates, double from, double to) {
  namespace fm = actexp::formula;
  actexp::RangeKinks ties;
  fm::find_ties(formula, params, from, to, ties);
  if (ties.count > actexp::max_range_kinks || ties.found < ties.count || (!evaluates && ties.found != 0)) __builtin_trap();
  for (std::size_t k = 0; k < ties.count; ++k) {
    const actexp::Kink& tie = ties.kinks[k];
    if (!(tie.x >= from && tie.x <= to) || (k > 0 && !(tie.x > ties.kinks[k - 1].x))) __builtin_trap();
    for (int c = 0; c < actexp::at_kink_count; ++c) {
      double f = 0;
      double df = 0;
      const auto at_kink = static_cast<actexp::AtKink>(c);
      if (!fm::evaluate({.formula = &formula, .params = params, .at_kink = at_kink}, {.x = &tie.x, .f = &f, .df = &df, .n = 1}).empty()) {
        __builtin_trap();
      }
      if (!same(df, ties.df_at(k, at_kink))) __builtin_trap();
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace fm = actexp::formula;
  const auto result = fm::parse(std::string_view(reinterpret_cast<const char*>(data), size));
  if (!result.ok()) {
    if (result.error.message.empty()) __builtin_trap();
    return 0;
  }
  constexpr double inf = std::numeric_limits<double>::infinity();
  constexpr std::array<double, 12> grid{-inf, -1e300, -6, -1, -0.5, -0.0, 0.0, 0.5, 1, 6, 1e300, std::numeric_limits<double>::quiet_NaN()};
  // Parameters from the input's length, so each formula is run with a few values.
  std::vector<double> params(result.formula.parameters.size());
  for (std::size_t i = 0; i < params.size(); ++i) params[i] = static_cast<double>((size + i) % 7) - 3;
  for (const bool derivative : {false, true}) {
    if (!actexp::test::xml_problem(fm::formula_mathml(result.formula, params, derivative)).empty()) __builtin_trap();
  }
  const std::string expected = fm::check_catalog_calls(result.formula, params, false).message;
  std::array<double, grid.size()> f{}, df{}, d2f{}, f_alone{}, df_alone{};
  for (const bool reversed : {false, true}) {
    std::array<double, grid.size()> x = grid;
    if (reversed) std::reverse(x.begin(), x.end());
    for (int k = 0; k < actexp::at_kink_count; ++k) {
      for (int d = 0; d < actexp::dtype_count; ++d) {
        const fm::EvaluateRequest request{.formula = &result.formula, .params = params, .at_kink = static_cast<actexp::AtKink>(k),
                                          .dtype = static_cast<actexp::DType>(d)};
        const auto error = fm::evaluate(request, {.x = x.data(), .f = f.data(), .df = df.data(), .d2f = d2f.data(), .n = x.size()});
        if (error != expected) __builtin_trap();
        const auto alone = fm::evaluate(request, {.x = x.data(), .f = f_alone.data(), .df = df_alone.data(), .d2f = nullptr, .n = x.size()});
        if (alone != expected) __builtin_trap();
        if (!error.empty()) continue;
        for (std::size_t i = 0; i < x.size(); ++i) {
          if (!same(f[i], f_alone[i]) || !same(df[i], df_alone[i])) __builtin_trap();
        }
      }
    }
  }
  check_ties(result.formula, params, expected.empty(), -10, 10);
  check_ties(result.formula, params, expected.empty(), -1e-300, 1e300);
  return 0;
}
