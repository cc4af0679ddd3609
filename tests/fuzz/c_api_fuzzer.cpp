// libFuzzer target over the whole C ABI, built with AddressSanitizer and UBSan
// (scripts/fuzz, and 60 s in CI; the wasm build is fuzzed in Node by tests/node/lab-wasm-fuzz.test.mjs).
// It checks invariants, not only crashes:
//  - every status is AE_OK or a known error, with a message exactly when it is an error;
//  - on AE_OK: n <= count <= n + AE_MAX_KINKS, count <= capacity, x strictly increasing from
//    `from` to `to`, f and f' never NaN, f infinite only where the true value exceeds the
//    double range (SELU beyond DBL_MAX / lambda), f'' NaN only at a kink;
//  - on error: not one double written; and never a write past the capacity;
//  - ae_kinks and ae_formula accept exactly the parameters ae_sample accepts;
//  - the registry: an entry whose text is the fuzzer's bytes is added exactly when its id is new,
//    found by ae_function_handle, sampled by its handle, described as valid JSON, kept by a lab
//    run after its removal, and after removal its handle finds nothing (and is not reused);
//  - a typed formula (ae_formula_register): registered or refused as AE_FORMULA_INVALID with a
//    message, nothing else; registered, it samples by its handle on the plain grid and unregisters.
#include <fuzzer/FuzzedDataProvider.h>

#include <algorithm>
#include <array>
#include <bit>
#include <climits>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "c_api/abi_layout.h"
#include "c_api/activation_explorer.h"
#include "c_api/activation_lab.h"
#include <nlohmann/json.hpp>

#include "core/dtype.hpp"
#include "core/registry.hpp"
#include "lab/dataset.hpp"

