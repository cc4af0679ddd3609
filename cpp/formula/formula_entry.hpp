// A typed formula as a registry entry (issue 19): its parsed tape behind FunctionKernels, so the
// sampler, the lab and everything else that takes a handle computes it as it does a built-in.
//   ActivationSpec spec;
//   if (ParseError e = make_formula_spec("x * sigmoid(b*x)", spec); !e.message.empty()) ... e.column
//   FunctionHandle handle; function_registry().add(spec, handle);
#pragma once

#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/activation_spec.hpp"
#include "formula/formula.hpp"

namespace actexp::formula {

// The id a formula's entry takes unless told otherwise (the page's URL key for the first side).
inline constexpr std::string_view default_formula_id = "expr";
// A formula parameter (issue 19): default parameter_default (1), a slider from −10 to 10 "widened
// by the number field", which takes any value in [parameter_min, parameter_max].
inline constexpr double parameter_min = -1e6;
inline constexpr double parameter_max = 1e6;
inline constexpr double parameter_slider_min = -10;
inline constexpr double parameter_slider_max = 10;
inline constexpr double parameter_step = 0.01;

class FormulaKernels final : public FunctionKernels {
 public:
  FormulaKernels(std::string text, Formula formula) : text_(std::move(text)), formula_(std::move(formula)) {}

  // f, f' and f'' as formula::sample() computes them on the same grid: every op rounded to the
  // dtype, each tie by the convention's rule. Where evaluate() refuses (a catalog call's parameter,
  // from a formula parameter, outside its range), f, f' and f'' are NaN: check_catalog_calls()
  // says why beforehand.
  void fill(const double* params, AtKink at_kink, DType dtype, const double* x, double* f, double* df, double* d2f,
            std::size_t n) const override;
  void evaluate(const double* params, AtKink at_kink, DType dtype, const double* x, double* f, double* df,
                std::size_t n) const override;
  // evaluate() in float32 (each op rounded to float32), through doubles: the same bits.
  void evaluate_float(const double* params, AtKink at_kink, const float* x, float* f, float* df,
                      std::size_t n) const override;
  // None without a range: a formula's kinks are its ties, found in a range by kinks_in.
  std::size_t kinks(const double* params, KinkList& out) const override;
  // The ties in [from, to] found from its primitives (formula/ties.hpp); the sampler adds them
  // to the grid as it adds a built-in's kinks.
  void kinks_in(const double* params, double from, double to, RangeKinks& out) const override;
  // f(x) = the formula as MathML with the parameters' values (mathml.hpp), or f'(x) = d/dx of it:
  // f' is computed numerically at each point, never as a symbolic formula.
  std::string formula(const double* params, AtKink at_kink, actexp::Formula which) const override;
  [[nodiscard]] std::string_view expression() const override { return text_; }
  // A catalog call's parameter computed from the formula's parameters and outside the callee's
  // range, named with its column (check_catalog_calls), so the sampler refuses instead of NaN.
  [[nodiscard]] std::string check(const double* params) const override;

  [[nodiscard]] const Formula& parsed() const { return formula_; }

 private:
  std::string run(const double* params, AtKink at_kink, DType dtype, const EvaluateBuffers& out) const;

  std::string text_;
  Formula formula_;  // the tape (formula.hpp's Formula; actexp::Formula says value or derivative)
  // The last range's ties: the page asks for a series' kinks, then samples it on the same range
  // with the same parameters, and the search costs more than a sample of a short formula.
  struct LastTies {
    std::vector<double> params;
    double from = 0, to = 0;
    bool valid = false;
    RangeKinks ties;
  };
  mutable std::mutex last_ties_mutex_;
  mutable LastTies last_ties_;
};

// Parses `text` into an entry ready for function_registry().add(): id `id`, name the text, one
// parameter per formula parameter (default 1, accepted range ±1e6, slider −10…10, step 0.01), properties unknown ("—")
// but trainable. An error (with its column) leaves `out` untouched. Catalog calls whose
// parameters are numbers are checked here; those using formula parameters when evaluated
// (check_catalog_calls with the values).
ParseError make_formula_spec(std::string_view text, ActivationSpec& out, std::string_view id = default_formula_id);

// "&amp;" for "&" and so on: text safe inside a MathML (or HTML) element.
std::string escape_markup(std::string_view text);

}  // namespace actexp::formula
