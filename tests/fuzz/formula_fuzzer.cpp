// libFuzzer target for typed formulas: parse any bytes; evaluate whatever parses on a small grid
// (with ties, infinities and NaN) in every dtype and convention. Nothing may crash, leak, hit UB
// or recurse without bound (ASan's stack and UBSan catch each).
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string_view>
#include <vector>

#include "formula/formula.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace fm = actexp::formula;
  const auto result = fm::parse(std::string_view(reinterpret_cast<const char*>(data), size));
  if (!result.ok()) {
    if (result.error.message.empty()) __builtin_trap();
    return 0;
  }
  constexpr double inf = std::numeric_limits<double>::infinity();
  constexpr std::array<double, 12> x{-inf, -1e300, -6, -1, -0.5, -0.0, 0.0, 0.5, 1, 6, 1e300, std::numeric_limits<double>::quiet_NaN()};
  // Parameters from the input's length, so each formula is run with a few values.
  std::vector<double> params(result.formula.parameters.size());
  for (std::size_t i = 0; i < params.size(); ++i) params[i] = static_cast<double>((size + i) % 7) - 3;
  std::array<double, x.size()> f{}, df{}, d2f{};
  for (int k = 0; k < actexp::at_kink_count; ++k) {
    for (int d = 0; d < actexp::dtype_count; ++d) {
      const auto error = fm::evaluate({.formula = &result.formula, .params = params, .at_kink = static_cast<actexp::AtKink>(k),
                                       .dtype = static_cast<actexp::DType>(d)},
                                      {.x = x.data(), .f = f.data(), .df = df.data(), .d2f = d2f.data(), .n = x.size()});
      if (!error.empty()) __builtin_trap();
    }
  }
  return 0;
}
