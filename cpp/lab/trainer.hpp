// Two copies of one network trained side by side: the same seed, initial weights, data and
// mini-batch order, one activation each. Plain SGD (w −= lr·g) and Adam as torch.optim.Adam.
// After every step, the dead units of each hidden layer over the whole training set.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "../core/status.hpp"
#include "batch_order.hpp"
#include "dataset.hpp"
#include "network.hpp"

namespace actexp::lab {

enum class OptimizerKind : int { sgd = 0, adam = 1 };
inline constexpr std::array<std::string_view, 2> optimizer_ids{"sgd", "adam"};

struct RunConfig {
  DatasetKind dataset = DatasetKind::spiral;
  int samples = 300;
  double noise = 0.1;
  std::vector<int> hidden{16, 16};
  LossKind loss = LossKind::cross_entropy;
  OptimizerKind optimizer = OptimizerKind::sgd;
  double lr = 0.1;
  double beta1 = 0.9;  // Adam, torch's defaults
  double beta2 = 0.999;
  double eps = 1e-8;
  int batch = 0;  // 0: default_batch, capped at the samples (batch_size())
  std::uint64_t seed = 7;
  Init init = Init::he;
  // Dead units over the whole training set after every step (the lab's point); off only for
  // benchmarks that time the training alone, as a framework's loop would run it.
  bool track_units = true;
};

// Limits the page and the CLI share.
inline constexpr int max_hidden_layers = 8;
inline constexpr int min_width = 2;
inline constexpr int max_width = 64;
inline constexpr int min_samples = 20;
inline constexpr int max_samples = 5000;
// A run's longest (the page's "stop after" and actviz train --steps; also one ae_lab_step call's).
inline constexpr int max_steps = 100'000;
// Seeds are what a 32-bit signed integer holds, so every language's integers carry them.
inline constexpr long max_seed = 2'147'483'647;
inline constexpr double max_learning_rate = 10;
// Below this a step is lost to float32 rounding: lr·g under half an ulp of a weight of ~0.1 for
// gradients up to ~0.1 (1e-300 passed "above 0" and then trained in float32 as 0).
inline constexpr double min_learning_rate = 1e-6;
inline constexpr double max_noise = 1;
// The batch when none is given; a run with fewer samples uses them all, so a default is never refused.
inline constexpr int default_batch = 32;

// The batch a run uses: config.batch, or when it is 0 the default capped at the samples.
int batch_size(const RunConfig& config);

// Whether a dataset trains with a loss: cross-entropy needs classes, so a regression takes mse.
constexpr bool loss_suits(const DatasetInfo& dataset, LossKind loss) { return dataset.classes > 0 || loss == LossKind::mse; }

// Why this configuration or activation cannot run, or success.
Outcome validate(const RunConfig& config, const Activation& a, const Activation& b);

// f' below this share of its largest value counts as "nearly" zero.
inline constexpr double nearly_dead_fraction = 1e-3;

struct UnitStats {
  std::vector<int> dead;         // per hidden layer: f' exactly 0 for every training input
  std::vector<int> nearly_dead;  // |f'| below nearly_dead_fraction of its maximum for every input
  std::vector<std::vector<float>> activity;  // layer × unit: share of inputs with f' != 0
};

// A count per hidden layer for each step, in one flat array of bytes (a unit count is at most
// max_width): a step costs a byte a layer, not a vector. Reads as a list of rows.
class StepCounts {
 public:
  static_assert(max_width <= 255, "a unit count fits a byte");
  explicit StepCounts(std::size_t layers = 0) : layers_(layers) {}
  void push_back(std::span<const int> counts);  // one count per hidden layer
  [[nodiscard]] std::size_t size() const { return layers_ == 0 ? 0 : counts_.size() / layers_; }
  [[nodiscard]] bool empty() const { return counts_.empty(); }
  [[nodiscard]] std::span<const std::uint8_t> operator[](std::size_t step) const {
    return std::span<const std::uint8_t>(counts_).subspan(step * layers_, layers_);
  }
  [[nodiscard]] std::span<const std::uint8_t> front() const { return (*this)[0]; }
  [[nodiscard]] std::span<const std::uint8_t> back() const { return (*this)[size() - 1]; }
  bool operator==(const StepCounts&) const = default;

