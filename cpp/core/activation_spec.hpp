// What the catalog knows about one activation function: the single source of truth
// for names, parameters, kinks and formulas. The page, the CLI and the tests read it.
// An entry owns its text (std::string), so one made at run time (a formula the reader typed)
// outlives the buffer it was read from; how it computes is an object behind FunctionKernels.
#pragma once

#include <array>
#include <cstddef>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "convention.hpp"
#include "dtype.hpp"

namespace actexp {

struct Preset {
  double value = 0;
  std::string label;   // short button text, e.g. "0.01"
  std::string source;  // who uses it, e.g. "PyTorch, JAX default"
};

struct ParameterSpec {
  std::string id;      // stable key for URLs and JSON
  std::string symbol;  // display symbol, e.g. "α"
  std::string description;
  double default_value = 0;
  double min = 0;  // accepted range, inclusive; also the slider's range unless `slider` says otherwise
  double max = 0;
  double step = 0;  // slider granularity; typed values need not be on it
  std::vector<Preset> presets;
  // The slider's range where it is narrower than the accepted one (a formula's parameter: the
  // slider spans −10…10, the number field takes any value in [min, max] and the slider widens to
  // show it). Absent for a built-in, whose slider spans [min, max].
  struct SliderRange {
    double min = 0;
    double max = 0;
  };
  std::optional<SliderRange> slider;
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

// The most kinks one range reports (FunctionKernels::kinks_in, ae_kinks_in) and the sampler adds
// to a grid: a typed formula's ties, which a periodic formula has as many of as its range is wide.
inline constexpr std::size_t max_range_kinks = 32;
static_assert(max_range_kinks >= max_kinks);
struct RangeKinks {
  std::array<Kink, max_range_kinks> kinks{};
  std::size_t count = 0;  // written into kinks, in increasing x
  std::size_t found = 0;  // in the range in all: more than count when max_range_kinks cut the list
  // A typed formula's tie: f' exactly there per convention, which need not be either limit (max
  // splits the gradient: max(0.01*x, x) has 0.505 at 0); a built-in's kink: its rule decides.
  std::array<bool, max_range_kinks> has_df_at{};
  std::array<std::array<double, at_kink_count>, max_range_kinks> df_at_values{};

  /** f' exactly at kink k as `at_kink` computes it. */
  [[nodiscard]] double df_at(std::size_t k, AtKink at_kink) const {
    return has_df_at[k] ? df_at_values[k][static_cast<std::size_t>(at_kink)] : kinks[k].df_at(at_kink);
  }
};

inline double Kink::df_at(AtKink at_kink) const {
  switch (rule[at_kink]) {
    case Side::left: return df_left;
    case Side::right: return df_right;
    case Side::unset: break;
  }
  return std::numeric_limits<double>::quiet_NaN();
}

enum class Formula : int { value = 0, derivative = 1 };

// How an entry computes. Built-ins wrap a function struct (BuiltinKernels<F> in
// function_entry.hpp); an entry made at run time (a typed formula) carries its own state. Every
// call covers a whole array, so the virtual call costs once per array, never per sample.
class FunctionKernels {
 public:
  virtual ~FunctionKernels() = default;

  // Evaluates f, f' and (when d2f is not null) f'' at n non-decreasing points; params are already
  // validated. At a point exactly on a kink f' is the convention's value from the kink's rule.
  // f'' is NaN exactly where it does not exist (where f' jumps). Below float64 the points are
  // values of the dtype, f and f' are what PyTorch's CPU kernels return in it, and f'' stays exact.
  virtual void fill(const double* params, AtKink at_kink, DType dtype, const double* x, double* f, double* df,
                    double* d2f, std::size_t n) const = 0;
  // f and f' at n points in any order (a layer's pre-activations), as fill computes them: f' at a
  // point exactly on a kink is the convention's value. No f''.
  virtual void evaluate(const double* params, AtKink at_kink, DType dtype, const double* x, double* f, double* df,
                        std::size_t n) const = 0;
  // The float32 kernel on floats, for the lab's training: the same numbers as evaluate() with
  // DType::float32, without the round trip through doubles.
  virtual void evaluate_float(const double* params, AtKink at_kink, const float* x, float* f, float* df,
                              std::size_t n) const = 0;
  // Writes the kinks in increasing x into out and returns how many there are.
  virtual std::size_t kinks(const double* params, KinkList& out) const = 0;
  // The kinks in [from, to] (both included), in increasing x. A built-in's are its kinks() that
  // lie there; a typed formula's are the ties found from its primitives (formula/ties.hpp).
  virtual void kinks_in(const double* params, double from, double to, RangeKinks& out) const {
    KinkList all;
    const std::size_t total = kinks(params, all);
    out.count = 0;
    for (std::size_t k = 0; k < total; ++k) {
      if (!(all[k].x >= from && all[k].x <= to)) continue;
      out.has_df_at[out.count] = false;
      out.kinks[out.count++] = all[k];
    }
    out.found = out.count;
  }
  // MathML (a whole <math> element) of f or f' with the parameters filled in, as the
  // chosen framework writes it.
  virtual std::string formula(const double* params, AtKink at_kink, Formula which) const = 0;
  // The formula an entry made from typed text computes (the lab's export writes it); empty for
  // a built-in.
  [[nodiscard]] virtual std::string_view expression() const { return {}; }
  // Why parameter values inside their ranges still cannot be used (a formula's catalog call
  // given a value its callee refuses: leaky_relu(x, a) with a = 2), or empty; asked by
  // validate_parameters() after the ranges.
  [[nodiscard]] virtual std::string check(const double* /*params*/) const { return {}; }
};

// What the catalog states about a function (the page also computes f(0) and f'(0) from it).
struct Properties {
  std::string range;       // e.g. "(−α·∞, ∞)"
  std::string monotonic;   // "increasing", "non-decreasing", "no"
  std::string smoothness;  // "C⁰", "C¹", "C∞", "discontinuous"
  std::string saturates;   // "no", "left", "both"
  // Whether backpropagation can train it: false where f' is 0 almost everywhere (a step), so
  // the lab does not offer it as a side unless a link asks for it.
  bool trainable = true;
};

// One function as the registry holds it: owned text, its parameters, and its kernels (shared, so
// copies of an entry compute alike). The member functions forward to the kernels.
struct ActivationSpec {
  std::string id;
  std::string name;
  std::string summary;
  std::vector<ParameterSpec> parameters;
  Properties properties;
  std::shared_ptr<const FunctionKernels> kernels;

  void fill(const double* params, AtKink at_kink, DType dtype, const double* x, double* f, double* df, double* d2f,
            std::size_t n) const {
    kernels->fill(params, at_kink, dtype, x, f, df, d2f, n);
  }
  void evaluate(const double* params, AtKink at_kink, DType dtype, const double* x, double* f, double* df,
                std::size_t n) const {
    kernels->evaluate(params, at_kink, dtype, x, f, df, n);
  }
  void evaluate_float(const double* params, AtKink at_kink, const float* x, float* f, float* df, std::size_t n) const {
    kernels->evaluate_float(params, at_kink, x, f, df, n);
  }
  std::size_t kinks(const double* params, KinkList& out) const { return kernels->kinks(params, out); }
  void kinks_in(const double* params, double from, double to, RangeKinks& out) const {
    kernels->kinks_in(params, from, to, out);
  }
  [[nodiscard]] std::string formula(const double* params, AtKink at_kink, Formula which) const {
    return kernels->formula(params, at_kink, which);
  }
};

}  // namespace actexp
