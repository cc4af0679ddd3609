#include "format.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace actexp {

std::string format_number(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "Infinity" : "-Infinity";
  // %g switches to exponent form once the precision is below the integer digits ("5e+01"
  // for 50), so ordinary magnitudes keep all their integer digits.
  const double magnitude = std::fabs(value);
  const int integer_digits = magnitude >= 1 && magnitude < 1e16 ? static_cast<int>(std::log10(magnitude)) + 1 : 1;
  char buffer[32];
  // The first precision that round-trips; 17 always does.
  for (int precision = integer_digits; precision <= 17; ++precision) {
    std::snprintf(buffer, sizeof buffer, "%.*g", precision, value);
    if (std::strtod(buffer, nullptr) == value) break;
  }
  return buffer;
}

}  // namespace actexp
