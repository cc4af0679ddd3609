// A typed formula's cost against the built-in it equals: x * sigmoid(x) evaluated by the
// formula tape (f, f' and f'') against the catalog's SiLU through sample() (f, f' and f''), at
// n = 200,001 over [-10, 10]. The goal for the wasm build later is a ratio of at most 3.
#include <benchmark/benchmark.h>

#include <vector>

#include "core/catalog.hpp"
#include "core/sampler.hpp"
#include "formula/formula.hpp"

namespace {

constexpr std::size_t n = 200'001;

void catalog_silu(benchmark::State& state) {
  const auto* silu = actexp::find_function("silu");
  std::vector<double> x(n), f(n), df(n), d2f(n);
  const std::vector<double> beta{1.0};
  const actexp::SampleRequest request{.function = silu, .params = beta, .from = -10, .to = 10, .n = n};
  const actexp::SampleBuffers buffers{.x = x.data(), .f = f.data(), .df = df.data(), .d2f = d2f.data(), .capacity = n};
  std::size_t count = 0;
  for (auto _ : state) {
    if (!actexp::sample(request, buffers, count).ok()) state.SkipWithError("sample() failed");
    benchmark::DoNotOptimize(f.data());
    benchmark::ClobberMemory();
  }
  state.counters["ns_per_sample"] = benchmark::Counter(static_cast<double>(state.iterations()) * n, benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}

void formula_silu(benchmark::State& state) {
  const auto parsed = actexp::formula::parse("x * sigmoid(x)");
  std::vector<double> x(n), f(n), df(n), d2f(n);
  for (std::size_t i = 0; i < n; ++i) x[i] = -10 + 20.0 * static_cast<double>(i) / (n - 1);
  for (auto _ : state) {
    const auto error = actexp::formula::evaluate({.formula = &parsed.formula, .params = {}},
                                                 {.x = x.data(), .f = f.data(), .df = df.data(), .d2f = d2f.data(), .n = n});
    if (!error.empty()) state.SkipWithError("evaluate() failed");
    benchmark::DoNotOptimize(f.data());
    benchmark::ClobberMemory();
  }
  state.counters["ns_per_sample"] = benchmark::Counter(static_cast<double>(state.iterations()) * n, benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}

BENCHMARK(catalog_silu)->Unit(benchmark::kMillisecond);
BENCHMARK(formula_silu)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
