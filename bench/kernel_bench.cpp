// Native kernel speed: ns per sample of sample() for every catalog function at n = 1,000 and
// 1,000,000, and the bytes it writes per second beside this machine's memory copy speed
// (memcpy of the same bytes, measured by the same program: the physical limit).
#include <benchmark/benchmark.h>

#include <cstring>
#include <string>
#include <vector>

#include "core/catalog.hpp"
#include "core/sampler.hpp"
#include "lab/trainer.hpp"

namespace {

using actexp::ActivationSpec;

// x, f and f' are written for every sample.
constexpr double bytes_per_sample = 3 * sizeof(double);

std::vector<double> defaults(const ActivationSpec& spec) {
  std::vector<double> params;
  for (const auto& p : spec.parameters) params.push_back(p.default_value);
  return params;
}

void sample_function(benchmark::State& state, const ActivationSpec* spec) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const std::size_t capacity = n + actexp::max_kinks;
  std::vector<double> x(capacity), f(capacity), df(capacity);
  const std::vector<double> params = defaults(*spec);
  const actexp::SampleRequest request{.function = spec, .params = params, .from = -10, .to = 10, .n = n};
  const actexp::SampleBuffers buffers{.x = x.data(), .f = f.data(), .df = df.data(), .capacity = capacity};
  std::size_t count = 0;
  for (auto _ : state) {
    if (!actexp::sample(request, buffers, count).ok()) state.SkipWithError("sample() failed");
    benchmark::DoNotOptimize(f.data());
    benchmark::ClobberMemory();
  }
  const auto samples = static_cast<double>(state.iterations()) * static_cast<double>(count);
  state.counters["ns_per_sample"] = benchmark::Counter(samples, benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
  state.counters["bytes_per_second"] = benchmark::Counter(samples * bytes_per_sample, benchmark::Counter::kIsRate);
}

// The same bytes sample() writes at n, copied: what the memory system allows.
void memory_copy(benchmark::State& state) {
  const auto bytes = static_cast<std::size_t>(static_cast<double>(state.range(0)) * bytes_per_sample);
  std::vector<char> from(bytes, 1), to(bytes);
  for (auto _ : state) {
    std::memcpy(to.data(), from.data(), bytes);
    benchmark::DoNotOptimize(to.data());
    benchmark::ClobberMemory();
  }
  state.counters["bytes_per_second"] =
      benchmark::Counter(static_cast<double>(state.iterations()) * static_cast<double>(bytes), benchmark::Counter::kIsRate);
}

// The lab's training alone (no dead-unit tracking), SGD with Leaky ReLU (α = 0.01) on the
// spiral: the default network 2-16-16-3 at batch 32 and a large one 2-64-64-64-3 at batch 64.
// A Run step trains both sides; the counter is steps of one network per second.
void lab_training(benchmark::State& state, std::vector<int> hidden, int batch) {
  actexp::lab::RunConfig config;
  config.hidden = std::move(hidden);
  config.batch = batch;
  config.track_units = false;
  const actexp::lab::Activation leaky{actexp::find_function("leaky_relu"), {0.01}, actexp::AtKink::pytorch};
  actexp::lab::Run run(config, leaky, leaky);
  for (auto _ : state) {
    if (!run.step()) state.SkipWithError("the run diverged");
  }
  state.counters["network_steps_per_second"] = benchmark::Counter(2.0 * static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}

const bool registered = [] {
  benchmark::RegisterBenchmark("lab/default", lab_training, std::vector<int>{16, 16}, 32);
  benchmark::RegisterBenchmark("lab/large", lab_training, std::vector<int>{64, 64, 64}, 64);
  benchmark::RegisterBenchmark("memcpy", memory_copy)->Arg(1000)->Arg(1'000'000);
  for (const ActivationSpec* spec : actexp::catalog()) {
    benchmark::RegisterBenchmark(("sample/" + std::string(spec->id)).c_str(), sample_function, spec)
        ->Arg(1000)
        ->Arg(1'000'000);
  }
  return true;
}();

}  // namespace

BENCHMARK_MAIN();
