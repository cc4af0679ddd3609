// The lab's C ABI over cpp/lab: one run per module instance, checked like ae_sample.
#include "activation_lab.h"

#include <algorithm>
#include <cmath>
#include <memory>
#include <span>
#include <string>

#include "../core/catalog.hpp"
#include "../core/json_writer.hpp"
#include "../core/registry.hpp"
#include "../lab/export.hpp"
#include "../lab/presets.hpp"
#include "../lab/summary.hpp"
#include "../lab/trainer.hpp"
#include "abi_layout.hpp"
#include "last_error.hpp"

namespace {

using actexp::Outcome;
using actexp::Status;
namespace lab = actexp::lab;

static_assert(AE_LAB_MAX_LAYERS == lab::max_hidden_layers);

struct LabState {
  std::unique_ptr<lab::Run> run;
  std::string json;
};
LabState& state() {
  static LabState s;
  return s;
}
}  // namespace

namespace {

int report(Outcome outcome) { return ae_report_outcome(static_cast<int>(outcome.status), outcome.message.c_str()); }
int fail(int status, const std::string& message) { return ae_report_outcome(status, message.c_str()); }

// A whole number in [lo, hi] read from a double, or false.
bool whole(double v, double lo, double hi, int& out) {
  if (!(v >= lo && v <= hi) || v != std::floor(v)) return false;
  out = static_cast<int>(v);
  return true;
}

// The run holds the entry by handle and share (lab::Activation): a function removed from the
// registry later keeps training in the run that has it; starting a run with it is refused here.
Outcome activation(int function, const double* params, int count, actexp::AtKink at_kink, lab::Activation& out) {
  const actexp::FunctionRef entry(function);
  if (!entry) return Outcome::failure(Status::unknown_function, "Unknown activation function #" + std::to_string(function) + ".");
  if (count < 0) return Outcome::failure(Status::wrong_parameter_count, "The parameter count cannot be negative.");
  if (count > 0 && params == nullptr) return Outcome::failure(Status::null_buffer, "The parameters are missing.");
  // The count is checked against the function's before one parameter is read.
  const std::span<const double> given(params, static_cast<std::size_t>(count));
  // A typed formula's catalog call with a parameter from the formula's (leaky_relu(x, a), a = 2)
  // is refused here with its column (FunctionKernels::check), as actviz train names it, not left
  // to train on NaN; the side's id says which formula.
  if (auto outcome = actexp::validate_parameters(*entry, given); !outcome.ok()) {
    if (!entry->kernels->expression().empty()) outcome.message = entry->id + ": " + outcome.message;
    return outcome;
  }
  out = lab::Activation{entry, std::vector<double>(given.begin(), given.end()), at_kink};
  return Outcome::success();
}

Outcome read_config(const double* c, lab::RunConfig& config, actexp::AtKink& at_kink) {
  const auto bad = [](const std::string& what) { return Outcome::failure(Status::parameter_out_of_range, what); };
  int value = 0;
  if (!whole(c[AE_LAB_DATASET], 0, static_cast<double>(lab::datasets.size() - 1), value)) return bad("Unknown dataset.");
  config.dataset = static_cast<lab::DatasetKind>(value);
  if (!whole(c[AE_LAB_SAMPLES], lab::min_samples, lab::max_samples, config.samples)) {
    return bad("The dataset has " + std::to_string(lab::min_samples) + " to " + std::to_string(lab::max_samples) + " samples.");
  }
  config.noise = c[AE_LAB_NOISE];
  if (!whole(c[AE_LAB_LOSS], 0, static_cast<double>(lab::loss_ids.size() - 1), value)) return bad("Unknown loss.");
  config.loss = static_cast<lab::LossKind>(value);
  if (!whole(c[AE_LAB_OPTIMIZER], 0, static_cast<double>(lab::optimizer_ids.size() - 1), value)) return bad("Unknown optimiser.");
  config.optimizer = static_cast<lab::OptimizerKind>(value);
  config.lr = c[AE_LAB_LR];
  config.beta1 = c[AE_LAB_BETA1];
  config.beta2 = c[AE_LAB_BETA2];
  config.eps = c[AE_LAB_EPS];
  // 0: the default batch, capped at the samples.
  if (!whole(c[AE_LAB_BATCH], 0, lab::max_samples, config.batch)) return bad("The batch size must be a whole number from 1 to the number of samples.");
  int seed = 0;
  if (!whole(c[AE_LAB_SEED], 0, static_cast<double>(lab::max_seed), seed)) return bad("The seed must be a whole number from 0 to " + std::to_string(lab::max_seed) + ".");
  config.seed = static_cast<std::uint64_t>(seed);
  if (!whole(c[AE_LAB_INIT], 0, static_cast<double>(lab::init_ids.size() - 1), value)) return bad("Unknown initialisation.");
  config.init = static_cast<lab::Init>(value);
  if (!whole(c[AE_LAB_AT_KINK], 0, actexp::at_kink_count - 1, value)) {
    return Outcome::failure(Status::unknown_convention, "Unknown convention for the derivative at a kink.");
  }
  at_kink = static_cast<actexp::AtKink>(value);
  if (!whole(c[AE_LAB_TRACK], 0, 1, value)) return bad("Tracking units is 0 or 1.");
  config.track_units = value == 1;
  int layers = 0;
  if (!whole(c[AE_LAB_LAYERS], 1, AE_LAB_MAX_LAYERS, layers)) {
    return bad("The network needs 1 to " + std::to_string(AE_LAB_MAX_LAYERS) + " hidden layers.");
  }
  config.hidden.clear();
  for (int l = 0; l < layers; ++l) {
    if (!whole(c[AE_LAB_WIDTHS + l], 0, 1e6, value)) return bad("Each hidden layer's width must be a whole number.");
    config.hidden.push_back(value);
  }
  return Outcome::success();
}

int started() {
  return state().run ? AE_OK : fail(AE_LAB_NOT_STARTED, "No lab run has been started.");
}

bool valid_side(int side) { return side == 0 || side == 1; }

void write_datasets(actexp::JsonWriter& json) {
  json.key("datasets").begin_array();
  for (const lab::DatasetInfo& d : lab::datasets) {
    json.begin_object().field("id", d.id).field("label", d.label).field("inputs", d.inputs).field("classes", d.classes);
    // The losses it trains with, the default first (so the page checks a loss where it reads it).
    json.key("losses").begin_array();
    for (std::size_t k = 0; k < lab::loss_ids.size(); ++k) {
      if (lab::loss_suits(d, static_cast<lab::LossKind>(k))) json.string(lab::loss_ids[k]);
    }
    json.end_array().end_object();
  }
  json.end_array();
}

template <typename Table>
void write_ids(actexp::JsonWriter& json, const char* key, const Table& table) {
  json.key(key).begin_array();
  for (const auto& id : table) json.string(id);
  json.end_array();
}

void write_limits(actexp::JsonWriter& json) {
  json.key("limits")
      .begin_object()
      .field("maxLayers", lab::max_hidden_layers)
      .field("minWidth", lab::min_width)
      .field("maxWidth", lab::max_width)
      .field("minSamples", lab::min_samples)
      .field("maxSamples", lab::max_samples)
      .field("maxSteps", lab::max_steps)
      .key("maxSeed")
      .integer(lab::max_seed)
      .field("minLr", lab::min_learning_rate)
      .field("maxLr", lab::max_learning_rate)
      .field("maxNoise", lab::max_noise)
      .field("defaultBatch", lab::default_batch)
      .field("maxRows", AE_LAB_MAX_ROWS)  // the most rows one ae_lab_advance call takes
      .end_object();
}

// Where each setting sits in the config array ae_lab_start reads (abi_layout.hpp's table, which
// static_asserts that it names every slot in order).
void write_config_slots(actexp::JsonWriter& json) {
  json.key("config").begin_object();
  for (const auto& [name, slot] : actexp::abi::lab_config_slots) json.field(name, slot);
  json.end_object();
}

// The lab's tables (datasets, losses, limits, defaults, presets, the config layout) as JSON.
std::string lab_tables_json() {
  actexp::JsonWriter json;
  json.begin_object();
  write_datasets(json);
  write_ids(json, "inits", lab::init_ids);
  write_ids(json, "losses", lab::loss_ids);
  write_ids(json, "optimizers", lab::optimizer_ids);
  write_limits(json);
  // Adam's constants, which no preset or page control sets: RunConfig's own (torch's defaults).
  const lab::RunConfig run_defaults;
  json.key("adam").begin_object().field("beta1", run_defaults.beta1).field("beta2", run_defaults.beta2).field("eps", run_defaults.eps).end_object();
  json.key("defaults");
  lab::write_settings_json(json, lab::lab_defaults());
  json.key("presets");
  lab::write_presets_json(json);
  write_config_slots(json);
  return json.end_object().take();
}

}  // namespace

