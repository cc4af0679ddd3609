// Every activation function in the catalog, one spec each.
#pragma once

#include "activation_spec.hpp"

namespace actexp {

// Piecewise linear (piecewise.cpp, rectifiers.cpp)
const ActivationSpec& relu_spec();
const ActivationSpec& leaky_relu_spec();
const ActivationSpec& relu6_spec();
const ActivationSpec& hardtanh_spec();
const ActivationSpec& hardsigmoid_spec();
const ActivationSpec& hardswish_spec();
const ActivationSpec& softshrink_spec();
const ActivationSpec& hardshrink_spec();
const ActivationSpec& heaviside_spec();

// Exponential family (exponential.cpp)
const ActivationSpec& elu_spec();
const ActivationSpec& selu_spec();
const ActivationSpec& celu_spec();
const ActivationSpec& softplus_spec();
const ActivationSpec& sigmoid_spec();
const ActivationSpec& logsigmoid_spec();
const ActivationSpec& tanh_spec();
const ActivationSpec& tanhshrink_spec();

// Rational (algebraic.cpp)
const ActivationSpec& softsign_spec();

// Gated: x times a smooth gate (gated.cpp)
const ActivationSpec& gelu_spec();
const ActivationSpec& gelu_tanh_spec();
const ActivationSpec& silu_spec();
const ActivationSpec& mish_spec();

}  // namespace actexp
