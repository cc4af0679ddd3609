#include "export.hpp"

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <span>

#include "../core/format.hpp"
#include "../core/json_writer.hpp"
#include "../formula/formula_export.hpp"

namespace actexp::lab {
namespace {

void put(JsonWriter& json, float v) {
  if (std::isfinite(v)) json.raw(float_text(v));
  else json.null();
}
void put(JsonWriter& json, int v) { json.integer(v); }
void put(JsonWriter& json, std::uint8_t v) { json.integer(v); }

template <typename T>
void put_list(JsonWriter& json, const T* values, std::size_t count) {
  json.begin_array();
  for (std::size_t i = 0; i < count; ++i) put(json, values[i]);
  json.end_array();
}
template <typename T>
void put_list(JsonWriter& json, const std::vector<T>& values) { put_list(json, values.data(), values.size()); }
template <typename T>
void put_list(JsonWriter& json, std::span<const T> values) { put_list(json, values.data(), values.size()); }

void put_layers(JsonWriter& json, const Weights<float>& weights) {
  json.begin_array();
  for (const Layer<float>& layer : weights) {
    json.begin_object().key("W").begin_array();
    for (std::size_t o = 0; o < static_cast<std::size_t>(layer.out); ++o) {
      put_list(json, layer.w.data() + o * static_cast<std::size_t>(layer.in), static_cast<std::size_t>(layer.in));
    }
    json.end_array().key("b");
    put_list(json, layer.b);
    json.end_object();
  }
  json.end_array();
}

void put_data(JsonWriter& json, const Dataset& d) {
  const auto inputs = static_cast<std::size_t>(d.inputs);
  const auto outputs = static_cast<std::size_t>(d.outputs);
  const auto rows = static_cast<std::size_t>(d.size());
  json.begin_object().key("x").begin_array();
  for (std::size_t i = 0; i < rows; ++i) put_list(json, d.x.data() + i * inputs, inputs);
  json.end_array().key("y").begin_array();
  for (std::size_t i = 0; i < rows; ++i) {
    if (d.classes > 0) put(json, d.label[i]);
    else put_list(json, d.target.data() + i * outputs, outputs);
  }
  json.end_array().end_object();
}

void put_optimizer(JsonWriter& json, const RunConfig& c) {
  json.begin_object().field("name", optimizer_ids[static_cast<std::size_t>(c.optimizer)]).field("lr", c.lr);
  if (c.optimizer == OptimizerKind::adam) json.field("beta1", c.beta1).field("beta2", c.beta2).field("eps", c.eps);
  json.end_object();
}

void put_side(JsonWriter& json, const Side& side) {
  const Activation& a = side.activation;
  json.begin_object();
  // A typed formula is "fn": "expr" with its text, whatever id its entry has (expr, expr2), and
  // its tape as a program of ops, which a replay maps to its framework's ops (no second parser).
  if (const std::string_view expression = a.function->kernels->expression(); !expression.empty()) {
    json.field("fn", "expr").field("expr", expression).key("program");
    formula::write_program(json, expression);
  } else {
    json.field("fn", a.function->id);
  }
  json.key("params").begin_object();
  for (std::size_t p = 0; p < a.function->parameters.size(); ++p) json.field(a.function->parameters[p].id, a.params[p]);
  json.end_object().field("at_kink", conventions[static_cast<std::size_t>(a.at_kink)].id).key("loss");
  put_list(json, side.loss);
  json.key("dead").begin_array();
  for (std::size_t k = 0; k < side.dead.size(); ++k) put_list(json, side.dead[k]);
  json.end_array().key("final");
  put_layers(json, side.weights);
  json.end_object();
}

}  // namespace

std::string float_text(float value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "Infinity" : "-Infinity";
  char text[32];
  for (int digits = 1; digits <= 9; ++digits) {
    std::snprintf(text, sizeof text, "%.*g", digits, static_cast<double>(value));
    if (std::strtof(text, nullptr) == value) break;
  }
  return text;
}

std::string export_json(const Run& run) {
  const RunConfig& c = run.config();
  JsonWriter json;
  json.begin_object()
      .field("format", "activation-explorer-lab/2")
      .field("dataset", datasets[static_cast<std::size_t>(c.dataset)].id)
      .key("seed")
      .integer(static_cast<std::int64_t>(c.seed))
      .key("hidden");
  put_list(json, c.hidden);
  json.field("init", init_ids[static_cast<std::size_t>(c.init)]).field("batch", c.batch).key("data");
  put_data(json, run.data());
  json.key("layers");
  put_layers(json, run.initial());
  json.field("steps", run.steps());
  // The batches as the rule that makes them from the seed (batch_order.hpp), not their indices:
  // a step's indices would cost up to 20 KB of text each.
  json.key("shuffle").begin_object().field("rule", "pcg32-fisher-yates").key("stream").integer(static_cast<std::int64_t>(batch_stream)).end_object();
  json.field("loss", loss_ids[static_cast<std::size_t>(c.loss)]).key("optimizer");
  put_optimizer(json, c);
  json.key("sides").begin_array();
  for (const Side& side : run.sides()) put_side(json, side);
  json.end_array().end_object();
  std::string out = json.take();
  out.push_back('\n');
  return out;
}

}  // namespace actexp::lab
