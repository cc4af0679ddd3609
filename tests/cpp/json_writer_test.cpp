// The one JSON writer: escaping, UTF-8, commas, and the documents written with it.
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "c_api/activation_explorer.h"
#include "core/catalog_json.hpp"
#include "core/json_writer.hpp"
#include "core/registry.hpp"
#include "lab/export.hpp"
#include "lab/presets.hpp"

namespace {

using actexp::JsonWriter;

std::string json_quoted(std::string_view text) {
  std::string out;
  actexp::append_json_string(out, text);
  return out;
}

TEST(JsonWriter, EscapesQuotesBackslashesAndControlCharacters) {
  const std::string text = "say \"hi\"\\ then\n\t\x01 end\x1f";
  EXPECT_EQ(json_quoted(text), "\"say \\\"hi\\\"\\\\ then\\u000a\\u0009\\u0001 end\\u001f\"");
  EXPECT_EQ(nlohmann::json::parse(json_quoted(text)).get<std::string>(), text);  // round trip
}

TEST(JsonWriter, PassesValidUtf8AndReplacesInvalidBytes) {
  const std::string text = "\u03b1 \u2212 \U0001F600 \u2028";
  EXPECT_EQ(json_quoted(text), "\"" + text + "\"");
  EXPECT_EQ(nlohmann::json::parse(json_quoted(text)).get<std::string>(), text);
  // A lone continuation byte, a truncated sequence, an overlong '/', a surrogate: each byte U+FFFD.
  EXPECT_EQ(json_quoted("a\x80z"), "\"a\xef\xbf\xbdz\"");
  EXPECT_EQ(json_quoted("a\xe2\x88"), "\"a\xef\xbf\xbd\xef\xbf\xbd\"");
  EXPECT_EQ(json_quoted("\xc0\xaf"), "\"\xef\xbf\xbd\xef\xbf\xbd\"");
  EXPECT_EQ(json_quoted("\xed\xa0\x80"), "\"\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\"");
  EXPECT_TRUE(nlohmann::json::accept(json_quoted("\xff\xfe\xf5")));
}

TEST(JsonWriter, PutsCommasBetweenItemsAtEveryDepth) {
  JsonWriter json;
  json.begin_object().key("a").begin_array().integer(1).number(0.5).begin_object().key("b").null().end_object().end_array();
  json.field("c", true).field("d", "x").key("e").begin_array().end_array().key("f").begin_object().end_object().end_object();
  EXPECT_EQ(json.take(), R"({"a":[1,0.5,{"b":null}],"c":true,"d":"x","e":[],"f":{}})");
}

// A function whose text holds a quote, a backslash and a control character: the catalog JSON,
// its own JSON and a lab export that trains it all parse and give the text back.
class Kernels final : public actexp::FunctionKernels {
 public:
  void fill(const double* /*p*/, actexp::AtKink /*k*/, actexp::DType /*d*/, const double* x, double* f, double* df, double* d2f,
            std::size_t n) const override {
    for (std::size_t i = 0; i < n; ++i) {
      f[i] = x[i];
      df[i] = 1;
      if (d2f != nullptr) d2f[i] = 0;
    }
  }
  void evaluate(const double* p, actexp::AtKink k, actexp::DType d, const double* x, double* f, double* df, std::size_t n) const override {
    fill(p, k, d, x, f, df, nullptr, n);
  }
  void evaluate_float(const double* /*p*/, actexp::AtKink /*k*/, const float* x, float* f, float* df, std::size_t n) const override {
    for (std::size_t i = 0; i < n; ++i) {
      f[i] = x[i];
      df[i] = 1;
    }
  }
  std::size_t kinks(const double* /*p*/, actexp::KinkList& /*out*/) const override { return 0; }
  std::string formula(const double* /*p*/, actexp::AtKink /*k*/, actexp::Formula /*w*/) const override { return "<math/>"; }
};

TEST(JsonWriter, TextWithQuotesAndControlsRoundTripsThroughTheDocuments) {
  const std::string id = "odd\"id\\\x02";
  const std::string name = "Name \"quoted\" \\ \n next line";
  actexp::ActivationSpec spec;
  spec.id = id;
  spec.name = name;
  spec.properties.range = "\t(\u2212\u221e, \u221e)";
  spec.parameters.push_back({.id = "p\"1", .symbol = "\\", .description = "\r", .default_value = 0, .min = 0, .max = 1, .step = 0.1, .presets = {}, .slider = {}});
  spec.kernels = std::make_shared<const Kernels>();
  actexp::FunctionHandle handle = actexp::no_function;
  ASSERT_TRUE(actexp::function_registry().add(std::move(spec), handle).ok());
  const auto catalog = nlohmann::json::parse(actexp::catalog_json());
  EXPECT_EQ(catalog["functions"].back()["id"], id);
  EXPECT_EQ(catalog["functions"].back()["name"], name);
  EXPECT_EQ(catalog["functions"].back()["properties"]["range"], "\t(\u2212\u221e, \u221e)");
  EXPECT_EQ(catalog["functions"].back()["parameters"][0]["symbol"], "\\");
  const auto own = nlohmann::json::parse(ae_function_json(handle));
  EXPECT_EQ(own["name"], name);

  actexp::lab::RunConfig config;
  config.samples = 30;
  config.hidden = {3};
  const actexp::lab::Activation side{actexp::FunctionRef(handle), {0.5}, actexp::AtKink::pytorch};
  actexp::lab::Run run(config, side, side);
  run.step();
  const auto exported = nlohmann::json::parse(actexp::lab::export_json(run));
  EXPECT_EQ(exported["sides"][0]["fn"], id);
  EXPECT_EQ(exported["sides"][0]["params"]["p\"1"], 0.5);
  EXPECT_TRUE(actexp::function_registry().remove(handle).ok());
}

TEST(JsonWriter, TheLabTablesAreJson) {
  const auto tables = nlohmann::json::parse(actexp::lab::presets_json());
  EXPECT_EQ(tables[0]["id"], "dying_relu");
}

}  // namespace
