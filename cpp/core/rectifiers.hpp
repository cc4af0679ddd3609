// ReLU and Leaky ReLU: value and derivative with the kink convention explicit.
#pragma once

#include <cmath>
#include <string>

#include "activation_spec.hpp"
#include "convention.hpp"

namespace actexp {

struct Relu {
  // ReLU'(0) = 0 everywhere: PyTorch's threshold_backward (self <= threshold gives 0),
  // TensorFlow's ReluGrad (features > 0, relu_op_functor.h at 12b1fb47), JAX's custom JVP.
  static constexpr KinkRule rule_at_0 = always_left;
  explicit Relu(const double* /*params*/) {}
  // Templates on the number type: double for float64, float as torch's kernels compute.
  template <typename T> static T value(T x) { return x > 0 ? x : T(0); }
  template <typename T> static T derivative(T x) { return x > 0 ? T(1) : T(0); }
  static double second(double x) { return x == 0 ? std::nan("") : 0.0; }
  static std::size_t kinks(KinkList& out);
  static std::string formula(AtKink at_kink, Formula which);
};

struct LeakyRelu {
  // PyTorch's leaky_relu_backward and TensorFlow's LeakyReluGrad (relu_op_functor.h at
  // 12b1fb47) test x > 0, so f'(0) = alpha; jax.nn.leaky_relu is where(x >= 0, x, alpha x),
  // so f'(0) = 1.
  static constexpr KinkRule rule_at_0{Side::left, Side::right, Side::left, Side::left};
  double alpha;
  explicit LeakyRelu(const double* params) : alpha(params[0]) {}
  // torch casts negative_slope to the compute type: float(alpha) below float64.
  template <typename T> [[nodiscard]] T value(T x) const { return x > 0 ? x : x * static_cast<T>(alpha); }
  template <typename T> [[nodiscard]] T derivative(T x) const { return x > 0 ? T(1) : static_cast<T>(alpha); }
  [[nodiscard]] double second(double x) const { return x == 0 && alpha != 1 ? std::nan("") : 0.0; }
  [[nodiscard]] std::size_t kinks(KinkList& out) const;
  [[nodiscard]] std::string formula(AtKink at_kink, Formula which) const;
};

}  // namespace actexp
