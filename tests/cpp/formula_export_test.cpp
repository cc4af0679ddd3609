// A formula side's export (cpp/formula/formula_export.hpp): the tape as a program of named ops,
// which a replay maps to its framework's ops, and the check a lab side gets before it trains.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "c_api/activation_lab.h"
#include "core/catalog.hpp"
#include "core/json_writer.hpp"
#include "core/registry.hpp"
#include "formula/formula_entry.hpp"
#include "formula/formula_export.hpp"

namespace {

nlohmann::json program(const std::string& text) {
  actexp::JsonWriter json;
  actexp::formula::write_program(json, text);
  return nlohmann::json::parse(json.take());
}

TEST(FormulaExport, TheProgramIsTheTapeWithEachOpNamedAndItsOperands) {
  EXPECT_EQ(program("max(0.01*x, x)"), nlohmann::json::parse(R"([{"op": "constant", "value": 0.01}, {"op": "x"},
    {"op": "mul", "args": [0, 1]}, {"op": "x"}, {"op": "max", "args": [2, 3]}])"));
  EXPECT_EQ(program("x * sigmoid(b*x)")[1], nlohmann::json::parse(R"({"op": "parameter", "name": "b"})"));
  EXPECT_TRUE(program("x*sigmod(x)").is_null());
}

TEST(FormulaExport, EveryOpOfTheGrammarHasItsName) {
  const auto ops = program(
      "-x + x - x * x / x ^ 2 + exp(x) + log(x) + log1p(x) + expm1(x) + sqrt(x) + abs(x) + sign(x) + sin(x) + cos(x)"
      " + tanh(x) + sigmoid(x) + softplus(x) + erf(x) + erfc(x) + relu(x) + max(x, 1) + min(x, 1) + clamp(x, 0, 1)"
      " + pow(x, 2) + where(x < 0, x, 0) + where(x <= 0, x, 0) + where(x > 0, x, 0) + where(x >= 0, x, 0)"
      " + where(x == 0, x, 0) + where(x != 0, x, 0) + elu(x)");
  std::vector<std::string> names;
  for (const auto& op : ops) names.push_back(op["op"]);
  for (const char* name : {"neg", "add", "sub", "mul", "div", "pow", "exp", "log", "log1p", "expm1", "sqrt", "abs", "sign", "sin", "cos",
                           "tanh", "sigmoid", "softplus", "erf", "erfc", "relu", "max", "min", "clamp", "where", "less", "less_equal",
                           "greater", "greater_equal", "equal", "not_equal", "catalog"}) {
    EXPECT_NE(std::find(names.begin(), names.end(), name), names.end()) << name;
  }
  EXPECT_EQ(std::find(names.begin(), names.end(), "unknown"), names.end());
}

TEST(FormulaExport, ACatalogCallNamesItsParametersWrittenAndTheCatalogsDefaultsForTheRest) {
  const auto ops = program("softplus(x, b/2)");
  const auto& call = ops.back();
  EXPECT_EQ(call["op"], "catalog");
  EXPECT_EQ(call["fn"], "softplus");
  EXPECT_EQ(call["args"], nlohmann::json::parse("[0]"));
  EXPECT_EQ(ops[call["params"]["beta"].get<std::size_t>()]["op"], "div");
  const actexp::ActivationSpec* softplus = actexp::find_function("softplus");
  EXPECT_EQ(call["defaults"]["threshold"].get<double>(), softplus->parameters[1].default_value);
}

TEST(FormulaExport, ALabSideGetsItsCatalogCallsParametersCheckedWithTheirColumn) {
  actexp::ActivationSpec spec;
  ASSERT_TRUE(actexp::formula::make_formula_spec("leaky_relu(x, a)", spec).message.empty());
  const std::vector<double> bad{2}, good{0.5};
  EXPECT_EQ(actexp::validate_parameters(spec, bad).message, "column 15: leaky_relu's parameter alpha: α must be between 0 and 1, got 2.");
  EXPECT_TRUE(actexp::validate_parameters(spec, good).ok());

  // ae_lab_start refuses such a side, naming it by its id, instead of training on NaN.
  int handle = -1;
  ASSERT_EQ(ae_formula_register("expr_export_test", "leaky_relu(x, a)", &handle), AE_OK);
  std::vector<double> config(AE_LAB_CONFIG_SIZE, 0);
  config[AE_LAB_SAMPLES] = 20;
  config[AE_LAB_LR] = 0.1;
  config[AE_LAB_BETA1] = 0.9;
  config[AE_LAB_BETA2] = 0.999;
  config[AE_LAB_EPS] = 1e-8;
  config[AE_LAB_SEED] = 1;
  config[AE_LAB_TRACK] = 1;
  config[AE_LAB_LAYERS] = 1;
  config[AE_LAB_WIDTHS] = 2;
  const int relu = actexp::function_registry().handle_of("relu");
  EXPECT_EQ(ae_lab_start(config.data(), AE_LAB_CONFIG_SIZE, handle, bad.data(), 1, relu, nullptr, 0), AE_PARAMETER_OUT_OF_RANGE);
  EXPECT_STREQ(ae_last_error(), "expr_export_test: column 15: leaky_relu's parameter alpha: α must be between 0 and 1, got 2.");
  EXPECT_EQ(ae_lab_start(config.data(), AE_LAB_CONFIG_SIZE, handle, good.data(), 1, relu, nullptr, 0), AE_OK) << ae_last_error();
  EXPECT_EQ(ae_formula_unregister(handle), AE_OK);
}

}  // namespace
