// A typed formula's ties in a range (issue 19): the x where one of its kink-bearing primitives
// is at its tie or boundary, as kink rows like the catalog's, so the page's honest-kink markers
// (f' from the left, from the right, and what each framework returns exactly there) appear at
// every tie a formula has.
//
//   max(a, b), min(a, b)   a = b            abs(v), sign(v), relu(v)   v = 0
//   clamp(v, lo, hi)       v = lo, v = hi   where(a < b, …)            a = b (any comparison)
//   id(u, …) (a catalog call)  u = each of the catalog function's kinks() at its parameters
//
// How: each primitive's operands are evaluated by the real evaluator (a "probe": the tape cut to
// what the operands need, plus a - b), in float64, on tie_search_points points of the range; a
// sign change or an exact zero of the difference between two neighbours is refined by bisection
// over the doubles to two adjacent doubles, and the one whose difference is 0 (else the smaller)
// is the tie. A zero of the difference is then exact: max(0.01*x, x) ties at 0, not near it.
// Limits: two ties closer than one step of that grid, with no sign change between them, are
// not seen (max(x^2, 1e-6) over -10...10); a pole where the difference goes through infinity
// (max(1/x, 0) at 0) is not a tie.
//
// Each tie's row is computed by the evaluator: f and f' exactly at x in every convention, and the
// one-sided limits from f, f' and f'' at the adjacent doubles (where no operand is tied any more,
// so the branch each side takes decides, whatever the convention), carried back to x by one
// Taylor step (f + f'·h, f' + f''·h). An estimate within what one ulp of x can move it
// (|f'|·ulp for f, |f''|·ulp for f', and a few ulps of rounding) of the value at x, or of what a
// convention returns there, is that value: the branch's own value at x. A tie where an input
// underflows (relu(x/2) ties on the doubles around 0) is 0 when 0 ties. A tie of a primitive where f and f' are the same from both sides and every
// convention returns that f' (relu(x)^2 at 0, max(x, x), a max inside where's untaken branch) is
// not listed, as the catalog lists only where f or f' jumps; a catalog call's kink is listed as
// the catalog lists it, so id(x) reports its catalog function's kinks.
#pragma once

#include <cstddef>
#include <span>

#include "core/activation_spec.hpp"
#include "formula/formula.hpp"

namespace actexp::formula {

// Points of the search grid over [from, to] (numpy.linspace): a tie pair closer than
// (to - from) / 2000 with no sign change between them is missed.
inline constexpr std::size_t tie_search_points = 2001;
// Sign changes refined at most, from the left (16 times the rows listed): past it the rest are
// not looked at, so a formula that ties everywhere stays bounded in time (60 terms |sin(k·x)|
// over -10...10 tie about 11,000 times: 0.2 s natively on a loaded machine) and `found` counts
// the ties among the first 512 sign changes.
inline constexpr std::size_t max_tie_candidates = 512;

// The ties in [from, to] (both included) into out: at most max_range_kinks rows in increasing x
// from `from`, and out.found, how many there are in all (found > count when the cap cut them;
// counted among the first max_tie_candidates sign changes). None when the range is not finite
// or empty, or the formula cannot be evaluated with these parameters (check_catalog_calls says why).
void find_ties(const Formula& formula, std::span<const double> params, double from, double to, RangeKinks& out);

}  // namespace actexp::formula
