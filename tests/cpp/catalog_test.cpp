// The catalog is consistent with itself: defaults and presets inside their ranges, unique ids.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "core/catalog.hpp"
#include "core/catalog_json.hpp"

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

TEST(Catalog, IdsAreUnique) {
  std::set<std::string_view> ids;
  for (const ActivationSpec* spec : catalog()) EXPECT_TRUE(ids.insert(spec->id).second) << spec->id;
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
