// ReLU and Leaky ReLU: value and derivative with the kink convention explicit.
#pragma once

#include "activation_spec.hpp"
#include "convention.hpp"

namespace actexp {

struct Relu {
  static double value(double x) { return x > 0 ? x : 0.0; }
  // PyTorch, TensorFlow and JAX all return 0 at x = 0.
  static double derivative(double x, AtKink /*at_kink*/) { return x > 0 ? 1.0 : 0.0; }
};

struct LeakyRelu {
  static double value(double x, double alpha) { return x > 0 ? x : alpha * x; }
  // PyTorch/TensorFlow test x > 0 (so f'(0) = alpha); JAX tests x >= 0 (so f'(0) = 1).
  static double derivative(double x, double alpha, AtKink at_kink) {
    const bool right_branch = at_kink == AtKink::jax ? x >= 0 : x > 0;
    return right_branch ? 1.0 : alpha;
  }
};

const ActivationSpec& relu_spec();
const ActivationSpec& leaky_relu_spec();

}  // namespace actexp
