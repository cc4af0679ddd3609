// Every catalog function: against mpmath references (tests/reference/), against central
// finite differences, at its kinks against PyTorch's autograd, and through identities.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <string>
#include <vector>

#include "core/catalog.hpp"
#include "core/sampler.hpp"

namespace actexp {
namespace {

struct Reference {
  const char* function;
  std::vector<double> params;
  double x, f, df;
};

const std::vector<Reference>& references() {
  static const std::vector<Reference> rows{
#include "reference_values.inc"
  };
  return rows;
}

struct Point {
  double f, df, d2f;
};

std::vector<double> defaults(const ActivationSpec& spec) {
  std::vector<double> params;
  for (const auto& p : spec.parameters) params.push_back(p.default_value);
  return params;
}

Point eval(const ActivationSpec& spec, const std::vector<double>& params, double x, AtKink at_kink = AtKink::pytorch) {
  Point p{};
  spec.fill(params.data(), at_kink, DType::float64, &x, &p.f, &p.df, &p.d2f, 1);
  return p;
}

double relative_error(double got, double want) {
  if (got == want) return 0;
  return std::fabs(got - want) / std::max(std::fabs(want), std::numeric_limits<double>::min());
}

TEST(CatalogFunctions, TheCatalogHasTwentyTwoFunctions) {
  EXPECT_EQ(catalog().size(), 22U);
  for (const char* id : {"relu", "leaky_relu", "elu", "selu", "celu", "gelu", "gelu_tanh", "silu", "mish", "softplus",
                         "sigmoid", "tanh", "hardtanh", "relu6", "hardsigmoid", "hardswish", "softsign", "logsigmoid",
                         "tanhshrink", "softshrink", "hardshrink", "heaviside"}) {
    EXPECT_NE(find_function(id), nullptr) << id;
  }
}

// The largest relative error per function is printed: the closing note quotes it.
TEST(CatalogFunctions, MatchMpmathReferencesTo1e13Relative) {
  std::map<std::string, double> worst;
  for (const Reference& r : references()) {
    const ActivationSpec* spec = find_function(r.function);
    ASSERT_NE(spec, nullptr) << r.function;
    ASSERT_TRUE(validate_parameters(*spec, r.params).ok()) << r.function;
    const Point p = eval(*spec, r.params, r.x);
    const double ef = relative_error(p.f, r.f);
    const double edf = relative_error(p.df, r.df);
    EXPECT_LE(ef, 1e-13) << r.function << " f(" << r.x << ") = " << p.f << ", reference " << r.f;
    EXPECT_LE(edf, 1e-13) << r.function << " f'(" << r.x << ") = " << p.df << ", reference " << r.df;
    worst[r.function] = std::max({worst[r.function], ef, edf});
  }
  std::printf("largest relative error against mpmath (f and f', %zu points):\n", references().size());
  for (const auto& [id, error] : worst) std::printf("  %-12s %.2e\n", id.c_str(), error);
}

bool near_a_kink(const ActivationSpec& spec, const std::vector<double>& params, double x, double margin) {
  KinkList kinks;
  const std::size_t count = spec.kinks(params.data(), kinks);
  for (std::size_t k = 0; k < count; ++k) {
    if (std::fabs(kinks[k].x - x) < margin) return true;
  }
  return false;
}

TEST(CatalogFunctions, DerivativesMatchCentralDifferencesAwayFromKinks) {
  for (const ActivationSpec* spec : catalog()) {
    const std::vector<double> params = defaults(*spec);
    for (double x = -8.03; x <= 8; x += 0.173) {
      if (near_a_kink(*spec, params, x, 0.01)) continue;
      const double h = 1e-5 * std::max(1.0, std::fabs(x));
      const Point p = eval(*spec, params, x);
      const double slope = (eval(*spec, params, x + h).f - eval(*spec, params, x - h).f) / (2 * h);
      EXPECT_NEAR(p.df, slope, 1e-7 * std::max(1.0, std::fabs(p.df))) << spec->id << " f' at " << x;
      const double curvature = (eval(*spec, params, x + h).df - eval(*spec, params, x - h).df) / (2 * h);
      EXPECT_NEAR(p.d2f, curvature, 1e-6 * std::max(1.0, std::fabs(p.d2f))) << spec->id << " f'' at " << x;
    }
  }
}

// PyTorch 1.13 autograd in float64 (issue #3) agreed with these, but for Hardswish at ±3,
// where 1.13 is a "PyTorch <= 2.6" release; the other columns are read from the sources.
TEST(CatalogFunctions, KinkDerivativesMatchEachFrameworksTable) {
  struct Case {
    const char* id;
    std::vector<double> params;
    double x;
    std::array<double, at_kink_count> df_at;
  };
  const double lambda_alpha = 1.0507009873554804934193349852946 * 1.6732632423543772848170429916717;
  const double lambda = 1.0507009873554804934193349852946;
  // One row per table entry: f' exactly at the kink in PyTorch >= 2.7, JAX, TensorFlow / Keras
  // and PyTorch <= 2.6 (docs/conventions.md has the sources).
  const std::vector<Case> cases{
      {"leaky_relu", {0.01}, 0, {0.01, 1, 0.01, 0.01}},
      {"relu", {}, 0, {0, 0, 0, 0}},
      {"elu", {1.0}, 0, {1, 1, 1, 1}},
      {"elu", {0.5}, 0, {0.5, 0.5, 0.5, 0.5}},
      {"selu", {}, 0, {lambda_alpha, lambda_alpha, lambda, lambda_alpha}},
      {"hardtanh", {-1, 1}, -1, {0, 1, 0, 0}},
      {"hardtanh", {-1, 1}, 1, {0, 1, 0, 0}},
      {"relu6", {}, 0, {0, 0, 0, 0}},
      {"relu6", {}, 6, {0, 0, 0, 0}},
      {"hardswish", {}, -3, {0, 0, 0, -0.5}},
      {"hardswish", {}, 3, {1, 1, 1, 1.5}},
      {"hardsigmoid", {}, -3, {0, 0, 0, 0}},
      {"hardsigmoid", {}, 3, {0, 0, 0, 0}},
      {"softshrink", {0.5}, 0.5, {0, 0, 0, 0}},
      {"softshrink", {0.5}, -0.5, {0, 0, 0, 0}},
      {"hardshrink", {0.5}, -0.5, {0, 0, 0, 0}},
      {"hardshrink", {0.5}, 0.5, {0, 0, 0, 0}},
      {"heaviside", {0.5}, 0, {0, 0, 0, 0}},
      {"mish", {}, 0, {0.6, 0.6, 0.6, 0.6}},
      {"gelu", {}, 0, {0.5, 0.5, 0.5, 0.5}},
      {"gelu_tanh", {}, 0, {0.5, 0.5, 0.5, 0.5}},
      {"silu", {1.0}, 0, {0.5, 0.5, 0.5, 0.5}},
      {"celu", {1.0}, 0, {1, 1, 1, 1}},
  };
  for (const Case& c : cases) {
    const ActivationSpec* spec = find_function(c.id);
    ASSERT_NE(spec, nullptr);
    for (int k = 0; k < at_kink_count; ++k) {
      EXPECT_NEAR(eval(*spec, c.params, c.x, static_cast<AtKink>(k)).df, c.df_at[static_cast<std::size_t>(k)], 1e-15)
          << c.id << " at " << c.x << " (" << conventions[static_cast<std::size_t>(k)].id << ")";
    }
  }
  EXPECT_NEAR(lambda_alpha, 1.7581, 1e-4);
}

// Each kink's table entry agrees with the function just beside it and at it.
TEST(CatalogFunctions, KinkTablesAgreeWithTheFunctions) {
  for (const ActivationSpec* spec : catalog()) {
    const std::vector<double> params = defaults(*spec);
    KinkList kinks;
    const std::size_t count = spec->kinks(params.data(), kinks);
    for (std::size_t k = 0; k < count; ++k) {
      const Kink& kink = kinks[k];
      const double eps = 1e-9 * std::max(1.0, std::fabs(kink.x));
      const Point left = eval(*spec, params, kink.x - eps);
      const Point right = eval(*spec, params, kink.x + eps);
      const double slope_allowance = 1e-8 + 2 * eps * std::max({1.0, std::fabs(kink.df_left), std::fabs(kink.df_right)});
      EXPECT_NEAR(kink.f_left, left.f, slope_allowance) << spec->id << " f left of " << kink.x;
      EXPECT_NEAR(kink.f_right, right.f, slope_allowance) << spec->id << " f right of " << kink.x;
      EXPECT_NEAR(kink.df_left, left.df, 1e-8) << spec->id << " f' left of " << kink.x;
      EXPECT_NEAR(kink.df_right, right.df, 1e-8) << spec->id << " f' right of " << kink.x;
      EXPECT_EQ(kink.f_at, eval(*spec, params, kink.x).f) << spec->id;
      for (int c = 0; c < at_kink_count; ++c) {
        const auto at_kink = static_cast<AtKink>(c);
        EXPECT_NE(kink.rule[at_kink], Side::unset) << spec->id << " at " << kink.x << ": no rule for " << conventions[static_cast<std::size_t>(c)].id;
        EXPECT_EQ(kink.df_at(at_kink), eval(*spec, params, kink.x, at_kink).df) << spec->id << " (" << conventions[static_cast<std::size_t>(c)].id << ")";
      }
      if (k > 0) {
        EXPECT_LT(kinks[k - 1].x, kink.x) << spec->id << ": kinks in increasing x";
      }
    }
  }
}

TEST(CatalogFunctions, StayFiniteInTheTailsAndOnSubnormals) {
  const double denorm = std::numeric_limits<double>::denorm_min();
  for (const ActivationSpec* spec : catalog()) {
    // At the defaults and at both ends of every parameter's range: a gate sharper than 1
    // (SiLU at beta = 10) takes beta * x past the largest double (found by the fuzzer).
    std::vector<double> lowest, highest;
    for (const ParameterSpec& p : spec->parameters) {
      lowest.push_back(p.min);
      highest.push_back(p.max);
    }
    for (const std::vector<double>& params : {defaults(*spec), lowest, highest}) {
      // Up to 1e308 in size: SELU's lambda > 1 takes DBL_MAX itself past the largest double.
      for (const double x : {-1e308, -1e154, -746.0, -709.9, -denorm, 0.0, denorm, 709.9, 746.0, 1e154, 1e308}) {
        const Point p = eval(*spec, params, x);
        EXPECT_TRUE(std::isfinite(p.f)) << spec->id << " f(" << x << ") = " << p.f;
        EXPECT_TRUE(std::isfinite(p.df)) << spec->id << " f'(" << x << ") = " << p.df;
        // f'' is NaN by design at kinks and where it jumps at 0 (softsign, CELU).
        if (x != 0 && !near_a_kink(*spec, params, x, 1e-300)) {
          EXPECT_FALSE(std::isnan(p.d2f)) << spec->id << " f''(" << x << ")";
        }
      }
    }
  }
}

TEST(CatalogFunctions, SymmetriesAndLimitIdentitiesHold) {
  const auto f = [](const char* id, double x) { return eval(*find_function(id), defaults(*find_function(id)), x); };
  // PyTorch's softplus returns x itself above its threshold (20); the identities are about
  // the mathematical softplus, so these use the largest threshold.
  const auto softplus = [](double x) { return eval(*find_function("softplus"), {1.0, 50.0}, x).f; };
  for (double x = -30; x <= 30; x += 0.61) {
    EXPECT_NEAR(f("sigmoid", -x).f, 1 - f("sigmoid", x).f, 2.3e-16) << x;
    EXPECT_NEAR(softplus(x) - softplus(-x), x, 1e-14 * std::max(1.0, std::fabs(x))) << x;
    EXPECT_EQ(f("tanh", -x).f, -f("tanh", x).f) << x;
    EXPECT_NEAR(f("logsigmoid", x).f, -softplus(-x), 1e-15 * std::max(1.0, std::fabs(x))) << x;
    EXPECT_NEAR(f("gelu", x).f - f("gelu", -x).f, x, 1e-14 * std::max(1.0, std::fabs(x))) << x;
    EXPECT_NEAR(f("silu", x).f - f("silu", -x).f, x, 1e-14 * std::max(1.0, std::fabs(x))) << x;
    EXPECT_NEAR(f("hardsigmoid", x).f + f("hardsigmoid", -x).f, 1, 1e-15) << x;
    EXPECT_LE(f("sigmoid", x).df, 0.25) << "sigmoid' never exceeds 1/4";
    EXPECT_EQ(f("softsign", -x).f, -f("softsign", x).f) << x;
  }
  EXPECT_EQ(f("sigmoid", 0).df, 0.25);
  EXPECT_EQ(f("tanh", 0).df, 1.0);
}

TEST(CatalogFunctions, FormulasAreMathmlForEveryConvention) {
  for (const ActivationSpec* spec : catalog()) {
    const std::vector<double> params = defaults(*spec);
    for (int c = 0; c < at_kink_count; ++c) {
      const auto at_kink = static_cast<AtKink>(c);
      for (const Formula which : {Formula::value, Formula::derivative}) {
        const std::string mathml = spec->formula(params.data(), at_kink, which);
        EXPECT_EQ(mathml.rfind("<math display=\"block\">", 0), 0U) << spec->id;
        EXPECT_EQ(mathml.substr(mathml.size() - 7), "</math>") << spec->id;
      }
    }
  }
}

TEST(CatalogFunctions, EverySampleOfEveryFunctionIsFiniteWithKinksOnTheGrid) {
  for (const ActivationSpec* spec : catalog()) {
    const std::vector<double> params = defaults(*spec);
    std::vector<double> x(2000), f(2000), df(2000), d2f(2000);
    std::size_t count = 0;
    const SampleRequest request{.function = spec, .params = params, .at_kink = AtKink::pytorch, .from = -10, .to = 25, .n = 1000};
    ASSERT_TRUE(sample(request, {.x = x.data(), .f = f.data(), .df = df.data(), .d2f = d2f.data(), .capacity = 2000}, count).ok());
    KinkList kinks;
    const std::size_t kink_count = spec->kinks(params.data(), kinks);
    for (std::size_t k = 0; k < kink_count; ++k) {
      if (kinks[k].x > -10 && kinks[k].x < 25) {
        EXPECT_NE(std::find(x.begin(), x.begin() + static_cast<std::ptrdiff_t>(count), kinks[k].x), x.begin() + static_cast<std::ptrdiff_t>(count))
            << spec->id << " kink " << kinks[k].x;
      }
    }
    for (std::size_t i = 0; i < count; ++i) {
      EXPECT_TRUE(std::isfinite(f[i]) && std::isfinite(df[i])) << spec->id << " at " << x[i];
      if (i > 0) {
        EXPECT_LT(x[i - 1], x[i]) << spec->id;
      }
    }
  }
}

}  // namespace
}  // namespace actexp
