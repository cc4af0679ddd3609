// What the catalog knows about one activation function: the single source of truth
// for names, parameters, kinks and formulas. The page, the CLI and the tests read it.
#pragma once

#include <array>
#include <cstddef>
#include <limits>
#include <span>
#include <string>
#include <string_view>

#include "convention.hpp"
#include "dtype.hpp"

namespace actexp {

struct Preset {
  double value;
  std::string_view label;   // short button text, e.g. "0.01"
  std::string_view source;  // who uses it, e.g. "PyTorch, JAX default"
};

struct ParameterSpec {
  std::string_view id;      // stable key for URLs and JSON
  std::string_view symbol;  // display symbol, e.g. "α"
  std::string_view description;
  double default_value;
  double min;  // accepted range, inclusive; also the slider's range
  double max;
  double step;  // slider granularity; typed values need not be on it
  std::span<const Preset> presets;
};

// A point where f or f' is not continuous. Left/right are one-sided limits; the rule says
// which of df_left and df_right each convention returns exactly at x.
struct Kink {
  double x = 0;
  double f_left = 0;
  double f_right = 0;
  double f_at = 0;
  double df_left = 0;
  double df_right = 0;
  KinkRule rule;

  /** f' exactly at x as `at_kink` computes it; NaN for a kink whose rule was never set. */
  [[nodiscard]] double df_at(AtKink at_kink) const;
};

// The most parameters a function may take: the C ABI's parameter buffers hold this many
// (AE_MAX_PARAMETERS); a function with more cannot be called through it.
inline constexpr std::size_t max_parameters = 16;

inline constexpr std::size_t max_kinks = 4;
using KinkList = std::array<Kink, max_kinks>;

inline double Kink::df_at(AtKink at_kink) const {
  switch (rule[at_kink]) {
    case Side::left: return df_left;
    case Side::right: return df_right;
    case Side::unset: break;
  }
  return std::numeric_limits<double>::quiet_NaN();
}

enum class Formula : int { value = 0, derivative = 1 };

// Evaluates f, f' and (when d2f is not null) f'' at n non-decreasing points; params are already
// validated. At a point exactly on a kink f' is the convention's value from the kink's rule.
// f'' is NaN exactly where it does not exist (where f' jumps). Below float64 the points are
// values of the dtype, f and f' are what PyTorch's CPU kernels return in it, and f'' stays exact.
using FillFn = void (*)(const double* params, AtKink at_kink, DType dtype, const double* x, double* f, double* df,
                        double* d2f, std::size_t n);
// f and f' at n points in any order (a layer's pre-activations), as fill computes them: f' at a
// point exactly on a kink is the convention's value. No f''.
using EvaluateFn = void (*)(const double* params, AtKink at_kink, DType dtype, const double* x, double* f, double* df,
                            std::size_t n);
// The float32 kernel on floats, for the lab's training: the same numbers as evaluate() with
// DType::float32, without the round trip through doubles.
using EvaluateFloatFn = void (*)(const double* params, AtKink at_kink, const float* x, float* f, float* df, std::size_t n);
// Writes the kinks in increasing x into out and returns how many there are.
using KinksFn = std::size_t (*)(const double* params, KinkList& out);
// MathML (a whole <math> element) of f or f' with the parameters filled in, as the
// chosen framework writes it.
using FormulaFn = std::string (*)(const double* params, AtKink at_kink, Formula which);

// What the catalog states about a function (the page also computes f(0) and f'(0) from it).
struct Properties {
  std::string_view range;       // e.g. "(−α·∞, ∞)"
  std::string_view monotonic;   // "increasing", "non-decreasing", "no"
  std::string_view smoothness;  // "C⁰", "C¹", "C∞", "discontinuous"
  std::string_view saturates;   // "no", "left", "both"
  // Whether backpropagation can train it: false where f' is 0 almost everywhere (a step), so
  // the lab does not offer it as a side unless a link asks for it.
  bool trainable = true;
};

struct ActivationSpec {
  std::string_view id;
  std::string_view name;
  std::string_view summary;
  std::span<const ParameterSpec> parameters;
  Properties properties;
  FillFn fill;
  EvaluateFn evaluate;
  EvaluateFloatFn evaluate_float;
  KinksFn kinks;
  FormulaFn formula;
};

}  // namespace actexp
