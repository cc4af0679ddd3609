// A parsed formula as MathML (MathML Core, which every current browser renders), written from
// its tape, not from the text: <mi>x</mi>, <mn>, <mo>, <mfrac> for a division, <msup> for a
// power and for exp, <msqrt>, |v| for abs, ln, σ, sgn and the other functions by name, max/min/
// clamp as functions, where(c, a, b) as a brace with one row per case, a catalog call by its id
// with all its parameters (those not written at the catalog's defaults). Parameters appear with
// their values, as the catalog's formulas show theirs; parentheses only where precedence needs
// them. Built bottom-up in tape order (the tape is a tree in SSA form), so nothing recurses.
//   const auto parsed = parse("x * sigmoid(b * x)");
//   std::string m = formula_mathml(parsed.formula, params, false);  // <math …>f(x) = x σ(1.702x)</math>
#pragma once

#include <span>
#include <string>

#include "formula/formula.hpp"

namespace actexp::formula {

// The right-hand side only (an <mrow>, no <math>): `params` holds one value per
// formula.parameters, in order. A tape that is not well formed gives an <merror>.
std::string expression_mathml(const Formula& formula, std::span<const double> params);

// "f(x) = …" as a display <math> element, or with `derivative` "f′(x) = d/dx (…)": the explorer
// differentiates a formula numerically by forward-mode AD at each point and has no symbolic f′
// to show, so the derivative is written as the operator applied to the formula.
std::string formula_mathml(const Formula& formula, std::span<const double> params, bool derivative);

}  // namespace actexp::formula
