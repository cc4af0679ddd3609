#include "catalog.hpp"

#include <array>
#include <cmath>
#include <string>

#include "format.hpp"
#include "rectifiers.hpp"

namespace actexp {

std::span<const ActivationSpec* const> catalog() {
  static const std::array<const ActivationSpec*, 2> all{&leaky_relu_spec(), &relu_spec()};
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