extern "C" {

const char* ae_lab_catalog_json(void) {
  static const std::string json = lab_tables_json();
  return json.c_str();
}

int ae_lab_start(const double* config, int config_size, int function_a, const double* params_a, int count_a,
                 int function_b, const double* params_b, int count_b) {
  if (config == nullptr) return fail(AE_NULL_BUFFER, "The lab settings are missing.");
  if (config_size != AE_LAB_CONFIG_SIZE) {
    return fail(AE_WRONG_PARAMETER_COUNT, "The lab takes " + std::to_string(AE_LAB_CONFIG_SIZE) + " settings, got " + std::to_string(config_size) + ".");
  }
  lab::RunConfig settings;
  actexp::AtKink at_kink = actexp::AtKink::pytorch;
  if (auto outcome = read_config(config, settings, at_kink); !outcome.ok()) return report(outcome);
  lab::Activation a;
  lab::Activation b;
  if (auto outcome = activation(function_a, params_a, count_a, at_kink, a); !outcome.ok()) return report(outcome);
  if (auto outcome = activation(function_b, params_b, count_b, at_kink, b); !outcome.ok()) return report(outcome);
  if (auto outcome = lab::validate(settings, a, b); !outcome.ok()) return report(outcome);
  state().run = std::make_unique<lab::Run>(settings, a, b);
  state().json.clear();
  return report(Outcome::success());
}

int ae_lab_step(int steps, int* done) {
  if (int status = started(); status != AE_OK) return status;
  if (done == nullptr) return fail(AE_NULL_BUFFER, "The count pointer is missing.");
  if (steps < 0 || steps > lab::max_steps) return fail(AE_PARAMETER_OUT_OF_RANGE, "Steps per call must be from 0 to " + std::to_string(lab::max_steps) + ".");
  int ran = 0;
  lab::Run& run = *state().run;
  while (ran < steps && run.problem().empty()) {
    const bool healthy = run.step();
    ++ran;
    if (!healthy) break;
  }
  *done = ran;
  if (!run.problem().empty()) return fail(AE_LAB_DIVERGED, run.problem());
  return report(Outcome::success());
}

int ae_lab_advance(int rows, int steps, int* done, int* pending) {
  if (int status = started(); status != AE_OK) return status;
  if (done == nullptr || pending == nullptr) return fail(AE_NULL_BUFFER, "A count pointer is missing.");
  if (rows < 0 || rows > AE_LAB_MAX_ROWS) return fail(AE_PARAMETER_OUT_OF_RANGE, "Rows per call must be from 0 to " + std::to_string(AE_LAB_MAX_ROWS) + ".");
  if (steps < 0 || steps > lab::max_steps) return fail(AE_PARAMETER_OUT_OF_RANGE, "Steps per call must be from 0 to " + std::to_string(lab::max_steps) + ".");
  lab::Run& run = *state().run;
  const lab::Run::Progress progress = run.advance(rows, steps);
  *done = progress.steps;
  *pending = progress.pending ? 1 : 0;
  if (!run.problem().empty()) return fail(AE_LAB_DIVERGED, run.problem());
  return report(Outcome::success());
}

int ae_lab_history(int side, int first, double* out, int capacity, int* count) {
  if (int status = started(); status != AE_OK) return status;
  if (!valid_side(side)) return fail(AE_PARAMETER_OUT_OF_RANGE, "The side is 0 or 1.");
  if (out == nullptr || count == nullptr) return fail(AE_NULL_BUFFER, "An output buffer is missing.");
  const lab::Run& run = *state().run;
  const lab::Side& s = run.sides()[static_cast<std::size_t>(side)];
  const std::size_t layers = run.config().hidden.size();
  const std::size_t stride = AE_LAB_HISTORY_FIXED + AE_LAB_HISTORY_PER_LAYER * layers;
  if (first < 0 || first > run.steps()) return fail(AE_PARAMETER_OUT_OF_RANGE, "The first step is outside the run.");
  const std::size_t available = static_cast<std::size_t>(run.steps() - first);
  const std::size_t room = capacity > 0 ? static_cast<std::size_t>(capacity) / stride : 0;
  const std::size_t written = std::min(available, room);
  for (std::size_t k = 0; k < written; ++k) {
    const std::size_t step = static_cast<std::size_t>(first) + k;
    double* row = out + k * stride;
    row[0] = s.loss[step];
    const bool tracked = step < s.dead.size();
    for (std::size_t l = 0; l < layers; ++l) {
      row[1 + l] = tracked ? static_cast<double>(s.dead[step][l]) : std::nan("");
      row[1 + layers + l] = tracked ? static_cast<double>(s.nearly_dead[step][l]) : std::nan("");
    }
  }
  *count = static_cast<int>(written);
  return report(Outcome::success());
}

int ae_lab_units(int side, double* out, int capacity, int* count) {
  if (int status = started(); status != AE_OK) return status;
  if (!valid_side(side)) return fail(AE_PARAMETER_OUT_OF_RANGE, "The side is 0 or 1.");
  if (out == nullptr || count == nullptr) return fail(AE_NULL_BUFFER, "An output buffer is missing.");
  const lab::Run& run = *state().run;
  std::vector<double> values;
  for (const auto& layer : run.activity(side)) values.insert(values.end(), layer.begin(), layer.end());
  const auto& norms = run.sides()[static_cast<std::size_t>(side)].gradient_norm;
  if (norms.empty()) values.insert(values.end(), run.config().hidden.size() + AE_LAB_UNITS_EXTRA_NORMS, 0.0);
  else values.insert(values.end(), norms.begin(), norms.end());
  if (capacity < 0 || static_cast<std::size_t>(capacity) < values.size()) {
    return fail(AE_CAPACITY_TOO_SMALL, "Room for " + std::to_string(capacity) + " values but " + std::to_string(values.size()) + " are needed.");
  }
  std::copy(values.begin(), values.end(), out);
  *count = static_cast<int>(values.size());
  return report(Outcome::success());
}

int ae_lab_predict(int side, const double* x, int n, double* out, int capacity) {
  if (int status = started(); status != AE_OK) return status;
  if (!valid_side(side)) return fail(AE_PARAMETER_OUT_OF_RANGE, "The side is 0 or 1.");
  if (x == nullptr || out == nullptr) return fail(AE_NULL_BUFFER, "An input or output buffer is missing.");
  const lab::Run& run = *state().run;
  const auto inputs = static_cast<std::size_t>(run.data().inputs);
  const auto outputs = static_cast<std::size_t>(run.data().outputs);
  if (n < 0 || n > AE_LAB_MAX_PREDICT) return fail(AE_SAMPLE_COUNT_OUT_OF_RANGE, "From 0 to 1,000,000 inputs at a time.");
  if (capacity < 0 || static_cast<std::size_t>(capacity) < static_cast<std::size_t>(n) * outputs) {
    return fail(AE_CAPACITY_TOO_SMALL, "The output buffer is too small.");
  }
  // A few thousand rows at a time: a forward pass keeps every layer's values for its rows, which
  // for a million rows of the widest network would be gigabytes. Rows are independent, so the
  // outputs are the same bits.
  constexpr std::size_t rows_at_a_time = 4096;
  const auto rows = static_cast<std::size_t>(n);
  for (std::size_t first = 0; first < rows; first += rows_at_a_time) {
    const std::size_t count = std::min(rows_at_a_time, rows - first);
    const std::vector<float> input(x + first * inputs, x + (first + count) * inputs);
    const std::vector<float> result = run.predict(side, input, static_cast<int>(count));
    std::copy(result.begin(), result.end(), out + first * outputs);
  }
  return report(Outcome::success());
}

int ae_lab_data(double* x, int x_capacity, double* y, int y_capacity, int* count) {
  if (int status = started(); status != AE_OK) return status;
  if (x == nullptr || y == nullptr || count == nullptr) return fail(AE_NULL_BUFFER, "An output buffer is missing.");
  const lab::Dataset& d = state().run->data();
  const auto rows = static_cast<std::size_t>(d.size());
  const auto inputs = static_cast<std::size_t>(d.inputs);
  if (x_capacity < 0 || static_cast<std::size_t>(x_capacity) < rows * inputs) {
    return fail(AE_CAPACITY_TOO_SMALL, "Room for " + std::to_string(x_capacity) + " inputs but " + std::to_string(rows * inputs) + " are needed.");
  }
  if (y_capacity < 0 || static_cast<std::size_t>(y_capacity) < rows) {
    return fail(AE_CAPACITY_TOO_SMALL, "Room for " + std::to_string(y_capacity) + " labels but " + std::to_string(rows) + " are needed.");
  }
  std::copy(d.x.begin(), d.x.end(), x);
  for (std::size_t i = 0; i < rows; ++i) y[i] = d.classes > 0 ? static_cast<double>(d.label[i]) : static_cast<double>(d.target[i]);
  *count = static_cast<int>(rows);
  return report(Outcome::success());
}

int ae_lab_batches(int first, int* out, int capacity, int* count) {
  if (int status = started(); status != AE_OK) return status;
  if (out == nullptr || count == nullptr) return fail(AE_NULL_BUFFER, "An output buffer is missing.");
  const lab::Run& run = *state().run;
  if (first < 0 || first > run.steps()) return fail(AE_PARAMETER_OUT_OF_RANGE, "The first step is outside the run.");
  lab::BatchOrder order = run.batch_order();
  for (int step = 0; step < first; ++step) order.next();
  const std::size_t room = capacity > 0 ? static_cast<std::size_t>(capacity) : 0;
  std::size_t used = 0;
  std::size_t unwritten = 0;  // the size of the first step that did not fit
  int written = 0;
  for (int step = first; step < run.steps(); ++step) {
    const std::span<const int> batch = order.next();
    if (used + 1 + batch.size() > room) {
      unwritten = 1 + batch.size();
      break;
    }
    out[used] = static_cast<int>(batch.size());
    std::copy(batch.begin(), batch.end(), out + used + 1);
    used += 1 + batch.size();
    ++written;
  }
  if (written == 0 && unwritten > 0) {
    return fail(AE_CAPACITY_TOO_SMALL, "Room for " + std::to_string(capacity) + " values but the step needs " + std::to_string(unwritten) + ".");
  }
  *count = written;
  return report(Outcome::success());
}

const char* ae_lab_summary(void) {
  if (!state().run) {
    fail(AE_LAB_NOT_STARTED, "No lab run has been started.");
    return nullptr;
  }
  static std::string sentence;
  sentence = lab::summary_sentence(*state().run);
  report(Outcome::success());
  return sentence.c_str();
}

const char* ae_lab_export(void) {
  if (!state().run) {
    fail(AE_LAB_NOT_STARTED, "No lab run has been started.");
    return nullptr;
  }
  state().json = lab::export_json(*state().run);
  report(Outcome::success());
  return state().json.c_str();
}

}  // extern "C"
