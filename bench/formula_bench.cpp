// A typed formula's cost against the built-in it equals, at n = 200,001 over [-10, 10]: the
// pairs of bench/formula-wasm.mjs natively, x * sigmoid(x) against SiLU, leaky_relu(x, 0.1)
// typed (the catalog's kernel per chunk of 256) against Leaky ReLU, x * tanh(softplus(x))
// against Mish, each with f and f' (`_f_df`, what the page asks by default) and with f''. The
// catalog's side is sample() (its grid included); the formula's is evaluate() on the same grid.
// leaky_relu(-x, 0.1) and gelu(-x) against gelu(x) price the sort-and-permute of an input that
// decreases. The goal (wasm, x * sigmoid(x) f f') is a ratio of at most 3. Best and median
// of rounds that interleave the benchmarks:
//   build/native/formula_bench --benchmark_repetitions=9 --benchmark_enable_random_interleaving=true
//     --benchmark_report_aggregates_only=true --benchmark_min_time=0.2
#include <benchmark/benchmark.h>

#include <algorithm>
#include <vector>

#include "core/catalog.hpp"
#include "core/sampler.hpp"
#include "formula/formula.hpp"

namespace {

constexpr std::size_t n = 200'001;

// The best of the repetitions beside their median: load on a shared machine only slows a round.
double best(const std::vector<double>& values) { return *std::min_element(values.begin(), values.end()); }

void set_rate(benchmark::State& state) {
  state.counters["ns_per_sample"] = benchmark::Counter(static_cast<double>(state.iterations()) * n, benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}

void catalog_function(benchmark::State& state, const char* id, std::vector<double> params, bool second) {
  const auto* spec = actexp::find_function(id);
  std::vector<double> x(n), f(n), df(n), d2f(n);
  const actexp::SampleRequest request{.function = spec, .params = params, .from = -10, .to = 10, .n = n};
  const actexp::SampleBuffers buffers{.x = x.data(), .f = f.data(), .df = df.data(), .d2f = second ? d2f.data() : nullptr, .capacity = n};
  std::size_t count = 0;
  for (auto _ : state) {
    if (!actexp::sample(request, buffers, count).ok()) state.SkipWithError("sample() failed");
    benchmark::DoNotOptimize(f.data());
    benchmark::ClobberMemory();
  }
  set_rate(state);
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
  set_rate(state);
}

BENCHMARK_CAPTURE(catalog_function, silu_f_df, "silu", {1.0}, false)->Unit(benchmark::kMillisecond)->ComputeStatistics("min", best);
BENCHMARK_CAPTURE(formula, x_sigmoid_x_f_df, "x * sigmoid(x)", false)->Unit(benchmark::kMillisecond)->ComputeStatistics("min", best);
BENCHMARK_CAPTURE(catalog_function, silu, "silu", {1.0}, true)->Unit(benchmark::kMillisecond)->ComputeStatistics("min", best);
BENCHMARK_CAPTURE(formula, x_sigmoid_x, "x * sigmoid(x)", true)->Unit(benchmark::kMillisecond)->ComputeStatistics("min", best);
BENCHMARK_CAPTURE(catalog_function, leaky_relu_f_df, "leaky_relu", {0.1}, false)->Unit(benchmark::kMillisecond)->ComputeStatistics("min", best);
BENCHMARK_CAPTURE(formula, leaky_relu_x_f_df, "leaky_relu(x, 0.1)", false)->Unit(benchmark::kMillisecond)->ComputeStatistics("min", best);
BENCHMARK_CAPTURE(catalog_function, leaky_relu, "leaky_relu", {0.1}, true)->Unit(benchmark::kMillisecond)->ComputeStatistics("min", best);
BENCHMARK_CAPTURE(formula, leaky_relu_x, "leaky_relu(x, 0.1)", true)->Unit(benchmark::kMillisecond)->ComputeStatistics("min", best);
BENCHMARK_CAPTURE(catalog_function, mish_f_df, "mish", {}, false)->Unit(benchmark::kMillisecond)->ComputeStatistics("min", best);
BENCHMARK_CAPTURE(formula, x_tanh_softplus_x_f_df, "x * tanh(softplus(x))", false)->Unit(benchmark::kMillisecond)->ComputeStatistics("min", best);
BENCHMARK_CAPTURE(catalog_function, mish, "mish", {}, true)->Unit(benchmark::kMillisecond)->ComputeStatistics("min", best);
BENCHMARK_CAPTURE(formula, x_tanh_softplus_x, "x * tanh(softplus(x))", true)->Unit(benchmark::kMillisecond)->ComputeStatistics("min", best);
BENCHMARK_CAPTURE(formula, leaky_relu_minus_x, "leaky_relu(-x, 0.1)", true)->Unit(benchmark::kMillisecond)->ComputeStatistics("min", best);
BENCHMARK_CAPTURE(formula, leaky_relu_minus_x_f_df, "leaky_relu(-x, 0.1)", false)->Unit(benchmark::kMillisecond)->ComputeStatistics("min", best);
BENCHMARK_CAPTURE(catalog_function, gelu, "gelu", {}, true)->Unit(benchmark::kMillisecond)->ComputeStatistics("min", best);
BENCHMARK_CAPTURE(formula, gelu_x, "gelu(x)", true)->Unit(benchmark::kMillisecond)->ComputeStatistics("min", best);
BENCHMARK_CAPTURE(formula, gelu_minus_x, "gelu(-x)", true)->Unit(benchmark::kMillisecond)->ComputeStatistics("min", best);

}  // namespace

BENCHMARK_MAIN();
