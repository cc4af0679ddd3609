// A small fully connected network, forward and backward, as PyTorch computes it by default:
// hidden layers f(W h + b) with W indexed [out][in], a linear output layer, mean softmax
// cross-entropy or mean squared error over the batch. Templated on the number type: float for
// training (as the frameworks train), double for the gradient check against finite
// differences. f and f' come from the catalog (its float32 kernel for float), so the catalog
// stays the one source of truth, kink conventions included.
#pragma once

#include <array>
#include <cmath>
#include <cstddef>
#include <span>
#include <string_view>
#include <type_traits>
#include <vector>

#include "../core/activation_spec.hpp"
#include "../core/registry.hpp"
#include "float_kernels.hpp"
#include "random.hpp"
#include "../core/portable_math.hpp"

namespace actexp::lab {

enum class Init : int { he = 0, glorot = 1, negative_bias = 2 };
inline constexpr std::array<std::string_view, 3> init_ids{"he", "glorot", "negative_bias"};
enum class LossKind : int { cross_entropy = 0, mse = 1 };
inline constexpr std::array<std::string_view, 2> loss_ids{"cross_entropy", "mse"};

template <typename T>
struct Layer {
  int in = 0;
  int out = 0;
  std::vector<T> w;  // out × in, row-major: w[o * in + i]
  std::vector<T> b;  // out
};
template <typename T>
using Weights = std::vector<Layer<T>>;

// sizes = inputs, hidden…, outputs. He: normal(0, √(2/in)), biases 0. Glorot: uniform ±√(6/(in + out)),
// biases 0. negative_bias: He weights, hidden biases −1, which starts many ReLU units dead.
Weights<float> initial_weights(std::span<const int> sizes, Init init, Random& rng);

template <typename To, typename From>
Weights<To> convert(const Weights<From>& from) {
  Weights<To> to;
  for (const auto& l : from) to.push_back({l.in, l.out, std::vector<To>(l.w.begin(), l.w.end()), std::vector<To>(l.b.begin(), l.b.end())});
  return to;
}

// The activation of the hidden layers: a registry entry, its parameters and convention. The entry
// is held by handle and by a share (FunctionRef): if it is removed from the registry while a run
// trains with it, the run keeps computing with it to the end; a new run cannot ask for it.
struct Activation {
  FunctionRef function;
  std::vector<double> params;
  AtKink at_kink = AtKink::pytorch;

