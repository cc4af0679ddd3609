// Which value a derivative takes exactly at a kink, where the one-sided limits differ.
#pragma once

namespace actexp {

// Frameworks disagree at kinks: PyTorch and TensorFlow give Leaky ReLU'(0) = alpha,
// JAX gives 1 (its `where(x >= 0, ...)` takes the right branch). Numbers are ABI.
enum class AtKink : int {
  pytorch = 0,  // also TensorFlow; the default
  jax = 1,
};

inline constexpr int at_kink_count = 2;

}  // namespace actexp
