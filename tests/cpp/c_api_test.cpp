// The C ABI that JavaScript calls: statuses, messages, ownership, and the kink table.
#include <gtest/gtest.h>

#include <climits>
#include <cmath>
#include <nlohmann/json.hpp>
#include <numeric>
#include <string>
#include <vector>

#include "c_api/abi_layout.h"
#include "c_api/activation_explorer.h"
#include "c_api/activation_lab.h"
#include "core/catalog.hpp"

namespace {

constexpr int leaky_relu = 0;
constexpr int relu = 1;

TEST(CApi, SamplesAndClearsTheLastError) {
  const double alpha = 0.1;
  std::vector<double> x(16), f(16), df(16);
  int count = -1;
  ASSERT_EQ(ae_sample(leaky_relu, &alpha, 1, 0, 0, -1, 1, 5, x.data(), f.data(), df.data(), nullptr, 16, &count), AE_OK);
  EXPECT_EQ(count, 5);
  EXPECT_EQ(x[2], 0.0);
  EXPECT_EQ(f[0], -0.1);
  EXPECT_EQ(df[2], 0.1);
  EXPECT_STREQ(ae_last_error(), "");
}

TEST(CApi, RefusesBadArgumentsWithAMessage) {
  const double alpha = 0.1;
  std::vector<double> x(16, 7.0), f(16, 7.0), df(16, 7.0);
  int count = -1;
  struct Case {
    int status;
    std::string message_part;
  };
  const std::vector<Case> got{
      {ae_sample(-1, &alpha, 1, 0, 0, -1, 1, 5, x.data(), f.data(), df.data(), nullptr, 16, &count), ae_last_error()},
      {ae_sample(99, &alpha, 1, 0, 0, -1, 1, 5, x.data(), f.data(), df.data(), nullptr, 16, &count), ae_last_error()},
      {ae_sample(leaky_relu, nullptr, 1, 0, 0, -1, 1, 5, x.data(), f.data(), df.data(), nullptr, 16, &count), ae_last_error()},
      {ae_sample(leaky_relu, &alpha, -3, 0, 0, -1, 1, 5, x.data(), f.data(), df.data(), nullptr, 16, &count), ae_last_error()},
      {ae_sample(leaky_relu, &alpha, 1, AE_CONVENTION_COUNT, 0, -1, 1, 5, x.data(), f.data(), df.data(), nullptr, 16, &count), ae_last_error()},
      {ae_sample(leaky_relu, &alpha, 1, 0, 0, -1, 1, -5, x.data(), f.data(), df.data(), nullptr, 16, &count), ae_last_error()},
      {ae_sample(leaky_relu, &alpha, 1, 0, 0, -1, 1, 5, x.data(), f.data(), df.data(), nullptr, -4, &count), ae_last_error()},
      {ae_sample(leaky_relu, &alpha, 1, 0, 0, -1, 1, 5, x.data(), f.data(), df.data(), nullptr, 16, nullptr), ae_last_error()},
      {ae_sample(leaky_relu, &alpha, 1, 0, 0, NAN, 1, 5, x.data(), f.data(), df.data(), nullptr, 16, &count), ae_last_error()},
      {ae_sample(leaky_relu, &alpha, 1, 0, 0, -1, 1, 2.5, x.data(), f.data(), df.data(), nullptr, 16, &count), ae_last_error()},
      {ae_sample(leaky_relu, &alpha, 1, 0, 0, -1, 1, 1e10, x.data(), f.data(), df.data(), nullptr, 16, &count), ae_last_error()},
      {ae_sample(leaky_relu, &alpha, 1, 0, 0, -1, 1, NAN, x.data(), f.data(), df.data(), nullptr, 16, &count), ae_last_error()},
  };
  const std::vector<Case> expected{
      {AE_UNKNOWN_FUNCTION, "#-1"},          {AE_UNKNOWN_FUNCTION, "#99"},
      {AE_NULL_BUFFER, "parameters"},        {AE_WRONG_PARAMETER_COUNT, "negative"},
      {AE_UNKNOWN_CONVENTION, "#4"},         {AE_SAMPLE_COUNT_OUT_OF_RANGE, "got -5."},
      {AE_CAPACITY_TOO_SMALL, "hold 0"},     {AE_NULL_BUFFER, "count"},
      {AE_RANGE_NOT_FINITE, "NaN"},
      {AE_SAMPLE_COUNT_OUT_OF_RANGE, "whole number from 2 to 1000000, got 2.5."},
      {AE_SAMPLE_COUNT_OUT_OF_RANGE, "got 10000000000."},
      {AE_SAMPLE_COUNT_OUT_OF_RANGE, "got NaN."},
  };
  ASSERT_EQ(got.size(), expected.size());
  for (std::size_t i = 0; i < got.size(); ++i) {
    EXPECT_EQ(got[i].status, expected[i].status) << "case " << i << ": " << got[i].message_part;
    EXPECT_NE(got[i].message_part.find(expected[i].message_part), std::string::npos)
        << "case " << i << ": " << got[i].message_part;
  }
  EXPECT_EQ(count, -1);
  for (std::size_t i = 0; i < x.size(); ++i) EXPECT_TRUE(x[i] == 7.0 && f[i] == 7.0 && df[i] == 7.0);
}

// A parameter count up to 2³¹ − 1 is checked against the function's before one parameter is
// read, in every call that takes parameters (the lab's start once copied them first).
TEST(CApi, RefusesHugeParameterCountsBeforeReadingThem) {
  const double alpha = 0.1;
  std::vector<double> x(4), f(4), df(4), out(64);
  int count = -1;
  for (const int param_count : {2, 100, INT_MAX}) {
    EXPECT_EQ(ae_sample(leaky_relu, &alpha, param_count, 0, 0, -1, 1, 4, x.data(), f.data(), df.data(), nullptr, 4, &count), AE_WRONG_PARAMETER_COUNT);
    EXPECT_EQ(std::string(ae_last_error()), "Leaky ReLU takes 1 parameter(s), got " + std::to_string(param_count) + ".");
    EXPECT_EQ(ae_kinks(leaky_relu, &alpha, param_count, out.data(), 8, &count), AE_WRONG_PARAMETER_COUNT);
    EXPECT_EQ(ae_saturation(leaky_relu, &alpha, param_count, 0, 0, out.data()), AE_WRONG_PARAMETER_COUNT);
    EXPECT_EQ(ae_formula(leaky_relu, &alpha, param_count, 0, 0), nullptr);
  }
  EXPECT_EQ(ae_sample(leaky_relu, &alpha, INT_MIN, 0, 0, -1, 1, 4, x.data(), f.data(), df.data(), nullptr, 4, &count), AE_WRONG_PARAMETER_COUNT);
}

TEST(CApi, KinksComeAsRowsOfEightDoubles) {
  const double alpha = 0.3;
  double rows[AE_MAX_KINKS * AE_KINK_STRIDE] = {};
  int count = 0;
  ASSERT_EQ(ae_kinks(leaky_relu, &alpha, 1, rows, AE_MAX_KINKS, &count), AE_OK);
  ASSERT_EQ(count, 1);
  // x, f left, right, at, f' left, right, then f' per convention: PyTorch, JAX, TensorFlow, PyTorch 2.6.
  const double expected[AE_KINK_STRIDE] = {0, 0, 0, 0, 0.3, 1, 0.3, 1, 0.3, 0.3};
  for (int i = 0; i < AE_KINK_STRIDE; ++i) EXPECT_EQ(rows[i], expected[i]) << i;
  EXPECT_EQ(ae_kinks(leaky_relu, &alpha, 1, rows, 0, &count), AE_CAPACITY_TOO_SMALL);
  EXPECT_EQ(ae_kinks(relu, nullptr, 0, nullptr, 4, &count), AE_NULL_BUFFER);
}

TEST(CApi, FormulaIsMathmlOrNullWithAReason) {
  const double alpha = 0.5;
  const char* formula = ae_formula(leaky_relu, &alpha, 1, 0, 0);
  ASSERT_NE(formula, nullptr);
  EXPECT_EQ(std::string(formula).rfind("<math", 0), 0U);
  const double bad = 3;
  EXPECT_EQ(ae_formula(leaky_relu, &bad, 1, 0, 0), nullptr);
  EXPECT_NE(std::string(ae_last_error()).find("between 0 and 1"), std::string::npos);
  EXPECT_EQ(ae_formula(relu, nullptr, 0, 0, 5), nullptr);
}

TEST(CApi, CatalogJsonIsLibraryOwnedAndStable) {
  const char* first = ae_catalog_json();
  EXPECT_EQ(first, ae_catalog_json());
  EXPECT_EQ(std::string(first).front(), '{');
}

// ae_abi_json: the numbers JavaScript reads instead of restating them.
nlohmann::json abi() { return nlohmann::json::parse(ae_abi_json()); }

// A row's size from its sections (abi_layout.cpp): perUnit per hidden unit, perLayer per layer, extra.
int row_size(const nlohmann::json& sections, int units, int layers) {
  int size = 0;
  for (const auto& s : sections) size += s["perUnit"].get<int>() * units + s["perLayer"].get<int>() * layers + s["extra"].get<int>();
  return size;
}

TEST(AbiLayout, IsLibraryOwnedJsonThatNamesEveryStatusByItsCode) {
  EXPECT_EQ(ae_abi_json(), ae_abi_json());
  const auto table = abi();
  const std::vector<std::pair<std::string, int>> expected{
      {"ok", AE_OK}, {"unknownFunction", AE_UNKNOWN_FUNCTION}, {"wrongParameterCount", AE_WRONG_PARAMETER_COUNT},
      {"parameterNotFinite", AE_PARAMETER_NOT_FINITE}, {"parameterOutOfRange", AE_PARAMETER_OUT_OF_RANGE},
      {"rangeNotFinite", AE_RANGE_NOT_FINITE}, {"rangeEmpty", AE_RANGE_EMPTY},
      {"sampleCountOutOfRange", AE_SAMPLE_COUNT_OUT_OF_RANGE}, {"capacityTooSmall", AE_CAPACITY_TOO_SMALL},
      {"nullBuffer", AE_NULL_BUFFER}, {"unknownConvention", AE_UNKNOWN_CONVENTION},
      {"rangeTooNarrow", AE_RANGE_TOO_NARROW}, {"unknownDtype", AE_UNKNOWN_DTYPE},
      {"labNotStarted", AE_LAB_NOT_STARTED}, {"labDiverged", AE_LAB_DIVERGED}, {"formulaInvalid", AE_FORMULA_INVALID}};
  ASSERT_EQ(table["statuses"].size(), expected.size());
  for (const auto& [name, code] : expected) EXPECT_EQ(table["statuses"][name], code) << name;
  // A call's status is the one the table names.
  std::vector<double> x(4), f(4), df(4);
  int count = 0;
  EXPECT_EQ(ae_sample(99, nullptr, 0, 0, 0, -1, 1, 4, x.data(), f.data(), df.data(), nullptr, 4, &count),
            table["statuses"]["unknownFunction"].get<int>());
  EXPECT_EQ(table["sizes"]["double"], sizeof(double));
  EXPECT_EQ(table["sizes"]["int"], sizeof(int));
  EXPECT_EQ(table["sizes"]["largestAllocation"], INT_MAX);
  EXPECT_EQ(table["formulaKinds"]["value"], 0);
  EXPECT_EQ(table["formulaKinds"]["derivative"], 1);
}

// Every function fits the parameter slots, so a count above them is never any function's count:
// each is refused before a parameter is read, by the function's name.
TEST(AbiLayout, EveryFunctionFitsTheParameterSlotsAndACountAboveThemIsRefused) {
  ASSERT_EQ(abi()["maxParameters"], AE_MAX_PARAMETERS);
  const std::vector<double> params(AE_MAX_PARAMETERS + 1, 0.5);
  std::vector<double> x(4), f(4), df(4), out(AE_MAX_KINKS * AE_KINK_STRIDE);
  int count = -1;
  for (std::size_t i = 0; i < actexp::catalog().size(); ++i) {
    const actexp::ActivationSpec& spec = *actexp::catalog()[i];
    EXPECT_LE(spec.parameters.size(), static_cast<std::size_t>(AE_MAX_PARAMETERS)) << spec.id;
    const int function = static_cast<int>(i);
    for (const int too_many : {AE_MAX_PARAMETERS + 1, INT_MAX}) {
      EXPECT_EQ(ae_sample(function, params.data(), too_many, 0, 0, -1, 1, 4, x.data(), f.data(), df.data(), nullptr, 4, &count),
                AE_WRONG_PARAMETER_COUNT);
      EXPECT_EQ(ae_last_error(), std::string(spec.name) + " takes " + std::to_string(spec.parameters.size()) +
                                     " parameter(s), got " + std::to_string(too_many) + ".");
      EXPECT_EQ(ae_kinks(function, params.data(), too_many, out.data(), AE_MAX_KINKS, &count), AE_WRONG_PARAMETER_COUNT);
    }
  }
  EXPECT_EQ(count, -1);
}

TEST(AbiLayout, KinkRowAndSaturationFieldsAreWhatTheCallsWrite) {
  const auto table = abi();
  const auto& row = table["kinkRow"];
  EXPECT_EQ(row, nlohmann::json::parse(ae_catalog_json())["kinkRow"]) << "the catalog states the same row";
  const int stride = row["stride"];
  const int df_at = row["dfAtOffset"];
  const double alpha = 0.3;
  std::vector<double> rows(static_cast<std::size_t>(table["maxKinks"].get<int>() * stride), -7);
  int count = 0;
  ASSERT_EQ(ae_kinks(leaky_relu, &alpha, 1, rows.data(), table["maxKinks"], &count), AE_OK);
  ASSERT_EQ(count, 1);
  const auto field = [&](const std::string& name) {
    const auto& fields = row["fields"];
    const auto at = std::find(fields.begin(), fields.end(), name);
    return rows[static_cast<std::size_t>(at - fields.begin())];
  };
  EXPECT_EQ(field("x"), 0);
  EXPECT_EQ(field("dfLeft"), 0.3);
  EXPECT_EQ(field("dfRight"), 1);
  // f' at the kink per convention: PyTorch takes the left slope, JAX the right.
  EXPECT_EQ(rows[static_cast<std::size_t>(df_at)], 0.3);
  EXPECT_EQ(rows[static_cast<std::size_t>(df_at + 1)], 1);
  EXPECT_EQ(rows[static_cast<std::size_t>(stride)], -7) << "nothing past the one row";

  const auto& fields = table["saturation"]["fields"];
  std::vector<double> tails(fields.size() + 2, -7);
  ASSERT_EQ(ae_saturation(relu, nullptr, 0, 0, 3, tails.data()), AE_OK);
  EXPECT_EQ(tails[fields.size()], -7) << "ae_saturation writes exactly the fields named";
  EXPECT_EQ(tails[3], 0) << fields[3] << ": ReLU's left value";
  EXPECT_EQ(fields[3], "fLeft");
}

TEST(AbiLayout, LabRowsAndConfigAreWhatTheLabWrites) {
  const auto table = abi();
  const auto& slot = table["labConfig"];
  EXPECT_EQ(slot, nlohmann::json::parse(ae_lab_catalog_json())["config"]) << "the lab's tables state the same slots";
  std::vector<double> config(static_cast<std::size_t>(slot["size"].get<int>()), 0);
  const auto set = [&](const std::string& name, double value) { config[slot[name].get<std::size_t>()] = value; };
  set("samples", 60); set("noise", 0.1); set("lr", 0.1); set("beta1", 0.9); set("beta2", 0.999); set("eps", 1e-8);
  set("batch", 16); set("seed", 5); set("layers", 2); set("track", 1);
  config[slot["widths"].get<std::size_t>()] = 4;
  config[slot["widths"].get<std::size_t>() + 1] = 3;
  const double alpha = 0.01;
  ASSERT_EQ(ae_lab_start(config.data(), slot["size"], leaky_relu, &alpha, 1, relu, nullptr, 0), AE_OK) << ae_last_error();
  int done = 0;
  ASSERT_EQ(ae_lab_step(4, &done), AE_OK);
  const int stride = row_size(table["labHistoryRow"], 7, 2);
  EXPECT_EQ(stride, 1 + 2 * 2);
  std::vector<double> history(static_cast<std::size_t>(4 * stride + 1), -7);
  int steps = 0;
  ASSERT_EQ(ae_lab_history(1, 0, history.data(), 4 * stride, &steps), AE_OK);
  ASSERT_EQ(steps, 4);
  EXPECT_EQ(history.back(), -7);
  const auto run = nlohmann::json::parse(ae_lab_export());
  for (std::size_t k = 0; k < 4; ++k) {
    // The run keeps losses as floats; the export writes each as the shortest text for its float.
    EXPECT_EQ(static_cast<float>(history[k * static_cast<std::size_t>(stride)]), run["sides"][1]["loss"][k].get<float>()) << "loss of step " << k;
    for (std::size_t l = 0; l < 2; ++l) {
      EXPECT_EQ(history[k * static_cast<std::size_t>(stride) + 1 + l], run["sides"][1]["dead"][k][l].get<double>()) << "dead, step " << k;
    }
  }
  std::vector<double> units(64, -7);
  int written = 0;
  ASSERT_EQ(ae_lab_units(0, units.data(), 64, &written), AE_OK);
  EXPECT_EQ(written, row_size(table["labUnits"], 4 + 3, 2));
}

// ae_formula_register: a typed formula becomes a function every handle-taking call computes.
TEST(CApiFormula, RegisteredFormulaSamplesAsTheBuiltInItEquals) {
  int handle = -1;
  ASSERT_EQ(ae_formula_register("capi_leaky", "leaky_relu(x, 0.1)", &handle), AE_OK) << ae_last_error();
  EXPECT_STREQ(ae_last_error(), "");
  const double alpha = 0.1;
  for (int dtype = 0; dtype < AE_DTYPE_COUNT; ++dtype) {
    for (int at_kink = 0; at_kink < AE_CONVENTION_COUNT; ++at_kink) {
      std::vector<double> x(32), f(32), df(32), bx(32), bf(32), bdf(32);
      int count = 0;
      int built_count = 0;
      ASSERT_EQ(ae_sample(handle, nullptr, 0, at_kink, dtype, -2, 2, 9, x.data(), f.data(), df.data(), nullptr, 32, &count), AE_OK);
      ASSERT_EQ(ae_sample(leaky_relu, &alpha, 1, at_kink, dtype, -2, 2, 9, bx.data(), bf.data(), bdf.data(), nullptr, 32, &built_count), AE_OK);
      ASSERT_EQ(count, built_count);
      for (int i = 0; i < count; ++i) {
        const auto k = static_cast<std::size_t>(i);
        EXPECT_EQ(x[k], bx[k]);
        EXPECT_EQ(f[k], bf[k]) << "dtype " << dtype << ", convention " << at_kink << ", x = " << x[k];
        EXPECT_EQ(df[k], bdf[k]) << "dtype " << dtype << ", convention " << at_kink << ", x = " << x[k];
      }
    }
  }
  const auto entry = nlohmann::json::parse(ae_function_json(handle));
  EXPECT_EQ(entry["id"], "capi_leaky");
  EXPECT_EQ(entry["name"], "leaky_relu(x, 0.1)");
  EXPECT_NE(std::string(ae_catalog_json()).find("\"capi_leaky\""), std::string::npos);
  ASSERT_EQ(ae_formula_unregister(handle), AE_OK);
  EXPECT_EQ(ae_function_json(handle), nullptr);
  EXPECT_EQ(std::string(ae_catalog_json()).find("\"capi_leaky\""), std::string::npos);
}

TEST(CApiFormula, ParametersAreTheFormulasNamesAndSetByPosition) {
  int handle = -1;
  ASSERT_EQ(ae_formula_register(nullptr, "x * sigmoid(b * x)", &handle), AE_OK) << ae_last_error();
  const auto entry = nlohmann::json::parse(ae_function_json(handle));
  EXPECT_EQ(entry["id"], "expr");  // the default id
  ASSERT_EQ(entry["parameters"].size(), 1U);
  EXPECT_EQ(entry["parameters"][0]["id"], "b");
  const double b = 0;  // x * sigmoid(0) = x / 2
  std::vector<double> x(8), f(8), df(8);
  int count = 0;
  ASSERT_EQ(ae_sample(handle, &b, 1, 0, 0, -2, 2, 5, x.data(), f.data(), df.data(), nullptr, 8, &count), AE_OK);
  for (int i = 0; i < count; ++i) EXPECT_EQ(f[static_cast<std::size_t>(i)], x[static_cast<std::size_t>(i)] / 2);
  // Past the slider's -10...10 the number field still reaches: b = 50 samples; past 1e6 is refused.
  EXPECT_EQ(entry["parameters"][0]["sliderMin"], -10);
  EXPECT_EQ(entry["parameters"][0]["sliderMax"], 10);
  EXPECT_EQ(entry["parameters"][0]["max"], 1e6);
  const double wide = 50;
  ASSERT_EQ(ae_sample(handle, &wide, 1, 0, 0, -2, 2, 5, x.data(), f.data(), df.data(), nullptr, 8, &count), AE_OK) << ae_last_error();
  EXPECT_DOUBLE_EQ(f[static_cast<std::size_t>(count - 1)], 2) << "x * sigmoid(50 * x) at x = 2";
  const double too_big = 2e6;
  EXPECT_EQ(ae_sample(handle, &too_big, 1, 0, 0, -2, 2, 5, x.data(), f.data(), df.data(), nullptr, 8, &count), AE_PARAMETER_OUT_OF_RANGE);
  EXPECT_EQ(std::string(ae_last_error()), "b must be between -1000000 and 1000000, got 2000000.");
  ASSERT_EQ(ae_formula_unregister(handle), AE_OK);
}

TEST(CApiFormula, BadFormulaIsRefusedWithItsColumnAndRegistersNothing) {
  const std::size_t before = actexp::catalog().size();
  int handle = -7;
  EXPECT_EQ(ae_formula_register("capi_bad", "x * sigmod(x)", &handle), AE_FORMULA_INVALID);
  EXPECT_STREQ(ae_last_error(), "column 5: \"sigmod\" is not a function; did you mean sigmoid?");
  EXPECT_EQ(ae_formula_register("capi_bad", "leaky_relu(x, 1.5)", &handle), AE_FORMULA_INVALID);
  EXPECT_NE(std::string(ae_last_error()).find("column 15: "), std::string::npos) << ae_last_error();
  EXPECT_EQ(handle, -7);
  EXPECT_EQ(actexp::catalog().size(), before);
  EXPECT_EQ(ae_formula_register("capi_bad", nullptr, &handle), AE_NULL_BUFFER);
  EXPECT_EQ(ae_formula_register("capi_bad", "x", nullptr), AE_NULL_BUFFER);
  EXPECT_EQ(ae_formula_register("relu", "x", &handle), AE_UNKNOWN_FUNCTION);  // the id is taken
  EXPECT_NE(std::string(ae_last_error()).find("relu"), std::string::npos) << ae_last_error();
  EXPECT_EQ(actexp::catalog().size(), before);
}

TEST(CApiFormula, UnregisterRefusesBuiltInsAndUnknownHandles) {
  EXPECT_EQ(ae_formula_unregister(relu), AE_UNKNOWN_FUNCTION);
  EXPECT_NE(std::string(ae_last_error()).find("built-in"), std::string::npos) << ae_last_error();
  EXPECT_NE(ae_function_json(relu), nullptr);
  EXPECT_EQ(ae_formula_unregister(-1), AE_UNKNOWN_FUNCTION);
  int handle = -1;
  ASSERT_EQ(ae_formula_register("capi_twice", "x^2", &handle), AE_OK);
  ASSERT_EQ(ae_formula_unregister(handle), AE_OK);
  EXPECT_EQ(ae_formula_unregister(handle), AE_UNKNOWN_FUNCTION);  // gone, and its handle is not reused
  int next = -1;
  ASSERT_EQ(ae_formula_register("capi_twice", "x^2", &next), AE_OK);
  EXPECT_GT(next, handle);
  ASSERT_EQ(ae_formula_unregister(next), AE_OK);
}

}  // namespace


