// The formula language as the page shows it (issue 19): the grammar JSON states formula.hpp's
// tables and limits, and every example under the page's formula field parses, with the f'(0)
// its line teaches; a slider that moves a catalog call's parameter out of its range is refused
// with a message, not drawn as NaN.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "c_api/activation_explorer.h"
#include "formula/examples.hpp"
#include "formula/formula.hpp"
#include "formula/formula_entry.hpp"

namespace {

namespace formula = actexp::formula;

nlohmann::json grammar() { return nlohmann::json::parse(ae_formula_grammar_json()); }

// f'(x0) of `text` in convention `at_kink` (its parameters at their defaults).
double slope_at(std::string_view text, double x0, actexp::AtKink at_kink) {
  const formula::ParseResult parsed = formula::parse(text);
  EXPECT_TRUE(parsed.ok()) << parsed.error.message;
  const std::vector<double> params(parsed.formula.parameters.size(), formula::parameter_default);
  double f = 0, df = 0;
  const std::string error = formula::evaluate({.formula = &parsed.formula, .params = params, .at_kink = at_kink},
                                              {.x = &x0, .f = &f, .df = &df, .d2f = nullptr, .n = 1});
  EXPECT_EQ(error, "");
  return df;
}

TEST(FormulaGrammar, TheJsonStatesEveryFunctionConstantAndOperatorOfTheTables) {
  const auto json = grammar();
  ASSERT_EQ(json["functions"].size(), formula::functions.size());
  for (std::size_t i = 0; i < formula::functions.size(); ++i) {
    EXPECT_EQ(json["functions"][i]["name"], formula::functions[i].name);
    EXPECT_EQ(json["functions"][i]["arity"], formula::functions[i].arity);
    EXPECT_EQ(json["functions"][i]["summary"], formula::functions[i].summary);
  }
  ASSERT_EQ(json["constants"].size(), formula::constants.size());
  for (std::size_t i = 0; i < formula::constants.size(); ++i) {
    EXPECT_EQ(json["constants"][i]["name"], formula::constants[i].name);
    EXPECT_EQ(json["constants"][i]["value"].get<double>(), formula::constants[i].value);
  }
  ASSERT_EQ(json["operators"].size(), formula::operators.size());
  for (std::size_t i = 0; i < formula::operators.size(); ++i) EXPECT_EQ(json["operators"][i]["symbols"], formula::operators[i].symbols);
}

TEST(FormulaGrammar, TheJsonStatesTheLimitsTheSliderAndTheDefaultId) {
  const auto json = grammar();
  EXPECT_EQ(json["limits"]["length"], formula::max_length);
  EXPECT_EQ(json["limits"]["depth"], formula::max_depth);
  EXPECT_EQ(json["limits"]["operations"], formula::max_operations);
  EXPECT_EQ(json["limits"]["parameters"], formula::max_parameters);
  EXPECT_EQ(json["limits"]["parameterName"], formula::max_parameter_name);
  EXPECT_EQ(json["parameter"]["default"].get<double>(), formula::parameter_default);
  EXPECT_EQ(json["parameter"]["min"].get<double>(), formula::parameter_min);
  EXPECT_EQ(json["parameter"]["max"].get<double>(), formula::parameter_max);
  EXPECT_EQ(json["parameter"]["step"].get<double>(), formula::parameter_step);
  EXPECT_EQ(json["defaultId"], formula::default_formula_id);
  EXPECT_EQ(json["prefill"], "x * sigmoid(b*x)") << "the field starts with Swish-beta, whose b gets a slider";
}

TEST(FormulaGrammar, EveryExampleParsesBecomesAnEntryAndIsInTheJson) {
  const auto json = grammar();
  ASSERT_EQ(json["examples"].size(), formula::examples.size());
  for (std::size_t i = 0; i < formula::examples.size(); ++i) {
    const formula::Example& example = formula::examples[i];
    const formula::ParseResult parsed = formula::parse(example.text);
    EXPECT_TRUE(parsed.ok()) << example.text << ": " << parsed.error.message;
    actexp::ActivationSpec spec;
    EXPECT_EQ(formula::make_formula_spec(example.text, spec).message, "") << example.text;
    EXPECT_FALSE(example.name.empty());
    EXPECT_FALSE(example.teaches.empty());
    EXPECT_EQ(json["examples"][i]["text"], example.text);
    EXPECT_EQ(json["examples"][i]["name"], example.name);
    EXPECT_EQ(json["examples"][i]["teaches"], example.teaches);
  }
}

TEST(FormulaGrammar, TheThreeLeakyReluExamplesHaveTheSlopesAtZeroTheyTeach) {
  EXPECT_EQ(slope_at("leaky_relu(x, 0.01)", 0, actexp::AtKink::pytorch), 0.01);
  EXPECT_EQ(slope_at("max(0.01*x, x)", 0, actexp::AtKink::pytorch), 0.505);
  EXPECT_EQ(slope_at("max(0.01*x, x)", 0, actexp::AtKink::jax), 0.505);
  EXPECT_EQ(slope_at("max(0.01*x, x)", 0, actexp::AtKink::tensorflow), 0.01);
  for (const auto at_kink : {actexp::AtKink::pytorch, actexp::AtKink::jax, actexp::AtKink::tensorflow}) {
    EXPECT_EQ(slope_at("where(x >= 0, x, 0.01*x)", 0, at_kink), 1);
  }
}

TEST(FormulaGrammar, SquaredReluHasTheSecondDerivativeItsLineTeaches) {
  const formula::ParseResult parsed = formula::parse("relu(x)^2");
  ASSERT_TRUE(parsed.ok());
  const std::vector<double> x{-0.5, 0, 0.5};
  std::vector<double> f(3), df(3), d2f(3);
  ASSERT_EQ(formula::evaluate({.formula = &parsed.formula, .params = {}, .at_kink = actexp::AtKink::pytorch},
                              {.x = x.data(), .f = f.data(), .df = df.data(), .d2f = d2f.data(), .n = 3}), "");
  EXPECT_EQ(d2f, (std::vector<double>{0, 0, 2}));
  EXPECT_EQ(df, (std::vector<double>{0, 0, 1}));
}

TEST(FormulaGrammar, TheCatalogMarksAFormulaWithItsTextAndABuiltInWithout) {
  int handle = -1;
  ASSERT_EQ(ae_formula_register("grammar_test", "relu(x)^2", &handle), AE_OK) << ae_last_error();
  const auto entry = nlohmann::json::parse(ae_function_json(handle));
  EXPECT_EQ(entry["expression"], "relu(x)^2");
  const auto catalog = nlohmann::json::parse(ae_catalog_json());
  for (const auto& function : catalog["functions"]) {
    EXPECT_EQ(function.contains("expression"), function["id"] == "grammar_test") << function["id"];
  }
  ASSERT_EQ(ae_formula_unregister(handle), AE_OK);
}

TEST(FormulaParameters, ACatalogCallsParameterOutOfItsRangeIsRefusedByEveryCallNamingItsColumn) {
  int handle = -1;
  ASSERT_EQ(ae_formula_register("check_test", "leaky_relu(x, a)", &handle), AE_OK) << ae_last_error();
  std::vector<double> x(8), f(8), df(8), kinks(64);
  int count = 0;
  const double half = 0.5;
  ASSERT_EQ(ae_sample(handle, &half, 1, 0, 0, -1, 1, 3, x.data(), f.data(), df.data(), nullptr, 8, &count), AE_OK);
  EXPECT_EQ(f[0], -0.5);
  const double two = 2;
  EXPECT_EQ(ae_sample(handle, &two, 1, 0, 0, -1, 1, 3, x.data(), f.data(), df.data(), nullptr, 8, &count), AE_PARAMETER_OUT_OF_RANGE);
  EXPECT_STREQ(ae_last_error(), "column 15: leaky_relu's parameter alpha: \u03b1 must be between 0 and 1, got 2.");
  EXPECT_EQ(ae_kinks(handle, &two, 1, kinks.data(), 4, &count), AE_PARAMETER_OUT_OF_RANGE);
  ASSERT_EQ(ae_formula_unregister(handle), AE_OK);
}

}  // namespace
