// Every built-in activation function: its description as constant data (defined beside its
// kernels), and its entry in the registry (registry.cpp), which owns a copy of that text.
#pragma once

#include <cstddef>
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

// A built-in's float32 kernel on floats (what FunctionKernels::evaluate_float computes), for the
// lab's training. Each is referenced only by the lab's table (cpp/lab/float_kernels.cpp), so a
// module without the lab (the explorer's) does not carry the 22 of them.
using EvaluateFloatFn = void (*)(const double* params, AtKink at_kink, const float* x, float* f, float* df, std::size_t n);

// The entry the registry owns, with the description's text copied in.
ActivationSpec builtin_spec(const BuiltinFunction& builtin);

// Piecewise linear (piecewise.cpp, rectifiers.cpp)
extern const BuiltinFunction relu_builtin;
extern const EvaluateFloatFn relu_float;
const ActivationSpec& relu_spec();
extern const BuiltinFunction leaky_relu_builtin;
extern const EvaluateFloatFn leaky_relu_float;
const ActivationSpec& leaky_relu_spec();
extern const BuiltinFunction relu6_builtin;
extern const EvaluateFloatFn relu6_float;
const ActivationSpec& relu6_spec();
extern const BuiltinFunction hardtanh_builtin;
extern const EvaluateFloatFn hardtanh_float;
const ActivationSpec& hardtanh_spec();
extern const BuiltinFunction hardsigmoid_builtin;
extern const EvaluateFloatFn hardsigmoid_float;
const ActivationSpec& hardsigmoid_spec();
extern const BuiltinFunction hardswish_builtin;
extern const EvaluateFloatFn hardswish_float;
const ActivationSpec& hardswish_spec();
extern const BuiltinFunction softshrink_builtin;
extern const EvaluateFloatFn softshrink_float;
const ActivationSpec& softshrink_spec();
extern const BuiltinFunction hardshrink_builtin;
extern const EvaluateFloatFn hardshrink_float;
const ActivationSpec& hardshrink_spec();
extern const BuiltinFunction heaviside_builtin;
extern const EvaluateFloatFn heaviside_float;
const ActivationSpec& heaviside_spec();

// Exponential family (exponential.cpp)
extern const BuiltinFunction elu_builtin;
extern const EvaluateFloatFn elu_float;
const ActivationSpec& elu_spec();
extern const BuiltinFunction selu_builtin;
extern const EvaluateFloatFn selu_float;
const ActivationSpec& selu_spec();
extern const BuiltinFunction celu_builtin;
extern const EvaluateFloatFn celu_float;
const ActivationSpec& celu_spec();
extern const BuiltinFunction softplus_builtin;
extern const EvaluateFloatFn softplus_float;
const ActivationSpec& softplus_spec();
extern const BuiltinFunction sigmoid_builtin;
extern const EvaluateFloatFn sigmoid_float;
const ActivationSpec& sigmoid_spec();
extern const BuiltinFunction logsigmoid_builtin;
extern const EvaluateFloatFn logsigmoid_float;
const ActivationSpec& logsigmoid_spec();
extern const BuiltinFunction tanh_builtin;
extern const EvaluateFloatFn tanh_float;
const ActivationSpec& tanh_spec();
extern const BuiltinFunction tanhshrink_builtin;
extern const EvaluateFloatFn tanhshrink_float;
const ActivationSpec& tanhshrink_spec();

// Rational (algebraic.cpp)
extern const BuiltinFunction softsign_builtin;
extern const EvaluateFloatFn softsign_float;
const ActivationSpec& softsign_spec();

// Gated: x times a smooth gate (gated.cpp)
extern const BuiltinFunction gelu_builtin;
extern const EvaluateFloatFn gelu_float;
const ActivationSpec& gelu_spec();
extern const BuiltinFunction gelu_tanh_builtin;
extern const EvaluateFloatFn gelu_tanh_float;
const ActivationSpec& gelu_tanh_spec();
extern const BuiltinFunction silu_builtin;
extern const EvaluateFloatFn silu_float;
const ActivationSpec& silu_spec();
extern const BuiltinFunction mish_builtin;
extern const EvaluateFloatFn mish_float;
const ActivationSpec& mish_spec();

}  // namespace actexp