 private:
  std::size_t layers_;
  std::vector<std::uint8_t> counts_;
};

struct Side {
  Activation activation;
  double max_slope = 1;  // the largest |f'| of the function, for "nearly dead"
  Weights<float> weights;
  Weights<float> first_moment, second_moment;  // Adam
  std::vector<float> loss;  // per step: the batch's mean loss before the update
  StepCounts dead;          // per step: dead units per hidden layer after the update
  StepCounts nearly_dead;   // per step: nearly dead units per hidden layer
  std::vector<std::vector<float>> activity;   // after the last tracked step, layer × unit
  std::vector<double> gradient_norm;       // per hidden layer and output, at the last step
};

class Run {
 public:
  // The configuration and activations must have passed validate(); config() has the batch resolved.
  Run(const RunConfig& config, const Activation& a, const Activation& b);

  // One step of both sides on the next mini-batch (finishing a pending one first: see advance).
  // False once a side's loss is not finite.
  bool step();

  // A step in bounded pieces, so a caller can answer between them (the page's Pause): does up to
  // `rows` rows of work (a batch row forward and backward, or a training-set row of the
  // dead-unit pass, for one side), resuming the pending step or starting the next one, and stops
  // after `steps` completed steps. The same numbers as step(), bit for bit, in pieces of any size.
  struct Progress {
    int steps = 0;         // steps completed
    bool pending = false;  // a step is partly done
  };
  Progress advance(int rows, int steps);
  [[nodiscard]] bool pending() const { return pending_.started; }

  // Completed steps (a pending step's numbers show once it completes).
  [[nodiscard]] int steps() const { return steps_; }
  [[nodiscard]] const RunConfig& config() const { return config_; }
  [[nodiscard]] const Dataset& data() const { return data_; }
  [[nodiscard]] const Weights<float>& initial() const { return initial_; }
  // The run's batch order from its first step, regenerated from the seed (the run keeps none).
  [[nodiscard]] BatchOrder batch_order() const { return {data_.size(), config_.batch, config_.seed}; }
  [[nodiscard]] const std::array<Side, 2>& sides() const { return sides_; }
  // "diverged at step 312: lower the learning rate", or "" while the run is healthy.
  [[nodiscard]] const std::string& problem() const { return problem_; }
  // Dead, nearly dead and activity of a side's units now, over the whole training set.
  [[nodiscard]] UnitStats unit_stats(int side) const;
  // Each unit's share of inputs with f' != 0 now: kept from the step when it tracked units,
  // else measured (a forward pass over the whole training set).
  [[nodiscard]] std::vector<std::vector<float>> activity(int side) const;
  // A side's output for n inputs (n × inputs): softmax probabilities, or the regression value.
  [[nodiscard]] std::vector<float> predict(int side, const std::vector<float>& x, int n) const;

 private:
  // What a side's pending step has so far: the batch's loss total and gradients, then the
  // updated weights and the dead-unit pass's counts (per layer and unit: inputs with f' != 0,
  // and with |f'| at least "nearly").
  struct PendingSide {
    double loss_total = 0;
    Weights<float> gradients;
    Weights<float> next;  // the weights after the update, in place once the step completes
    std::vector<std::vector<int>> active, alive;
  };
  struct Pending {
    bool started = false;
    bool updated = false;
    std::vector<int> batch;
    int side = 0;  // the side whose rows come next
    int row = 0;   // its next row: of the batch before the update, of the training set after it
    std::array<PendingSide, 2> sides;
  };

  void begin_step();
  int train_rows(int side, int rows);
  void update_sides();
  int track_rows(int side, int rows);
  void complete_step();
  void update(Side& side, const Weights<float>& gradients, Weights<float>& next);
  void count_units(const Side& side, const Weights<float>& weights, int first, int rows, Pass<float>& pass,
                   std::vector<std::vector<int>>& active, std::vector<std::vector<int>>& alive) const;
  [[nodiscard]] UnitStats stats_from_counts(const Side& side, const std::vector<std::vector<int>>& active,
                                            const std::vector<std::vector<int>>& alive) const;

  RunConfig config_;
  Dataset data_;
  Weights<float> initial_;
  std::array<Side, 2> sides_;
  BatchOrder batches_;
  int steps_ = 0;
  std::string problem_;
  Pending pending_;
  Pass<float> pass_;  // a piece's forward pass, kept so pieces reuse its memory
  std::vector<float> x_, out_gradient_, targets_;
  std::vector<int> labels_;
};

}  // namespace actexp::lab