  // h = f(z), dh = f'(z); float runs the float32 kernel, double the exact one.
  template <typename T>
  void apply(const std::vector<T>& z, std::vector<T>& h, std::vector<T>& dh) const {
    if constexpr (std::is_same_v<T, float>) {
      h.resize(z.size());
      dh.resize(z.size());
      // A built-in's direct float kernel; any other entry's own.
      if (const EvaluateFloatFn kernel = builtin_float_kernel(function.handle())) {
        kernel(params.data(), at_kink, z.data(), h.data(), dh.data(), z.size());
      } else {
        function->evaluate_float(params.data(), at_kink, z.data(), h.data(), dh.data(), z.size());
      }
      return;
    }
    thread_local std::vector<double> x, f, df;
    x.assign(z.begin(), z.end());
    f.resize(z.size());
    df.resize(z.size());
    const DType dtype = sizeof(T) == sizeof(float) ? DType::float32 : DType::float64;
    function->evaluate(params.data(), at_kink, dtype, x.data(), f.data(), df.data(), z.size());
    h.assign(f.begin(), f.end());
    dh.assign(df.begin(), df.end());
  }
};

// What a forward pass keeps for the backward: per hidden layer the pre-activation z, the
// output h and f'(z); then the network's output.
template <typename T>
struct Pass {
  std::vector<std::vector<T>> z, h, dh;
  std::vector<T> out;
};

// y = x Wᵀ + b for `rows` rows of x (rows × in) into y (rows × out). Each y[r][o] is summed
// over i in order from 0, then b[o] added, as a plain dot product would; the loop runs over o
// innermost (on Wᵀ), so the adds of neighbouring outputs go side by side in SIMD lanes while
// each output keeps that order: the same bits natively and in wasm, vectorised or not.
template <typename T>
void affine(const Layer<T>& layer, const T* x, int rows, std::vector<T>& y) {
  const auto in = static_cast<std::size_t>(layer.in);
  const auto out = static_cast<std::size_t>(layer.out);
  thread_local std::vector<T> transposed;
  transposed.resize(in * out);
  for (std::size_t o = 0; o < out; ++o) {
    for (std::size_t i = 0; i < in; ++i) transposed[i * out + o] = layer.w[o * in + i];
  }
  y.assign(static_cast<std::size_t>(rows) * out, T(0));
  for (std::size_t r = 0; r < static_cast<std::size_t>(rows); ++r) {
    // Distinct buffers: __restrict spares the vectoriser its overlap checks on these short rows.
    T* __restrict yr = y.data() + r * out;
    const T* xr = x + r * in;
    for (std::size_t i = 0; i < in; ++i) {
      const T xi = xr[i];
      const T* __restrict wt = transposed.data() + i * out;
      for (std::size_t o = 0; o < out; ++o) yr[o] += xi * wt[o];
    }
    for (std::size_t o = 0; o < out; ++o) yr[o] += layer.b[o];
  }
}

template <typename T>
void forward(const Weights<T>& weights, const Activation& activation, const T* x, int rows, Pass<T>& pass) {
  const std::size_t hidden = weights.size() - 1;
  pass.z.resize(hidden);
  pass.h.resize(hidden);
  pass.dh.resize(hidden);
  const T* input = x;
  for (std::size_t l = 0; l < hidden; ++l) {
    affine(weights[l], input, rows, pass.z[l]);
    activation.apply(pass.z[l], pass.h[l], pass.dh[l]);
    input = pass.h[l].data();
  }
  affine(weights.back(), input, rows, pass.out);
}

// The loss summed over `rows` rows of a batch of `batch` rows (in double, row after row from
// `total`) and the gradient of the batch's mean loss with respect to those rows' outputs
// (rows × outputs): a batch done in pieces continues one total and gets each row's gradient
// as the whole batch at once would. Cross-entropy: log-softmax with the max subtracted, as
// torch.nn.functional.cross_entropy.
template <typename T>
double loss_sum_and_gradient(LossKind kind, const std::vector<T>& out, int rows, int batch, int outputs, const int* labels,
                             const T* targets, double total, std::vector<T>& gradient) {
  gradient.assign(static_cast<std::size_t>(rows) * static_cast<std::size_t>(outputs), T(0));
  const auto cols = static_cast<std::size_t>(outputs);
  for (std::size_t r = 0; r < static_cast<std::size_t>(rows); ++r) {
    const T* o = out.data() + r * cols;
    T* g = gradient.data() + r * cols;
    if (kind == LossKind::cross_entropy) {
      T largest = o[0];
      for (std::size_t c = 1; c < cols; ++c) largest = std::max(largest, o[c]);
      T sum = T(0);
      for (std::size_t c = 0; c < cols; ++c) {
        g[c] = static_cast<T>(portable::exp(static_cast<double>(o[c] - largest)));
        sum += g[c];
      }
      const auto label = static_cast<std::size_t>(labels[r]);
      total += static_cast<double>(largest) + portable::log(static_cast<double>(sum)) - static_cast<double>(o[label]);
      for (std::size_t c = 0; c < cols; ++c) g[c] = (g[c] / sum - (c == label ? T(1) : T(0))) / static_cast<T>(batch);
    } else {
      for (std::size_t c = 0; c < cols; ++c) {
        const T d = o[c] - targets[r * cols + c];
        total += static_cast<double>(d) * static_cast<double>(d);
        g[c] = T(2) * d / static_cast<T>(batch * outputs);
      }
    }
  }
  return total;
}

// The loss summed over the batch, divided as the loss is: its mean per row (cross-entropy) or per value (mse).
inline double mean_loss(LossKind kind, double total, int batch, int outputs) {
  return kind == LossKind::cross_entropy ? total / batch : total / (batch * outputs);
}

// The batch's mean loss and its gradient with respect to the output (rows × outputs).
template <typename T>
T loss_and_gradient(LossKind kind, const std::vector<T>& out, int rows, int outputs, const int* labels, const T* targets,
                    std::vector<T>& gradient) {
  const double total = loss_sum_and_gradient(kind, out, rows, rows, outputs, labels, targets, 0.0, gradient);
  return static_cast<T>(mean_loss(kind, total, rows, outputs));
}

// Zero gradients shaped as the weights.
template <typename T>
void zero_gradients(const Weights<T>& weights, Weights<T>& gradients) {
  gradients.resize(weights.size());
  for (std::size_t l = 0; l < weights.size(); ++l) {
    gradients[l].in = weights[l].in;
    gradients[l].out = weights[l].out;
    gradients[l].w.assign(weights[l].w.size(), T(0));
    gradients[l].b.assign(weights[l].b.size(), T(0));
  }
}

// Adds the gradients of `rows` rows to `gradients` (shaped by zero_gradients), through the kept
// pass: each element continues its sum row after row, so a batch in pieces, in order, sums as
// the whole batch does.
template <typename T>
void accumulate_gradients(const Weights<T>& weights, const Pass<T>& pass, const T* x, int rows, const std::vector<T>& out_gradient,
                          Weights<T>& gradients) {
  std::vector<T> g = out_gradient;  // gradient w.r.t. the current layer's output (pre-activation for hidden)
  std::vector<T> below;
  const auto n = static_cast<std::size_t>(rows);
  for (std::size_t l = weights.size(); l-- > 0;) {
    const Layer<T>& layer = weights[l];
    const T* input = l == 0 ? x : pass.h[l - 1].data();
    const auto in = static_cast<std::size_t>(layer.in);
    const auto out = static_cast<std::size_t>(layer.out);
    Layer<T>& grad = gradients[l];
    // Each gradient element sums over rows in order; the loops over i are element-wise, so
    // they vectorise without changing a sum (__restrict: the buffers never overlap).
    for (std::size_t r = 0; r < n; ++r) {
      const T* __restrict input_row = input + r * in;
      for (std::size_t o = 0; o < out; ++o) {
        const T go = g[r * out + o];
        grad.b[o] += go;
        T* __restrict gw = grad.w.data() + o * in;
        for (std::size_t i = 0; i < in; ++i) gw[i] += go * input_row[i];
      }
    }
    if (l == 0) break;
    below.assign(n * in, T(0));
    for (std::size_t r = 0; r < n; ++r) {
      T* __restrict below_row = below.data() + r * in;
      for (std::size_t o = 0; o < out; ++o) {
        const T go = g[r * out + o];
        const T* __restrict w = layer.w.data() + o * in;
        for (std::size_t i = 0; i < in; ++i) below_row[i] += go * w[i];
      }
    }
    const std::vector<T>& slope = pass.dh[l - 1];
    for (std::size_t k = 0; k < below.size(); ++k) below[k] *= slope[k];
    g.swap(below);
  }
}

// Gradients of every weight and bias from the output gradient, through the kept pass.
template <typename T>
void backward(const Weights<T>& weights, const Pass<T>& pass, const T* x, int rows, const std::vector<T>& out_gradient,
              Weights<T>& gradients) {
  zero_gradients(weights, gradients);
  accumulate_gradients(weights, pass, x, rows, out_gradient, gradients);
}

}  // namespace actexp::lab
