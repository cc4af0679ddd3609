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
