// The native side of tests/node/formula-ties.test.mjs and bench/formula-ties.mjs: a formula's ties
// in a range (formula/ties.hpp) as the C++ core finds them, each double as its 16 hex digits so
// the comparison with the wasm module's rows is bit for bit.
//   formula_ties_rows TEXT FROM TO [NAME=VALUE ...] [--repeat N]
// prints {"found": F, "rows": [[x, fLeft, fRight, fAt, dfLeft, dfRight, dfAt per convention], ...]}
// and, with --repeat, the microseconds per search (mean of N) on stderr.
#include <bit>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "formula/formula.hpp"
#include "formula/ties.hpp"

namespace {

void print_word(double value) { std::printf("\"%016llx\"", static_cast<unsigned long long>(std::bit_cast<std::uint64_t>(value))); }

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) {
    std::fprintf(stderr, "usage: formula_ties_rows TEXT FROM TO [NAME=VALUE ...] [--repeat N]\n");
    return 2;
  }
  const auto parsed = actexp::formula::parse(argv[1]);
  if (!parsed.ok()) {
    std::fprintf(stderr, "%s\n", parsed.error.message.c_str());
    return 2;
  }
  const double from = std::strtod(argv[2], nullptr);
  const double to = std::strtod(argv[3], nullptr);
  std::vector<double> params(parsed.formula.parameters.size(), actexp::formula::parameter_default);
  int repeat = 0;
  for (int i = 4; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--repeat" && i + 1 < argc) {
      repeat = std::atoi(argv[++i]);
      continue;
    }
    const auto equals = arg.find('=');
    for (std::size_t p = 0; p < params.size(); ++p) {
      if (parsed.formula.parameters[p] == arg.substr(0, equals)) params[p] = std::strtod(argv[i] + equals + 1, nullptr);
    }
  }
  actexp::RangeKinks out;
  actexp::formula::find_ties(parsed.formula, params, from, to, out);
  if (repeat > 0) {
    const auto start = std::chrono::steady_clock::now();
    for (int r = 0; r < repeat; ++r) actexp::formula::find_ties(parsed.formula, params, from, to, out);
    const std::chrono::duration<double, std::micro> spent = std::chrono::steady_clock::now() - start;
    std::fprintf(stderr, "%.1f\n", spent.count() / repeat);
  }
  std::printf("{\"found\": %zu, \"rows\": [", out.found);
  for (std::size_t k = 0; k < out.count; ++k) {
    const actexp::Kink& kink = out.kinks[k];
    std::printf(k == 0 ? "[" : ", [");
    for (const double v : {kink.x, kink.f_left, kink.f_right, kink.f_at, kink.df_left, kink.df_right}) {
      print_word(v);
      std::printf(", ");
    }
    for (int c = 0; c < actexp::at_kink_count; ++c) {
      if (c > 0) std::printf(", ");
      print_word(out.df_at(k, static_cast<actexp::AtKink>(c)));
    }
    std::printf("]");
  }
  std::printf("]}\n");
  return 0;
}
