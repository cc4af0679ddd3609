// The dead-neuron lab's trainer: its random numbers and portable maths, the backward pass
// against central finite differences for every catalog function and both losses, determinism,
// the dead-unit counts, the checks of a configuration, the batch order regenerated from the
// seed, and the lab's C ABI under misuse.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <climits>
#include <cmath>
#include <random>
#include <set>
#include <span>

#include "c_api/activation_lab.h"
#include "core/catalog.hpp"
#include "lab/export.hpp"
#include "lab/trainer.hpp"

namespace actexp::lab {
namespace {

TEST(LabRandom, OneSeedOneSequence) {
  Random a(7);
  Random b(7);
  Random c(8);
  for (int i = 0; i < 100; ++i) {
    const std::uint32_t va = a.next();
    EXPECT_EQ(va, b.next());
    EXPECT_NE(va, c.next());
  }
}

TEST(LabRandom, UniformAndNormalHaveTheirMoments) {
  Random rng(1);
  double sum = 0;
  double squares = 0;
  constexpr int n = 200'000;
  for (int i = 0; i < n; ++i) {
    const double u = rng.uniform();
    ASSERT_GE(u, 0.0);
    ASSERT_LT(u, 1.0);
    const double z = rng.normal();
    sum += z;
    squares += z * z;
  }
  EXPECT_NEAR(sum / n, 0.0, 0.01);
  EXPECT_NEAR(squares / n, 1.0, 0.01);
  std::vector<int> counts(5, 0);
  for (int i = 0; i < 50'000; ++i) counts[rng.below(5)] += 1;
  for (const int count : counts) EXPECT_NEAR(count, 10'000, 400);
}

TEST(LabRandom, PortableMathsMatchesLibm) {
  for (double x = 1e-300; x < 1e300; x *= 1.37) EXPECT_NEAR(portable::log(x), std::log(x), 4e-16 * std::max(1.0, std::fabs(std::log(x)))) << x;
  for (double x = -700; x < 700; x += 0.731) EXPECT_NEAR(portable::exp(x), std::exp(x), 4e-15 * std::exp(x)) << x;
  for (double x = -1 + 1e-12; x < 1e6; x = x < 0 ? x / 1.7 + 1e-13 : x * 1.3 + 1e-9) {
    EXPECT_NEAR(portable::log1p(x), std::log1p(x), 3e-16 * std::max(1.0, std::fabs(std::log1p(x))) + 1e-300) << x;
  }
  for (double x = -30; x < 30; x += 0.0137) {
    // A few ulps of double: far below float's, which is what the kernels round to.
    EXPECT_NEAR(portable::tanh(x), std::tanh(x), 1e-15) << x;
    EXPECT_NEAR(portable::erf(x / 4), std::erf(x / 4), 3e-15) << x / 4;  // ~100 terms summed near erf = 1
  }
  for (double x = -300; x < 300; x += 0.0917) {
    EXPECT_NEAR(portable::sin(x), std::sin(x), 1e-14) << x;
    EXPECT_NEAR(portable::cos(x), std::cos(x), 1e-14) << x;
  }
}

Activation defaults_of(const ActivationSpec* spec) {
  Activation a{spec, {}, AtKink::pytorch};
  for (const auto& p : spec->parameters) a.params.push_back(p.default_value);
  return a;
}

// The distance of every pre-activation from every kink of the function: finite differences
// across a kink would measure the jump, not the derivative.
double distance_to_kinks(const Weights<double>& w, const Activation& a, const std::vector<double>& x, int rows) {
  Pass<double> pass;
  forward(w, a, x.data(), rows, pass);
  KinkList kinks;
  const std::size_t count = a.function->kinks(a.params.data(), kinks);
  double nearest = INFINITY;
  for (const auto& z : pass.z) {
    for (const double v : z) {
      for (std::size_t k = 0; k < count; ++k) nearest = std::min(nearest, std::fabs(v - kinks[k].x));
    }
  }
  return nearest;
}

double loss_of(const Weights<double>& w, const Activation& a, const std::vector<double>& x, int rows, LossKind kind,
               const std::vector<int>& labels, const std::vector<double>& targets, int outputs) {
  Pass<double> pass;
  forward(w, a, x.data(), rows, pass);
  std::vector<double> gradient;
  return loss_and_gradient(kind, pass.out, rows, outputs, labels.data(), targets.data(), gradient);
}

TEST(LabBackward, MatchesCentralDifferencesForEveryFunctionAndLoss) {
  constexpr int rows = 6;
  const std::vector<int> sizes{2, 5, 4, 3};
  for (const ActivationSpec* spec : catalog()) {
    const Activation a = defaults_of(spec);
    for (const LossKind kind : {LossKind::cross_entropy, LossKind::mse}) {
      // Draw until no pre-activation lies within 1e-3 of a kink.
      Weights<double> w;
      std::vector<double> x(rows * 2);
      for (std::uint64_t seed = 1;; ++seed) {
        Random rng(seed);
        w = convert<double>(initial_weights(sizes, Init::he, rng));
        for (auto& layer : w) {
          for (double& b : layer.b) b = rng.uniform(-0.5, 0.5);
        }
        for (double& v : x) v = rng.uniform(-2, 2);
        if (distance_to_kinks(w, a, x, rows) > 1e-3) break;
        ASSERT_LT(seed, 1000U) << spec->id;
      }
      const std::vector<int> labels{0, 1, 2, 1, 0, 2};
      std::vector<double> targets(rows * 3);
      for (std::size_t i = 0; i < targets.size(); ++i) targets[i] = std::sin(static_cast<double>(i));
      Pass<double> pass;
      forward(w, a, x.data(), rows, pass);
      std::vector<double> out_gradient;
      loss_and_gradient(kind, pass.out, rows, 3, labels.data(), targets.data(), out_gradient);
      Weights<double> gradients;
      backward(w, pass, x.data(), rows, out_gradient, gradients);
      constexpr double h = 1e-6;
      for (std::size_t l = 0; l < w.size(); ++l) {
        for (std::vector<double>* values : {&w[l].w, &w[l].b}) {
          const std::vector<double>& analytic = values == &w[l].w ? gradients[l].w : gradients[l].b;
          for (std::size_t k = 0; k < values->size(); ++k) {
            const double saved = (*values)[k];
            (*values)[k] = saved + h;
            const double up = loss_of(w, a, x, rows, kind, labels, targets, 3);
            (*values)[k] = saved - h;
            const double down = loss_of(w, a, x, rows, kind, labels, targets, 3);
            (*values)[k] = saved;
            const double numeric = (up - down) / (2 * h);
            EXPECT_NEAR(analytic[k], numeric, 1e-6 + 1e-5 * std::fabs(numeric))
                << spec->id << " loss " << static_cast<int>(kind) << " layer " << l << " index " << k;
          }
        }
      }
    }
  }
}

RunConfig small_config() {
  RunConfig c;
  c.hidden = {8, 8};
  c.samples = 120;
  c.batch = 16;
  return c;
}

TEST(LabRun, OneSeedGivesTheSameRunTwice) {
  const Activation leaky = defaults_of(find_function("leaky_relu"));
  const Activation relu = defaults_of(find_function("relu"));
  lab::Run first(small_config(), leaky, relu);
  lab::Run second(small_config(), leaky, relu);
  for (int s = 0; s < 50; ++s) {
    ASSERT_TRUE(first.step());
    ASSERT_TRUE(second.step());
  }
  EXPECT_EQ(export_json(first), export_json(second));
  EXPECT_EQ(first.sides()[0].loss, second.sides()[0].loss);
  // Same initial weights and batches on both sides; the activations differ, so the losses do.
  EXPECT_EQ(first.sides()[0].loss.front() == first.sides()[1].loss.front(), false);
}

TEST(LabRun, ANegativeBiasKillsReluUnitsAndLeakyReluKeepsThemAlive) {
  RunConfig c = small_config();
  c.init = Init::negative_bias;
  c.hidden = {16, 16};
  Activation leaky = defaults_of(find_function("leaky_relu"));
  const Activation relu = defaults_of(find_function("relu"));
  lab::Run run(c, leaky, relu);
  for (int s = 0; s < 100; ++s) ASSERT_TRUE(run.step());
  const UnitStats relu_stats = run.unit_stats(1);
  const UnitStats leaky_stats = run.unit_stats(0);
  EXPECT_GT(relu_stats.dead[0] + relu_stats.dead[1], 0) << "ReLU units with bias −1 die";
  EXPECT_EQ(leaky_stats.dead[0] + leaky_stats.dead[1], 0) << "f′ = α ≠ 0: never exactly 0";
  // α = 0 is ReLU: the same deaths as the ReLU side, step for step.
  leaky.params = {0.0};
  lab::Run zero(c, leaky, relu);
  for (int s = 0; s < 100; ++s) ASSERT_TRUE(zero.step());
  EXPECT_EQ(zero.sides()[0].dead, zero.sides()[1].dead);
  EXPECT_EQ(zero.sides()[0].loss, zero.sides()[1].loss);
  // Activity is the share of inputs with f′ ≠ 0: a dead unit has 0.
  for (std::size_t l = 0; l < relu_stats.activity.size(); ++l) {
    int zeros = 0;
    for (const float share : relu_stats.activity[l]) zeros += share == 0 ? 1 : 0;
    EXPECT_EQ(zeros, relu_stats.dead[l]);
  }
}

// A step in pieces of any size (one row; sizes that divide neither the batch nor the training
// set; more than both) gives the whole steps' weights, losses, dead counts and activity, bit
// for bit, and says a step is pending only between pieces.
void expect_pieces_match_whole_steps(const RunConfig& c, const Activation& a, const Activation& b) {
  constexpr int steps = 6;
  lab::Run whole(c, a, b);
  for (int s = 0; s < steps; ++s) ASSERT_TRUE(whole.step());
  lab::Run at_once(c, a, b);
  ASSERT_EQ(at_once.advance(INT_MAX, steps).steps, steps) << "a budget larger than the steps' work stops after `steps`";
  EXPECT_FALSE(at_once.pending());
  EXPECT_EQ(export_json(at_once), export_json(whole));
  for (const int piece : {1, 7, 50, 97}) {
    lab::Run run(c, a, b);
    int completed = 0;
    int calls = 0;
    while (completed < steps) {
      const lab::Run::Progress progress = run.advance(piece, steps - completed);
      completed += progress.steps;
      ++calls;
      EXPECT_EQ(run.steps(), completed) << "only completed steps count";
      EXPECT_EQ(progress.pending, run.pending());
      EXPECT_EQ(run.sides()[0].loss.size(), static_cast<std::size_t>(completed)) << "a pending step's loss shows once it completes";
    }
    if (piece < c.batch) { EXPECT_GT(calls, steps) << "pieces of " << piece << " rows: a step takes several"; }
    EXPECT_FALSE(run.pending());
    EXPECT_EQ(export_json(run), export_json(whole)) << "pieces of " << piece << " rows";
    for (std::size_t side = 0; side < 2; ++side) {
      EXPECT_EQ(run.sides()[side].weights.back().w, whole.sides()[side].weights.back().w);
      EXPECT_EQ(run.sides()[side].loss, whole.sides()[side].loss);
      EXPECT_EQ(run.sides()[side].dead, whole.sides()[side].dead);
      EXPECT_EQ(run.sides()[side].nearly_dead, whole.sides()[side].nearly_dead);
      EXPECT_EQ(run.sides()[side].activity, whole.sides()[side].activity);
      EXPECT_EQ(run.sides()[side].gradient_norm, whole.sides()[side].gradient_norm);
    }
  }
}

TEST(LabRun, AStepInPiecesIsTheWholeStep) {
  RunConfig c = small_config();
  c.samples = 130;
  c.batch = 45;
  c.hidden = {12, 9, 7};
  c.init = Init::negative_bias;
  const Activation leaky = defaults_of(find_function("leaky_relu"));
  const Activation relu = defaults_of(find_function("relu"));
  expect_pieces_match_whole_steps(c, leaky, relu);
  c.optimizer = OptimizerKind::adam;
  c.lr = 0.01;
  c.batch = 130;
  expect_pieces_match_whole_steps(c, defaults_of(find_function("gelu")), relu);
  c.dataset = DatasetKind::sine;
  c.loss = LossKind::mse;
  c.batch = 33;
  expect_pieces_match_whole_steps(c, defaults_of(find_function("elu")), defaults_of(find_function("tanh")));
  c.track_units = false;
  expect_pieces_match_whole_steps(c, leaky, relu);
}

TEST(LabRun, StepFinishesAPendingStep) {
  const Activation leaky = defaults_of(find_function("leaky_relu"));
  const Activation relu = defaults_of(find_function("relu"));
  lab::Run whole(small_config(), leaky, relu);
  lab::Run pieces(small_config(), leaky, relu);
  for (int s = 0; s < 3; ++s) ASSERT_TRUE(whole.step());
  EXPECT_EQ(pieces.advance(5, 1).steps, 0);
  EXPECT_TRUE(pieces.pending());
  ASSERT_TRUE(pieces.step());
  EXPECT_EQ(pieces.steps(), 1);
  EXPECT_FALSE(pieces.pending());
  EXPECT_EQ(pieces.advance(0, 1).steps, 0) << "no rows, no work";
  EXPECT_EQ(pieces.advance(100, 0).steps, 0) << "no steps asked, none done";
  EXPECT_FALSE(pieces.pending()) << "no step begun by a call asking for none";
  ASSERT_TRUE(pieces.step());
  ASSERT_TRUE(pieces.step());
  EXPECT_EQ(export_json(pieces), export_json(whole));
}

TEST(LabRun, ADivergingRunStopsWithAMessage) {
  RunConfig c = small_config();
  c.dataset = DatasetKind::sine;
  c.loss = LossKind::mse;
  c.lr = 3;
  c.init = Init::glorot;
  c.hidden = {64, 64, 64};
  const Activation relu = defaults_of(find_function("relu"));
  lab::Run run(c, relu, relu);
  int steps = 0;
  while (run.step() && steps < 500) ++steps;
  ASSERT_LT(steps, 500);
  EXPECT_NE(run.problem().find("diverged at step"), std::string::npos) << run.problem();
  EXPECT_NE(run.problem().find("lower the learning rate"), std::string::npos);
  EXPECT_FALSE(run.step()) << "a diverged run stays stopped";
}

TEST(LabRun, BadConfigurationsAreNamed) {
  const Activation relu = defaults_of(find_function("relu"));
  const auto message = [&](RunConfig c) { return validate(c, relu, relu).message; };
  RunConfig c = small_config();
  EXPECT_EQ(validate(c, relu, relu).ok(), true);
  c.hidden = {};
  EXPECT_EQ(message(c), "The network needs 1 to 8 hidden layers, got 0.");
  c = small_config();
  c.hidden = {16, 65};
  EXPECT_EQ(message(c), "Each hidden layer has 2 to 64 units, got 65.");
  c = small_config();
  c.lr = 0;
  EXPECT_EQ(message(c), "The learning rate must be above 0 and at most 10, got 0.");
  c = small_config();
  c.batch = 500;
  EXPECT_EQ(message(c), "The batch size must be from 1 to the number of samples (120), got 500.");
  c = small_config();
  c.dataset = DatasetKind::sine;
  EXPECT_EQ(message(c), "The sine regression trains with mse, not cross_entropy.");
  Activation bad = relu;
  bad.function = find_function("leaky_relu");
  bad.params = {7};
  EXPECT_FALSE(validate(small_config(), bad, relu).ok());
}

TEST(LabExport, FloatsReadBackExactly) {
  Random rng(3);
  for (int i = 0; i < 10'000; ++i) {
    const auto v = static_cast<float>(rng.normal() * std::pow(10.0, rng.uniform(-30, 30)));
    EXPECT_EQ(std::strtof(float_text(v).c_str(), nullptr), v);
  }
}


// The batch order follows from the seed alone: a fresh BatchOrder gives the batches a run used
// (an epoch visits every sample once, its last batch the remainder), so nothing needs keeping.
TEST(LabBatchOrder, RegeneratesTheBatchesFromTheSeed) {
  BatchOrder order(90, 32, 7);
  std::vector<std::size_t> sizes;
  std::set<int> epoch;
  for (int step = 0; step < 7; ++step) {
    const std::span<const int> batch = order.next();
    sizes.push_back(batch.size());
    if (step < 3) epoch.insert(batch.begin(), batch.end());
  }
  EXPECT_EQ(sizes, (std::vector<std::size_t>{32, 32, 26, 32, 32, 26, 32}));
  EXPECT_EQ(epoch.size(), 90U);
  EXPECT_EQ(*epoch.begin(), 0);
  EXPECT_EQ(*epoch.rbegin(), 89);
  const auto first_batch = [](std::uint64_t seed) {
    BatchOrder fresh(90, 32, seed);
    const std::span<const int> batch = fresh.next();
    return std::vector<int>(batch.begin(), batch.end());
  };
  EXPECT_EQ(first_batch(7), first_batch(7));
  EXPECT_NE(first_batch(7), first_batch(8));
}

// A run with a batch of 0 uses the default, capped at the samples: a default is never refused.
TEST(LabRun, AnUnsetBatchIsTheDefaultCappedAtTheSamples) {
  const Activation relu = defaults_of(find_function("relu"));
  RunConfig c = small_config();
  c.batch = 0;
  c.samples = 300;
  EXPECT_EQ(batch_size(c), default_batch);
  c.samples = min_samples;
  EXPECT_EQ(batch_size(c), min_samples);
  EXPECT_TRUE(validate(c, relu, relu).ok()) << validate(c, relu, relu).message;
  lab::Run run(c, relu, relu);
  EXPECT_EQ(run.config().batch, min_samples);
  ASSERT_TRUE(run.step());
  c.batch = min_samples;
  lab::Run explicit_batch(c, relu, relu);
  ASSERT_TRUE(explicit_batch.step());
  EXPECT_EQ(run.sides()[0].loss, explicit_batch.sides()[0].loss);
  c.batch = -1;
  EXPECT_EQ(validate(c, relu, relu).message, "The batch size must be from 1 to the number of samples (20), got -1.");
}

// The per-step history is one byte per layer and step, read back as rows.
TEST(LabRun, KeepsItsHistoryAsFlatRows) {
  const Activation relu = defaults_of(find_function("relu"));
  RunConfig c = small_config();
  c.init = Init::negative_bias;
  lab::Run run(c, relu, relu);
  for (int s = 0; s < 30; ++s) ASSERT_TRUE(run.step());
  const StepCounts& dead = run.sides()[0].dead;
  ASSERT_EQ(dead.size(), 30U);
  ASSERT_EQ(dead.back().size(), 2U);
  const UnitStats now = run.unit_stats(0);
  EXPECT_EQ(std::vector<int>(dead.back().begin(), dead.back().end()), now.dead);
  EXPECT_EQ(std::vector<int>(dead[29].begin(), dead[29].end()), now.dead);
}

// The lab's C ABI: a config that trains a small run quickly.
std::vector<double> abi_config(double samples = 60, double batch = 16) {
  std::vector<double> c(AE_LAB_CONFIG_SIZE, 0.0);
  c[AE_LAB_DATASET] = 0;
  c[AE_LAB_SAMPLES] = samples;
  c[AE_LAB_NOISE] = 0.1;
  c[AE_LAB_LR] = 0.1;
  c[AE_LAB_BETA1] = 0.9;
  c[AE_LAB_BETA2] = 0.999;
  c[AE_LAB_EPS] = 1e-8;
  c[AE_LAB_BATCH] = batch;
  c[AE_LAB_SEED] = 7;
  c[AE_LAB_TRACK] = 1;
  c[AE_LAB_LAYERS] = 1;
  c[AE_LAB_WIDTHS] = 4;
  return c;
}
constexpr int abi_leaky_relu = 0;
constexpr int abi_relu = 1;

int start_abi(const std::vector<double>& config) {
  const double alpha = 0.01;
  return ae_lab_start(config.data(), AE_LAB_CONFIG_SIZE, abi_leaky_relu, &alpha, 1, abi_relu, nullptr, 0);
}

// ae_lab_advance in pieces of 7 rows gives ae_lab_step's history; a step between pieces
// finishes the pending one.
TEST(LabCApi, AdvancingInPiecesIsStepping) {
  const std::vector<double> config = abi_config();
  const auto history = [] {
    std::vector<double> rows(1000, -7.0);
    int count = -1;
    EXPECT_EQ(ae_lab_history(1, 0, rows.data(), static_cast<int>(rows.size()), &count), AE_OK);
    rows.resize(static_cast<std::size_t>(count) * (1 + 2 * 2));
    return rows;
  };
  ASSERT_EQ(start_abi(config), AE_OK);
  int done = 0;
  ASSERT_EQ(ae_lab_step(5, &done), AE_OK);
  const std::vector<double> stepped = history();
  ASSERT_EQ(start_abi(config), AE_OK);
  int total = 0;
  int pending = -1;
  int calls = 0;
  while (total < 4) {
    ASSERT_EQ(ae_lab_advance(7, 4 - total, &done, &pending), AE_OK);
    total += done;
    ++calls;
  }
  EXPECT_GT(calls, 4);
  EXPECT_EQ(ae_lab_advance(7, 1, &done, &pending), AE_OK);
  EXPECT_EQ(done, 0);
  EXPECT_EQ(pending, 1) << "the fifth step is partly done";
  ASSERT_EQ(ae_lab_step(1, &done), AE_OK);
  EXPECT_EQ(history(), stepped);
}

// Every count is checked against its limit before anything is read: a parameter count of
// 2³¹ − 1 is refused as 100 is (it used to copy that many doubles and abort).
TEST(LabCApi, RefusesHugeCountsBeforeReadingAnything) {
  const std::vector<double> config = abi_config();
  const double alpha = 0.01;
  for (const int count : {2, 100, INT_MAX}) {
    EXPECT_EQ(ae_lab_start(config.data(), AE_LAB_CONFIG_SIZE, abi_leaky_relu, &alpha, count, abi_relu, nullptr, 0), AE_WRONG_PARAMETER_COUNT);
    EXPECT_EQ(std::string(ae_last_error()), "Leaky ReLU takes 1 parameter(s), got " + std::to_string(count) + ".");
    EXPECT_EQ(ae_lab_start(config.data(), AE_LAB_CONFIG_SIZE, abi_leaky_relu, &alpha, 1, abi_relu, &alpha, count), AE_WRONG_PARAMETER_COUNT);
  }
  EXPECT_EQ(ae_lab_start(config.data(), AE_LAB_CONFIG_SIZE, abi_leaky_relu, &alpha, INT_MIN, abi_relu, nullptr, 0), AE_WRONG_PARAMETER_COUNT);
  EXPECT_EQ(ae_lab_start(config.data(), INT_MAX, abi_leaky_relu, &alpha, 1, abi_relu, nullptr, 0), AE_WRONG_PARAMETER_COUNT);
  ASSERT_EQ(start_abi(config), AE_OK);
  int done = 0;
  EXPECT_EQ(ae_lab_step(INT_MAX, &done), AE_PARAMETER_OUT_OF_RANGE);
  int pending = -1;
  for (const auto& [rows, steps] : std::array<std::pair<int, int>, 5>{{{INT_MAX, 1}, {AE_LAB_MAX_ROWS + 1, 1}, {-1, 1}, {10, INT_MAX}, {10, -1}}}) {
    EXPECT_EQ(ae_lab_advance(rows, steps, &done, &pending), AE_PARAMETER_OUT_OF_RANGE) << rows << " rows, " << steps << " steps";
  }
  EXPECT_EQ(ae_lab_advance(10, 1, nullptr, &pending), AE_NULL_BUFFER);
  ASSERT_EQ(ae_lab_step(3, &done), AE_OK);
  std::vector<double> out(8, -7.0);
  int count = -1;
  EXPECT_EQ(ae_lab_history(0, INT_MAX, out.data(), 8, &count), AE_PARAMETER_OUT_OF_RANGE);
  EXPECT_EQ(ae_lab_history(0, 0, out.data(), INT_MIN, &count), AE_OK);
  EXPECT_EQ(count, 0) << "no room: no rows";
  EXPECT_EQ(ae_lab_predict(0, out.data(), INT_MAX, out.data(), 8), AE_SAMPLE_COUNT_OUT_OF_RANGE);
  EXPECT_EQ(ae_lab_predict(0, out.data(), 4, out.data(), INT_MIN), AE_CAPACITY_TOO_SMALL);
  EXPECT_EQ(ae_lab_units(0, out.data(), INT_MIN, &count), AE_CAPACITY_TOO_SMALL);
  std::vector<int> indices(8, -7);
  EXPECT_EQ(ae_lab_batches(INT_MAX, indices.data(), 8, &count), AE_PARAMETER_OUT_OF_RANGE);
  EXPECT_EQ(ae_lab_batches(0, indices.data(), INT_MIN, &count), AE_CAPACITY_TOO_SMALL);
  EXPECT_EQ(indices, std::vector<int>(8, -7)) << "nothing written when not one step fits";
}

// ae_lab_data has a capacity for y as for x: a y buffer one sample short is refused, untouched.
TEST(LabCApi, DataChecksTheRoomForXAndForY) {
  ASSERT_EQ(start_abi(abi_config(60)), AE_OK);
  std::vector<double> x(120, -7.0), y(60, -7.0);
  int count = -1;
  EXPECT_EQ(ae_lab_data(x.data(), 120, y.data(), 59, &count), AE_CAPACITY_TOO_SMALL);
  EXPECT_EQ(std::string(ae_last_error()), "Room for 59 labels but 60 are needed.");
  EXPECT_EQ(y, std::vector<double>(60, -7.0));
  EXPECT_EQ(ae_lab_data(x.data(), 119, y.data(), 60, &count), AE_CAPACITY_TOO_SMALL);
  EXPECT_EQ(ae_lab_data(x.data(), 120, y.data(), INT_MIN, &count), AE_CAPACITY_TOO_SMALL);
  ASSERT_EQ(ae_lab_data(x.data(), 120, y.data(), 60, &count), AE_OK);
  EXPECT_EQ(count, 60);
  EXPECT_TRUE(std::all_of(y.begin(), y.end(), [](double label) { return label >= 0 && label <= 2; }));
}

// The batches are streamed by regenerating them: what ae_lab_batches gives is the order the run
// trained on (a fresh BatchOrder of the same seed), step by step, from any first step.
TEST(LabCApi, StreamsTheBatchesOfARunFromItsSeed) {
  ASSERT_EQ(start_abi(abi_config(60, 25)), AE_OK);
  int done = 0;
  ASSERT_EQ(ae_lab_step(5, &done), AE_OK);
  std::vector<int> out(200, -7);
  int count = -1;
  ASSERT_EQ(ae_lab_batches(0, out.data(), 200, &count), AE_OK);
  ASSERT_EQ(count, 5) << "the steps taken, no more";
  BatchOrder order(60, 25, 7);
  std::size_t at = 0;
  for (int step = 0; step < 5; ++step) {
    const std::span<const int> batch = order.next();
    ASSERT_EQ(out[at], static_cast<int>(batch.size()));
    EXPECT_TRUE(std::equal(batch.begin(), batch.end(), out.begin() + static_cast<std::ptrdiff_t>(at) + 1)) << "step " << step;
    at += 1 + batch.size();
  }
  EXPECT_EQ(out[at], -7) << "nothing past the last step";
  std::vector<int> tail(200, -7);
  ASSERT_EQ(ae_lab_batches(2, tail.data(), 27, &count), AE_OK);
  EXPECT_EQ(count, 1) << "whole steps only: step 3 (25 samples) does not fit beside step 2 (the epoch's remainder, 10)";
  EXPECT_TRUE(std::equal(tail.begin(), tail.begin() + 11, out.begin() + 26 + 26));
  ASSERT_EQ(ae_lab_batches(5, tail.data(), 200, &count), AE_OK);
  EXPECT_EQ(count, 0);
}

// Predictions in one call of many rows are the bits of the same rows one at a time (the ABI
// computes a few thousand rows at a time).
TEST(LabCApi, PredictsManyRowsAsOneAtATime) {
  ASSERT_EQ(start_abi(abi_config()), AE_OK);
  int done = 0;
  ASSERT_EQ(ae_lab_step(10, &done), AE_OK);
  constexpr int n = 9000;
  Random rng(4);
  std::vector<double> x(2 * n);
  for (double& v : x) v = rng.uniform(-1.5, 1.5);
  std::vector<double> all(3 * n);
  ASSERT_EQ(ae_lab_predict(0, x.data(), n, all.data(), 3 * n), AE_OK);
  for (const int row : {0, 4095, 4096, 8191, 8192, n - 1}) {
    std::array<double, 3> one{};
    ASSERT_EQ(ae_lab_predict(0, x.data() + 2 * row, 1, one.data(), 3), AE_OK);
    EXPECT_EQ(one[0], all[3 * static_cast<std::size_t>(row)]) << row;
    EXPECT_EQ(one[2], all[3 * static_cast<std::size_t>(row) + 2]) << row;
  }
}

}  // namespace
}  // namespace actexp::lab
