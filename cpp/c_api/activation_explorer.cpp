// The C ABI over the C++ core: converts types, checks what C cannot, keeps the last message.
#include "activation_explorer.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "../core/catalog.hpp"
#include "../core/catalog_json.hpp"
#include "../core/format.hpp"
#include "../core/json_writer.hpp"
#include "../core/registry.hpp"
#include "../core/sampler.hpp"
#include "../core/saturation.hpp"
#include "last_error.hpp"

namespace {

using actexp::Outcome;
using actexp::Status;

// The C enum restates the core's numbers; a mismatch must not compile.
static_assert(AE_OK == static_cast<int>(Status::ok));
static_assert(AE_UNKNOWN_FUNCTION == static_cast<int>(Status::unknown_function));
static_assert(AE_WRONG_PARAMETER_COUNT == static_cast<int>(Status::wrong_parameter_count));
static_assert(AE_PARAMETER_NOT_FINITE == static_cast<int>(Status::parameter_not_finite));
static_assert(AE_PARAMETER_OUT_OF_RANGE == static_cast<int>(Status::parameter_out_of_range));
static_assert(AE_RANGE_NOT_FINITE == static_cast<int>(Status::range_not_finite));
static_assert(AE_RANGE_EMPTY == static_cast<int>(Status::range_empty));
static_assert(AE_SAMPLE_COUNT_OUT_OF_RANGE == static_cast<int>(Status::sample_count_out_of_range));
static_assert(AE_CAPACITY_TOO_SMALL == static_cast<int>(Status::capacity_too_small));
static_assert(AE_NULL_BUFFER == static_cast<int>(Status::null_buffer));
static_assert(AE_UNKNOWN_CONVENTION == static_cast<int>(Status::unknown_convention));
static_assert(AE_RANGE_TOO_NARROW == static_cast<int>(Status::range_too_narrow));
static_assert(AE_UNKNOWN_DTYPE == static_cast<int>(Status::unknown_dtype));
static_assert(AE_DTYPE_COUNT == actexp::dtype_count);
static_assert(AE_SATURATION_SIZE * sizeof(double) == sizeof(actexp::Saturation));
static_assert(AE_MAX_KINKS == actexp::max_kinks);
static_assert(AE_MAX_RANGE_KINKS == actexp::max_range_kinks);
static_assert(AE_CONVENTION_COUNT == actexp::at_kink_count, "one f' column per convention in a kink row");
static_assert(AE_KINK_STRIDE == actexp::kink_row_fixed + actexp::at_kink_count);
static_assert(AE_KINK_FIXED == actexp::kink_row_fixed);

// One message slot: the wasm module is single-threaded, and native callers use one thread.
std::string& last_error() {
  static std::string message;
  return message;
}

int report(const Outcome& outcome) {
  last_error() = outcome.message;
  return static_cast<int>(outcome.status);
}

}  // namespace

int ae_report_outcome(int status, const char* message) {
  last_error() = message;
  return status;
}

namespace {

// Resolves the function and parameter span, or says why it cannot.
Outcome resolve(int function, const double* params, int param_count, const actexp::ActivationSpec*& spec,
                std::span<const double>& span) {
  spec = actexp::function_registry().find(function);
  if (spec == nullptr) {
    return Outcome::failure(Status::unknown_function, "Unknown activation function #" + std::to_string(function) + ".");
  }
  if (param_count < 0) {
    return Outcome::failure(Status::wrong_parameter_count, "The parameter count cannot be negative.");
  }
  if (param_count > 0 && params == nullptr) return Outcome::failure(Status::null_buffer, "The parameters are missing.");
  span = std::span<const double>(params, static_cast<std::size_t>(param_count));
  return actexp::validate_parameters(*spec, span);
}

bool valid_at_kink(int at_kink) { return at_kink >= 0 && at_kink < actexp::at_kink_count; }
bool valid_dtype(int dtype) { return dtype >= 0 && dtype < actexp::dtype_count; }

// One kink as ae_kinks and ae_kinks_in write it: AE_KINK_STRIDE doubles, f' at the kink per
// convention from `df_at`.
void write_kink_row(const actexp::Kink& kink, const auto& df_at, double* row) {
  row[0] = kink.x;
  row[1] = kink.f_left;
  row[2] = kink.f_right;
  row[3] = kink.f_at;
  row[4] = kink.df_left;
  row[5] = kink.df_right;
  for (int c = 0; c < actexp::at_kink_count; ++c) row[AE_KINK_FIXED + c] = df_at(static_cast<actexp::AtKink>(c));
}

}  // namespace

