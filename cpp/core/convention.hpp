// Which value a derivative takes exactly at a kink, where the one-sided limits differ: each
// framework (and version) is a convention, and each kink of each function has a rule saying
// which limit each convention returns. The rules are stated once, beside the function, with
// the framework source they were read from; docs/conventions.md shows the whole table.
#pragma once

#include <array>
#include <cstddef>
#include <string_view>

namespace actexp {

// Numbers are ABI (the C API takes them, JavaScript reads their ids from the catalog).
enum class AtKink : int {
  pytorch = 0,      // PyTorch 2.7 and later: the default
  jax = 1,          // jax.nn
  tensorflow = 2,   // TensorFlow's gradient kernels and Keras 3 on TensorFlow
  pytorch_2_6 = 3,  // PyTorch 2.6 and earlier, where it differs
};

inline constexpr int at_kink_count = 4;

struct ConventionInfo {
  std::string_view id;          // URL and CLI value
  std::string_view label;       // the page's radio button
  std::string_view frameworks;  // a sentence: what it covers and how it was checked
};

// In AtKink order; the C ABI, the catalog JSON and the CLI read this table.
inline constexpr std::array<ConventionInfo, at_kink_count> conventions{{
    {"pytorch", "PyTorch \u2265 2.7", "PyTorch 2.7 and later: the CPU and CUDA backward kernels (aten/src/ATen/native)"},
    {"jax", "JAX", "JAX: jax.nn, differentiated by its jnp.where branches and custom JVP rules"},
    {"tensorflow", "TensorFlow / Keras", "TensorFlow's gradient kernels (relu_op_functor.h) and Keras 3 on TensorFlow"},
    {"pytorch_2_6", "PyTorch \u2264 2.6", "PyTorch 2.6 and earlier: Hardswish's backward before pull request 148049"},
}};

// Which one-sided limit of f' a convention returns exactly at the kink.
enum class Side : unsigned char { unset = 0, left, right };

// One side per convention. The constructor names every convention, so adding one to AtKink
// does not compile until every rule says what the new one returns.
class KinkRule {
 public:
  constexpr KinkRule() = default;  // unset: a kink whose rule was forgotten (a unit test finds it)
  constexpr KinkRule(Side pytorch, Side jax, Side tensorflow, Side pytorch_2_6)
      : sides_{pytorch, jax, tensorflow, pytorch_2_6} {}
  [[nodiscard]] constexpr Side operator[](AtKink at_kink) const { return sides_[static_cast<std::size_t>(at_kink)]; }

 private:
  std::array<Side, at_kink_count> sides_{};
};
static_assert(at_kink_count == 4, "KinkRule's constructor takes one Side per convention: name the new one there");

// The rules most kinks follow.
inline constexpr KinkRule always_left{Side::left, Side::left, Side::left, Side::left};
inline constexpr KinkRule always_right{Side::right, Side::right, Side::right, Side::right};

// Whether the convention's value is the limit from the left, for formulas that write the
// branch test as the framework does ("x ≤ 0" against "x < 0").
constexpr bool takes_left(const KinkRule& rule, AtKink at_kink) { return rule[at_kink] == Side::left; }

}  // namespace actexp
