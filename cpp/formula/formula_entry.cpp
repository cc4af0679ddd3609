#include "formula/formula_entry.hpp"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <span>
#include <utility>

#include "core/dtype.hpp"
#include "core/function_entry.hpp"
#include "formula/mathml.hpp"
#include "formula/ties.hpp"

namespace actexp::formula {
namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

// What the catalog says of a property it does not know (a formula's range, monotony, …).
constexpr const char* unknown_property = "\u2014";

ParameterSpec parameter_spec(const std::string& name) {
  return ParameterSpec{.id = name,
                       .symbol = name,
                       .description = "a parameter of the formula",
                       .default_value = parameter_default,
                       .min = parameter_min,
                       .max = parameter_max,
                       .step = parameter_step,
                       .presets = {},
                       .slider = ParameterSpec::SliderRange{.min = parameter_slider_min, .max = parameter_slider_max}};
}

}  // namespace

std::string FormulaKernels::run(const double* params, AtKink at_kink, DType dtype, const EvaluateBuffers& out) const {
  const std::span<const double> values(params, formula_.parameters.size());
  return formula::evaluate({.formula = &formula_, .params = values, .at_kink = at_kink, .dtype = dtype}, out);
}

void FormulaKernels::fill(const double* params, AtKink at_kink, DType dtype, const double* x, double* f, double* df,
                          double* d2f, std::size_t n) const {
  if (run(params, at_kink, dtype, {.x = x, .f = f, .df = df, .d2f = d2f, .n = n}).empty()) return;
  std::fill(f, f + n, nan);
  std::fill(df, df + n, nan);
  if (d2f != nullptr) std::fill(d2f, d2f + n, nan);
}

void FormulaKernels::evaluate(const double* params, AtKink at_kink, DType dtype, const double* x, double* f, double* df,
                              std::size_t n) const {
  fill(params, at_kink, dtype, x, f, df, nullptr, n);
}

void FormulaKernels::evaluate_float(const double* params, AtKink at_kink, const float* x, float* f, float* df,
                                    std::size_t n) const {
  evaluate_float_through_double(*this, params, at_kink, x, f, df, n);
}

std::string FormulaKernels::check(const double* params) const {
  return check_catalog_calls(formula_, std::span<const double>(params, formula_.parameters.size()), false).message;
}

std::size_t FormulaKernels::kinks(const double* /*params*/, KinkList& /*out*/) const { return 0; }

void FormulaKernels::kinks_in(const double* params, double from, double to, RangeKinks& out) const {
  const std::span<const double> values(params, formula_.parameters.size());
  const std::lock_guard lock(last_ties_mutex_);
  LastTies& last = last_ties_;
  // Bit for bit (-0 is not 0 there: a tie's x can be either).
  const auto bits = [](double a, double b) { return bit_cast<std::uint64_t>(a) == bit_cast<std::uint64_t>(b); };
  const bool same = last.valid && bits(last.from, from) && bits(last.to, to) &&
                    std::equal(values.begin(), values.end(), last.params.begin(), last.params.end(), bits);
  if (!same) {
    find_ties(formula_, values, from, to, last.ties);
    last.params.assign(values.begin(), values.end());
    last.from = from;
    last.to = to;
    last.valid = true;
  }
  out = last.ties;
}

std::string FormulaKernels::formula(const double* params, AtKink /*at_kink*/, actexp::Formula which) const {
  const std::span<const double> values(params, formula_.parameters.size());
  return formula_mathml(formula_, values, which == actexp::Formula::derivative);
}

ParseError make_formula_spec(std::string_view text, ActivationSpec& out, std::string_view id) {
  ParseResult parsed = parse(text);
  if (!parsed.ok()) return parsed.error;
  const std::vector<double> defaults(parsed.formula.parameters.size(), parameter_default);
  if (ParseError error = check_catalog_calls(parsed.formula, defaults, true); !error.message.empty()) return error;
  ActivationSpec spec{.id = std::string(id),
                      .name = std::string(text),
                      .summary = "A formula typed by the reader: f\u2032 and f\u2033 by forward-mode automatic differentiation, "
                                 "each tie by the framework's rule.",
                      .parameters = {},
                      .properties = {.range = unknown_property,
                                     .monotonic = unknown_property,
                                     .smoothness = unknown_property,
                                     .saturates = unknown_property,
                                     .trainable = true},
                      .kernels = nullptr};
  for (const std::string& name : parsed.formula.parameters) spec.parameters.push_back(parameter_spec(name));
  spec.kernels = std::make_shared<const FormulaKernels>(std::string(text), std::move(parsed.formula));
  out = std::move(spec);
  return {};
}

std::string escape_markup(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

}  // namespace actexp::formula
