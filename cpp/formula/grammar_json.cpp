#include "formula/grammar_json.hpp"

#include <cstdint>

#include "core/json_writer.hpp"
#include "formula/examples.hpp"
#include "formula/formula.hpp"
#include "formula/formula_entry.hpp"

namespace actexp::formula {
namespace {

void write_functions(JsonWriter& json) {
  json.key("functions").begin_array();
  for (const FunctionInfo& f : functions) {
    json.begin_object().field("name", f.name).field("arity", f.arity).field("summary", f.summary).end_object();
  }
  json.end_array();
}

void write_constants(JsonWriter& json) {
  json.key("constants").begin_array();
  for (const ConstantInfo& c : constants) json.begin_object().field("name", c.name).field("value", c.value).end_object();
  json.end_array();
}

void write_operators(JsonWriter& json) {
  json.key("operators").begin_array();
  for (const OperatorInfo& o : operators) json.begin_object().field("symbols", o.symbols).field("meaning", o.meaning).end_object();
  json.end_array();
}

void write_limits(JsonWriter& json) {
  const auto count = [](std::size_t n) { return static_cast<std::int64_t>(n); };
  json.key("limits")
      .begin_object()
      .key("length").integer(count(max_length))
      .key("depth").integer(count(max_depth))
      .key("operations").integer(count(max_operations))
      .key("parameters").integer(count(max_parameters))
      .key("parameterName").integer(count(max_parameter_name))
      .end_object();
  json.key("parameter")
      .begin_object()
      .field("default", parameter_default)
      .field("min", parameter_min)
      .field("max", parameter_max)
      .field("sliderMin", parameter_slider_min)
      .field("sliderMax", parameter_slider_max)
      .field("step", parameter_step)
      .end_object();
}

void write_examples(JsonWriter& json) {
  json.key("examples").begin_array();
  for (const Example& e : examples) {
    json.begin_object().field("name", e.name).field("text", e.text).field("teaches", e.teaches).end_object();
  }
  json.end_array();
}

}  // namespace

std::string grammar_json() {
  JsonWriter json;
  json.begin_object().field("defaultId", default_formula_id).field("prefill", prefilled_formula);
  write_functions(json);
  write_constants(json);
  write_operators(json);
  write_limits(json);
  write_examples(json);
  return json.end_object().take();
}

}  // namespace actexp::formula
