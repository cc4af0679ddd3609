// The list of activation functions, in display order, and checks of their parameters.
// The registry (registry.hpp) holds them; these read it.
#pragma once

#include <cstddef>
#include <span>
#include <string_view>

#include "activation_spec.hpp"
#include "status.hpp"

namespace actexp {

// Thin wrappers over function_registry() (registry.hpp): every entry in handle order (the
// built-ins first, in display order), valid until the next registration or removal.
std::span<const ActivationSpec* const> catalog();

// By handle (a built-in's is its display index); nullptr when no entry has it.
const ActivationSpec* find_function(std::size_t index);
const ActivationSpec* find_function(std::string_view id);

// Every parameter must be present, finite and inside [min, max] of its spec.
Outcome validate_parameters(const ActivationSpec& spec, std::span<const double> params);

}  // namespace actexp
