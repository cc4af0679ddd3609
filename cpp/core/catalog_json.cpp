#include "catalog_json.hpp"

#include <cstdio>
#include <string_view>

#include "catalog.hpp"
#include "format.hpp"
#include "kernel_paths.hpp"
#include "sampler.hpp"
#include "version.hpp"

namespace actexp {
namespace {

std::string quoted(std::string_view text) {
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      char escaped[8];
      std::snprintf(escaped, sizeof escaped, "\\u%04x", static_cast<unsigned>(c));
      out += escaped;
    } else {
      out += c;
    }
  }
  return out + "\"";
}

// Appends "key":value pairs; values arrive already as JSON text.
class JsonObject {
 public:
  JsonObject& add(std::string_view key, const std::string& json_value) {
    if (text_.size() > 1) text_ += ',';
    text_ += quoted(key);
    text_ += ':';
    text_ += json_value;
    return *this;
  }
  std::string close() { return text_ += '}'; }

 private:
  std::string text_ = "{";
};

template <typename Items, typename Render>
std::string array(const Items& items, Render render) {
  std::string out = "[";
  for (const auto& item : items) {
    if (out.size() > 1) out += ",";
    out += render(item);
  }
  return out + "]";
}

std::string preset_json(const Preset& preset) {
  return JsonObject()
      .add("value", format_number(preset.value))
      .add("label", quoted(preset.label))
      .add("source", quoted(preset.source))
      .close();
}

std::string parameter_json(const ParameterSpec& p) {
  return JsonObject()
      .add("id", quoted(p.id))
      .add("symbol", quoted(p.symbol))
      .add("description", quoted(p.description))
      .add("default", format_number(p.default_value))
      .add("min", format_number(p.min))
      .add("max", format_number(p.max))
      .add("step", format_number(p.step))
      .add("presets", array(p.presets, preset_json))
      .close();
}

std::string function_json(const ActivationSpec* spec) {
  return JsonObject()
      .add("id", quoted(spec->id))
      .add("name", quoted(spec->name))
      .add("summary", quoted(spec->summary))
      .add("parameters", array(spec->parameters, parameter_json))
      .add("trainable", spec->properties.trainable ? "true" : "false")
      .add("properties", JsonObject()
                             .add("range", quoted(spec->properties.range))
                             .add("monotonic", quoted(spec->properties.monotonic))
                             .add("smoothness", quoted(spec->properties.smoothness))
                             .add("saturates", quoted(spec->properties.saturates))
                             .close())
      .close();
}

std::string convention_json(const ConventionInfo& c) {
  return JsonObject().add("id", quoted(c.id)).add("label", quoted(c.label)).add("frameworks", quoted(c.frameworks)).close();
}

std::string dtype_json(const DTypeInfo& d) {
  return JsonObject().add("id", quoted(d.id)).add("label", quoted(d.label)).close();
}

std::string kernel_path_json(const KernelPath& path) {
  std::string ids = "[";
  for (std::size_t i = 0; i < dtypes.size(); ++i) {
    if (!path.dtypes[i]) continue;
    if (ids.size() > 1) ids += ",";
    ids += quoted(dtypes[i].id);
  }
  ids += "]";
  return JsonObject().add("function", quoted(path.function)).add("dtypes", ids).add("note", quoted(path.note)).close();
}

}  // namespace

std::string catalog_json() {
  const std::string limits = JsonObject()
                                 .add("minSamples", std::to_string(min_samples))
                                 .add("maxSamples", std::to_string(max_samples))
                                 .add("maxKinks", std::to_string(max_kinks))
                                 .close();
  // The kink row's layout, so JavaScript reads rows without restating it.
  const std::string kink_row = JsonObject()
                                   .add("fields", "[\"x\",\"fLeft\",\"fRight\",\"fAt\",\"dfLeft\",\"dfRight\"]")
                                   .add("dfAtOffset", std::to_string(kink_row_fixed))
                                   .add("stride", std::to_string(kink_row_fixed + at_kink_count))
                                   .close();
  return JsonObject()
      .add("version", quoted(version))
      .add("functions", array(catalog(), function_json))
      .add("conventions", array(conventions, convention_json))
      .add("dtypes", array(dtypes, dtype_json))
      .add("kernelPaths", array(kernel_paths, kernel_path_json))
      .add("kinkRow", kink_row)
      .add("limits", limits)
      .close();
}

}  // namespace actexp
