// The list of activation functions, in display order, and checks of their parameters.
#pragma once

#include <cstddef>
#include <span>
#include <string_view>

#include "activation_spec.hpp"
#include "status.hpp"

namespace actexp {

std::span<const ActivationSpec* const> catalog();

// nullptr when the index is out of range.
const ActivationSpec* find_function(std::size_t index);
const ActivationSpec* find_function(std::string_view id);

// Every parameter must be present, finite and inside [min, max] of its spec.
Outcome validate_parameters(const ActivationSpec& spec, std::span<const double> params);

}  // namespace actexp
