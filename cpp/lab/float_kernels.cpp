#include "float_kernels.hpp"

#include <cstddef>
#include <vector>

namespace actexp::lab {
namespace {

struct Row {
  const BuiltinFunction* builtin;
  EvaluateFloatFn kernel;
};

// Indexed by handle, built on first use from the registry's handles, so the order is stated once.
std::vector<EvaluateFloatFn> by_handle() {
  const Row rows[] = {
      {&leaky_relu_builtin, leaky_relu_float},
      {&relu_builtin, relu_float},
      {&elu_builtin, elu_float},
      {&selu_builtin, selu_float},
      {&celu_builtin, celu_float},
      {&gelu_builtin, gelu_float},
      {&gelu_tanh_builtin, gelu_tanh_float},
      {&silu_builtin, silu_float},
      {&mish_builtin, mish_float},
      {&softplus_builtin, softplus_float},
      {&sigmoid_builtin, sigmoid_float},
      {&tanh_builtin, tanh_float},
      {&hardtanh_builtin, hardtanh_float},
      {&relu6_builtin, relu6_float},
      {&hardsigmoid_builtin, hardsigmoid_float},
      {&hardswish_builtin, hardswish_float},
      {&softsign_builtin, softsign_float},
      {&logsigmoid_builtin, logsigmoid_float},
      {&tanhshrink_builtin, tanhshrink_float},
      {&softshrink_builtin, softshrink_float},
      {&hardshrink_builtin, hardshrink_float},
      {&heaviside_builtin, heaviside_float},
  };
  std::vector<EvaluateFloatFn> table;
  for (const Row& row : rows) {
    const FunctionHandle handle = function_registry().handle_of(row.builtin->id);
    if (handle < 0) continue;
    if (static_cast<std::size_t>(handle) >= table.size()) table.resize(static_cast<std::size_t>(handle) + 1);
    table[static_cast<std::size_t>(handle)] = row.kernel;
  }
  return table;
}

}  // namespace

EvaluateFloatFn builtin_float_kernel(FunctionHandle handle) {
  static const std::vector<EvaluateFloatFn> table = by_handle();
  if (!function_registry().is_builtin(handle) || static_cast<std::size_t>(handle) >= table.size()) return nullptr;
  return table[static_cast<std::size_t>(handle)];
}

}  // namespace actexp::lab