// ae_kinks_in: a formula's ties in a range as kink rows (f' per convention), a built-in's kinks
// in the range, the cap and the count, and the errors.
TEST(CApiFormula, KinksInARangeAreAFormulasTies) {
  int handle = -1;
  ASSERT_EQ(ae_formula_register("capi_ties", "max(a*x, x)", &handle), AE_OK) << ae_last_error();
  const double a = 0.01;
  std::vector<double> rows(static_cast<std::size_t>(AE_MAX_RANGE_KINKS) * AE_KINK_STRIDE, -7);
  int count = -1;
  int found = -1;
  ASSERT_EQ(ae_kinks_in(handle, &a, 1, -10, 10, rows.data(), AE_MAX_RANGE_KINKS, &count, &found), AE_OK) << ae_last_error();
  ASSERT_EQ(count, 1);
  EXPECT_EQ(found, 1);
  const std::vector<double> row(rows.begin(), rows.begin() + AE_KINK_STRIDE);
  EXPECT_EQ(row, (std::vector<double>{0, 0, 0, 0, 0.01, 1, 0.505, 0.505, 0.01, 0.505}));  // pytorch, jax, tensorflow, pytorch_2_6
  EXPECT_EQ(rows[AE_KINK_STRIDE], -7);  // nothing past the rows
  // Outside the range: none. Without a range (ae_kinks): none either.
  ASSERT_EQ(ae_kinks_in(handle, &a, 1, 1, 10, rows.data(), AE_MAX_RANGE_KINKS, &count, nullptr), AE_OK);
  EXPECT_EQ(count, 0);
  ASSERT_EQ(ae_kinks(handle, &a, 1, rows.data(), AE_MAX_KINKS, &count), AE_OK);
  EXPECT_EQ(count, 0);
  // Errors: the range, the room, the buffers, the parameters.
  EXPECT_EQ(ae_kinks_in(handle, &a, 1, 10, -10, rows.data(), AE_MAX_RANGE_KINKS, &count, nullptr), AE_RANGE_EMPTY);
  EXPECT_EQ(ae_kinks_in(handle, &a, 1, -INFINITY, 1, rows.data(), AE_MAX_RANGE_KINKS, &count, nullptr), AE_RANGE_NOT_FINITE);
  EXPECT_EQ(ae_kinks_in(handle, &a, 1, -10, 10, rows.data(), 0, &count, nullptr), AE_CAPACITY_TOO_SMALL);
  EXPECT_EQ(ae_kinks_in(handle, &a, 1, -10, 10, nullptr, AE_MAX_RANGE_KINKS, &count, nullptr), AE_NULL_BUFFER);
  EXPECT_EQ(ae_kinks_in(handle, &a, 1, -10, 10, rows.data(), AE_MAX_RANGE_KINKS, nullptr, nullptr), AE_NULL_BUFFER);
  const double too_big = 2e6;  // past the accepted range (the slider's -10...10 is not a limit)
  EXPECT_EQ(ae_kinks_in(handle, &too_big, 1, -10, 10, rows.data(), AE_MAX_RANGE_KINKS, &count, nullptr), AE_PARAMETER_OUT_OF_RANGE);
  // ae_sample adds the tie to the grid (0 is not a point of linspace(-0.95, 1, 4)).
  std::vector<double> x(8), f(8), df(8);
  ASSERT_EQ(ae_sample(handle, &a, 1, 2, 0, -0.95, 1, 4, x.data(), f.data(), df.data(), nullptr, 8, &count), AE_OK);
  ASSERT_EQ(count, 5);
  EXPECT_EQ(x[2], 0);
  EXPECT_EQ(df[2], 0.01);  // TensorFlow: the tie to the first argument
  ASSERT_EQ(ae_formula_unregister(handle), AE_OK);

  // A periodic formula: 63 ties in -100...100, AE_MAX_RANGE_KINKS written, and a sample has room
  // for them with n + AE_MAX_RANGE_KINKS.
  ASSERT_EQ(ae_formula_register("capi_periodic", "abs(sin(x))", &handle), AE_OK) << ae_last_error();
  ASSERT_EQ(ae_kinks_in(handle, nullptr, 0, -100, 100, rows.data(), AE_MAX_RANGE_KINKS, &count, &found), AE_OK);
  EXPECT_EQ(count, AE_MAX_RANGE_KINKS);
  EXPECT_EQ(found, 63);
  std::vector<double> sx(5 + AE_MAX_RANGE_KINKS), sf(sx.size()), sdf(sx.size());
  ASSERT_EQ(ae_sample(handle, nullptr, 0, 0, 0, -100, 100, 5, sx.data(), sf.data(), sdf.data(), nullptr, static_cast<int>(sx.size()), &count),
            AE_OK);
  EXPECT_EQ(count, 5 + AE_MAX_RANGE_KINKS - 1);  // x = 0 is a grid point already
  ASSERT_EQ(ae_formula_unregister(handle), AE_OK);

  // A built-in: its kinks inside the range.
  const double alpha = 0.1;
  ASSERT_EQ(ae_kinks_in(leaky_relu, &alpha, 1, -1, 1, rows.data(), AE_MAX_RANGE_KINKS, &count, &found), AE_OK);
  EXPECT_EQ(count, 1);
  EXPECT_EQ(found, 1);
  EXPECT_EQ(rows[AE_KINK_FIXED], 0.1);  // PyTorch: alpha
  ASSERT_EQ(ae_kinks_in(leaky_relu, &alpha, 1, 1, 2, rows.data(), AE_MAX_RANGE_KINKS, &count, &found), AE_OK);
  EXPECT_EQ(count, 0);
}
