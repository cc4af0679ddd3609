// Formulas that teach, each with the one thing it shows (issue 19): the page lists them under
// the formula field, clickable to load, and docs/formulas.md names them. Every one parses
// (tests/cpp/formula_grammar_test.cpp). The f' values quoted are PyTorch's (1.13 autograd) and
// the evaluator's, as docs/formulas.md's table of ties states them.
#pragma once

#include <array>
#include <string_view>

namespace actexp::formula {

struct Example {
  std::string_view name;
  std::string_view text;
  std::string_view teaches;
};

inline constexpr std::array examples{
    Example{"Leaky ReLU, the catalog's", "leaky_relu(x, 0.01)",
            "A catalog function by its id, with its own kink rule: f\u2032(0) = 0.01 in PyTorch."},
    Example{"Leaky ReLU as max", "max(0.01*x, x)",
            "A tie at 0: PyTorch and JAX split it, f\u2032(0) = 0.505; TensorFlow gives it to the first argument, 0.01."},
    Example{"Leaky ReLU as where", "where(x >= 0, x, 0.01*x)",
            "where differentiates the branch it takes: f\u2032(0) = 1 in every framework. Same f, three f\u2032(0)."},
    Example{"Swish-\u03b2", "x * sigmoid(b*x)",
            "Any other name is a parameter with a slider: b = 1 is SiLU, b = 1.702 is close to GELU."},
    Example{"Mish", "x * tanh(softplus(x))",
            "A composition: f\u2032 and f\u2033 by the chain rule, smooth everywhere."},
    Example{"Squared ReLU", "relu(x)^2",
            "f\u2032 is continuous, f\u2033 jumps from 0 to 2 at 0, where PyTorch's double backward gives 0."},
    Example{"Snake", "x + sin(a*x)^2/a",
            "A periodic activation: a sets the frequency (a = 0 divides by zero)."},
};

// What the page's Formula field holds when the reader first picks "Your own formula…": Swish-β,
// which shows a parameter's slider at once.
inline constexpr std::string_view prefilled_formula = examples[3].text;

}  // namespace actexp::formula