extern "C" {

const char* ae_catalog_json(void) {
  // Rewritten only when an entry was added or removed since.
  static std::string json;
  static std::uint64_t written_at = 0;
  const actexp::FunctionRegistry& registry = actexp::function_registry();
  if (json.empty() || written_at != registry.generation()) {
    json = actexp::catalog_json();
    written_at = registry.generation();
  }
  return json.c_str();
}

int ae_function_handle(const char* id, int* handle) {
  if (id == nullptr || handle == nullptr) return report(Outcome::failure(Status::null_buffer, "The id or the handle pointer is missing."));
  const actexp::FunctionHandle found = actexp::function_registry().handle_of(std::string_view(id));
  if (found == actexp::no_function) {
    std::string message = "Unknown activation function ";
    actexp::append_json_string(message, id);  // quoted and escaped, whatever bytes it holds
    return report(Outcome::failure(Status::unknown_function, message + "."));
  }
  *handle = found;
  return report(Outcome::success());
}

const char* ae_function_json(int function) {
  static std::string json;
  const actexp::ActivationSpec* spec = actexp::function_registry().find(function);
  if (spec == nullptr) {
    report(Outcome::failure(Status::unknown_function, "Unknown activation function #" + std::to_string(function) + "."));
    return nullptr;
  }
  actexp::JsonWriter writer;
  actexp::write_function_json(writer, *spec);
  json = writer.take();
  report(Outcome::success());
  return json.c_str();
}

const char* ae_last_error(void) { return last_error().c_str(); }

int ae_sample(int function, const double* params, int param_count, int at_kink, int dtype, double from, double to,
              double n, double* x, double* f, double* df, double* d2f, int capacity, int* count) {
  const actexp::ActivationSpec* spec = nullptr;
  std::span<const double> span;
  if (auto outcome = resolve(function, params, param_count, spec, span); !outcome.ok()) return report(outcome);
  if (!valid_at_kink(at_kink)) {
    return report(Outcome::failure(Status::unknown_convention, "Unknown convention #" + std::to_string(at_kink) + "."));
  }
  if (!valid_dtype(dtype)) return report(Outcome::failure(Status::unknown_dtype, "Unknown dtype #" + std::to_string(dtype) + "."));
  // Checked as a double: size_t is 32 bits in wasm, so a cast first could wrap 1e10 to a valid n.
  if (!(n >= static_cast<double>(actexp::min_samples) && n <= static_cast<double>(actexp::max_samples)) ||
      n != std::floor(n)) {
    return report(Outcome::failure(Status::sample_count_out_of_range, actexp::sample_count_error(n)));
  }
  if (count == nullptr) return report(Outcome::failure(Status::null_buffer, "The count pointer is missing."));
  const actexp::SampleRequest request{.function = spec,
                                      .params = span,
                                      .at_kink = static_cast<actexp::AtKink>(at_kink),
                                      .dtype = static_cast<actexp::DType>(dtype),
                                      .from = from,
                                      .to = to,
                                      .n = static_cast<std::size_t>(n)};
  const actexp::SampleBuffers buffers{
      .x = x, .f = f, .df = df, .d2f = d2f, .capacity = capacity > 0 ? static_cast<std::size_t>(capacity) : 0};
  std::size_t written = 0;
  const Outcome outcome = actexp::sample(request, buffers, written);
  if (outcome.ok()) *count = static_cast<int>(written);
  return report(outcome);
}

int ae_kinks(int function, const double* params, int param_count, double* out, int capacity, int* count) {
  const actexp::ActivationSpec* spec = nullptr;
  std::span<const double> span;
  if (auto outcome = resolve(function, params, param_count, spec, span); !outcome.ok()) return report(outcome);
  if (out == nullptr || count == nullptr) return report(Outcome::failure(Status::null_buffer, "An output buffer is missing."));
  actexp::KinkList kinks;
  const std::size_t found = spec->kinks(span.data(), kinks);
  if (capacity < 0 || static_cast<std::size_t>(capacity) < found) {
    return report(Outcome::failure(Status::capacity_too_small, "Room for " + std::to_string(capacity) + " kinks but " +
                                                                   std::to_string(found) + " are needed."));
  }
  for (std::size_t k = 0; k < found; ++k) {
    write_kink_row(kinks[k], [&](actexp::AtKink c) { return kinks[k].df_at(c); }, out + k * AE_KINK_STRIDE);
  }
  *count = static_cast<int>(found);
  return report(Outcome::success());
}

int ae_kinks_in(int function, const double* params, int param_count, double from, double to, double* out, int capacity,
                int* count, int* found) {
  const actexp::ActivationSpec* spec = nullptr;
  std::span<const double> span;
  if (auto outcome = resolve(function, params, param_count, spec, span); !outcome.ok()) return report(outcome);
  if (out == nullptr || count == nullptr) return report(Outcome::failure(Status::null_buffer, "An output buffer is missing."));
  if (!std::isfinite(from) || !std::isfinite(to)) {
    return report(Outcome::failure(Status::range_not_finite, "The x-range must be finite numbers, got from " +
                                                                 actexp::format_number(from) + " to " + actexp::format_number(to) + "."));
  }
  if (!(from < to)) {
    return report(Outcome::failure(Status::range_empty, "The x-range needs from < to, got from " + actexp::format_number(from) +
                                                            " to " + actexp::format_number(to) + "."));
  }
  actexp::RangeKinks kinks;
  spec->kinks_in(span.data(), from, to, kinks);
  if (capacity < 0 || static_cast<std::size_t>(capacity) < kinks.count) {
    return report(Outcome::failure(Status::capacity_too_small, "Room for " + std::to_string(capacity) + " kinks but " +
                                                                   std::to_string(kinks.count) + " are needed."));
  }
  for (std::size_t k = 0; k < kinks.count; ++k) {
    write_kink_row(kinks.kinks[k], [&](actexp::AtKink c) { return kinks.df_at(k, c); }, out + k * AE_KINK_STRIDE);
  }
  *count = static_cast<int>(kinks.count);
  if (found != nullptr) *found = static_cast<int>(kinks.found);
  return report(Outcome::success());
}

int ae_saturation(int function, const double* params, int param_count, int at_kink, int dtype, double* out) {
  const actexp::ActivationSpec* spec = nullptr;
  std::span<const double> span;
  if (auto outcome = resolve(function, params, param_count, spec, span); !outcome.ok()) return report(outcome);
  if (out == nullptr) return report(Outcome::failure(Status::null_buffer, "The output buffer is missing."));
  if (!valid_at_kink(at_kink)) {
    return report(Outcome::failure(Status::unknown_convention, "Unknown convention #" + std::to_string(at_kink) + "."));
  }
  if (!valid_dtype(dtype)) return report(Outcome::failure(Status::unknown_dtype, "Unknown dtype #" + std::to_string(dtype) + "."));
  actexp::Saturation result{};
  const Outcome outcome =
      actexp::saturation(*spec, span, static_cast<actexp::AtKink>(at_kink), static_cast<actexp::DType>(dtype), result);
  if (outcome.ok()) {
    const double values[AE_SATURATION_SIZE] = {result.df_zero_up_to,    result.df_zero_from, result.f_constant_up_to,
                                               result.f_left,           result.f_constant_from, result.f_right};
    std::copy(values, values + AE_SATURATION_SIZE, out);
  }
  return report(outcome);
}

const char* ae_formula(int function, const double* params, int param_count, int at_kink, int which) {
  static std::string formula;
  const actexp::ActivationSpec* spec = nullptr;
  std::span<const double> span;
  if (auto outcome = resolve(function, params, param_count, spec, span); !outcome.ok()) {
    report(outcome);
    return nullptr;
  }
  if (!valid_at_kink(at_kink) || (which != 0 && which != 1)) {
    report(Outcome::failure(Status::unknown_convention, "Unknown convention or formula kind."));
    return nullptr;
  }
  formula = spec->formula(span.data(), static_cast<actexp::AtKink>(at_kink), static_cast<actexp::Formula>(which));
  report(Outcome::success());
  return formula.c_str();
}

}  // extern "C"