namespace {

constexpr double sentinel = -7.0e-77;
constexpr std::size_t guard = 8;

void require(bool condition, const char* what) {
  if (condition) return;
  std::fprintf(stderr, "invariant broken: %s (last error: %s)\n", what, ae_last_error());
  std::abort();
}

double pick_double(FuzzedDataProvider& in) {
  static constexpr std::array<double, 20> specials{
      0.0, -0.0, 1.0, -1.0, std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::infinity(),
      -std::numeric_limits<double>::infinity(), std::numeric_limits<double>::denorm_min(),
      -std::numeric_limits<double>::denorm_min(), std::numeric_limits<double>::max(), -std::numeric_limits<double>::max(),
      1e308, -1e308, 0.5, 1e-300, 6.0, -3.0, 3.0, 20.0, 0.01};
  switch (in.ConsumeIntegralInRange<int>(0, 3)) {
    case 0: return specials[in.ConsumeIntegralInRange<std::size_t>(0, specials.size() - 1)];
    case 1: return std::bit_cast<double>(in.ConsumeIntegral<std::uint64_t>());
    case 2: return static_cast<double>(in.ConsumeIntegralInRange<int>(-1000, 1000)) / 8;
    default: return in.ConsumeFloatingPointInRange<double>(-50, 50);
  }
}

struct Buffer {
  std::vector<double> data;
  explicit Buffer(int capacity) : data(static_cast<std::size_t>(std::max(capacity, 0)) + guard, sentinel) {}
  double* get() { return data.data(); }
  [[nodiscard]] bool untouched_from(std::size_t first) const {
    for (std::size_t i = first; i < data.size(); ++i) {
      if (std::bit_cast<std::uint64_t>(data[i]) != std::bit_cast<std::uint64_t>(sentinel)) return false;
    }
    return true;
  }
};

bool is_kink(double x, const double* kinks, int kink_count) {
  for (int k = 0; k < kink_count; ++k) {
    if (kinks[k * AE_KINK_STRIDE] == x) return true;
  }
  return false;
}

// The tails ae_saturation reports hold: at each bound f' is 0 (or f the stated value), and the
// bounds are values of the dtype.
void check_saturation(int function, const double* params, int param_count, int at_kink, int dtype) {
  std::array<double, AE_SATURATION_SIZE> tails{};
  require(ae_saturation(function, params, param_count, at_kink, dtype, tails.data()) == AE_OK, "saturation of a sampled curve");
  const auto type = static_cast<actexp::DType>(dtype);
  const auto at = [&](double point) {
    std::array<double, 1 + AE_MAX_KINKS> x{}, f{}, df{};
    int count = 0;
    // A two-point grid [point, next] evaluates exactly at `point`.
    const double next = std::nextafter(point, INFINITY) == INFINITY ? point : point + std::max(1.0, std::fabs(point));
    if (ae_sample(function, params, param_count, at_kink, dtype, point, next, 2, x.data(), f.data(), df.data(), nullptr,
                  static_cast<int>(x.size()), &count) != AE_OK) {
      return std::pair{std::nan(""), std::nan("")};
    }
    return std::pair{f[0], df[0]};
  };
  for (std::size_t i = 0; i < tails.size(); i += 1) {
    require(std::isnan(tails[i]) || actexp::round_to(type, tails[i]) == tails[i], "tail bounds are values of the dtype");
  }
  for (std::size_t i = 0; i < 2; i += 1) {
    if (std::isnan(tails[i])) continue;
    const auto [f, df] = at(tails[i]);
    require(std::isnan(df) || df == 0, "f' is 0 at the bound of its zero tail");
  }
  for (std::size_t i = 2; i < tails.size(); i += 2) {
    if (std::isnan(tails[i])) continue;
    const auto [f, df] = at(tails[i]);
    require(std::isnan(f) || f == tails[i + 1] || (std::isnan(f) && std::isnan(tails[i + 1])), "f is the stated value at the bound");
  }
}

// ae_lab_data with room for x and for y each from none to more than enough: written exactly when
// both fit, and never past the samples.
void check_lab_data(FuzzedDataProvider& in, int samples, int inputs) {
  const int x_room = in.ConsumeIntegralInRange<int>(-1, samples * inputs + 2);
  const int y_room = in.ConsumeIntegralInRange<int>(-1, samples + 2);
  Buffer x(x_room), y(y_room);
  int count = -1;
  const int status = ae_lab_data(x.get(), x_room, y.get(), y_room, &count);
  const bool fits = x_room >= samples * inputs && y_room >= samples;
  require(status == (fits ? AE_OK : AE_CAPACITY_TOO_SMALL), "lab data: written exactly when x and y fit");
  if (status != AE_OK) {
    require(x.untouched_from(0) && y.untouched_from(0) && count == -1, "lab data: nothing written on error");
    return;
  }
  require(count == samples && x.untouched_from(static_cast<std::size_t>(samples * inputs)) && y.untouched_from(static_cast<std::size_t>(samples)),
          "lab data: the samples, nothing past them");
}

// ae_lab_batches regenerates the batches of the steps done: whole steps within the room, each its
// size then that many indices of the training set.
void check_lab_batches(FuzzedDataProvider& in, int steps, int samples) {
  const int first = in.ConsumeBool() ? in.ConsumeIntegralInRange<int>(0, steps) : in.PickValueInArray({-1, steps + 1, INT_MAX, INT_MIN});
  const int room = in.ConsumeBool() ? in.ConsumeIntegralInRange<int>(-1, 400) : in.PickValueInArray({0, INT_MIN});
  std::vector<int> out(static_cast<std::size_t>(std::max(room, 0)) + guard, -7);
  int count = -1;
  const int status = ae_lab_batches(first, out.data(), room, &count);
  if (first < 0 || first > steps) {
    require(status == AE_PARAMETER_OUT_OF_RANGE, "lab batches: a first step outside the run is refused");
    return;
  }
  require(status == AE_OK || status == AE_CAPACITY_TOO_SMALL, "lab batches: ok or too small");
  if (status != AE_OK) {
    require(count == -1 && std::all_of(out.begin(), out.end(), [](int v) { return v == -7; }), "lab batches: nothing written on error");
    return;
  }
  require(count >= 0 && count <= steps - first && (count > 0 || first == steps), "lab batches: whole steps of the run");
  std::size_t at = 0;
  for (int k = 0; k < count; ++k) {
    const int size = out[at];
    require(size >= 1 && size <= samples, "lab batches: a batch's size");
    for (int i = 1; i <= size; ++i) require(out[at + static_cast<std::size_t>(i)] >= 0 && out[at + static_cast<std::size_t>(i)] < samples, "lab batches: an index of the training set");
    at += 1 + static_cast<std::size_t>(size);
  }
  require(at <= static_cast<std::size_t>(std::max(room, 0)) && std::all_of(out.begin() + static_cast<std::ptrdiff_t>(at), out.end(), [](int v) { return v == -7; }),
          "lab batches: within the room, nothing past the last step");
}

// The lab's C ABI: any settings are answered with a known status; a run that starts steps,
// and what it reports stays inside its buffers and its bounds.
void fuzz_lab(FuzzedDataProvider& in) {
  std::array<double, AE_LAB_CONFIG_SIZE> config{};
  for (double& c : config) c = in.ConsumeBool() ? pick_double(in) : static_cast<double>(in.ConsumeIntegralInRange<int>(-1, 9));
  // Mostly small, valid-looking networks, so runs start and train quickly.
  if (in.ConsumeBool()) {
    config[AE_LAB_SAMPLES] = in.ConsumeIntegralInRange<int>(15, 80);
    config[AE_LAB_BATCH] = in.ConsumeIntegralInRange<int>(0, 90);
    config[AE_LAB_LR] = in.ConsumeFloatingPointInRange<double>(-0.5, 12);
    config[AE_LAB_NOISE] = in.ConsumeFloatingPointInRange<double>(-0.1, 1.1);
    config[AE_LAB_LAYERS] = in.ConsumeIntegralInRange<int>(0, 9);
    for (int l = 0; l < AE_LAB_MAX_LAYERS; ++l) config[static_cast<std::size_t>(AE_LAB_WIDTHS + l)] = in.ConsumeIntegralInRange<int>(1, 9);
    config[AE_LAB_BETA1] = 0.9;
    config[AE_LAB_BETA2] = 0.999;
    config[AE_LAB_EPS] = in.ConsumeBool() ? 1e-8 : pick_double(in);
  }
  std::array<double, 4> params_a{};
  std::array<double, 4> params_b{};
  for (double& p : params_a) p = in.ConsumeBool() ? pick_double(in) : in.ConsumeFloatingPointInRange<double>(0, 1);
  for (double& p : params_b) p = in.ConsumeBool() ? pick_double(in) : in.ConsumeFloatingPointInRange<double>(0, 1);
  // Parameter counts up to 2³¹ − 1: each is checked against the function's before a read.
  const auto param_count = [&in] {
    return in.ConsumeBool() ? in.ConsumeIntegralInRange<int>(-1, 4) : in.PickValueInArray({100, INT_MAX, INT_MIN, 1 << 20});
  };
  const int status = ae_lab_start(config.data(), in.ConsumeBool() ? AE_LAB_CONFIG_SIZE : in.ConsumeIntegralInRange<int>(-1, 30),
                                  in.ConsumeIntegralInRange<int>(-1, 23), params_a.data(), param_count(),
                                  in.ConsumeIntegralInRange<int>(-1, 23), params_b.data(), param_count());
  require(status >= AE_OK && status <= AE_LAB_DIVERGED, "lab start: status is known");
  require((status == AE_OK) == (ae_last_error()[0] == '\0'), "lab start: a message exactly on error");
  if (status != AE_OK) return;
  int done = -1;
  const int steps = in.ConsumeIntegralInRange<int>(-1, 6);
  const int step_status = ae_lab_step(steps, &done);
  require(step_status == AE_OK || step_status == AE_LAB_DIVERGED || (steps < 0 && step_status == AE_PARAMETER_OUT_OF_RANGE), "lab step: ok, diverged or refused");
  if (step_status == AE_PARAMETER_OUT_OF_RANGE) return;
  require(done >= 0 && done <= steps, "lab step: steps done within those asked");
  // Then a step in pieces, rows and steps up to 2³¹ − 1 either way (each checked against its limit).
  if (step_status == AE_OK) {
    const int rows = in.ConsumeBool() ? in.ConsumeIntegralInRange<int>(-1, 300) : in.PickValueInArray<int>({int{AE_LAB_MAX_ROWS}, AE_LAB_MAX_ROWS + 1, INT_MAX, INT_MIN});
    const int advance_steps = in.ConsumeBool() ? in.ConsumeIntegralInRange<int>(-1, 3) : in.PickValueInArray({100'001, INT_MAX, INT_MIN});
    int advanced = -1;
    int pending = -1;
    const int advance_status = ae_lab_advance(rows, advance_steps, &advanced, &pending);
    const bool refused = rows < 0 || rows > AE_LAB_MAX_ROWS || advance_steps < 0 || advance_steps > 100'000;
    require(refused ? advance_status == AE_PARAMETER_OUT_OF_RANGE : (advance_status == AE_OK || advance_status == AE_LAB_DIVERGED),
            "lab advance: out-of-range counts refused, the rest run");
    if (!refused) {
      require(advanced >= 0 && advanced <= advance_steps && (pending == 0 || pending == 1), "lab advance: steps within those asked");
      done += advanced;
    }
  }
  const int layers = static_cast<int>(config[AE_LAB_LAYERS]);
  std::vector<double> history(static_cast<std::size_t>(7 * (1 + 2 * layers)), -7.0);
  int count = -1;
  require(ae_lab_history(0, 0, history.data(), static_cast<int>(history.size()), &count) == AE_OK, "lab history");
  require(count == done, "lab history: one row per step done");
  const char* summary = ae_lab_summary();
  require(summary != nullptr && std::string_view(summary).starts_with(done == 0 ? "Not trained yet" : "After "), "lab summary: a sentence");
  std::vector<double> units(600, -7.0);
  int unit_count = -1;
  const int units_status = ae_lab_units(1, units.data(), static_cast<int>(units.size()), &unit_count);
  require(units_status == AE_OK || units_status == AE_CAPACITY_TOO_SMALL, "lab units");
  if (units_status == AE_OK) {
    for (int i = 0; i < unit_count - layers - 1; ++i) require(units[static_cast<std::size_t>(i)] >= 0 && units[static_cast<std::size_t>(i)] <= 1, "activity is a share");
  }
  std::array<double, 4> points{pick_double(in), pick_double(in), 0.5, -0.5};
  std::array<double, 8> predicted{};
  const int predict_status = ae_lab_predict(0, points.data(), 2, predicted.data(), static_cast<int>(predicted.size()));
  require(predict_status == AE_OK || predict_status == AE_CAPACITY_TOO_SMALL, "lab predict");
  // The training set's size (a spiral rounds the samples down to a multiple of 3).
  const int inputs = actexp::lab::datasets[static_cast<std::size_t>(config[AE_LAB_DATASET])].inputs;
  std::vector<double> all_x(2 * 5000), all_y(5000);
  int rows = -1;
  require(ae_lab_data(all_x.data(), static_cast<int>(all_x.size()), all_y.data(), static_cast<int>(all_y.size()), &rows) == AE_OK, "lab data");
  check_lab_data(in, rows, inputs);
  check_lab_batches(in, done, rows);
  const char* json = ae_lab_export();
  require(json != nullptr && json[0] == '{', "lab export is JSON");
}


// The layout table is the same library-owned JSON object whatever was called before.
void check_abi_table() {
  static const char* const first = ae_abi_json();
  const std::string_view table = ae_abi_json();
  require(table.data() == first && table.size() > 2 && table.front() == '{' && table.back() == '}', "ae_abi_json: one JSON object");
  require(table.find("\"statuses\":{\"ok\":0,") != std::string_view::npos, "ae_abi_json: names the statuses");
  require(nlohmann::json::accept(table), "ae_abi_json: valid JSON");
}

// f = slope · a · x: a run-time entry with state, as a typed formula will be.
class Line final : public actexp::FunctionKernels {
 public:
  explicit Line(double slope) : slope_(slope) {}
  void fill(const double* p, actexp::AtKink /*k*/, actexp::DType /*d*/, const double* x, double* f, double* df, double* d2f,
            std::size_t n) const override {
    for (std::size_t i = 0; i < n; ++i) {
      f[i] = slope_ * p[0] * x[i];
      df[i] = slope_ * p[0];
      if (d2f != nullptr) d2f[i] = 0;
    }
  }
  void evaluate(const double* p, actexp::AtKink k, actexp::DType d, const double* x, double* f, double* df, std::size_t n) const override {
    fill(p, k, d, x, f, df, nullptr, n);
  }
  void evaluate_float(const double* p, actexp::AtKink /*k*/, const float* x, float* f, float* df, std::size_t n) const override {
    const auto slope = static_cast<float>(slope_ * p[0]);
    for (std::size_t i = 0; i < n; ++i) {
      f[i] = slope * x[i];
      df[i] = slope;
    }
  }
  std::size_t kinks(const double* /*p*/, actexp::KinkList& /*out*/) const override { return 0; }
  std::string formula(const double* /*p*/, actexp::AtKink /*k*/, actexp::Formula /*w*/) const override { return "<math/>"; }

 private:
  double slope_;
};

void fuzz_registry(FuzzedDataProvider& in) {
  actexp::FunctionRegistry& registry = actexp::function_registry();
  actexp::ActivationSpec spec;
  spec.id = in.ConsumeRandomLengthString(24);
  spec.name = in.ConsumeRandomLengthString(24);
  spec.summary = in.ConsumeRandomLengthString(24);
  spec.properties.trainable = in.ConsumeBool();
  actexp::ParameterSpec a{.id = in.ConsumeRandomLengthString(8), .symbol = in.ConsumeRandomLengthString(8), .description = "",
                          .default_value = 1, .min = -10, .max = 10, .step = pick_double(in), .presets = {}, .slider = {}};
  a.presets.push_back({0.5, in.ConsumeRandomLengthString(8), in.ConsumeRandomLengthString(8)});
  spec.parameters.push_back(std::move(a));
  spec.kernels = std::make_shared<const Line>(pick_double(in));
  const std::string id = spec.id;
  const bool acceptable = !id.empty() && registry.find(id) == nullptr && !spec.parameters[0].id.empty() &&
                          spec.parameters[0].step > 0 && std::isfinite(spec.parameters[0].step);
  const std::size_t before = registry.functions().size();
  actexp::FunctionHandle handle = actexp::no_function;
  const actexp::Outcome added = registry.add(std::move(spec), handle);
  require(added.ok() == acceptable, "registry: an entry is added exactly when its id is new and its parameter sound");
  if (!added.ok()) {
    require(!added.message.empty() && handle == actexp::no_function && registry.functions().size() == before, "registry: a refusal changes nothing");
    return;
  }
  require(handle >= 0 && static_cast<std::size_t>(handle) >= before && registry.find(handle) != nullptr && registry.functions().size() == before + 1, "registry: a new handle");
  if (id.find('\0') == std::string::npos) {
    int found = -1;
    require(ae_function_handle(id.c_str(), &found) == AE_OK && found == handle, "registry: found by its id through the C ABI");
  }
  const char* own = ae_function_json(handle);
  require(own != nullptr && nlohmann::json::accept(own), "registry: its JSON is valid");
  require(nlohmann::json::accept(ae_catalog_json()), "registry: the catalog JSON is valid with it");
  const double param = in.ConsumeFloatingPointInRange<double>(-10, 10);
  std::array<double, 8> x{}, f{}, df{};
  int count = -1;
  require(ae_sample(handle, &param, 1, 0, 0, -1, 1, 5, x.data(), f.data(), df.data(), nullptr, 8, &count) == AE_OK && count == 5,
          "registry: sampled by its handle");
  // A lab run that trains it keeps it after its removal.
  std::array<double, AE_LAB_CONFIG_SIZE> config{};
  config[AE_LAB_SAMPLES] = 30;
  config[AE_LAB_LR] = 0.01;
  config[AE_LAB_LAYERS] = 1;
  config[AE_LAB_WIDTHS] = 3;
  const bool trained = in.ConsumeBool() && ae_lab_start(config.data(), AE_LAB_CONFIG_SIZE, handle, &param, 1, 1, nullptr, 0) == AE_OK;
  require(registry.remove(handle).ok(), "registry: a run-time entry is removed");
  require(!registry.remove(handle).ok() && !registry.remove(0).ok(), "registry: removed twice or a built-in: refused");
  require(ae_sample(handle, &param, 1, 0, 0, -1, 1, 5, x.data(), f.data(), df.data(), nullptr, 8, &count) == AE_UNKNOWN_FUNCTION,
          "registry: a removed handle finds nothing");
  require(ae_function_json(handle) == nullptr && registry.functions().size() == before, "registry: gone from the catalog");
  if (trained) {
    int done = -1;
    const int status = ae_lab_step(2, &done);
    require(status == AE_OK || status == AE_LAB_DIVERGED, "registry: a run keeps training a removed entry");
    require(ae_lab_export() != nullptr, "registry: a run exports a removed entry");
  }
}

// A formula whose text is the fuzzer's bytes, through the C ABI as the page registers one.
void fuzz_formula(FuzzedDataProvider& in) {
  const actexp::FunctionRegistry& registry = actexp::function_registry();
  const std::size_t before = registry.functions().size();
  const int at_kink = in.ConsumeIntegralInRange<int>(0, AE_CONVENTION_COUNT - 1);
  const int dtype = in.ConsumeIntegralInRange<int>(0, AE_DTYPE_COUNT - 1);
  const std::string text = in.ConsumeRemainingBytesAsString();
  int handle = -1;
  const int status = ae_formula_register("fuzz_expr", text.c_str(), &handle);
  require(status >= AE_OK && status <= AE_FORMULA_INVALID, "formula: status is known");
  require(status == AE_OK || status == AE_FORMULA_INVALID, "formula: registered or refused as invalid");
  require((status == AE_OK) == (ae_last_error()[0] == '\0'), "formula: a message exactly on error");
  if (status != AE_OK) {
    require(handle == -1 && registry.functions().size() == before, "formula: a refusal registers nothing");
    return;
  }
  const actexp::ActivationSpec* spec = registry.find(handle);
  require(spec != nullptr && registry.functions().size() == before + 1, "formula: registered under a new handle");
  // Every parameter at its default (1). The parser checked the catalog calls written with numbers;
  // one computed from the formula's parameters may be out of its callee's range even so
  // (leaky_relu(x, 2*a)), and is refused naming its column (FunctionKernels::check).
  const std::vector<double> params(spec->parameters.size(), 1.0);
  constexpr int room = 33 + AE_MAX_RANGE_KINKS;
  std::array<double, room> x{}, f{}, df{}, d2f{};
  int count = -1;
  const int sampled = ae_sample(handle, params.data(), static_cast<int>(params.size()), at_kink, dtype, -4, 4, 33, x.data(),
                                f.data(), df.data(), d2f.data(), room, &count);
  // A catalog call's parameter computed from the formula's may be out of range: named, no samples.
  if (sampled == AE_PARAMETER_OUT_OF_RANGE) {
    require(std::string_view(ae_last_error()).starts_with("column "), "formula: a catalog call's parameter named with its column");
  } else {
    require(sampled == AE_OK && count >= 33 && count <= room, "formula: sampled by its handle on the grid and its ties");
    // Its ties in the range: at most AE_MAX_RANGE_KINKS rows in increasing x inside it, and every
    // point the grid gained is one of them.
    std::array<double, static_cast<std::size_t>(AE_MAX_RANGE_KINKS) * AE_KINK_STRIDE> ties{};
    int tie_count = -1;
    int found = -1;
    require(ae_kinks_in(handle, params.data(), static_cast<int>(params.size()), -4, 4, ties.data(), AE_MAX_RANGE_KINKS,
                        &tie_count, &found) == AE_OK,
            "formula: its ties in a range");
    require(tie_count >= 0 && tie_count <= AE_MAX_RANGE_KINKS && found >= tie_count && count - 33 <= tie_count,
            "formula: at most AE_MAX_RANGE_KINKS ties, the grid gains no more");
    for (int k = 0; k < tie_count; ++k) {
      const double tie = ties[static_cast<std::size_t>(k) * AE_KINK_STRIDE];
      const double previous = k > 0 ? ties[static_cast<std::size_t>(k - 1) * AE_KINK_STRIDE] : -4;
      require(tie >= -4 && tie <= 4 && (k == 0 || tie > previous), "formula: ties inside the range, increasing");
    }
  }
  require(ae_formula_unregister(handle) == AE_OK, "formula: unregistered");
  require(ae_formula_unregister(handle) == AE_UNKNOWN_FUNCTION, "formula: unregistered twice: refused");
  require(ae_sample(handle, params.data(), static_cast<int>(params.size()), at_kink, dtype, -4, 4, 33, x.data(), f.data(),
                    df.data(), d2f.data(), 40, &count) == AE_UNKNOWN_FUNCTION,
          "formula: its handle finds nothing after");
  require(registry.functions().size() == before, "formula: gone from the catalog");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider in(data, size);
  check_abi_table();
  const int branch = in.ConsumeIntegralInRange<int>(0, 7);
  if (branch == 0) {
    fuzz_lab(in);
    return 0;
  }
  if (branch == 1 && in.ConsumeBool()) {
    fuzz_registry(in);
    return 0;
  }
  if (branch == 1 && in.ConsumeBool()) {
    fuzz_formula(in);
    return 0;
  }
  const int function = in.ConsumeIntegralInRange<int>(-2, 25);
  const int param_count = in.ConsumeIntegralInRange<int>(-1, 4);
  std::array<double, 4> params{};
  for (double& p : params) p = in.ConsumeBool() ? pick_double(in) : in.ConsumeFloatingPointInRange<double>(0, 1);
  const int at_kink = in.ConsumeIntegralInRange<int>(-1, AE_CONVENTION_COUNT);  // every convention and one past each end
  const int dtype = in.ConsumeIntegralInRange<int>(-1, AE_DTYPE_COUNT);
  const double from = pick_double(in);
  const double to = in.ConsumeBool() ? pick_double(in) : from + in.ConsumeFloatingPointInRange<double>(0, 100);
  const double n = in.ConsumeBool() ? pick_double(in) : static_cast<double>(in.ConsumeIntegralInRange<int>(0, 3000));
  const int capacity = in.ConsumeIntegralInRange<int>(-1, 3010);
  const bool with_second = in.ConsumeBool();
  const double* param_pointer = in.ConsumeBool() || param_count <= 0 ? params.data() : nullptr;

  Buffer x(capacity), f(capacity), df(capacity), d2f(capacity);
  int count = -12345;
  const int status = ae_sample(function, param_pointer, param_count, at_kink, dtype, from, to, n, x.get(), f.get(),
                               df.get(), with_second ? d2f.get() : nullptr, capacity, &count);
  require(status >= AE_OK && status <= AE_UNKNOWN_DTYPE, "status is known");
  require((status == AE_OK) == (ae_last_error()[0] == '\0'), "a message exactly on error");

  std::array<double, AE_MAX_KINKS * AE_KINK_STRIDE> kinks{};
  int kink_count = 0;
  const int kink_status = ae_kinks(function, param_pointer, param_count, kinks.data(), AE_MAX_KINKS, &kink_count);
  const bool params_rejected = status == AE_UNKNOWN_FUNCTION || status == AE_WRONG_PARAMETER_COUNT ||
                               status == AE_PARAMETER_NOT_FINITE || status == AE_PARAMETER_OUT_OF_RANGE ||
                               (status == AE_NULL_BUFFER && param_pointer == nullptr);
  require((kink_status == AE_OK) == !params_rejected, "ae_kinks accepts what ae_sample accepts");
  // ae_kinks_in: the same parameters, its range's own checks; a built-in's kinks in the range.
  std::array<double, static_cast<std::size_t>(AE_MAX_RANGE_KINKS) * AE_KINK_STRIDE> ranged{};
  int ranged_count = -1;
  const int ranged_status = ae_kinks_in(function, param_pointer, param_count, from, to, ranged.data(), AE_MAX_RANGE_KINKS, &ranged_count, nullptr);
  if (params_rejected) require(ranged_status != AE_OK, "ae_kinks_in refuses what ae_kinks refuses");
  if (ranged_status == AE_OK) require(ranged_count >= 0 && ranged_count <= kink_count, "a built-in's kinks in a range are among its kinks");
  const char* formula = ae_formula(function, param_pointer, param_count, at_kink, in.ConsumeIntegralInRange<int>(-1, 2));
  if (formula != nullptr) require(std::strncmp(formula, "<math", 5) == 0, "a formula is MathML");
  if (params_rejected) require(formula == nullptr, "no formula for rejected parameters");

  if (status != AE_OK) {
    require(count == -12345, "count untouched on error");
    require(x.untouched_from(0) && f.untouched_from(0) && df.untouched_from(0) && d2f.untouched_from(0),
            "nothing written on error");
    return 0;
  }
  require(count >= 2 && static_cast<double>(count) >= n && static_cast<double>(count) <= n + static_cast<double>(AE_MAX_RANGE_KINKS), "count near n");
  require(count <= capacity, "count within capacity");
  const auto used = static_cast<std::size_t>(count);
  require(x.untouched_from(used) && f.untouched_from(used) && df.untouched_from(used) && d2f.untouched_from(used),
          "nothing past count");
  if (dtype != 0) {
    // Below float64: x is the grid rounded to the dtype, and every value is one of the dtype's.
    const auto type = static_cast<actexp::DType>(dtype);
    const auto held = [type](double v) { return std::isnan(v) || actexp::round_to(type, v) == v; };
    require(x.data[0] == actexp::round_to(type, from) && x.data[used - 1] == actexp::round_to(type, to), "the grid spans [from, to] rounded");
    for (std::size_t i = 0; i < used; ++i) {
      if (i > 0) require(x.data[i - 1] <= x.data[i], "x never decreases");
      require(std::isfinite(x.data[i]) && held(x.data[i]) && held(f.data[i]) && held(df.data[i]), "x, f and f' are values of the dtype");
    }
    if (in.ConsumeIntegralInRange<int>(0, 15) == 0) check_saturation(function, param_pointer, param_count, at_kink, dtype);
    return 0;
  }
  require(x.data[0] == from && x.data[used - 1] == to, "the grid spans [from, to]");
  for (std::size_t i = 0; i < used; ++i) {
    if (i > 0) require(x.data[i - 1] < x.data[i], "x strictly increasing");
    require(!std::isnan(f.data[i]) && !std::isnan(df.data[i]), "f and f' are never NaN");
    require(std::isfinite(df.data[i]), "f' is finite");
    // Only SELU (lambda > 1) can leave the double range, and only for |x| > DBL_MAX / lambda.
    if (!std::isfinite(f.data[i])) require(std::fabs(x.data[i]) > 1.7e308, "f infinite only past the double range");
    if (with_second && std::isnan(d2f.data[i])) require(is_kink(x.data[i], kinks.data(), kink_count) || x.data[i] == 0, "f'' NaN only at a kink or 0");
  }
  return 0;
}
