// Softsign: built from +, -, * and / alone, so its loop vectorises (compiled with SIMD in wasm,
// unlike the exp-based functions whose loops call scalar libm).
#include <cmath>

#include "function_entry.hpp"
#include "functions.hpp"
#include "mathml.hpp"

namespace actexp {
namespace {

using namespace mathml;

// ---- Softsign: x / (1 + |x|). f' is continuous; f'' jumps from 2 to -2 at 0.
struct Softsign : NoKinks {
  explicit Softsign(const double* /*params*/) {}
  static double value(double x) { return x / (1.0 + std::fabs(x)); }
  static double derivative(double x) {
    const double d = 1.0 + std::fabs(x);
    return 1.0 / d / d;  // d * d would overflow for |x| > 1e154
  }
  // F.softsign is input / (input.abs() + 1): each op's result is stored in the dtype, and
  // autograd's div backward (−grad·((x/d)/d)) and abs backward (·sgn x) are ops too.
  template <typename T> static T torch_value(T x, const Store& store) { return x / store(std::fabs(x) + T(1)); }
  template <typename T> static T torch_slope(T x, T /*y*/, const Store& store) {
    const T d = store(std::fabs(x) + T(1));
    const T through_numerator = store(T(1) / d);
    const T through_denominator = store(-store(store(x / d) / d) * (x > 0 ? T(1) : (x < 0 ? T(-1) : T(0))));
    return through_numerator + through_denominator;
  }
  static double second(double x) {
    if (x == 0) return no_second_derivative;
    const double d = 1.0 + std::fabs(x);
    return -2.0 * std::copysign(1.0, x) / d / d / d;
  }
  static std::string formula(AtKink /*at_kink*/, Formula which) {
    const std::string one_plus_abs = row({number(1), op("+"), op("|"), x(), op("|")});
    if (which == Formula::value) return equation(function_of_x(false), frac(x(), one_plus_abs));
    return equation(function_of_x(true), frac(number(1), sup(paren(one_plus_abs), number(2))));
  }
};

}  // namespace

constexpr BuiltinFunction softsign_builtin = make_spec<Softsign>(
      "softsign", "Softsign", "x / (1 + |x|): like tanh but approaching \u00b11 polynomially, not exponentially.", {},
      {.range = "(\u22121, 1)", .monotonic = "increasing", .smoothness = "C\u00b9", .saturates = "both"});
const EvaluateFloatFn softsign_float = &FunctionEntry<Softsign>::evaluate_float;

}  // namespace actexp
