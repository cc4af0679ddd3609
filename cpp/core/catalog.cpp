#include "catalog.hpp"

#include <array>
#include <cmath>
#include <string>

#include "format.hpp"
#include "functions.hpp"

namespace actexp {

std::span<const ActivationSpec* const> catalog() {
  // Display order; the index is the C ABI's function number.
  static const std::array all{
      &leaky_relu_spec(), &relu_spec(),        &elu_spec(),         &selu_spec(),      &celu_spec(),
      &gelu_spec(),       &gelu_tanh_spec(),   &silu_spec(),        &mish_spec(),      &softplus_spec(),
      &sigmoid_spec(),    &tanh_spec(),        &hardtanh_spec(),    &relu6_spec(),     &hardsigmoid_spec(),
      &hardswish_spec(),  &softsign_spec(),    &logsigmoid_spec(),  &tanhshrink_spec(), &softshrink_spec(),
      &hardshrink_spec(), &heaviside_spec(),
  };
  return all;
}

const ActivationSpec* find_function(std::size_t index) {
  const auto all = catalog();
  return index < all.size() ? all[index] : nullptr;
}

const ActivationSpec* find_function(std::string_view id) {
  for (const auto* spec : catalog()) {
    if (spec->id == id) return spec;
  }
  return nullptr;
}

Outcome validate_parameters(const ActivationSpec& spec, std::span<const double> params) {
  if (params.size() != spec.parameters.size()) {
    return Outcome::failure(Status::wrong_parameter_count,
                            std::string(spec.name) + " takes " + std::to_string(spec.parameters.size()) +
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
  return Outcome::success();
}

}  // namespace actexp
