// The catalog is consistent with itself: defaults and presets inside their ranges, unique ids.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <vector>
#include <string>

#include "core/catalog.hpp"
#include "core/catalog_json.hpp"
#include "core/format.hpp"

#include <cmath>

namespace actexp {
namespace {

TEST(Catalog, HasLeakyReluFirstAndReluForComparison) {
  ASSERT_GE(catalog().size(), 2U);
  EXPECT_EQ(catalog()[0]->id, "leaky_relu");
  EXPECT_NE(find_function("relu"), nullptr);
  EXPECT_EQ(find_function("nope"), nullptr);
  EXPECT_EQ(find_function(catalog().size()), nullptr);
}

TEST(Catalog, DefaultsAndPresetsLieInsideTheirRanges) {
  for (const ActivationSpec* spec : catalog()) {
    for (const ParameterSpec& p : spec->parameters) {
      EXPECT_LT(p.min, p.max) << spec->id << "." << p.id;
      EXPECT_GT(p.step, 0) << spec->id << "." << p.id;
      EXPECT_GE(p.default_value, p.min) << spec->id << "." << p.id;
      EXPECT_LE(p.default_value, p.max) << spec->id << "." << p.id;
      for (const Preset& preset : p.presets) {
        EXPECT_GE(preset.value, p.min) << spec->id << "." << p.id << " preset " << preset.label;
        EXPECT_LE(preset.value, p.max) << spec->id << "." << p.id << " preset " << preset.label;
      }
    }
  }
}

// A preset's caption is read beside its button: it says what the value is ("Keras default",
// "common in tutorials"), not the title of a document a reader has never seen.
TEST(Catalog, PresetCaptionsSayWhatTheValueIsNotWhichDocumentHadIt) {
  for (const ActivationSpec* spec : catalog()) {
    for (const ParameterSpec& p : spec->parameters) {
      for (const Preset& preset : p.presets) {
        const std::string caption(preset.source);
        for (const char* document : {"NumPy tutorial", "notebook", "docs'"}) {
          EXPECT_EQ(caption.find(document), std::string::npos) << spec->id << "." << p.id << " preset " << preset.label << ": " << caption;
        }
      }
    }
  }
}

TEST(Catalog, IdsAreUnique) {
  std::set<std::string_view> ids;
  for (const ActivationSpec* spec : catalog()) EXPECT_TRUE(ids.insert(spec->id).second) << spec->id;
}

// The core's trainable flag says what the lab may offer: a function is trainable exactly when
// its f' at default parameters is non-zero somewhere on a grid, so backpropagation has a signal.
TEST(Catalog, TrainableExactlyWhereTheDerivativeIsSomewhereNonZero) {
  constexpr std::size_t n = 401;
  std::vector<double> x(n), f(n), df(n);
  for (std::size_t i = 0; i < n; ++i) x[i] = -10.0 + 20.0 * static_cast<double>(i) / (n - 1) + 1e-3;
  for (const ActivationSpec* spec : catalog()) {
    std::vector<double> params;
    for (const ParameterSpec& p : spec->parameters) params.push_back(p.default_value);
    spec->evaluate(params.data(), AtKink::pytorch, DType::float64, x.data(), f.data(), df.data(), n);
    const bool some_gradient = std::any_of(df.begin(), df.end(), [](double d) { return d != 0; });
    EXPECT_EQ(spec->properties.trainable, some_gradient) << spec->id;
  }
}

TEST(Catalog, JsonNamesEveryFunctionAndConvention) {
  const std::string json = catalog_json();
  for (const ActivationSpec* spec : catalog()) {
    EXPECT_NE(json.find("\"id\":\"" + std::string(spec->id) + "\""), std::string::npos) << spec->id;
  }
  EXPECT_NE(json.find("\"id\":\"pytorch\""), std::string::npos);
  EXPECT_NE(json.find("\"id\":\"jax\""), std::string::npos);
  EXPECT_NE(json.find("\"maxSamples\":1000000"), std::string::npos);
}

}  // namespace
}  // namespace actexp

namespace actexp {
namespace {

TEST(Format, NumbersReadBackExactlyAndKeepTheirIntegerDigits) {
  EXPECT_EQ(format_number(50), "50");
  EXPECT_EQ(format_number(-10), "-10");
  EXPECT_EQ(format_number(0.1), "0.1");
  EXPECT_EQ(format_number(0.1353352832366127), "0.1353352832366127");
  EXPECT_EQ(format_number(1e10), "10000000000");
  EXPECT_EQ(format_number(1e300), "1e+300");
  EXPECT_EQ(format_number(-0.0), "-0");
  EXPECT_EQ(format_number(1.0 / 3), "0.3333333333333333");
  EXPECT_EQ(format_number(std::nan("")), "NaN");
  EXPECT_EQ(format_number(-INFINITY), "-Infinity");
}

}  // namespace
}  // namespace actexp
