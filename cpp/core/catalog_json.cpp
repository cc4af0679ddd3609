#include "catalog_json.hpp"

#include <cstdint>
#include <string_view>

#include "catalog.hpp"
#include "kernel_paths.hpp"
#include "sampler.hpp"
#include "version.hpp"

namespace actexp {
namespace {

void write_preset(JsonWriter& json, const Preset& preset) {
  json.begin_object().field("value", preset.value).field("label", preset.label).field("source", preset.source).end_object();
}

void write_parameter(JsonWriter& json, const ParameterSpec& p) {
  json.begin_object()
      .field("id", p.id)
      .field("symbol", p.symbol)
      .field("description", p.description)
      .field("default", p.default_value)
      .field("min", p.min)
      .field("max", p.max)
      .field("step", p.step);
  // Only where the slider is narrower than the accepted range (a formula's parameter).
  if (p.slider) json.field("sliderMin", p.slider->min).field("sliderMax", p.slider->max);
  json.key("presets")
      .begin_array();
  for (const Preset& preset : p.presets) write_preset(json, preset);
  json.end_array().end_object();
}

void write_conventions(JsonWriter& json) {
  json.key("conventions").begin_array();
  for (const ConventionInfo& c : conventions) {
    json.begin_object().field("id", c.id).field("label", c.label).field("frameworks", c.frameworks).end_object();
  }
  json.end_array();
}

void write_dtypes(JsonWriter& json) {
  json.key("dtypes").begin_array();
  for (const DTypeInfo& d : dtypes) json.begin_object().field("id", d.id).field("label", d.label).end_object();
  json.end_array();
}

void write_kernel_paths(JsonWriter& json) {
  json.key("kernelPaths").begin_array();
  for (const KernelPath& path : kernel_paths) {
    json.begin_object().field("function", path.function).key("dtypes").begin_array();
    for (std::size_t i = 0; i < dtypes.size(); ++i) {
      if (path.dtypes[i]) json.string(dtypes[i].id);
    }
    json.end_array().field("note", path.note).end_object();
  }
  json.end_array();
}

void write_tail(JsonWriter& json) {
  // The kink row's layout, so JavaScript reads rows without restating it.
  json.key("kinkRow").begin_object().key("fields").begin_array();
  for (const char* field : {"x", "fLeft", "fRight", "fAt", "dfLeft", "dfRight"}) json.string(field);
  json.end_array().field("dfAtOffset", kink_row_fixed).field("stride", kink_row_fixed + at_kink_count).end_object();
  json.key("limits")
      .begin_object()
      .key("minSamples")
      .integer(static_cast<std::int64_t>(min_samples))
      .key("maxSamples")
      .integer(static_cast<std::int64_t>(max_samples))
      .key("maxKinks")
      .integer(static_cast<std::int64_t>(max_kinks))
      .end_object();
}

}  // namespace

void write_function_json(JsonWriter& json, const ActivationSpec& spec) {
  json.begin_object().field("id", spec.id).field("name", spec.name).field("summary", spec.summary);
  // A formula typed by the reader says so, with its text; a built-in has no such field.
  if (const std::string_view text = spec.kernels ? spec.kernels->expression() : std::string_view{}; !text.empty()) {
    json.field("expression", text);
  }
  json.key("parameters").begin_array();
  for (const ParameterSpec& p : spec.parameters) write_parameter(json, p);
  json.end_array()
      .field("trainable", spec.properties.trainable)
      .key("properties")
      .begin_object()
      .field("range", spec.properties.range)
      .field("monotonic", spec.properties.monotonic)
      .field("smoothness", spec.properties.smoothness)
      .field("saturates", spec.properties.saturates)
      .end_object()
      .end_object();
}

std::string catalog_json() {
  JsonWriter json;
  json.begin_object().field("version", version).key("functions").begin_array();
  for (const ActivationSpec* spec : catalog()) write_function_json(json, *spec);
  json.end_array();
  write_conventions(json);
  write_dtypes(json);
  write_kernel_paths(json);
  write_tail(json);
  return json.end_object().take();
}

}  // namespace actexp
