#include "export.hpp"

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <span>

#include "../core/format.hpp"

// Written by appending to one string: GCC 12 reports a false -Wrestrict on "," + std::string(…).
namespace actexp::lab {
namespace {

void put(std::string& out, float v) { out.append(std::isfinite(v) ? float_text(v) : std::string("null")); }
void put(std::string& out, int v) { out.append(std::to_string(v)); }
void put(std::string& out, std::uint8_t v) { out.append(std::to_string(v)); }
void put_quoted(std::string& out, std::string_view text) {
  out.push_back('"');
  out.append(text);
  out.push_back('"');
}

template <typename T>
void put_list(std::string& out, const T* values, std::size_t count) {
  out.push_back('[');
  for (std::size_t i = 0; i < count; ++i) {
    if (i > 0) out.push_back(',');
    put(out, values[i]);
  }
  out.push_back(']');
}
template <typename T>
void put_list(std::string& out, const std::vector<T>& values) { put_list(out, values.data(), values.size()); }
template <typename T>
void put_list(std::string& out, std::span<const T> values) { put_list(out, values.data(), values.size()); }

void put_layers(std::string& out, const Weights<float>& weights) {
  out.push_back('[');
  for (std::size_t l = 0; l < weights.size(); ++l) {
    const Layer<float>& layer = weights[l];
    if (l > 0) out.push_back(',');
    out.append("{\"W\":[");
    for (std::size_t o = 0; o < static_cast<std::size_t>(layer.out); ++o) {
      if (o > 0) out.push_back(',');
      put_list(out, layer.w.data() + o * static_cast<std::size_t>(layer.in), static_cast<std::size_t>(layer.in));
    }
    out.append("],\"b\":");
    put_list(out, layer.b);
    out.push_back('}');
  }
  out.push_back(']');
}

void put_key(std::string& out, std::string_view key) {
  if (out.back() != '{') out.push_back(',');
  put_quoted(out, key);
  out.push_back(':');
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
  const Dataset& d = run.data();
  const auto inputs = static_cast<std::size_t>(d.inputs);
  const auto outputs = static_cast<std::size_t>(d.outputs);
  const auto rows = static_cast<std::size_t>(d.size());
  std::string out = "{";
  put_key(out, "format");
  put_quoted(out, "activation-explorer-lab/2");
  put_key(out, "dataset");
  put_quoted(out, datasets[static_cast<std::size_t>(c.dataset)].id);
  put_key(out, "seed");
  out.append(std::to_string(c.seed));
  put_key(out, "hidden");
  put_list(out, c.hidden);
  put_key(out, "init");
  put_quoted(out, init_ids[static_cast<std::size_t>(c.init)]);
  put_key(out, "batch");
  out.append(std::to_string(c.batch));
  put_key(out, "data");
  out.append("{\"x\":[");
  for (std::size_t i = 0; i < rows; ++i) {
    if (i > 0) out.push_back(',');
    put_list(out, d.x.data() + i * inputs, inputs);
  }
  out.append("],\"y\":[");
  for (std::size_t i = 0; i < rows; ++i) {
    if (i > 0) out.push_back(',');
    if (d.classes > 0) put(out, d.label[i]);
    else put_list(out, d.target.data() + i * outputs, outputs);
  }
  out.append("]}");
  put_key(out, "layers");
  put_layers(out, run.initial());
  put_key(out, "steps");
  out.append(std::to_string(run.steps()));
  // The batches as the rule that makes them from the seed (batch_order.hpp), not their indices:
  // a step's indices would cost up to 20 KB of text each.
  put_key(out, "shuffle");
  out.append("{\"rule\":\"pcg32-fisher-yates\",\"stream\":").append(std::to_string(batch_stream)).push_back('}');
  put_key(out, "loss");
  put_quoted(out, loss_ids[static_cast<std::size_t>(c.loss)]);
  put_key(out, "optimizer");
  out.push_back('{');
  put_key(out, "name");
  put_quoted(out, optimizer_ids[static_cast<std::size_t>(c.optimizer)]);
  put_key(out, "lr");
  out.append(format_number(c.lr));
  if (c.optimizer == OptimizerKind::adam) {
    put_key(out, "beta1");
    out.append(format_number(c.beta1));
    put_key(out, "beta2");
    out.append(format_number(c.beta2));
    put_key(out, "eps");
    out.append(format_number(c.eps));
  }
  out.push_back('}');
  put_key(out, "sides");
  out.push_back('[');
  for (std::size_t s = 0; s < run.sides().size(); ++s) {
    const Side& side = run.sides()[s];
    const Activation& a = side.activation;
    if (s > 0) out.push_back(',');
    out.push_back('{');
    put_key(out, "fn");
    put_quoted(out, a.function->id);
    put_key(out, "params");
    out.push_back('{');
    for (std::size_t p = 0; p < a.function->parameters.size(); ++p) {
      put_key(out, a.function->parameters[p].id);
      out.append(format_number(a.params[p]));
    }
    out.push_back('}');
    put_key(out, "at_kink");
    put_quoted(out, conventions[static_cast<std::size_t>(a.at_kink)].id);
    put_key(out, "loss");
    put_list(out, side.loss);
    put_key(out, "dead");
    out.push_back('[');
    for (std::size_t k = 0; k < side.dead.size(); ++k) {
      if (k > 0) out.push_back(',');
      put_list(out, side.dead[k]);
    }
    out.push_back(']');
    put_key(out, "final");
    put_layers(out, side.weights);
    out.push_back('}');
  }
  out.append("]}\n");
  return out;
}

}  // namespace actexp::lab
