// ReLU and Leaky ReLU: value and derivative with the kink convention explicit.
#pragma once

#include <cmath>
#include <string>

#include "activation_spec.hpp"
#include "convention.hpp"

namespace actexp {

struct Relu {
  explicit Relu(const double* /*params*/) {}
  static double value(double x) { return x > 0 ? x : 0.0; }
  // PyTorch, TensorFlow and JAX all return 0 at x = 0.
  static double derivative(double x, AtKink /*at_kink*/) { return x > 0 ? 1.0 : 0.0; }
  static double second(double x) { return x == 0 ? std::nan("") : 0.0; }
  static std::size_t kinks(KinkList& out);
  static std::string formula(AtKink at_kink, Formula which);
};

struct LeakyRelu {
  double alpha;
  explicit LeakyRelu(const double* params) : alpha(params[0]) {}
  static double value(double x, double alpha) { return x > 0 ? x : alpha * x; }
  // PyTorch/TensorFlow test x > 0 (so f'(0) = alpha); JAX tests x >= 0 (so f'(0) = 1).
  static double derivative(double x, double alpha, AtKink at_kink) {
    const bool right_branch = at_kink == AtKink::jax ? x >= 0 : x > 0;
    return right_branch ? 1.0 : alpha;
  }
  [[nodiscard]] double value(double x) const { return value(x, alpha); }
  [[nodiscard]] double derivative(double x, AtKink at_kink) const { return derivative(x, alpha, at_kink); }
  [[nodiscard]] double second(double x) const { return x == 0 && alpha != 1 ? std::nan("") : 0.0; }
  [[nodiscard]] std::size_t kinks(KinkList& out) const;
  [[nodiscard]] std::string formula(AtKink at_kink, Formula which) const;
};

}  // namespace actexp
