// A typed formula's cost against the built-in it equals, at n = 200,001 over [-10, 10], f, f' and
// f'' each: x * sigmoid(x) by the formula tape against the catalog's SiLU through sample(), and
// leaky_relu(x, 0.1) typed (the catalog's kernel per chunk of 256) against the catalog's Leaky
// ReLU; leaky_relu(-x, 0.1) and gelu(-x) against gelu(x) price the sort-and-permute of an
// input that decreases; _f_df variants ask for no f'' (the catalog's evaluate(), any order).
// The goal for the wasm build later is a ratio of at most 3.
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

void catalog_function(benchmark::State& state, const char* id, std::vector<double> params) {
  const auto* spec = actexp::find_function(id);
  std::vector<double> x(n), f(n), df(n), d2f(n);
  const actexp::SampleRequest request{.function = spec, .params = params, .from = -10, .to = 10, .n = n};
  const actexp::SampleBuffers buffers{.x = x.data(), .f = f.data(), .df = df.data(), .d2f = d2f.data(), .capacity = n};
  std::size_t count = 0;
  for (auto _ : state) {
    if (!actexp::sample(request, buffers, count).ok()) state.SkipWithError("sample() failed");
    benchmark::DoNotOptimize(f.data());
    benchmark::ClobberMemory();
  }
  state.counters["ns_per_sample"] = benchmark::Counter(static_cast<double>(state.iterations()) * n, benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}

void formula(benchmark::State& state, const char* text, bool second) {
  const auto parsed = actexp::formula::parse(text);
  if (!parsed.ok()) state.SkipWithError(parsed.error.message.c_str());
  std::vector<double> x(n), f(n), df(n), d2f(n);
  for (std::size_t i = 0; i < n; ++i) x[i] = -10 + 20.0 * static_cast<double>(i) / (n - 1);
  const std::vector<double> params(parsed.formula.parameters.size(), 1.0);
  for (auto _ : state) {
    const auto error = actexp::formula::evaluate({.formula = &parsed.formula, .params = params},
                                                 {.x = x.data(), .f = f.data(), .df = df.data(), .d2f = second ? d2f.data() : nullptr, .n = n});
    if (!error.empty()) state.SkipWithError("evaluate() failed");
    benchmark::DoNotOptimize(f.data());
    benchmark::ClobberMemory();
  }
  state.counters["ns_per_sample"] = benchmark::Counter(static_cast<double>(state.iterations()) * n, benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}

void formula_silu(benchmark::State& state) { formula(state, "x * sigmoid(x)", true); }

BENCHMARK(catalog_silu)->Unit(benchmark::kMillisecond);
BENCHMARK(formula_silu)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(catalog_function, leaky_relu, "leaky_relu", {0.1})->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(formula, leaky_relu_x, "leaky_relu(x, 0.1)", true)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(formula, leaky_relu_x_f_df, "leaky_relu(x, 0.1)", false)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(formula, leaky_relu_minus_x, "leaky_relu(-x, 0.1)", true)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(formula, leaky_relu_minus_x_f_df, "leaky_relu(-x, 0.1)", false)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(catalog_function, gelu, "gelu", {})->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(formula, gelu_x, "gelu(x)", true)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(formula, gelu_minus_x, "gelu(-x)", true)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
