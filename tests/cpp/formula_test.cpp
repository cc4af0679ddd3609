// Typed formulas (cpp/formula): the parser's errors and limits, f, f' and f'' of every
// primitive against closed forms, each framework's tie rules, the catalog's functions written
// as formulas, and PyTorch 1.13's autograd as the oracle (tests/reference/formula_torch_values.json).
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <fstream>
#include <limits>
#include <numbers>
#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <vector>

#include "core/catalog.hpp"
#include "core/format.hpp"
#include "core/portable_math.hpp"
#include "core/sampler.hpp"
#include "formula/elementary.hpp"
#include "formula/formula.hpp"

namespace {

using actexp::AtKink;
using actexp::DType;
namespace fm = actexp::formula;

struct Values {
  std::vector<double> f, df, d2f;
};

fm::Formula parsed(const std::string& text) {
  auto result = fm::parse(text);
  EXPECT_TRUE(result.ok()) << text << ": " << result.error.message;
  return result.formula;
}

Values run(const std::string& text, const std::vector<double>& x, AtKink at_kink = AtKink::pytorch,
           DType dtype = DType::float64, std::vector<double> params = {}) {
  const fm::Formula formula = parsed(text);
  if (params.empty()) params.assign(formula.parameters.size(), fm::parameter_default);
  Values v{std::vector<double>(x.size()), std::vector<double>(x.size()), std::vector<double>(x.size())};
  const std::string error = fm::evaluate({.formula = &formula, .params = params, .at_kink = at_kink, .dtype = dtype},
                                         {.x = x.data(), .f = v.f.data(), .df = v.df.data(), .d2f = v.d2f.data(), .n = x.size()});
  EXPECT_EQ(error, "") << text;
  return v;
}

// f, f', f'' at one point.
std::array<double, 3> at(const std::string& text, double x, AtKink at_kink = AtKink::pytorch) {
  const Values v = run(text, {x}, at_kink);
  return {v.f[0], v.df[0], v.d2f[0]};
}

std::string error_of(const std::string& text) {
  const auto result = fm::parse(text);
  EXPECT_FALSE(result.ok()) << text << " parsed";
  return result.error.message;
}

// ---- Parser errors: one per kind, each with its column.

TEST(FormulaParser, NamesAMisspeltFunctionWithItsColumnAndASuggestion) {
  EXPECT_EQ(error_of("x * sigmod(x)"), "column 5: \"sigmod\" is not a function; did you mean sigmoid?");
  EXPECT_EQ(error_of("x + foo_bar_baz(x)"), "column 5: \"foo_bar_baz\" is not a function (see the list of functions)");
}

TEST(FormulaParser, NamesAMissingCloseParenthesis) {
  EXPECT_EQ(error_of("(x + 1"), "column 7: expected \")\" to close the \"(\" at column 1");
  EXPECT_EQ(error_of("max(x, 1 2)"), "column 10: expected \")\", found \"2\"");
  EXPECT_EQ(error_of("x + 1)"), "column 6: this \")\" has no \"(\" to close");
}

TEST(FormulaParser, NamesEachOtherErrorKind) {
  EXPECT_EQ(error_of(""), "the formula is empty: write an expression in x, such as x * sigmoid(x)");
  EXPECT_EQ(error_of("   "), "the formula is empty: write an expression in x, such as x * sigmoid(x)");
  EXPECT_EQ(error_of("x + 1e999"), "column 5: 1e999 is not a finite number");
  EXPECT_EQ(error_of("x + # 2"), "column 5: expected a number, x, a parameter, a function or \"(\", found character \"#\"");
  EXPECT_EQ(error_of("x * \xc3\xa9"), "column 5: expected a number, x, a parameter, a function or \"(\", found a character outside the grammar (formulas use plain ASCII)");
  EXPECT_EQ(error_of("\xc3\xa9\xc3\xa9 + #"), "column 1: expected a number, x, a parameter, a function or \"(\", found a character outside the grammar (formulas use plain ASCII)");
  EXPECT_EQ(error_of("x x"), "column 3: unexpected \"x\" after a complete expression");
  // An article after "unexpected" read "unexpected a character …".
  EXPECT_EQ(error_of("x \xc3\xa4"), "column 3: found a character outside the grammar after a complete expression (formulas use plain ASCII)");
  EXPECT_EQ(error_of("x #"), "column 3: unexpected character \"#\" after a complete expression");
  EXPECT_EQ(error_of("x +"), "column 4: expected a number, x, a parameter, a function or \"(\", found the end of the formula");
  EXPECT_EQ(error_of("x > 0"), "column 3: comparisons (>) only go in where's first argument, as in where(x > 0, x, 0)");
  EXPECT_EQ(error_of("max(x < 0, 1)"), "column 7: comparisons (<) only go in where's first argument, as in where(x > 0, x, 0)");
  EXPECT_EQ(error_of("where(x, 1, 0)"), "column 8: where's first argument must be a comparison, such as x > 0; found \",\"");
  EXPECT_EQ(error_of("where(0 < x < 1, 1, 0)"), "column 13: one comparison per condition: chains such as 0 < x < 1 are not allowed");
  EXPECT_EQ(error_of("max(x)"), "column 6: max takes 2 arguments, got 1");
  EXPECT_EQ(error_of("exp(x, 2)"), "column 8: exp takes 1 argument, got 2");
  EXPECT_EQ(error_of("exp()"), "column 5: exp takes 1 argument, got 0");
  EXPECT_EQ(error_of("x * exp"), "column 5: exp is a function: write exp(...)");
  EXPECT_EQ(error_of("x = 1"), "column 3: unexpected character \"=\" after a complete expression");
}

TEST(FormulaParser, NamesABadCatalogCallWithItsColumn) {
  EXPECT_EQ(error_of("2 * elu"), "column 5: elu is a function: write elu(x, ...)");
  EXPECT_EQ(error_of("leaky_relu(x, 0.1, 3)"), "column 20: leaky_relu takes x and at most 1 parameter (alpha), got 3");
  EXPECT_EQ(error_of("hardtanh()"), "column 10: hardtanh takes x and at most 2 parameters (min_val, max_val), got 0");
  EXPECT_EQ(error_of("selu(x, 1)"), "column 9: selu takes x, got 2");
  EXPECT_EQ(error_of("leaky_relu(x, 2*x)"), "column 15: leaky_relu's parameter alpha is a number: it cannot depend on x");
  EXPECT_EQ(error_of("x + leaky_relu(x, 1.5)"), "column 19: leaky_relu's parameter alpha: α must be between 0 and 1, got 1.5.");
  EXPECT_EQ(error_of("hardtanh(x, -2, 20)"), "column 17: hardtanh's parameter max_val: max must be between 0.01 and 10, got 20.");
  EXPECT_EQ(error_of("elu(x, 0)"), "column 8: elu's parameter alpha: α must be between 0.01 and 5, got 0.");
  EXPECT_EQ(error_of("leaky_rel(x)"), "column 1: \"leaky_rel\" is not a function; did you mean leaky_relu?");
  // softplus(v) is the grammar's; with more arguments it is the catalog's (beta, threshold).
  EXPECT_EQ(error_of("softplus(x, 1, 20, 3)"), "column 20: softplus takes x and at most 2 parameters (beta, threshold), got 4");
  EXPECT_TRUE(fm::parse("softplus(x, 2) + softplus(x)").ok());
  EXPECT_EQ(error_of("relu(x, 1)"), "column 9: relu takes 1 argument, got 2");
}

TEST(FormulaParser, RefusesEachLimit) {
  EXPECT_EQ(error_of(std::string(1001, 'x')), "the formula is 1001 characters long; at most 1000 are allowed");
  std::string nested = "x";
  for (int i = 0; i < 64; ++i) nested = "exp(" + nested + ")";
  EXPECT_EQ(error_of(nested), "the formula nests deeper than 64");
  // One level per construct: 63 parentheses around x are within the limit, 64 are not (each
  // parenthesis counted twice, 32 were refused).
  EXPECT_TRUE(fm::parse(std::string(63, '(') + "x" + std::string(63, ')')).ok());
  EXPECT_EQ(error_of(std::string(64, '(') + "x" + std::string(64, ')')), "the formula nests deeper than 64");
  EXPECT_TRUE(fm::parse(std::string(63, '-') + "x").ok());
  EXPECT_EQ(error_of(std::string(65, '-') + "x"), "the formula nests deeper than 64");
  std::string tower = "x";
  for (int i = 0; i < 64; ++i) tower += "^x";
  EXPECT_EQ(error_of(tower), "the formula nests deeper than 64");
  std::string sum = "x";
  for (int i = 0; i < 249; ++i) sum += "+x";  // 499 instructions (each x and each +): allowed
  EXPECT_TRUE(fm::parse(sum).ok());
  EXPECT_EQ(error_of(sum + "+x"), "the formula has more than 500 operations");
  EXPECT_EQ(error_of("a+b+c+d+f+g+h+k+m"), "column 17: \"m\" would be a parameter, but a formula has at most 8");
  EXPECT_EQ(error_of("x * " + std::string(33, 'a')), "column 5: the parameter name \"aaaaaaaaaaaa...\" is longer than 32 characters");
  EXPECT_TRUE(fm::parse("x * " + std::string(32, 'a')).ok());
}

TEST(FormulaParser, ReturnsAnErrorForADepthBombWithoutRecursingIntoIt) {
  // 20,000 open parentheses: refused (by length) without overflowing the stack, here and under ASan.
  EXPECT_FALSE(fm::parse(std::string(20'000, '(') + "x").ok());
  // Within the length limit, the depth check refuses it before recursing.
  EXPECT_EQ(error_of(std::string(999, '(') + "x"), "the formula nests deeper than 64");
  EXPECT_EQ(error_of(std::string(998, '-') + "x"), "the formula nests deeper than 64");
  std::string calls;
  for (int i = 0; i < 199; ++i) calls += "abs(";
  EXPECT_EQ(error_of(calls + "x"), "the formula nests deeper than 64");
}

TEST(FormulaParser, CollectsParametersInOrderOfFirstUse) {
  const auto f = parsed("b * x + a_2 * x^2 + b");
  EXPECT_EQ(f.parameters, (std::vector<std::string>{"b", "a_2"}));
}

TEST(FormulaParser, BindsPowerTighterThanUnaryMinusAndToTheRight) {
  EXPECT_EQ(at("-x^2", 3)[0], -9);
  EXPECT_EQ(at("-x**2", 3)[0], -9);
  EXPECT_EQ(at("2^3^2", 0)[0], 512);
  EXPECT_EQ(at("2^-x", 1)[0], 0.5);
  EXPECT_EQ(at("--x", 2)[0], 2);
  EXPECT_EQ(at("1 - 2 - 3", 0)[0], -4);
  EXPECT_EQ(at("8 / 4 / 2", 0)[0], 1);
  EXPECT_EQ(at("2 * pi + e", 0)[0], 2 * std::numbers::pi + std::numbers::e);
  EXPECT_EQ(at("1e-3 + .5 + 2.", 0)[0], 1e-3 + 0.5 + 2.0);
}

// ---- Every primitive's f, f', f'' at ordinary points against closed forms.

void expect_near_rel(double actual, double expected, double tolerance, const std::string& what) {
  EXPECT_NEAR(actual, expected, tolerance * std::max(1.0, std::fabs(expected))) << what;
}

TEST(FormulaEvaluate, EveryPrimitiveMatchesItsClosedForm) {
  struct Case {
    const char* text;
    double (*f)(double);
    double (*df)(double);
    double (*d2f)(double);
  };
  const double pi = std::numbers::pi;
  static const double sqrt_pi = std::sqrt(pi);
  const Case cases[] = {
      {"exp(x)", [](double x) { return std::exp(x); }, [](double x) { return std::exp(x); }, [](double x) { return std::exp(x); }},
      {"log(x)", [](double x) { return std::log(x); }, [](double x) { return 1 / x; }, [](double x) { return -1 / (x * x); }},
      {"log1p(x)", [](double x) { return std::log1p(x); }, [](double x) { return 1 / (1 + x); }, [](double x) { return -1 / ((1 + x) * (1 + x)); }},
      {"expm1(x)", [](double x) { return std::expm1(x); }, [](double x) { return std::exp(x); }, [](double x) { return std::exp(x); }},
      {"sqrt(x)", [](double x) { return std::sqrt(x); }, [](double x) { return 0.5 / std::sqrt(x); }, [](double x) { return -0.25 / (x * std::sqrt(x)); }},
      {"abs(x)", [](double x) { return std::fabs(x); }, [](double x) { return x > 0 ? 1.0 : -1.0; }, [](double) { return 0.0; }},
      {"sign(x)", [](double x) { return x > 0 ? 1.0 : -1.0; }, [](double) { return 0.0; }, [](double) { return 0.0; }},
      {"sin(x)", [](double x) { return std::sin(x); }, [](double x) { return std::cos(x); }, [](double x) { return -std::sin(x); }},
      {"cos(x)", [](double x) { return std::cos(x); }, [](double x) { return -std::sin(x); }, [](double x) { return -std::cos(x); }},
      {"tanh(x)", [](double x) { return std::tanh(x); }, [](double x) { return 1 - std::tanh(x) * std::tanh(x); },
       [](double x) { return -2 * std::tanh(x) * (1 - std::tanh(x) * std::tanh(x)); }},
      {"sigmoid(x)", [](double x) { return 1 / (1 + std::exp(-x)); }, [](double x) { const double s = 1 / (1 + std::exp(-x)); return s * (1 - s); },
       [](double x) { const double s = 1 / (1 + std::exp(-x)); return s * (1 - s) * (1 - 2 * s); }},
      {"softplus(x)", [](double x) { return std::log1p(std::exp(x)); }, [](double x) { return 1 / (1 + std::exp(-x)); },
       [](double x) { const double s = 1 / (1 + std::exp(-x)); return s * (1 - s); }},
      {"erf(x)", [](double x) { return std::erf(x); }, [](double x) { return 2 / sqrt_pi * std::exp(-x * x); },
       [](double x) { return -4 * x / sqrt_pi * std::exp(-x * x); }},
      {"erfc(x)", [](double x) { return std::erfc(x); }, [](double x) { return -2 / sqrt_pi * std::exp(-x * x); },
       [](double x) { return 4 * x / sqrt_pi * std::exp(-x * x); }},
      {"relu(x)", [](double x) { return std::max(x, 0.0); }, [](double x) { return x > 0 ? 1.0 : 0.0; }, [](double) { return 0.0; }},
      {"x^3", [](double x) { return x * x * x; }, [](double x) { return 3 * x * x; }, [](double x) { return 6 * x; }},
      {"pow(x, 2.5)", [](double x) { return std::pow(x, 2.5); }, [](double x) { return 2.5 * std::pow(x, 1.5); }, [](double x) { return 3.75 * std::sqrt(x); }},
      {"3^x", [](double x) { return std::pow(3, x); }, [](double x) { return std::pow(3, x) * std::log(3); },
       [](double x) { return std::pow(3, x) * std::log(3) * std::log(3); }},
      {"x^x", [](double x) { return std::pow(x, x); }, [](double x) { return std::pow(x, x) * (std::log(x) + 1); },
       [](double x) { return std::pow(x, x) * ((std::log(x) + 1) * (std::log(x) + 1) + 1 / x); }},
      {"1 / x", [](double x) { return 1 / x; }, [](double x) { return -1 / (x * x); }, [](double x) { return 2 / (x * x * x); }},
      {"x / (1 + x)", [](double x) { return x / (1 + x); }, [](double x) { return 1 / ((1 + x) * (1 + x)); }, [](double x) { return -2 / ((1 + x) * (1 + x) * (1 + x)); }},
      {"x * x - x + 2", [](double x) { return x * x - x + 2; }, [](double x) { return 2 * x - 1; }, [](double) { return 2.0; }},
      {"-x", [](double x) { return -x; }, [](double) { return -1.0; }, [](double) { return 0.0; }},
      {"max(x, 2*x)", [](double x) { return std::max(x, 2 * x); }, [](double x) { return x > 0 ? 2.0 : 1.0; }, [](double) { return 0.0; }},
      {"min(x^2, 1)", [](double x) { return std::min(x * x, 1.0); }, [](double x) { return x * x < 1 ? 2 * x : 0.0; }, [](double x) { return x * x < 1 ? 2.0 : 0.0; }},
      {"clamp(x^2, 0.5, 2)", [](double x) { return std::clamp(x * x, 0.5, 2.0); }, [](double x) { return x * x > 0.5 && x * x < 2 ? 2 * x : 0.0; },
       [](double x) { return x * x > 0.5 && x * x < 2 ? 2.0 : 0.0; }},
      {"where(x > 1, x^2, -x)", [](double x) { return x > 1 ? x * x : -x; }, [](double x) { return x > 1 ? 2 * x : -1.0; }, [](double x) { return x > 1 ? 2.0 : 0.0; }},
  };
  for (const Case& c : cases) {
    for (const double x : {0.3, 0.7, 1.3, 2.9}) {
      const auto v = at(c.text, x);
      const std::string what = std::string(c.text) + " at " + std::to_string(x);
      expect_near_rel(v[0], c.f(x), 1e-14, what + " f");
      expect_near_rel(v[1], c.df(x), 1e-13, what + " f'");
      expect_near_rel(v[2], c.d2f(x), 1e-12, what + " f''");
    }
  }
  (void)pi;
}

TEST(FormulaEvaluate, PortableExpErfcAndExpm1MatchLibm) {
  for (double x = -708; x < 709.7; x += 0.37) {  // normal results (a subnormal one rounds twice, as in portable::exp)
    EXPECT_NEAR(fm::elementary::exp(x), std::exp(x), 4.5e-16 * std::exp(x)) << x;
  }
  EXPECT_EQ(fm::elementary::exp(0), 1);
  EXPECT_EQ(fm::elementary::exp(800), std::numeric_limits<double>::infinity());
  for (double x = -7; x < 28; x += 0.0625) {
    const double expected = std::erfc(x);
    EXPECT_NEAR(fm::elementary::erfc(x), expected, 1e-14 * expected + 1e-300) << x;
  }
  for (double x = -40; x < 40; x += 0.03125) {
    EXPECT_NEAR(fm::elementary::expm1(x), std::expm1(x), 1e-15 * std::fabs(std::expm1(x))) << x;
  }
  EXPECT_EQ(fm::elementary::expm1(1e-300), 1e-300);
}

// The same number, NaN as any NaN (its sign is the hardware's and the engine's, not ours).
bool same_bits(double a, double b) {
  return (std::isnan(a) && std::isnan(b)) || actexp::bit_cast<std::uint64_t>(a) == actexp::bit_cast<std::uint64_t>(b);
}

// A chunk's exponentials are computed without branches (vectorised in wasm); they must be the
// one-point functions' bits everywhere, their edges and specials included.
TEST(FormulaEvaluate, ExpAndTanhOverAnArrayAreTheOnePointFunctionsBitForBit) {
  std::vector<double> x;
  for (double v = -800; v < 800; v += 0.173) x.push_back(v);
  for (double v = -22; v < 22; v += 0.0071) x.push_back(v);
  const double inf = std::numeric_limits<double>::infinity();
  for (const double edge : {0.0, -0.0, 1e-4, -1e-4, 20.0, -20.0, 708.0, -708.0, 709.0, 709.78, -745.2, 710.0, -746.0,
                            std::numbers::ln2 / 2, 1e-310, -1e-310, inf, -inf, std::numeric_limits<double>::quiet_NaN()}) {
    x.push_back(edge);
    x.push_back(std::nextafter(edge, inf));
    x.push_back(std::nextafter(edge, -inf));
  }
  x.push_back(1.5);  // an odd count: the vector loop's remainder too
  std::vector<double> out(x.size());
  fm::elementary::exp_array(x.data(), out.data(), x.size());
  for (std::size_t i = 0; i < x.size(); ++i) EXPECT_TRUE(same_bits(out[i], fm::elementary::exp(x[i]))) << x[i];
  fm::elementary::tanh_array(x.data(), out.data(), x.size());
  for (std::size_t i = 0; i < x.size(); ++i) EXPECT_TRUE(same_bits(out[i], actexp::portable::tanh(x[i]))) << x[i];
}

// Chunks, lanes computed once per evaluation (constants) and f'' left out when not asked must not
// change a bit: each point alone, and f and f' without f'', give what the whole array gives.
TEST(FormulaEvaluate, EachPointAloneAndWithoutTheSecondDerivativeGivesTheSameBits) {
  std::vector<double> x;
  for (int i = 0; i < 600; ++i) x.push_back(-30 + 0.1 * i);  // three chunks, the last one short
  x.push_back(std::numeric_limits<double>::quiet_NaN());
  const std::vector<std::string> formulas{"x * sigmoid(x)", "x * tanh(softplus(x))", "exp(x / 10) - expm1(x / 4)",
                                          "sigmoid(a) * x + b", "elu(a) * x - sqrt(2)", "tanh(x / 30) * softplus(x * 3 - 40)",
                                          "leaky_relu(x^2 - 1, 0.2) / (1 + abs(x))", "max(x, a * x) + clamp(x, -1, b)"};
  for (const std::string& text : formulas) {
    const fm::Formula formula = parsed(text);
    const std::vector<double> params{0.3, -2.0};
    const std::span<const double> used(params.data(), formula.parameters.size());
    for (int k = 0; k < actexp::at_kink_count; ++k) {
      for (int d = 0; d < actexp::dtype_count; ++d) {
        const fm::EvaluateRequest request{.formula = &formula, .params = used, .at_kink = static_cast<AtKink>(k), .dtype = static_cast<DType>(d)};
        const std::size_t n = x.size();
        std::vector<double> f(n), df(n), d2f(n), f_only(n), df_only(n);
        ASSERT_EQ(fm::evaluate(request, {.x = x.data(), .f = f.data(), .df = df.data(), .d2f = d2f.data(), .n = n}), "");
        ASSERT_EQ(fm::evaluate(request, {.x = x.data(), .f = f_only.data(), .df = df_only.data(), .n = n}), "");
        for (std::size_t i = 0; i < n; ++i) {
          std::array<double, 3> alone{};
          ASSERT_EQ(fm::evaluate(request, {.x = &x[i], .f = &alone[0], .df = &alone[1], .d2f = &alone[2], .n = 1}), "");
          const auto where = [&] { return text + " at " + std::to_string(x[i]) + ", convention " + std::to_string(k) + ", dtype " + std::to_string(d); };
          EXPECT_TRUE(same_bits(f[i], alone[0]) && same_bits(df[i], alone[1]) && same_bits(d2f[i], alone[2])) << where();
          EXPECT_TRUE(same_bits(f[i], f_only[i]) && same_bits(df[i], df_only[i])) << where();
        }
      }
    }
  }
}

// ---- Tie rules per convention (the issue's numbers, read against each framework's source).

TEST(FormulaTies, MaximumSplitsATieInPytorchAndJaxAndGivesItToTheFirstArgumentInTensorflow) {
  for (const AtKink k : {AtKink::pytorch, AtKink::pytorch_2_6, AtKink::jax}) {
    EXPECT_DOUBLE_EQ(at("max(0.01*x, x)", 0, k)[1], 0.505);
    EXPECT_DOUBLE_EQ(at("max(x, 0.01*x)", 0, k)[1], 0.505);
    EXPECT_DOUBLE_EQ(at("min(x, 0.01*x)", 0, k)[1], 0.505);
  }
  EXPECT_EQ(at("max(0.01*x, x)", 0, AtKink::tensorflow)[1], 0.01);
  EXPECT_EQ(at("max(x, 0.01*x)", 0, AtKink::tensorflow)[1], 1);
  EXPECT_EQ(at("min(0.01*x, x)", 0, AtKink::tensorflow)[1], 0.01);
  EXPECT_EQ(at("min(x, 0.01*x)", 0, AtKink::tensorflow)[1], 1);
}

TEST(FormulaTies, WhereDifferentiatesTheBranchTakenEverywhere) {
  for (int k = 0; k < actexp::at_kink_count; ++k) {
    EXPECT_EQ(at("where(x >= 0, x, 0.01*x)", 0, static_cast<AtKink>(k))[1], 1);
    EXPECT_EQ(at("where(x > 0, x, 0.01*x)", 0, static_cast<AtKink>(k))[1], 0.01);
  }
  // The untaken branch's infinite slope still multiplies its 0, as in reverse mode.
  EXPECT_TRUE(std::isnan(at("where(x > 0, sqrt(x), 0)", 0)[1]));
}

TEST(FormulaTies, ClampPassesOnItsBoundsInPytorchAndTensorflowAndSplitsInJax) {
  for (const AtKink k : {AtKink::pytorch, AtKink::tensorflow}) {
    EXPECT_EQ(at("clamp(x, 0, 6)", 0, k)[1], 1);
    EXPECT_EQ(at("clamp(x, 0, 6)", 6, k)[1], 1);
  }
  EXPECT_EQ(at("clamp(x, 0, 6)", 0, AtKink::jax)[1], 0.5);  // jnp.clip = minimum(hi, maximum(lo, x))
  EXPECT_EQ(at("clamp(x, 0, 6)", 6, AtKink::jax)[1], 0.5);
  EXPECT_EQ(at("clamp(x, 0, 6)", 7, AtKink::jax)[1], 0);
  EXPECT_EQ(at("clamp(x, 0, 6)", 3, AtKink::jax)[1], 1);
  // lo > hi: PyTorch gives hi, TensorFlow's maximum(minimum(x, hi), lo) gives lo.
  EXPECT_EQ(at("clamp(x, 2, 1)", 0, AtKink::pytorch)[0], 1);
  EXPECT_EQ(at("clamp(x, 2, 1)", 0, AtKink::tensorflow)[0], 2);
}

TEST(FormulaTies, AbsAtZeroIsZeroExceptInJax) {
  EXPECT_EQ(at("abs(x)", 0, AtKink::pytorch)[1], 0);
  EXPECT_EQ(at("abs(x)", 0, AtKink::tensorflow)[1], 0);
  EXPECT_EQ(at("abs(x)", 0, AtKink::jax)[1], 1);  // select(x >= 0, g, -g)
  EXPECT_EQ(at("sign(x)", 0)[0], 0);
  EXPECT_EQ(at("relu(x)", 0, AtKink::jax)[1], 0);
}

TEST(FormulaTies, SecondDerivativeIsWhatDoubleBackwardGives) {
  EXPECT_EQ(at("relu(x)^2", 0)[2], 0);
  EXPECT_EQ(at("log1p(exp(-abs(x))) + max(x, 0)", 0)[2], 0);
  EXPECT_EQ(at("log1p(exp(-abs(x))) + max(x, 0)", 0)[1], 0.5);
  // pow's masks: exponent 0 has slope 0, and x^1's second derivative is 0 at 0 (not 0 * inf).
  EXPECT_EQ(at("x^0", 0)[1], 0);
  EXPECT_EQ(at("x^1", 0)[2], 0);
  EXPECT_TRUE(std::isnan(at("x^0", 0, AtKink::tensorflow)[1]));  // _PowGrad has no mask: 0 * 0^-1
  EXPECT_EQ(at("sqrt(x)", 0)[1], std::numeric_limits<double>::infinity());
  EXPECT_EQ(at("sqrt(x)", 0)[2], -std::numeric_limits<double>::infinity());
  EXPECT_EQ(at("log(x)", 0)[1], std::numeric_limits<double>::infinity());
  // d/db of a^b at a = 0: PyTorch masks where b >= 0; JAX everywhere; TF wherever a <= 0.
  EXPECT_EQ(at("0^x", 1)[1], 0);
  EXPECT_EQ(at("(-2)^x", 2, AtKink::tensorflow)[1], 0);
  EXPECT_TRUE(std::isnan(at("(-2)^x", 2, AtKink::pytorch)[1]));
}

// JAX differentiates x ** 2 (a Python int) by lax.integer_pow, masked at 0 like PyTorch, and any
// other exponent by lax.pow, whose rule for a float exponent (_pow_jvp_lhs) has no mask.
TEST(FormulaTies, JaxMasksPowOnlyForAWrittenWholeExponent) {
  EXPECT_EQ(at("x^0", 0, AtKink::jax)[1], 0);
  EXPECT_EQ(at("x^1", 0, AtKink::jax)[2], 0);
  EXPECT_EQ(at("x^-1", 2, AtKink::jax)[1], -0.25);
  EXPECT_TRUE(std::isnan(run("x^a", {0.0}, AtKink::jax, DType::float64, {0.0}).df[0]));  // 0 * 0^-1
  EXPECT_TRUE(std::isnan(run("x^a", {0.0}, AtKink::jax, DType::float64, {1.0}).d2f[0]));  // 1 * 0 * 0^-1
  EXPECT_EQ(run("x^a", {0.0}, AtKink::pytorch, DType::float64, {0.0}).df[0], 0);
  EXPECT_TRUE(std::isnan(at("x^x", 0, AtKink::jax)[1]));  // pa = 0 * 0^-1; pb = log(_replace_zero(0)) * 1 = 0
  EXPECT_EQ(at("x^x", 0, AtKink::pytorch)[1], 0);
  EXPECT_EQ(at("0^x", 1, AtKink::jax)[1], 0);  // log(_replace_zero(0)) = 0
  EXPECT_TRUE(std::isnan(at("(-2)^x", 2, AtKink::jax)[1]));  // log(-2)
}

// ---- The catalog's functions written as formulas.

TEST(FormulaCatalog, MaxOfXAndZeroIsReluEverywhereButItsTie) {
  const auto* relu = actexp::find_function("relu");
  ASSERT_NE(relu, nullptr);
  for (int k = 0; k < actexp::at_kink_count; ++k) {
    const auto at_kink = static_cast<AtKink>(k);
    const std::size_t n = 401;
    std::vector<double> x(n + actexp::max_kinks), f(x.size()), df(x.size());
    std::size_t count = 0;
    ASSERT_TRUE(actexp::sample({.function = relu, .params = {}, .at_kink = at_kink, .from = -5, .to = 5, .n = n},
                               {.x = x.data(), .f = f.data(), .df = df.data(), .capacity = x.size()}, count)
                    .ok());
    x.resize(count);
    const Values v = run("max(x, 0)", x, at_kink);
    for (std::size_t i = 0; i < count; ++i) {
      EXPECT_EQ(v.f[i], f[i]) << x[i];
      if (x[i] != 0) {
        EXPECT_EQ(v.df[i], df[i]) << x[i];
      }
    }
    const double tie = at("max(x, 0)", 0, at_kink)[1];
    EXPECT_EQ(tie, at_kink == AtKink::tensorflow ? 1.0 : 0.5);
    // relu(x) typed by its catalog id is ReLU at its tie too.
    const Values typed = run("relu(x)", x, at_kink);
    for (std::size_t i = 0; i < count; ++i) EXPECT_EQ(typed.df[i], df[i]) << x[i];
  }
}

TEST(FormulaCatalog, XTimesSigmoidIsSiluWithinAFewUlps) {
  const auto* silu = actexp::find_function("silu");
  ASSERT_NE(silu, nullptr);
  const std::size_t n = 2001;
  std::vector<double> x(n), f(n), df(n), d2f(n);
  std::size_t count = 0;
  const std::vector<double> beta{1.0};
  ASSERT_TRUE(actexp::sample({.function = silu, .params = beta, .from = -20, .to = 20, .n = n},
                             {.x = x.data(), .f = f.data(), .df = df.data(), .d2f = d2f.data(), .capacity = n}, count)
                  .ok());
  const Values v = run("x * sigmoid(x)", x);
  for (std::size_t i = 0; i < count; ++i) {
    const double ulp = std::numeric_limits<double>::epsilon();
    EXPECT_NEAR(v.f[i], f[i], 4 * ulp * std::max(std::fabs(f[i]), 1e-300)) << x[i];
    // Composed, f' = σ + x·(1 − σ)σ and f'' = 2σ' + xσ'' cancel (1 − σ near 1, and where f' = 0)
    // as they do in torch's autograd: compared against the size of their terms, 1 + |x|.
    EXPECT_NEAR(v.df[i], df[i], 4 * ulp * (1 + std::fabs(x[i]))) << x[i];
    EXPECT_NEAR(v.d2f[i], d2f[i], 4 * ulp * (1 + std::fabs(x[i]))) << x[i];
  }
}

// ---- Catalog functions called by id.

struct Sampled {
  std::vector<double> x, f, df, d2f;
};

// The catalog's own samples on -4...4 (every kink of the defaults and of alpha inside, hit exactly).
Sampled catalog_samples(const actexp::ActivationSpec& spec, const std::vector<double>& params, AtKink at_kink, DType dtype) {
  const std::size_t n = 801;
  Sampled s{std::vector<double>(n + actexp::max_kinks), {}, {}, {}};
  s.f = s.df = s.d2f = s.x;
  std::size_t count = 0;
  const auto outcome = actexp::sample({.function = &spec, .params = params, .at_kink = at_kink, .dtype = dtype, .from = -4, .to = 4, .n = n},
                                      {.x = s.x.data(), .f = s.f.data(), .df = s.df.data(), .d2f = s.d2f.data(), .capacity = s.x.size()}, count);
  EXPECT_TRUE(outcome.ok()) << outcome.message;
  for (auto* v : {&s.x, &s.f, &s.df, &s.d2f}) v->resize(count);
  return s;
}

bool on_kink(const actexp::ActivationSpec& spec, const std::vector<double>& params, double x) {
  actexp::KinkList kinks;
  const std::size_t count = spec.kinks(params.data(), kinks);
  for (std::size_t k = 0; k < count; ++k) {
    if (kinks[k].x == x) return true;
  }
  return false;
}

// f and f' bit for bit; f'' the catalog's (rounded like every op's) away from the kinks and
// wherever it exists; there the framework's double backward decides (0 in PyTorch and TensorFlow
// but for Softplus's threshold).
void expect_typed_is_catalog(const std::string& text, const std::vector<double>& formula_params, const actexp::ActivationSpec& spec,
                             const std::vector<double>& params) {
  for (int k = 0; k < actexp::at_kink_count; ++k) {
    for (int d = 0; d < actexp::dtype_count; ++d) {
      const auto at_kink = static_cast<AtKink>(k);
      const auto dtype = static_cast<DType>(d);
      const Sampled c = catalog_samples(spec, params, at_kink, dtype);
      const Values v = run(text, c.x, at_kink, dtype, formula_params);
      std::size_t differing = 0;
      for (std::size_t i = 0; i < c.x.size(); ++i) {
        differing += same_bits(v.f[i], c.f[i]) && same_bits(v.df[i], c.df[i]) ? 0 : 1;
        if (on_kink(spec, params, c.x[i]) || std::isnan(c.d2f[i])) {
          if (at_kink != AtKink::jax && spec.id != "softplus") {
            EXPECT_EQ(v.d2f[i], 0) << text << " at kink " << c.x[i];
          }
        } else {
          EXPECT_TRUE(same_bits(v.d2f[i], actexp::round_to(dtype, c.d2f[i]))) << text << " f'' at " << c.x[i] << ": " << v.d2f[i] << " vs " << c.d2f[i];
        }
      }
      EXPECT_EQ(differing, 0U) << text << " in " << actexp::conventions[static_cast<std::size_t>(k)].id << ", "
                               << actexp::dtypes[static_cast<std::size_t>(d)].id;
    }
  }
}

TEST(FormulaCatalog, LeakyReluTypedIsTheCatalogsBitForBitInEveryDtypeAndConvention) {
  const auto* leaky = actexp::find_function("leaky_relu");
  ASSERT_NE(leaky, nullptr);
  for (const double alpha : {0.1, 0.01, 0.1353352832366127, 0.0, 1.0}) {
    expect_typed_is_catalog("leaky_relu(x, a)", {alpha}, *leaky, {alpha});
  }
  expect_typed_is_catalog("leaky_relu(x, 0.1)", {}, *leaky, {0.1});
  expect_typed_is_catalog("leaky_relu(x)", {}, *leaky, {leaky->parameters[0].default_value});
}

TEST(FormulaCatalog, EveryCatalogFunctionTypedWithItsDefaultsIsTheCatalogsBitForBit) {
  for (const actexp::ActivationSpec* spec : actexp::catalog()) {
    std::vector<double> defaults;
    for (const auto& p : spec->parameters) defaults.push_back(p.default_value);
    // relu, sigmoid and tanh of one argument are the grammar's own primitives; softplus with
    // its parameters written is the catalog's.
    const bool grammar = std::any_of(fm::functions.begin(), fm::functions.end(), [&](const auto& info) { return info.name == spec->id; });
    if (grammar && spec->parameters.empty()) continue;
    std::string text = std::string(spec->id) + "(x";
    for (const double value : grammar ? defaults : std::vector<double>{}) text += ", " + actexp::format_number(value);
    expect_typed_is_catalog(text + ")", {}, *spec, defaults);
  }
}

TEST(FormulaCatalog, AnInputInAnyOrderGivesTheCatalogsValuesWithTheChainRule) {
  // -x decreases (each chunk reversed) and x^2 - 1 turns (the chunk around 0 sorted and permuted back): f = g(u), f' = g'(u)·u',
  // f'' = g''(u)·u'^2 + g'(u)·u'' with the catalog's g, g', g'' at u.
  const auto* gelu = actexp::find_function("gelu");
  const auto* leaky = actexp::find_function("leaky_relu");
  ASSERT_NE(gelu, nullptr);
  ASSERT_NE(leaky, nullptr);
  std::vector<double> x;
  for (int i = -600; i <= 600; ++i) x.push_back(i / 200.0);
  const Values neg = run("gelu(-x)", x);
  const Values turn = run("leaky_relu(x^2 - 1, 0.2)", x);
  const std::vector<double> none, alpha{0.2};
  for (std::size_t i = 0; i < x.size(); ++i) {
    double u = -x[i], g = 0, g1 = 0, g2 = 0;
    gelu->fill(none.data(), AtKink::pytorch, DType::float64, &u, &g, &g1, &g2, 1);
    EXPECT_EQ(neg.f[i], g) << x[i];
    EXPECT_EQ(neg.df[i], -g1) << x[i];
    EXPECT_EQ(neg.d2f[i], g2) << x[i];
    u = x[i] * x[i] - 1;
    leaky->fill(alpha.data(), AtKink::pytorch, DType::float64, &u, &g, &g1, &g2, 1);
    EXPECT_EQ(turn.f[i], g) << x[i];
    EXPECT_EQ(turn.df[i], g1 * (2 * x[i])) << x[i];
    EXPECT_EQ(turn.d2f[i], (u == 0 ? 0.0 : g2) * (2 * x[i]) * (2 * x[i]) + g1 * 2) << x[i];
  }
  // Without f'' the catalog's evaluate() runs (any order): the same f and f'.
  const fm::Formula formula = parsed("gelu(-x)");
  std::vector<double> f(x.size()), df(x.size());
  ASSERT_EQ(fm::evaluate({.formula = &formula, .params = none}, {.x = x.data(), .f = f.data(), .df = df.data(), .n = x.size()}), "");
  EXPECT_EQ(f, neg.f);
  EXPECT_EQ(df, neg.df);
}

TEST(FormulaCatalog, ChecksAParameterFromTheFormulaAtEachEvaluation) {
  const fm::Formula formula = parsed("leaky_relu(x, a) + elu(x, b/2)");
  double x = -1, f = 0, df = 0;
  const std::vector<double> good{0.5, 1}, bad_a{2, 1}, bad_b{0.5, 20};
  EXPECT_EQ(fm::evaluate({.formula = &formula, .params = good}, {.x = &x, .f = &f, .df = &df, .n = 1}), "");
  EXPECT_DOUBLE_EQ(f, -0.5 + 0.5 * std::expm1(-1));
  EXPECT_EQ(fm::evaluate({.formula = &formula, .params = bad_a}, {.x = &x, .f = &f, .df = &df, .n = 1}),
            "column 15: leaky_relu's parameter alpha: α must be between 0 and 1, got 2.");
  EXPECT_EQ(fm::evaluate({.formula = &formula, .params = bad_b}, {.x = &x, .f = &f, .df = &df, .n = 1}),
            "column 27: elu's parameter alpha: α must be between 0.01 and 5, got 10.");
  // Missing trailing parameters take the catalog's defaults: hardtanh(x, -2) clamps to [-2, 1].
  EXPECT_EQ(at("hardtanh(x, -2)", 3)[0], 1);
  EXPECT_EQ(at("hardtanh(x, -2)", -3)[0], -2);
}

TEST(FormulaCatalog, AKinkGivesTheDoubleBackwardOfTheConvention) {
  // ELU (alpha 0.5) at 0: f' from the left (alpha) everywhere; f'' 0 in PyTorch (elu_double_backward's
  // `< 0`) and TensorFlow, alpha·e^0 = 0.5 in JAX (the branch its where takes).
  EXPECT_EQ(at("elu(x, 0.5)", 0, AtKink::pytorch)[1], 0.5);
  EXPECT_EQ(at("elu(x, 0.5)", 0, AtKink::pytorch)[2], 0);
  EXPECT_EQ(at("elu(x, 0.5)", 0, AtKink::tensorflow)[2], 0);
  EXPECT_EQ(at("elu(x, 0.5)", 0, AtKink::jax)[2], 0.5);
  // Hardswish at 3: f' 1.5 in PyTorch <= 2.6 (the middle piece), f'' 0 (not its 1/3).
  EXPECT_EQ(at("hardswish(x)", 3, AtKink::pytorch_2_6)[1], 1.5);
  EXPECT_EQ(at("hardswish(x)", 3, AtKink::pytorch_2_6)[2], 0);
}

// ---- dtype: every op rounds its value and derivatives.

TEST(FormulaDtype, RoundsAfterEveryOperation) {
  // 1/3 + 1/3 in bfloat16: each third rounds to 0.333984375, the sum to 0.66796875.
  const auto third = run("1/3 + x/3", {1.0}, AtKink::pytorch, DType::bfloat16);
  EXPECT_EQ(third.f[0], 0.66796875);
  EXPECT_EQ(third.df[0], actexp::round_to(DType::bfloat16, 1.0 / 3));
  for (int d = 1; d < actexp::dtype_count; ++d) {
    const auto dtype = static_cast<DType>(d);
    const Values v = run("x * sigmoid(x) + tanh(x)^2", {-2.5, -0.3, 0.1, 1.7}, AtKink::pytorch, dtype);
    for (std::size_t i = 0; i < v.f.size(); ++i) {
      EXPECT_EQ(v.f[i], actexp::round_to(dtype, v.f[i]));
      EXPECT_EQ(v.df[i], actexp::round_to(dtype, v.df[i]));
      EXPECT_EQ(v.d2f[i], actexp::round_to(dtype, v.d2f[i]));
    }
  }
  // 65504 is float16's largest: doubling it overflows there and not in float32.
  EXPECT_TRUE(std::isinf(run("2 * x", {65504}, AtKink::pytorch, DType::float16).f[0]));
  EXPECT_EQ(run("2 * x", {65504}, AtKink::pytorch, DType::float32).f[0], 131008);
}

TEST(FormulaEvaluate, TakesParametersAndRefusesBadRequests) {
  const Values v = run("x + sin(a*x)^2/a", {1.0}, AtKink::pytorch, DType::float64, {0.5});
  EXPECT_DOUBLE_EQ(v.f[0], 1 + std::sin(0.5) * std::sin(0.5) / 0.5);
  const fm::Formula formula = parsed("a * x");
  double x = 1, f = 0, df = 0;
  const std::vector<double> none;
  EXPECT_EQ(fm::evaluate({.formula = &formula, .params = none}, {.x = &x, .f = &f, .df = &df, .n = 1}),
            "the formula has 1 parameters, got 0 values");
  const std::vector<double> inf{std::numeric_limits<double>::infinity()};
  EXPECT_EQ(fm::evaluate({.formula = &formula, .params = inf}, {.x = &x, .f = &f, .df = &df, .n = 1}), "parameter a is not finite");
  const std::vector<double> one{1.0};
  EXPECT_EQ(fm::evaluate({.formula = &formula, .params = one}, {.x = &x, .f = nullptr, .df = &df, .n = 1}), "a buffer is missing");
  fm::Formula forward = formula;
  forward.tape[0].a = 5;  // reads a slot not yet computed
  forward.tape[0].op = fm::Op::exp;
  EXPECT_EQ(fm::evaluate({.formula = &forward, .params = one}, {.x = &x, .f = &f, .df = &df, .n = 1}), "the formula's tape is malformed");
  fm::Formula unnamed = formula;
  unnamed.parameters.clear();
  EXPECT_EQ(fm::evaluate({.formula = &unnamed, .params = {}}, {.x = &x, .f = &f, .df = &df, .n = 1}), "the formula's tape is malformed");
}

// ---- PyTorch 1.13 as the oracle.

double decode(const nlohmann::json& value) {
  if (value.is_string()) {
    const std::string s = value.get<std::string>();
    if (s == "nan") return std::numeric_limits<double>::quiet_NaN();
    return s == "inf" ? std::numeric_limits<double>::infinity() : -std::numeric_limits<double>::infinity();
  }
  return value.get<double>();
}

// Every zero exactly at the grid's ties (-3, -1, -0.5, 0, 0.5, 1, 3, 6); in the tails (19.5, 20.5)
// a zero within 1e-14, where the catalog's f'' of Mish leaves 1e-15 that torch's terms round away.
void expect_matches_torch(const nlohmann::json& entries, const std::vector<double>& grid, AtKink at_kink) {
  for (const auto& entry : entries) {
    const std::string text = entry["formula"];
    const fm::Formula formula = parsed(text);
    std::vector<double> params;
    for (const auto& name : formula.parameters) params.push_back(entry["params"][name].get<double>());
    const Values v = run(text, grid, at_kink, DType::float64, params);
    const std::array<const std::vector<double>*, 3> ours{&v.f, &v.df, &v.d2f};
    const std::array<const char*, 3> keys{"f", "df", "d2f"};
    for (std::size_t order = 0; order < 3; ++order) {
      for (std::size_t i = 0; i < grid.size(); ++i) {
        const double expected = decode(entry[keys[order]][i]);
        const double actual = (*ours[order])[i];
        const std::string what = text + " " + keys[order] + " at x = " + std::to_string(grid[i]);
        if (std::isnan(expected)) {
          EXPECT_TRUE(std::isnan(actual)) << what << ": " << actual;
        } else if (expected == 0 && std::fabs(grid[i]) > 6) {
          EXPECT_NEAR(actual, expected, 1e-14) << what;
        } else if (!std::isfinite(expected) || expected == 0) {
          EXPECT_EQ(actual, expected) << what;
        } else {
          EXPECT_NEAR(actual, expected, 1e-12 * std::max(std::fabs(expected), 0.01)) << what;
        }
      }
    }
  }
}

// Catalog functions called by id (leaky_relu(2*x - 1, 0.2), x * gelu(x), relu6(x)^2, ...): f,
// f' and double backward's f'' from PyTorch 1.13 (torch_version in the JSON), in the convention
// for PyTorch <= 2.6; every zero (the ties' f'' among them) exactly.
TEST(FormulaOracle, CatalogCallsMatchPytorchAutogradAndDoubleBackward) {
  std::ifstream file(AE_SOURCE_DIR "/tests/reference/formula_torch_values.json");
  ASSERT_TRUE(file.good());
  const auto reference = nlohmann::json::parse(file);
  EXPECT_EQ(reference["torch_version"].get<std::string>().substr(0, 4), "1.13");
  std::vector<double> grid;
  for (const auto& x : reference["grid"]) grid.push_back(x.get<double>());
  ASSERT_GE(reference["catalog_formulas"].size(), 20U);
  expect_matches_torch(reference["catalog_formulas"], grid, AtKink::pytorch_2_6);
}

TEST(FormulaOracle, MatchesPytorchAutogradAndDoubleBackward) {
  std::ifstream file(AE_SOURCE_DIR "/tests/reference/formula_torch_values.json");
  ASSERT_TRUE(file.good());
  const auto reference = nlohmann::json::parse(file);
  std::vector<double> grid;
  for (const auto& x : reference["grid"]) grid.push_back(x.get<double>());
  ASSERT_GE(reference["formulas"].size(), 25U);
  for (const auto& entry : reference["formulas"]) {
    const std::string text = entry["formula"];
    const fm::Formula formula = parsed(text);
    std::vector<double> params;
    for (const auto& name : formula.parameters) params.push_back(entry["params"][name].get<double>());
    const Values v = run(text, grid, AtKink::pytorch, DType::float64, params);
    const std::array<const std::vector<double>*, 3> ours{&v.f, &v.df, &v.d2f};
    const std::array<const char*, 3> keys{"f", "df", "d2f"};
    for (std::size_t order = 0; order < 3; ++order) {
      for (std::size_t i = 0; i < grid.size(); ++i) {
        const double expected = decode(entry[keys[order]][i]);
        const double actual = (*ours[order])[i];
        const std::string what = text + " " + keys[order] + " at x = " + std::to_string(grid[i]);
        if (std::isnan(expected)) {
          EXPECT_TRUE(std::isnan(actual)) << what << ": " << actual;
        } else if (!std::isfinite(expected) || expected == 0) {
          EXPECT_EQ(actual, expected) << what;  // every zero and infinity (the ties' 0s among them) exactly
        } else {
          // 1e-12 relative; below 0.01, 1e-14 absolute: Mish's f'' at 6 is -2.4e-4 from terms of
          // size 1, so an ulp of difference in tanh (torch's libm against ours) moves it 2e-12 relative.
          EXPECT_NEAR(actual, expected, 1e-12 * std::max(std::fabs(expected), 0.01)) << what;
        }
      }
    }
  }
}

}  // namespace
