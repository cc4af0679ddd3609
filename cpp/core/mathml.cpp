#include "mathml.hpp"

#include <cstdio>

namespace actexp::mathml {

std::string number(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.6g", value);
  std::string digits(buffer);
  if (!digits.empty() && digits.front() == '-') {
    return "<mo>\u2212</mo><mn>" + digits.substr(1) + "</mn>";
  }
  return "<mn>" + digits + "</mn>";
}

std::string identifier(std::string_view name) { return "<mi>" + std::string(name) + "</mi>"; }

std::string op(std::string_view symbol) { return "<mo>" + std::string(symbol) + "</mo>"; }

std::string text(std::string_view words) { return "<mtext>" + std::string(words) + "</mtext>"; }

std::string row(std::initializer_list<std::string> parts) {
  std::string out = "<mrow>";
  for (const auto& part : parts) out += part;
  return out + "</mrow>";
}

std::string frac(const std::string& numerator, const std::string& denominator) {
  return "<mfrac>" + row({numerator}) + row({denominator}) + "</mfrac>";
}

std::string sup(const std::string& base, const std::string& exponent) {
  return "<msup>" + row({base}) + row({exponent}) + "</msup>";
}

std::string fn_of(std::string_view function, const std::string& argument) {
  return row({identifier(function), op("\u2061"), paren(argument)});
}

std::string paren(const std::string& inside) { return row({op("("), inside, op(")")}); }

std::string times() { return op("\u2062"); }

std::string x() { return identifier("x"); }

std::string equation(const std::string& lhs, const std::string& rhs) {
  return "<math display=\"block\">" + row({lhs, op("="), rhs}) + "</math>";
}

std::string function_of_x(bool derivative) {
  // One identifier "f′": a prime set as a superscript renders as a tiny dot in Chromium.
  const std::string name = identifier(derivative ? "f\u2032" : "f");
  return row({name, op("("), identifier("x"), op(")")});
}

std::string piecewise(const std::string& lhs, std::initializer_list<Case> cases) {
  std::string table = "<mtable columnalign=\"left left\">";
  for (const auto& c : cases) {
    table += "<mtr><mtd>" + c.expression + "</mtd><mtd>" + row({text("if\u00a0"), c.condition}) + "</mtd></mtr>";
  }
  table += "</mtable>";
  return "<math display=\"block\">" + row({lhs, op("="), row({op("{"), table})}) + "</math>";
}

std::string x_compared(std::string_view relation, double value) {
  return row({identifier("x"), op(relation), number(value)});
}

}  // namespace actexp::mathml
