// Every built-in activation function: its description as constant data (defined beside its
// kernels), and its entry in the registry (registry.cpp), which owns a copy of that text.
#pragma once

#include <span>
#include <string_view>

#include "activation_spec.hpp"

namespace actexp {

struct BuiltinPreset {
  double value;
  std::string_view label;
  std::string_view source;
};

struct BuiltinParameter {
  std::string_view id;
  std::string_view symbol;
  std::string_view description;
  double default_value;
  double min;
  double max;
  double step;
  std::span<const BuiltinPreset> presets;
};

struct BuiltinProperties {
  std::string_view range;
  std::string_view monotonic;
  std::string_view smoothness;
  std::string_view saturates;
  bool trainable = true;
};

struct BuiltinFunction {
  std::string_view id;
  std::string_view name;
  std::string_view summary;
  std::span<const BuiltinParameter> parameters;
  BuiltinProperties properties;
  const FunctionKernels* kernels;
};

// The entry the registry owns, with the description's text copied in.
ActivationSpec builtin_spec(const BuiltinFunction& builtin);

// Piecewise linear (piecewise.cpp, rectifiers.cpp)
extern const BuiltinFunction relu_builtin;
const ActivationSpec& relu_spec();
extern const BuiltinFunction leaky_relu_builtin;
const ActivationSpec& leaky_relu_spec();
extern const BuiltinFunction relu6_builtin;
const ActivationSpec& relu6_spec();
extern const BuiltinFunction hardtanh_builtin;
const ActivationSpec& hardtanh_spec();
extern const BuiltinFunction hardsigmoid_builtin;
const ActivationSpec& hardsigmoid_spec();
extern const BuiltinFunction hardswish_builtin;
const ActivationSpec& hardswish_spec();
extern const BuiltinFunction softshrink_builtin;
const ActivationSpec& softshrink_spec();
extern const BuiltinFunction hardshrink_builtin;
const ActivationSpec& hardshrink_spec();
extern const BuiltinFunction heaviside_builtin;
const ActivationSpec& heaviside_spec();

// Exponential family (exponential.cpp)
extern const BuiltinFunction elu_builtin;
const ActivationSpec& elu_spec();
extern const BuiltinFunction selu_builtin;
const ActivationSpec& selu_spec();
extern const BuiltinFunction celu_builtin;
const ActivationSpec& celu_spec();
extern const BuiltinFunction softplus_builtin;
const ActivationSpec& softplus_spec();
extern const BuiltinFunction sigmoid_builtin;
const ActivationSpec& sigmoid_spec();
extern const BuiltinFunction logsigmoid_builtin;
const ActivationSpec& logsigmoid_spec();
extern const BuiltinFunction tanh_builtin;
const ActivationSpec& tanh_spec();
extern const BuiltinFunction tanhshrink_builtin;
const ActivationSpec& tanhshrink_spec();

// Rational (algebraic.cpp)
extern const BuiltinFunction softsign_builtin;
const ActivationSpec& softsign_spec();

// Gated: x times a smooth gate (gated.cpp)
extern const BuiltinFunction gelu_builtin;
const ActivationSpec& gelu_spec();
extern const BuiltinFunction gelu_tanh_builtin;
const ActivationSpec& gelu_tanh_spec();
extern const BuiltinFunction silu_builtin;
const ActivationSpec& silu_spec();
extern const BuiltinFunction mish_builtin;
const ActivationSpec& mish_spec();

}  // namespace actexp
