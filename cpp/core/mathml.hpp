// Small builders for the MathML the page shows; every browser renders MathML Core natively.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>

namespace actexp::mathml {

// Up to 6 significant digits: enough to read, short enough to fit beside the plot.
std::string number(double value);
std::string identifier(std::string_view name);
std::string op(std::string_view symbol);
std::string text(std::string_view words);
std::string row(std::initializer_list<std::string> parts);

// <mfrac>, <msup>, and "name(argument)" with the function-application operator.
std::string frac(const std::string& numerator, const std::string& denominator);
std::string sup(const std::string& base, const std::string& exponent);
std::string fn_of(std::string_view function, const std::string& argument);
std::string paren(const std::string& inside);
// Invisible times, for "0.2x".
std::string times();
std::string x();

// "lhs = rhs" as a display-style <math> element.
std::string equation(const std::string& lhs, const std::string& rhs);

// "f(x)" or "f′(x)".
std::string function_of_x(bool derivative);

struct Case {
  std::string expression;
  std::string condition;
};
// "lhs = { expression  condition ... }" as a display-style <math> element.
std::string piecewise(const std::string& lhs, std::initializer_list<Case> cases);

// Condition "x REL value", e.g. x > 0.
std::string x_compared(std::string_view relation, double value);

}  // namespace actexp::mathml
