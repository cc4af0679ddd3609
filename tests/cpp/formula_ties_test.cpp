// A typed formula's ties found from its primitives in a range (cpp/formula/ties.hpp): where they
// are, their rows per convention as the evaluator computes them, what is left out, the cap, and
// the ties as grid points of ae_sample and of actviz sample --expr.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <numbers>
#include <string>
#include <vector>

#include "core/catalog.hpp"
#include "core/sampler.hpp"
#include "formula/formula.hpp"
#include "formula/formula_entry.hpp"
#include "formula/sample.hpp"
#include "formula/ties.hpp"

namespace {

using actexp::AtKink;
using actexp::Kink;
using actexp::RangeKinks;
using actexp::formula::find_ties;
using actexp::formula::parse;

RangeKinks ties_of(std::string_view text, double from, double to, std::vector<double> params = {}) {
  const auto parsed = parse(text);
  EXPECT_TRUE(parsed.ok()) << parsed.error.message;
  if (params.empty()) params.assign(parsed.formula.parameters.size(), 1.0);
  RangeKinks out;
  find_ties(parsed.formula, params, from, to, out);
  return out;
}

// f' exactly at tie i per convention, in AtKink order (pytorch, jax, tensorflow, pytorch_2_6).
std::vector<double> df_at(const RangeKinks& ties, std::size_t i) {
  std::vector<double> out;
  for (int c = 0; c < actexp::at_kink_count; ++c) out.push_back(ties.df_at(i, static_cast<AtKink>(c)));
  return out;
}

struct Row {
  double x, f_left, f_right, f_at, df_left, df_right;
  std::vector<double> df_at;
};

void expect_row(const RangeKinks& ties, std::size_t i, const Row& want, const std::string& what) {
  const Kink& k = ties.kinks[i];
  EXPECT_EQ(k.x, want.x) << what;
  EXPECT_EQ(k.f_left, want.f_left) << what;
  EXPECT_EQ(k.f_right, want.f_right) << what;
  EXPECT_EQ(k.f_at, want.f_at) << what;
  EXPECT_EQ(k.df_left, want.df_left) << what;
  EXPECT_EQ(k.df_right, want.df_right) << what;
  EXPECT_EQ(df_at(ties, i), want.df_at) << what;
}

TEST(FormulaTies, MaxOfTwoLinesSplitsItsTieByConvention) {
  // PyTorch and JAX give each side half (0.5·0.01 + 0.5·1), TensorFlow all to the first argument.
  const RangeKinks a = ties_of("max(0.01*x, x)", -10, 10);
  ASSERT_EQ(a.count, 1U);
  EXPECT_EQ(a.found, 1U);
  expect_row(a, 0, {0, 0, 0, 0, 0.01, 1, {0.505, 0.505, 0.01, 0.505}}, "max(0.01*x, x)");
  const RangeKinks b = ties_of("max(x, 0.01*x)", -10, 10);
  ASSERT_EQ(b.count, 1U);
  expect_row(b, 0, {0, 0, 0, 0, 0.01, 1, {0.505, 0.505, 1, 0.505}}, "max(x, 0.01*x)");
  // The same with the slope a parameter.
  const RangeKinks c = ties_of("max(a*x, x)", -3, 7, {0.01});
  ASSERT_EQ(c.count, 1U);
  expect_row(c, 0, {0, 0, 0, 0, 0.01, 1, {0.505, 0.505, 0.01, 0.505}}, "max(a*x, x), a = 0.01");
}

TEST(FormulaTies, ClampHasBothBounds) {
  const RangeKinks k = ties_of("clamp(x, 0, 6)", -10, 10);
  ASSERT_EQ(k.count, 2U);
  // PyTorch's clamp passes the gradient on the bounds; jnp.clip splits (0.5); clip_by_value's
  // maximum(minimum(v, hi), lo) gives the tie to v.
  expect_row(k, 0, {0, 0, 0, 0, 0, 1, {1, 0.5, 1, 1}}, "clamp at 0");
  expect_row(k, 1, {6, 6, 6, 6, 1, 0, {1, 0.5, 1, 1}}, "clamp at 6");
}

TEST(FormulaTies, AbsOfAShiftedInput) {
  const RangeKinks k = ties_of("abs(x - 1)", -10, 10);
  ASSERT_EQ(k.count, 1U);
  expect_row(k, 0, {1, 0, 0, 0, -1, 1, {0, 1, 0, 0}}, "abs(x - 1)");
}

TEST(FormulaTies, WhereJumpsInValueAndSlope) {
  const RangeKinks k = ties_of("where(x >= 2, x, 0)", -10, 10);
  ASSERT_EQ(k.count, 1U);
  expect_row(k, 0, {2, 0, 2, 2, 0, 1, {1, 1, 1, 1}}, "where(x >= 2, x, 0)");
}

TEST(FormulaTies, CatalogCallAtItsKinkThroughTheChainRule) {
  // leaky_relu's kink at u = 2x - 1 = 0: the catalog's rule (PyTorch, TF: α; JAX: 1) times u' = 2.
  const RangeKinks k = ties_of("leaky_relu(2*x - 1, 0.2)", -10, 10);
  ASSERT_EQ(k.count, 1U);
  expect_row(k, 0, {0.5, 0, 0, 0, 0.4, 2, {0.4, 2, 0.4, 0.4}}, "leaky_relu(2*x - 1, 0.2)");
}

TEST(FormulaTies, TieThatIsNotADoubleIsTheNearestOne) {
  // x^2 = 2 at ±√2, which no double is: the tie is the double where x^2 - 2 is nearest 0.
  const auto parsed = parse("max(x^2, 2)");
  const RangeKinks k = ties_of("max(x^2, 2)", -3, 3);
  ASSERT_EQ(k.count, 2U);
  for (std::size_t i = 0; i < 2; ++i) {
    const double x = k.kinks[i].x;
    const double root = i == 0 ? -std::numbers::sqrt2 : std::numbers::sqrt2;
    EXPECT_LE(std::fabs(x - root), std::fabs(std::nextafter(root, 0.0) - root)) << x;
    const auto gap = [](double v) { return std::fabs(v * v - 2); };
    EXPECT_LE(gap(x), gap(std::nextafter(x, -10.0)));
    EXPECT_LE(gap(x), gap(std::nextafter(x, 10.0)));
    EXPECT_EQ(k.kinks[i].f_at, x * x > 2 ? x * x : 2);
  }
  // Left of -√2 f = x^2 (f' = 2x), right of it 2 (f' = 0); the other way round at √2.
  EXPECT_NEAR(k.kinks[0].df_left, -2 * std::numbers::sqrt2, 1e-15);
  EXPECT_EQ(k.kinks[0].df_right, 0);
  EXPECT_EQ(k.kinks[1].df_left, 0);
  EXPECT_NEAR(k.kinks[1].df_right, 2 * std::numbers::sqrt2, 1e-15);
}

TEST(FormulaTies, TieWhereNothingJumpsIsNotListed) {
  // relu(x)^2: f' is 0 from both sides and in every convention at 0 (only f'' jumps), as the
  // catalog lists no kink where f and f' are continuous; max(x, x) ties everywhere, at no point.
  EXPECT_EQ(ties_of("relu(x)^2", -10, 10).found, 0U);
  EXPECT_EQ(ties_of("max(x, x)", -10, 10).found, 0U);
  EXPECT_EQ(ties_of("0 * abs(x)", -10, 10).found, 0U);
  // A primitive in where's untaken branch: its tie moves nothing.
  EXPECT_EQ(ties_of("where(x > 5, abs(x - 1), x)", -3, 3).found, 0U);
  // x written as max(x, 0) + min(x, 0): f' is 1 on both sides, but TensorFlow gives each tie to
  // its first argument, so 2 at 0: listed, with equal limits (a point where one framework differs).
  const RangeKinks split = ties_of("max(x, 0) + min(x, 0)", -10, 10);
  ASSERT_EQ(split.count, 1U);
  expect_row(split, 0, {0, 0, 0, 0, 1, 1, {1, 1, 2, 1}}, "max(x, 0) + min(x, 0)");
  // But max(x, relu(x)) is x for x > 0 with both arguments tied: its boundary at 0 is a kink.
  const RangeKinks k = ties_of("max(x, relu(x))", -10, 10);
  ASSERT_EQ(k.count, 1U);
  expect_row(k, 0, {0, 0, 0, 0, 0, 1, {0.5, 0.5, 1, 0.5}}, "max(x, relu(x))");
}

TEST(FormulaTies, OnlyTheRangesTiesAndItsEndsIncluded) {
  EXPECT_EQ(ties_of("max(x, 5)", -1, 1).found, 0U);
  EXPECT_EQ(ties_of("clamp(x, 0, 6)", 1, 5).found, 0U);
  const RangeKinks ends = ties_of("clamp(x, 0, 6)", 0, 6);
  ASSERT_EQ(ends.count, 2U);
  EXPECT_EQ(ends.kinks[0].x, 0);
  EXPECT_EQ(ends.kinks[1].x, 6);
  EXPECT_EQ(ties_of("x * sigmoid(x)", -10, 10).found, 0U);  // no kink-bearing primitive
  EXPECT_EQ(ties_of("relu(x)", std::nan(""), 1).found, 0U);
  EXPECT_EQ(ties_of("relu(x)", 1, -1).found, 0U);
  // A catalog call's parameter out of its range (from a formula parameter): nothing evaluates.
  EXPECT_EQ(ties_of("leaky_relu(x, a)", -1, 1, {2}).found, 0U);
}

TEST(FormulaTies, PeriodicFormulaIsCappedAndCounted) {
  // |sin x| has a kink at every multiple of π: 63 in -100...100, the first 32 listed.
  const RangeKinks k = ties_of("abs(sin(x))", -100, 100);
  EXPECT_EQ(k.found, 63U);
  ASSERT_EQ(k.count, actexp::max_range_kinks);
  for (std::size_t i = 0; i < k.count; ++i) {
    const double multiple = -31 + static_cast<double>(i);
    EXPECT_NEAR(k.kinks[i].x, multiple * std::numbers::pi, 1e-13);
    EXPECT_EQ(std::fabs(k.kinks[i].df_left), 1) << k.kinks[i].x;
    EXPECT_EQ(k.kinks[i].df_right, -k.kinks[i].df_left);
  }
  EXPECT_EQ(k.kinks[31].x, 0);
}

TEST(FormulaTies, PoleIsNotATie) {
  // 1/x goes from -inf to inf at 0: max(1/x, 0) jumps there but nothing ties.
  EXPECT_EQ(ties_of("max(1/x, 0)", -1, 1).found, 0U);
  // The domain's edge is no tie either: log(x) is NaN left of 0.
  const RangeKinks k = ties_of("max(log(x), 0)", -1, 2);
  ASSERT_EQ(k.count, 1U);
  EXPECT_EQ(k.kinks[0].x, 1);
}

TEST(FormulaTies, SignAndRelu) {
  const RangeKinks s = ties_of("sign(x)", -1, 1);
  ASSERT_EQ(s.count, 1U);
  expect_row(s, 0, {0, -1, 1, 0, 0, 0, {0, 0, 0, 0}}, "sign(x)");
  const RangeKinks r = ties_of("relu(3 - x)", -10, 10);
  ASSERT_EQ(r.count, 1U);
  expect_row(r, 0, {3, 0, 0, 0, -1, 0, {0, 0, 0, 0}}, "relu(3 - x)");
  // x/2 underflows to 0 at the smallest doubles: the tie is 0 itself, not -4.9e-324.
  const RangeKinks half = ties_of("relu6(x/2)", -10, 14);
  ASSERT_EQ(half.count, 2U);
  EXPECT_EQ(half.kinks[0].x, 0);
  EXPECT_FALSE(std::signbit(half.kinks[0].x));
  EXPECT_EQ(half.kinks[1].x, 12);
}

// Every catalog function written id(x) lists the catalog's kinks in the range, row for row.
TEST(FormulaTies, CatalogFunctionAsIdOfXHasTheCatalogsKinks) {
  for (const actexp::ActivationSpec* spec : actexp::catalog()) {
    std::vector<double> defaults;
    for (const auto& p : spec->parameters) defaults.push_back(p.default_value);
    actexp::KinkList catalog_kinks;
    const std::size_t count = spec->kinks(defaults.data(), catalog_kinks);
    const RangeKinks k = ties_of(spec->id + "(x)", -10, 10);
    std::size_t inside = 0;
    for (std::size_t i = 0; i < count; ++i) {
      const Kink& want = catalog_kinks[i];
      if (want.x < -10 || want.x > 10) continue;
      ASSERT_LT(inside, k.count) << spec->id;
      const Kink& got = k.kinks[inside++];
      const std::string what = spec->id + " at " + std::to_string(want.x);
      EXPECT_EQ(got.x, want.x) << what;
      EXPECT_EQ(got.f_at, want.f_at) << what;
      EXPECT_EQ(got.f_left, want.f_left) << what;
      EXPECT_EQ(got.f_right, want.f_right) << what;
      EXPECT_NEAR(got.df_left, want.df_left, 1e-12) << what;
      EXPECT_NEAR(got.df_right, want.df_right, 1e-12) << what;
      for (int c = 0; c < actexp::at_kink_count; ++c) {
        EXPECT_EQ(k.df_at(inside - 1, static_cast<AtKink>(c)), want.df_at(static_cast<AtKink>(c))) << what << ", convention " << c;
      }
    }
    EXPECT_EQ(k.count, inside) << spec->id;
  }
}

// The rows are the evaluator's numbers at the tie.
TEST(FormulaTies, RowsAreTheEvaluatorsValuesAtTheTie) {
  for (const char* text : {"max(0.01*x, x)", "clamp(2*x, -1, 3) + x", "abs(x - 1) * exp(x)", "min(x, 1) - relu(x + 2)"}) {
    const auto parsed = parse(text);
    const RangeKinks k = ties_of(text, -5, 5);
    ASSERT_GT(k.count, 0U) << text;
    for (std::size_t i = 0; i < k.count; ++i) {
      for (int c = 0; c < actexp::at_kink_count; ++c) {
        double f = 0;
        double df = 0;
        const double x = k.kinks[i].x;
        ASSERT_TRUE(actexp::formula::evaluate({.formula = &parsed.formula, .params = {}, .at_kink = static_cast<AtKink>(c)},
                                              {.x = &x, .f = &f, .df = &df, .n = 1})
                        .empty());
        EXPECT_EQ(k.kinks[i].f_at, f) << text;
        EXPECT_EQ(k.df_at(i, static_cast<AtKink>(c)), df) << text << " at " << x << ", convention " << c;
      }
    }
  }
}

// The sampler adds a formula's ties to its grid as it adds a built-in's kinks, so the drawn f'
// passes through the convention's value, and --expr 'leaky_relu(x, 0.1)' is --fn leaky_relu.
TEST(FormulaTies, SampleGridHasTheTies) {
  actexp::ActivationSpec spec;
  ASSERT_TRUE(actexp::formula::make_formula_spec("abs(x - 1/3)", spec).message.empty());
  std::vector<double> x(16), f(16), df(16);
  std::size_t count = 0;
  const actexp::SampleRequest request{.function = &spec, .params = {}, .from = -1, .to = 1, .n = 5};
  ASSERT_TRUE(actexp::sample(request, {.x = x.data(), .f = f.data(), .df = df.data(), .capacity = x.size()}, count).ok());
  ASSERT_EQ(count, 6U);
  EXPECT_EQ(x[3], 1.0 / 3);
  EXPECT_EQ(f[3], 0);
  EXPECT_EQ(df[3], 0);  // PyTorch's abs'(0)

  // Off the grid's points (0 is not one of linspace(-0.95, 1, 4)), formula and catalog alike.
  const auto parsed = parse("leaky_relu(x, 0.1)");
  const actexp::ActivationSpec* leaky = actexp::find_function("leaky_relu");
  const double alpha = 0.1;
  for (int c = 0; c < actexp::at_kink_count; ++c) {
    std::vector<double> ex(16), ef(16), edf(16), cx(16), cf(16), cdf(16);
    std::size_t expr_count = 0;
    std::size_t fn_count = 0;
    actexp::SampleRequest grid{.function = nullptr, .params = {}, .at_kink = static_cast<AtKink>(c), .from = -0.95, .to = 1, .n = 4};
    ASSERT_TRUE(actexp::formula::sample({.formula = &parsed.formula, .params = {}, .grid = grid},
                                        {.x = ex.data(), .f = ef.data(), .df = edf.data(), .capacity = ex.size()}, expr_count)
                    .ok());
    grid.function = leaky;
    grid.params = std::span<const double>(&alpha, 1);
    ASSERT_TRUE(actexp::sample(grid, {.x = cx.data(), .f = cf.data(), .df = cdf.data(), .capacity = cx.size()}, fn_count).ok());
    ASSERT_EQ(expr_count, 5U);
    ASSERT_EQ(expr_count, fn_count);
    for (std::size_t i = 0; i < fn_count; ++i) {
      EXPECT_EQ(ex[i], cx[i]);
      EXPECT_EQ(ef[i], cf[i]);
      EXPECT_EQ(edf[i], cdf[i]) << "convention " << c << " at " << cx[i];
    }
  }
}

TEST(FormulaTies, RegisteredFormulaReportsItsTiesInARange) {
  actexp::ActivationSpec spec;
  ASSERT_TRUE(actexp::formula::make_formula_spec("clamp(x, lo, 6)", spec).message.empty());
  const double lo = -2;
  RangeKinks k;
  spec.kinks_in(&lo, -10, 10, k);
  ASSERT_EQ(k.count, 2U);
  EXPECT_EQ(k.kinks[0].x, -2);
  EXPECT_EQ(k.kinks[1].x, 6);
  // The entry keeps the last range's ties: other parameters or another range are searched again.
  const double other = 1;
  spec.kinks_in(&other, -10, 10, k);
  ASSERT_EQ(k.count, 2U);
  EXPECT_EQ(k.kinks[0].x, 1);
  spec.kinks_in(&other, -10, 5, k);
  EXPECT_EQ(k.count, 1U);
  spec.kinks_in(&lo, -10, 10, k);
  ASSERT_EQ(k.count, 2U);
  EXPECT_EQ(k.kinks[0].x, -2);
  actexp::KinkList none;
  EXPECT_EQ(spec.kinks(&lo, none), 0U);  // no range, no ties
  // A built-in's kinks_in is its kinks() in the range.
  const actexp::ActivationSpec* relu6 = actexp::find_function("relu6");
  relu6->kinks_in(nullptr, -1, 1, k);
  ASSERT_EQ(k.count, 1U);
  EXPECT_EQ(k.kinks[0].x, 0);
}

}  // namespace
