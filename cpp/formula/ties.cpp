// A formula's ties in a range (ties.hpp): probes of its kink-bearing primitives' operands,
// evaluated by formula::evaluate over a grid, sign changes refined by bisection over the doubles,
// then a kink row per tie from the evaluator at the tie and at its two neighbouring doubles.
#include "formula/ties.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "core/dtype.hpp"
#include "formula/catalog_call.hpp"

namespace actexp::formula {
namespace {

// ---- The tape's shape: which slots an instruction reads, and whether its value depends on x.

// The slots instruction `in` reads: its operands, and a catalog call's parameters.
std::vector<std::uint16_t> reads(const Formula& formula, const Instruction& in) {
  const std::array<std::uint16_t, 3> operands{in.a, in.b, in.c};
  std::vector<std::uint16_t> slots(operands.begin(), operands.begin() + operand_count(in.op));
  if (in.op == Op::catalog) {
    const auto& parameters = formula.calls[in.call].parameters;
    slots.insert(slots.end(), parameters.begin(), parameters.end());
  }
  return slots;
}

std::vector<bool> uses_x(const Formula& formula) {
  std::vector<bool> uses(formula.tape.size(), false);
  for (std::size_t i = 0; i < formula.tape.size(); ++i) {
    const Instruction& in = formula.tape[i];
    const std::array<std::uint16_t, 3> operands{in.a, in.b, in.c};
    uses[i] = in.op == Op::x;
    for (int k = 0; k < operand_count(in.op); ++k) uses[i] = uses[i] || uses[operands[static_cast<std::size_t>(k)]];
  }
  return uses;
}

// ---- Probes: the tape cut to what some slots need, ending in one value to watch.

// The instructions `targets` depend on, renumbered, with the calls they make; `map` gives each
// kept slot's new number. The parameters stay whole (evaluate() takes one value per parameter).
Formula slice(const Formula& formula, std::span<const std::uint16_t> targets, std::vector<std::uint16_t>& map) {
  std::vector<bool> needed(formula.tape.size(), false);
  for (const std::uint16_t t : targets) needed[t] = true;
  for (std::size_t i = formula.tape.size(); i-- > 0;) {
    if (!needed[i]) continue;
    for (const std::uint16_t slot : reads(formula, formula.tape[i])) needed[slot] = true;
  }
  Formula out;
  out.parameters = formula.parameters;
  map.assign(formula.tape.size(), 0);
  for (std::size_t i = 0; i < formula.tape.size(); ++i) {
    if (!needed[i]) continue;
    Instruction in = formula.tape[i];
    const int count = operand_count(in.op);
    in.a = count > 0 ? map[in.a] : 0;
    in.b = count > 1 ? map[in.b] : 0;
    in.c = count > 2 ? map[in.c] : 0;
    if (in.op == Op::catalog) {
      CatalogCall call = formula.calls[in.call];
      for (std::uint16_t& p : call.parameters) p = map[p];
      in.call = static_cast<std::uint16_t>(out.calls.size());
      out.calls.push_back(std::move(call));
    }
    map[i] = static_cast<std::uint16_t>(out.tape.size());
    out.tape.push_back(in);
  }
  return out;
}

// A probe's value is its last slot: `a - b` (its sign says which of a, b is larger, and it is 0
// exactly when a == b) or the operand `a` itself.
struct Probe {
  Formula formula;
  std::vector<double> offsets;  // a tie where value == offset: 0, or a catalog function's kinks
  bool keep_smooth = false;     // a catalog call's kink is listed as the catalog lists it
};

Probe difference_probe(const Formula& formula, std::uint16_t a, std::uint16_t b) {
  std::vector<std::uint16_t> map;
  const std::array targets{a, b};
  Probe probe{slice(formula, targets, map), {0.0}, false};
  Instruction sub{.op = Op::sub, .a = map[a], .b = map[b], .varies = formula.tape[a].varies || formula.tape[b].varies};
  probe.formula.tape.push_back(sub);
  return probe;
}

Probe value_probe(const Formula& formula, std::uint16_t a, std::vector<double> offsets, bool keep_smooth) {
  std::vector<std::uint16_t> map;
  const std::array targets{a};
  return {slice(formula, targets, map), std::move(offsets), keep_smooth};
}

// A catalog call's kinks at its parameters (float64 values of their slots, which do not depend on x).
bool catalog_kinks(const Formula& formula, std::span<const double> params, const Instruction& in, std::vector<double>& kinks) {
  const CatalogCall& call = formula.calls[in.call];
  std::vector<double> written;
  for (const std::uint16_t slot : call.parameters) {
    std::vector<std::uint16_t> map;
    const std::array targets{slot};
    const Formula constant = slice(formula, targets, map);
    const double x = 0;
    double f = 0;
    double df = 0;
    if (!evaluate({.formula = &constant, .params = params}, {.x = &x, .f = &f, .df = &df, .n = 1}).empty()) return false;
    written.push_back(f);
  }
  CatalogPlan plan;
  if (!plan_catalog_call(call, written, AtKink::pytorch, plan).message.empty()) return false;
  for (std::size_t k = 0; k < plan.kink_count; ++k) kinks.push_back(plan.kinks[k].x);
  return true;
}

// Every kink-bearing primitive whose operands depend on x, as probes.
bool make_probes(const Formula& formula, std::span<const double> params, std::vector<Probe>& probes) {
  const std::vector<bool> uses = uses_x(formula);
  for (const Instruction& in : formula.tape) {
    switch (in.op) {
      case Op::max:
      case Op::min:
        if (uses[in.a] || uses[in.b]) probes.push_back(difference_probe(formula, in.a, in.b));
        break;
      case Op::clamp:
        if (uses[in.a] || uses[in.b]) probes.push_back(difference_probe(formula, in.a, in.b));
        if (uses[in.a] || uses[in.c]) probes.push_back(difference_probe(formula, in.a, in.c));
        break;
      case Op::abs:
      case Op::sign:
      case Op::relu:
        if (uses[in.a]) probes.push_back(value_probe(formula, in.a, {0.0}, false));
        break;
      case Op::where: {
        // The parser's condition is a comparison: its sides meet where it flips. (A tape built
        // otherwise flips where the condition's value leaves 0.)
        const Instruction& condition = formula.tape[in.a];
        const bool compares = condition.op >= Op::less && condition.op <= Op::not_equal;
        if (uses[in.a]) {
          probes.push_back(compares ? difference_probe(formula, condition.a, condition.b) : value_probe(formula, in.a, {0.0}, false));
        }
        break;
      }
      case Op::catalog: {
        std::vector<double> kinks;
        if (!catalog_kinks(formula, params, in, kinks)) return false;
        if (uses[in.a] && !kinks.empty()) probes.push_back(value_probe(formula, in.a, std::move(kinks), true));
        break;
      }
      default: break;
    }
  }
  return true;
}

// ---- Doubles as ordered integers, so bisection ends at two adjacent doubles.

std::int64_t key_of(double x) {
  const auto bits = bit_cast<std::int64_t>(x);
  return bits >= 0 ? bits : std::numeric_limits<std::int64_t>::min() - bits;
}
double double_of(std::int64_t key) {
  return bit_cast<double>(key >= 0 ? key : std::numeric_limits<std::int64_t>::min() - key);
}
std::uint64_t width(std::int64_t lo, std::int64_t hi) { return static_cast<std::uint64_t>(hi) - static_cast<std::uint64_t>(lo); }

enum class State : std::uint8_t { below, tied, above, undefined };
State state_of(double value, double offset) {
  const double d = value - offset;
  if (std::isnan(d)) return State::undefined;
  return d < 0 ? State::below : (d > 0 ? State::above : State::tied);
}

// A sign change (or a move onto or off an exact tie) of one probe's channel between two doubles.
struct Bracket {
  std::int64_t lo, hi;
  std::size_t probe, channel;
  State at_lo;
  double value_lo = 0, value_hi = 0;
};

struct Candidate {
  double x;
  bool keep_smooth;
};

bool run_probe(const Probe& probe, std::span<const double> params, std::span<const double> x, std::vector<double>& values) {
  values.resize(x.size());
  std::vector<double> slope(x.size());
  return evaluate({.formula = &probe.formula, .params = params}, {.x = x.data(), .f = values.data(), .df = slope.data(), .n = x.size()})
      .empty();
}

std::vector<double> search_grid(double from, double to) {
  std::vector<double> grid(tie_search_points);
  const double last = static_cast<double>(tie_search_points - 1);
  // numpy.linspace; the step taken as to/n - from/n so that a range near ±DBL_MAX does not overflow.
  const double step = to / last - from / last;
  for (std::size_t i = 0; i + 1 < grid.size(); ++i) grid[i] = from + static_cast<double>(i) * step;
  grid.back() = to;
  return grid;
}

// Every change of state between neighbours of the grid, over all probes and channels, the first
// max_tie_candidates from the left.
bool scan(const std::vector<Probe>& probes, std::span<const double> params, std::span<const double> grid, std::vector<Bracket>& out) {
  std::vector<double> values;
  for (std::size_t p = 0; p < probes.size(); ++p) {
    if (!run_probe(probes[p], params, grid, values)) return false;
    for (std::size_t c = 0; c < probes[p].offsets.size(); ++c) {
      const double offset = probes[p].offsets[c];
      for (std::size_t i = 0; i + 1 < grid.size(); ++i) {
        const State lo = state_of(values[i], offset);
        const State hi = state_of(values[i + 1], offset);
        if (lo == hi || lo == State::undefined || hi == State::undefined || !(grid[i] < grid[i + 1])) continue;
        out.push_back({key_of(grid[i]), key_of(grid[i + 1]), p, c, lo, values[i], values[i + 1]});
      }
    }
  }
  std::sort(out.begin(), out.end(), [](const Bracket& l, const Bracket& r) { return l.lo < r.lo; });
  if (out.size() > max_tie_candidates) out.resize(max_tie_candidates);
  return true;
}

// Points evaluated per refining step, shared by the open brackets: one evaluator chunk, so a
// lone bracket narrows 256-fold per call (8 calls from a grid cell to adjacent doubles) and many
// narrow at least 2-fold each.
constexpr std::size_t refine_points = 255;

// Interior point j (1...m) of a bracket cut into m + 1 parts; the last part takes the remainder.
std::int64_t cut(const Bracket& b, std::size_t j, std::size_t m) {
  return b.lo + static_cast<std::int64_t>(width(b.lo, b.hi) / (m + 1) * j);
}

// A tie on a grid point (0, an integer, a bound) is already one double from its bracket's end:
// the doubles next to the ends, in one evaluation, close such brackets before any cutting.
bool ends_first(const Probe& probe, std::span<const double> params, std::vector<Bracket>& brackets, std::vector<std::size_t>& open,
                std::vector<double>& points, std::vector<double>& values) {
  points.clear();
  for (const std::size_t b : open) {
    points.push_back(double_of(brackets[b].lo + 1));
    points.push_back(double_of(brackets[b].hi - 1));
  }
  if (!run_probe(probe, params, points, values)) return false;
  std::vector<std::size_t> still;
  for (std::size_t k = 0; k < open.size(); ++k) {
    Bracket& b = brackets[open[k]];
    const double offset = probe.offsets[b.channel];
    if (state_of(values[2 * k], offset) != b.at_lo) {
      b.hi = b.lo + 1;
      b.value_hi = values[2 * k];
    } else if (state_of(values[2 * k + 1], offset) == b.at_lo) {
      b.lo = b.hi - 1;
      b.value_lo = values[2 * k + 1];
    } else {
      still.push_back(open[k]);
    }
  }
  open.swap(still);
  return true;
}

// Narrows every bracket of probe p at once (one evaluation per step) to adjacent doubles, keeping
// in each the first change of state from its left end.
bool refine(const Probe& probe, std::size_t p, std::span<const double> params, std::vector<Bracket>& brackets) {
  std::vector<std::size_t> open;
  for (std::size_t b = 0; b < brackets.size(); ++b) {
    if (brackets[b].probe == p && width(brackets[b].lo, brackets[b].hi) > 1) open.push_back(b);
  }
  std::vector<double> points;
  std::vector<double> values;
  if (!ends_first(probe, params, brackets, open, points, values)) return false;
  std::vector<std::size_t> cuts(open.size());
  while (!open.empty()) {
    const std::size_t share = std::max<std::size_t>(1, refine_points / open.size());
    points.clear();
    for (std::size_t k = 0; k < open.size(); ++k) {
      const Bracket& b = brackets[open[k]];
      cuts[k] = static_cast<std::size_t>(std::min<std::uint64_t>(share, width(b.lo, b.hi) - 1));
      for (std::size_t j = 1; j <= cuts[k]; ++j) points.push_back(double_of(cut(b, j, cuts[k])));
    }
    if (!run_probe(probe, params, points, values)) return false;
    std::vector<std::size_t> still;
    std::size_t first = 0;
    for (std::size_t k = 0; k < open.size(); ++k) {
      Bracket& b = brackets[open[k]];
      const std::size_t m = cuts[k];
      const Bracket before = b;
      std::size_t j = 1;
      while (j <= m && state_of(values[first + j - 1], probe.offsets[b.channel]) == b.at_lo) ++j;
      // The change lies between interior point j - 1 (or lo) and j (or hi).
      if (j > 1) {
        b.lo = cut(before, j - 1, m);
        b.value_lo = values[first + j - 2];
      }
      if (j <= m) {
        b.hi = cut(before, j, m);
        b.value_hi = values[first + j - 1];
      }
      first += m;
      if (width(b.lo, b.hi) > 1) still.push_back(open[k]);
    }
    open.swap(still);
  }
  return true;
}

// The tie of a refined bracket: the double where the difference is 0, else the nearer to 0;
// none where it jumps through infinity (a pole, not a tie).
bool tie_of(const Bracket& b, double offset, double& x) {
  const double lo = b.value_lo - offset;
  const double hi = b.value_hi - offset;
  if (!std::isfinite(lo) || !std::isfinite(hi)) return false;
  x = (lo == 0 || (hi != 0 && std::fabs(lo) <= std::fabs(hi))) ? double_of(b.lo) : double_of(b.hi);
  return true;
}

// Sorted, one per tie: ties of several primitives within two doubles are one (a catalog call's
// kink keeps the flag that lists it).
std::vector<Candidate> merged(std::vector<Candidate> all) {
  std::sort(all.begin(), all.end(), [](const Candidate& l, const Candidate& r) { return l.x < r.x; });
  std::vector<Candidate> out;
  for (const Candidate& c : all) {
    if (!out.empty() && width(key_of(out.back().x), key_of(c.x)) <= 2) {
      out.back().keep_smooth = out.back().keep_smooth || c.keep_smooth;
      continue;
    }
    out.push_back(c);
  }
  return out;
}

// ---- Rows.

double ulp_of(double v) {
  const double a = std::fabs(v);
  return std::nextafter(a, std::numeric_limits<double>::infinity()) - a;
}

// An estimate within `tolerance` of `exact` is taken to be it.
double snapped(double estimate, double exact, double tolerance) {
  return std::fabs(estimate - exact) <= tolerance ? exact : estimate;
}

struct Side3 {
  double f, df, d2f;
};

// A value at a neighbour carried back to x by its slope (one Taylor step of h, toward x): the
// first-order error of evaluating beside the tie removed. Where the slope is not finite, the value.
double carried(double value, double slope, double h) {
  const double step = slope * h;
  return std::isfinite(step) ? value + step : value;
}

// The row at x from the evaluator at x's neighbours (left, right) and at x in each convention.
// `same` says whether f and f' are the same from both sides and in every convention there.
Kink row_of(double x, const Side3& left, const Side3& right, std::span<const double> f_at, std::span<const double> df_at, bool& same) {
  const double h_left = x - std::nextafter(x, -std::numeric_limits<double>::infinity());
  const double h_right = std::nextafter(x, std::numeric_limits<double>::infinity()) - x;
  Kink k;
  k.x = x;
  k.f_at = f_at[0];
  // What one ulp of x moves f and f' by, and a few ulps of rounding: estimates closer than that
  // to the value at x are that value.
  const double f_tolerance = 2 * (std::fabs(left.df) * h_left + std::fabs(right.df) * h_right) +
                             4 * ulp_of(std::max({std::fabs(left.f), std::fabs(right.f), std::fabs(k.f_at)}));
  k.f_left = snapped(carried(left.f, left.df, h_left), k.f_at, f_tolerance);
  k.f_right = snapped(carried(right.f, right.df, -h_right), k.f_at, f_tolerance);
  const double df_tolerance = 2 * (std::fabs(left.d2f) * h_left + std::fabs(right.d2f) * h_right) +
                              4 * ulp_of(std::max(std::fabs(left.df), std::fabs(right.df)));
  k.df_left = carried(left.df, left.d2f, h_left);
  k.df_right = carried(right.df, right.d2f, -h_right);
  // A limit within tolerance of what some convention returns at x is that branch's value at x.
  for (const double at : df_at) {
    k.df_left = snapped(k.df_left, at, df_tolerance);
    k.df_right = snapped(k.df_right, at, df_tolerance);
  }
  k.df_right = snapped(k.df_right, k.df_left, df_tolerance);
  same = k.f_left == k.f_at && k.f_right == k.f_at && k.df_left == k.df_right;
  for (std::size_t c = 0; c < df_at.size(); ++c) same = same && df_at[c] == k.df_left && f_at[c] == k.f_at;
  return k;
}

// A row and f' exactly at its x per convention.
struct Row {
  Kink kink;
  std::array<double, at_kink_count> df_at;
};

// The rows of the candidates, in order; a primitive's tie where nothing jumps is left out.
bool rows(const Formula& formula, std::span<const double> params, const std::vector<Candidate>& candidates, std::vector<Row>& out) {
  const std::size_t n = candidates.size();
  std::vector<double> beside(2 * n);
  std::vector<double> at(n);
  for (std::size_t i = 0; i < n; ++i) {
    beside[2 * i] = std::nextafter(candidates[i].x, -std::numeric_limits<double>::infinity());
    beside[2 * i + 1] = std::nextafter(candidates[i].x, std::numeric_limits<double>::infinity());
    at[i] = candidates[i].x;
  }
  std::vector<double> f(2 * n), df(2 * n), d2f(2 * n);
  // Beside a tie no operand is tied, so every convention takes the same branch: PyTorch's says it.
  if (!evaluate({.formula = &formula, .params = params}, {.x = beside.data(), .f = f.data(), .df = df.data(), .d2f = d2f.data(), .n = 2 * n})
           .empty()) {
    return false;
  }
  std::vector<std::array<double, at_kink_count>> f_at(n), df_at(n);
  std::vector<double> fc(n), dfc(n);
  for (int c = 0; c < at_kink_count; ++c) {
    const EvaluateRequest request{.formula = &formula, .params = params, .at_kink = static_cast<AtKink>(c)};
    if (!evaluate(request, {.x = at.data(), .f = fc.data(), .df = dfc.data(), .n = n}).empty()) return false;
    for (std::size_t i = 0; i < n; ++i) {
      f_at[i][static_cast<std::size_t>(c)] = fc[i];
      df_at[i][static_cast<std::size_t>(c)] = dfc[i];
    }
  }
  for (std::size_t i = 0; i < n; ++i) {
    bool same = false;
    const Kink k = row_of(at[i], {f[2 * i], df[2 * i], d2f[2 * i]}, {f[2 * i + 1], df[2 * i + 1], d2f[2 * i + 1]}, f_at[i], df_at[i], same);
    if (!same || candidates[i].keep_smooth) out.push_back({k, df_at[i]});
  }
  return true;
}

}  // namespace

void find_ties(const Formula& formula, std::span<const double> params, double from, double to, RangeKinks& out) {
  out.count = 0;
  out.found = 0;
  if (!std::isfinite(from) || !std::isfinite(to) || !(from < to)) return;
  if (!check_catalog_calls(formula, params, false).message.empty()) return;
  std::vector<Probe> probes;
  if (!make_probes(formula, params, probes) || probes.empty()) return;
  const std::vector<double> grid = search_grid(from, to);
  std::vector<Bracket> brackets;
  if (!scan(probes, params, grid, brackets)) return;
  for (std::size_t p = 0; p < probes.size(); ++p) {
    if (!refine(probes[p], p, params, brackets)) return;
  }
  std::vector<Candidate> candidates;
  std::vector<double> at_zero(probes.size(), std::numeric_limits<double>::quiet_NaN());
  for (const Bracket& b : brackets) {
    double x = 0;
    const Probe& probe = probes[b.probe];
    if (!tie_of(b, probe.offsets[b.channel], x)) continue;
    // An input that underflows (x/2 at the smallest double is 0) ties on a few doubles around 0:
    // where 0 itself ties, the tie is 0, the number a reader sees.
    if (x != 0 && std::fabs(x) < std::numeric_limits<double>::min()) {
      const double zero = 0;
      if (std::isnan(at_zero[b.probe])) {
        std::vector<double> value;
        if (!run_probe(probe, params, std::span<const double>(&zero, 1), value)) return;
        at_zero[b.probe] = value[0];
      }
      if (state_of(at_zero[b.probe], probe.offsets[b.channel]) == State::tied) x = 0;
    }
    candidates.push_back({x, probe.keep_smooth});
  }
  std::vector<Row> listed;
  if (!rows(formula, params, merged(std::move(candidates)), listed)) return;
  out.found = listed.size();
  out.count = std::min(listed.size(), max_range_kinks);
  for (std::size_t k = 0; k < out.count; ++k) {
    out.kinks[k] = listed[k].kink;
    out.df_at_values[k] = listed[k].df_at;
    out.has_df_at[k] = true;
  }
}

}  // namespace actexp::formula
