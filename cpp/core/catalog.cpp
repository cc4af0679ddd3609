#include "catalog.hpp"

#include <cmath>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "format.hpp"
#include "function_entry.hpp"
#include "functions.hpp"
#include "registry.hpp"

namespace actexp {

std::span<const ActivationSpec* const> catalog() { return function_registry().functions(); }

const ActivationSpec* find_function(std::size_t index) {
  if (index > static_cast<std::size_t>(std::numeric_limits<FunctionHandle>::max())) return nullptr;
  return function_registry().find(static_cast<FunctionHandle>(index));
}

const ActivationSpec* find_function(std::string_view id) { return function_registry().find(id); }

void evaluate_float_through_double(const FunctionKernels& kernels, const double* params, AtKink at_kink, const float* x,
                                   float* f, float* df, std::size_t n) {
  std::vector<double> wide(x, x + n), f_wide(n), df_wide(n);
  kernels.evaluate(params, at_kink, DType::float32, wide.data(), f_wide.data(), df_wide.data(), n);
  for (std::size_t i = 0; i < n; ++i) {
    f[i] = static_cast<float>(f_wide[i]);
    df[i] = static_cast<float>(df_wide[i]);
  }
}

ActivationSpec builtin_spec(const BuiltinFunction& builtin) {
  const BuiltinProperties& properties = builtin.properties;
  ActivationSpec spec{.id = std::string(builtin.id),
                      .name = std::string(builtin.name),
                      .summary = std::string(builtin.summary),
                      .parameters = {},
                      .properties = {.range = std::string(properties.range),
                                     .monotonic = std::string(properties.monotonic),
                                     .smoothness = std::string(properties.smoothness),
                                     .saturates = std::string(properties.saturates),
                                     .trainable = properties.trainable},
                      // The built-in's kernels are static: shared without ownership.
                      .kernels = std::shared_ptr<const FunctionKernels>(std::shared_ptr<void>(), builtin.kernels)};
  for (const BuiltinParameter& p : builtin.parameters) {
    ParameterSpec& owned = spec.parameters.emplace_back();
    owned.id = p.id;
    owned.symbol = p.symbol;
    owned.description = p.description;
    owned.default_value = p.default_value;
    owned.min = p.min;
    owned.max = p.max;
    owned.step = p.step;
    for (const BuiltinPreset& preset : p.presets) owned.presets.push_back({preset.value, std::string(preset.label), std::string(preset.source)});
  }
  return spec;
}

Outcome validate_parameters(const ActivationSpec& spec, std::span<const double> params) {
  if (params.size() != spec.parameters.size()) {
    return Outcome::failure(Status::wrong_parameter_count,
                            spec.name + " takes " + std::to_string(spec.parameters.size()) +
                                " parameter(s), got " + std::to_string(params.size()) + ".");
  }
  for (std::size_t i = 0; i < params.size(); ++i) {
    const ParameterSpec& p = spec.parameters[i];
    if (!std::isfinite(params[i])) {
      return Outcome::failure(Status::parameter_not_finite,
                              std::string(p.symbol) + " must be a finite number, got " + format_number(params[i]) + ".");
    }
    if (params[i] < p.min || params[i] > p.max) {
      return Outcome::failure(Status::parameter_out_of_range,
                              std::string(p.symbol) + " must be between " + format_number(p.min) + " and " +
                                  format_number(p.max) + ", got " + format_number(params[i]) + ".");
    }
  }
  if (spec.kernels) {
    if (std::string why = spec.kernels->check(params.data()); !why.empty()) {
      return Outcome::failure(Status::parameter_out_of_range, std::move(why));
    }
  }
  return Outcome::success();
}

}  // namespace actexp
