#include "trainer.hpp"

#include <algorithm>
#include <cmath>

#include "../core/catalog.hpp"
#include "../core/format.hpp"
#include "../core/sampler.hpp"

namespace actexp::lab {
namespace {

// The largest |f'| of the function over [−30, 30] and at its kinks' one-sided limits.
double largest_slope(const Activation& a) {
  constexpr std::size_t n = 6001;
  std::vector<double> x(n + max_range_kinks), f(n + max_range_kinks), df(n + max_range_kinks);
  std::size_t count = 0;
  const SampleRequest request{.function = a.function, .params = a.params, .at_kink = a.at_kink, .from = -30, .to = 30, .n = n};
  if (!sample(request, {.x = x.data(), .f = f.data(), .df = df.data(), .capacity = x.size()}, count).ok()) return 1;
  double largest = 0;
  for (std::size_t i = 0; i < count; ++i) largest = std::max(largest, std::fabs(df[i]));
  KinkList kinks;
  const std::size_t kink_count = a.function->kinks(a.params.data(), kinks);
  for (std::size_t k = 0; k < kink_count; ++k) largest = std::max({largest, std::fabs(kinks[k].df_left), std::fabs(kinks[k].df_right)});
  return largest > 0 ? largest : 1;
}

std::vector<int> layer_sizes(const RunConfig& c, const Dataset& d) {
  std::vector<int> sizes{d.inputs};
  sizes.insert(sizes.end(), c.hidden.begin(), c.hidden.end());
  sizes.push_back(d.outputs);
  return sizes;
}

Weights<float> zeros_like(const Weights<float>& w) {
  Weights<float> z = w;
  for (auto& l : z) {
    std::fill(l.w.begin(), l.w.end(), 0.0F);
    std::fill(l.b.begin(), l.b.end(), 0.0F);
  }
  return z;
}

Outcome check_activation(const Activation& a, const char* which) {
  if (a.function == nullptr) return Outcome::failure(Status::unknown_function, std::string("Unknown activation function for ") + which + ".");
  if (static_cast<int>(a.at_kink) < 0 || static_cast<int>(a.at_kink) >= at_kink_count) {
    return Outcome::failure(Status::unknown_convention, "Unknown convention for the derivative at a kink.");
  }
  return validate_parameters(*a.function, a.params);
}

// The configuration as the run uses it: the batch resolved.
RunConfig resolved(RunConfig config) {
  config.batch = batch_size(config);
  return config;
}

}  // namespace

int batch_size(const RunConfig& c) { return c.batch != 0 ? c.batch : std::min(default_batch, c.samples); }

void StepCounts::push_back(std::span<const int> counts) {
  for (const int count : counts) counts_.push_back(static_cast<std::uint8_t>(count));
}

Outcome validate(const RunConfig& c, const Activation& a, const Activation& b) {
  const auto bad = [](const std::string& message) { return Outcome::failure(Status::parameter_out_of_range, message); };
  if (static_cast<int>(c.dataset) < 0 || static_cast<std::size_t>(c.dataset) >= datasets.size()) return bad("Unknown dataset.");
  if (c.hidden.empty() || c.hidden.size() > max_hidden_layers) {
    return bad("The network needs 1 to " + std::to_string(max_hidden_layers) + " hidden layers, got " + std::to_string(c.hidden.size()) + ".");
  }
  for (const int width : c.hidden) {
    if (width < min_width || width > max_width) {
      return bad("Each hidden layer has " + std::to_string(min_width) + " to " + std::to_string(max_width) + " units, got " + std::to_string(width) + ".");
    }
  }
  if (c.samples < min_samples || c.samples > max_samples) {
    return bad("The dataset has " + std::to_string(min_samples) + " to " + std::to_string(max_samples) + " samples, got " + std::to_string(c.samples) + ".");
  }
  if (!(c.noise >= 0 && c.noise <= max_noise)) {
    return bad("The noise must be from 0 to " + format_number(max_noise) + ", got " + format_number(c.noise) + ".");
  }
  if (!(c.lr > 0 && c.lr <= max_learning_rate)) {
    return bad("The learning rate must be above 0 and at most " + format_number(max_learning_rate) + ", got " + format_number(c.lr) + ".");
  }
  if (c.lr < min_learning_rate) {
    return bad("The learning rate must be at least " + format_number(min_learning_rate) + " (smaller steps are lost to float32 rounding), got " +
               format_number(c.lr) + ".");
  }
  if (c.batch < 0 || c.batch > c.samples) {
    return bad("The batch size must be from 1 to the number of samples (" + std::to_string(c.samples) + "), got " + std::to_string(c.batch) + ".");
  }
  if (static_cast<int>(c.init) < 0 || static_cast<std::size_t>(c.init) >= init_ids.size()) return bad("Unknown initialisation.");
  if (static_cast<int>(c.optimizer) < 0 || static_cast<std::size_t>(c.optimizer) >= optimizer_ids.size()) return bad("Unknown optimiser.");
  if (static_cast<int>(c.loss) < 0 || static_cast<std::size_t>(c.loss) >= loss_ids.size()) return bad("Unknown loss.");
  if (!loss_suits(datasets[static_cast<std::size_t>(c.dataset)], c.loss)) return bad("The sine regression trains with mse, not cross_entropy.");
  if (c.optimizer == OptimizerKind::adam && !(c.beta1 >= 0 && c.beta1 < 1 && c.beta2 >= 0 && c.beta2 < 1 && c.eps > 0)) {
    return bad("Adam needs 0 <= beta1, beta2 < 1 and eps > 0.");
  }
  if (auto outcome = check_activation(a, "the first side"); !outcome.ok()) return outcome;
  return check_activation(b, "the comparison side");
}

Run::Run(const RunConfig& config, const Activation& a, const Activation& b)
    : config_(resolved(config)),
      data_(make_dataset(config.dataset, config.samples, config.noise, config.seed)),
      batches_(data_.size(), config_.batch, config.seed) {
  Random weight_rng(config.seed, 2);
  initial_ = initial_weights(layer_sizes(config, data_), config.init, weight_rng);
  for (std::size_t s = 0; s < 2; ++s) {
    Side& side = sides_[s];
    side.activation = s == 0 ? a : b;
    side.max_slope = largest_slope(side.activation);
    side.weights = initial_;
    side.first_moment = zeros_like(initial_);
    side.second_moment = zeros_like(initial_);
    side.dead = StepCounts(config_.hidden.size());
    side.nearly_dead = StepCounts(config_.hidden.size());
  }
}

namespace {
// step()'s pieces: a bound on the forward pass's memory (a 64-wide layer's pass over 5,000 rows
// is 3.7 MB), not on time.
constexpr int step_piece_rows = 512;
}  // namespace

bool Run::step() {
  if (!problem_.empty()) return false;
  while (advance(step_piece_rows, 1).steps == 0) {}
  return problem_.empty();
}

Run::Progress Run::advance(int rows, int steps) {
  Progress progress;
  int budget = rows;
  while (problem_.empty() && progress.steps < steps && budget > 0) {
    if (!pending_.started) begin_step();
    const int sides = static_cast<int>(sides_.size());
    if (!pending_.updated && pending_.side < sides) {
      budget -= train_rows(pending_.side, budget);
    } else if (!pending_.updated) {
      update_sides();
    } else if (pending_.side < sides && config_.track_units) {
      budget -= track_rows(pending_.side, budget);
    } else {
      complete_step();
      ++progress.steps;
    }
  }
  // A step whose work is all done completes now, not at the next call.
  if (pending_.started && pending_.updated && (pending_.side == static_cast<int>(sides_.size()) || !config_.track_units) &&
      progress.steps < steps) {
    complete_step();
    ++progress.steps;
  }
  progress.pending = pending_.started;
  return progress;
}

void Run::begin_step() {
  const std::span<const int> batch = batches_.next();
  pending_.batch.assign(batch.begin(), batch.end());
  pending_.started = true;
  pending_.updated = false;
  pending_.side = 0;
  pending_.row = 0;
  for (std::size_t s = 0; s < sides_.size(); ++s) {
    PendingSide& p = pending_.sides[s];
    p.loss_total = 0;
    zero_gradients(sides_[s].weights, p.gradients);
  }
}

// Forward and backward over the batch's next rows (up to `most`) for one side; the rows done.
int Run::train_rows(int side_index, int most) {
  const auto s = static_cast<std::size_t>(side_index);
  const Side& side = sides_[s];
  PendingSide& p = pending_.sides[s];
  const int batch = static_cast<int>(pending_.batch.size());
  const int rows = std::min(most, batch - pending_.row);
  const auto inputs = static_cast<std::size_t>(data_.inputs);
  const auto outputs = static_cast<std::size_t>(data_.outputs);
  x_.resize(static_cast<std::size_t>(rows) * inputs);
  labels_.clear();
  targets_.clear();
  for (std::size_t r = 0; r < static_cast<std::size_t>(rows); ++r) {
    const auto i = static_cast<std::size_t>(pending_.batch[static_cast<std::size_t>(pending_.row) + r]);
    std::copy_n(data_.x.begin() + static_cast<std::ptrdiff_t>(i * inputs), inputs, x_.begin() + static_cast<std::ptrdiff_t>(r * inputs));
    if (data_.classes > 0) labels_.push_back(data_.label[i]);
    else targets_.insert(targets_.end(), data_.target.begin() + static_cast<std::ptrdiff_t>(i * outputs), data_.target.begin() + static_cast<std::ptrdiff_t>((i + 1) * outputs));
  }
  forward(side.weights, side.activation, x_.data(), rows, pass_);
  p.loss_total = loss_sum_and_gradient(config_.loss, pass_.out, rows, batch, data_.outputs, labels_.data(), targets_.data(), p.loss_total, out_gradient_);
  accumulate_gradients(side.weights, pass_, x_.data(), rows, out_gradient_, p.gradients);
  pending_.row += rows;
  if (pending_.row == batch) {
    ++pending_.side;
    pending_.row = 0;
  }
  return rows;
}

// Both sides' losses, gradient norms and updated weights (into `next`: the weights stay the
// last completed step's until this one completes).
void Run::update_sides() {
  for (std::size_t s = 0; s < sides_.size(); ++s) {
    Side& side = sides_[s];
    PendingSide& p = pending_.sides[s];
    side.gradient_norm.clear();
    for (const auto& g : p.gradients) {
      double sum = 0;
      for (const float v : g.w) sum += static_cast<double>(v) * v;
      for (const float v : g.b) sum += static_cast<double>(v) * v;
      side.gradient_norm.push_back(std::sqrt(sum));
    }
    update(side, p.gradients, p.next);
    p.active.assign(side.weights.size() - 1, {});
    p.alive.assign(side.weights.size() - 1, {});
  }
  pending_.updated = true;
  pending_.side = 0;
  pending_.row = 0;
}

// The dead-unit pass over the training set's next rows (up to `most`) for one side, with its
// updated weights; the rows done.
int Run::track_rows(int side_index, int most) {
  const auto s = static_cast<std::size_t>(side_index);
  PendingSide& p = pending_.sides[s];
  const int rows = std::min(most, data_.size() - pending_.row);
  count_units(sides_[s], p.next, pending_.row, rows, pass_, p.active, p.alive);
  pending_.row += rows;
  if (pending_.row == data_.size()) {
    ++pending_.side;
    pending_.row = 0;
  }
  return rows;
}

void Run::complete_step() {
  ++steps_;
  for (std::size_t s = 0; s < sides_.size(); ++s) {
    Side& side = sides_[s];
    PendingSide& p = pending_.sides[s];
    side.weights.swap(p.next);
    side.loss.push_back(static_cast<float>(mean_loss(config_.loss, p.loss_total, static_cast<int>(pending_.batch.size()), data_.outputs)));
    if (config_.track_units) {
      UnitStats stats = stats_from_counts(side, p.active, p.alive);
      side.dead.push_back(stats.dead);
      side.nearly_dead.push_back(stats.nearly_dead);
      side.activity = std::move(stats.activity);
    }
  }
  pending_.started = false;
  for (const Side& side : sides_) {
    if (!std::isfinite(side.loss.back())) {
      problem_ = "diverged at step " + std::to_string(steps_) + " (" + std::string(side.activation.function->name) +
                 "'s loss is " + format_number(side.loss.back()) + "): lower the learning rate";
      return;
    }
  }
}

// SGD: w −= lr·g. Adam as torch.optim.Adam (single-tensor path, PyTorch 2): m ← m + (1 − β1)(g − m),
// v ← β2·v + (1 − β2)·g², w −= (lr / (1 − β1ᵗ)) · m / (√v / √(1 − β2ᵗ) + ε); the bias corrections
// in double, as Python computes them, each scalar used in float.
// The side's weights after the update go to `next`; Adam's moments are updated in place.
void Run::update(Side& side, const Weights<float>& gradients, Weights<float>& next) {
  next = side.weights;
  const auto lr = static_cast<float>(config_.lr);
  if (config_.optimizer == OptimizerKind::sgd) {
    for (std::size_t l = 0; l < next.size(); ++l) {
      for (std::size_t k = 0; k < next[l].w.size(); ++k) next[l].w[k] -= lr * gradients[l].w[k];
      for (std::size_t k = 0; k < next[l].b.size(); ++k) next[l].b[k] -= lr * gradients[l].b[k];
    }
    return;
  }
  const double t = steps_ + 1;  // the step in progress
  const double correction1 = 1 - std::pow(config_.beta1, t);
  const double correction2 = 1 - std::pow(config_.beta2, t);
  const auto step_size = static_cast<float>(config_.lr / correction1);
  const auto correction2_sqrt = static_cast<float>(std::sqrt(correction2));
  const auto one_minus_beta1 = static_cast<float>(1 - config_.beta1);
  const auto beta2 = static_cast<float>(config_.beta2);
  const auto one_minus_beta2 = static_cast<float>(1 - config_.beta2);
  const auto eps = static_cast<float>(config_.eps);
  const auto adam = [&](std::vector<float>& w, const std::vector<float>& g, std::vector<float>& m, std::vector<float>& v) {
    for (std::size_t k = 0; k < w.size(); ++k) {
      m[k] += one_minus_beta1 * (g[k] - m[k]);
      v[k] = v[k] * beta2 + one_minus_beta2 * g[k] * g[k];
      const float denom = std::sqrt(v[k]) / correction2_sqrt + eps;
      w[k] += -step_size * (m[k] / denom);
    }
  };
  for (std::size_t l = 0; l < next.size(); ++l) {
    adam(next[l].w, gradients[l].w, side.first_moment[l].w, side.second_moment[l].w);
    adam(next[l].b, gradients[l].b, side.first_moment[l].b, side.second_moment[l].b);
  }
}

std::vector<float> Run::predict(int side_index, const std::vector<float>& x, int n) const {
  const Side& side = sides_[static_cast<std::size_t>(side_index)];
  Pass<float> pass;
  forward(side.weights, side.activation, x.data(), n, pass);
  if (data_.classes == 0) return pass.out;
  const auto cols = static_cast<std::size_t>(data_.outputs);
  for (std::size_t r = 0; r < static_cast<std::size_t>(n); ++r) {
    float* o = pass.out.data() + r * cols;
    const float largest = *std::max_element(o, o + cols);
    float sum = 0;
    for (std::size_t c = 0; c < cols; ++c) {
      o[c] = static_cast<float>(portable::exp(static_cast<double>(o[c] - largest)));
      sum += o[c];
    }
    for (std::size_t c = 0; c < cols; ++c) o[c] /= sum;
  }
  return pass.out;
}

std::vector<std::vector<float>> Run::activity(int side_index) const {
  const Side& side = sides_[static_cast<std::size_t>(side_index)];
  if (config_.track_units && steps_ > 0) return side.activity;
  return unit_stats(side_index).activity;
}

UnitStats Run::unit_stats(int side_index) const {
  const Side& side = sides_[static_cast<std::size_t>(side_index)];
  Pass<float> pass;
  std::vector<std::vector<int>> active(side.weights.size() - 1), alive(side.weights.size() - 1);
  for (int first = 0; first < data_.size(); first += step_piece_rows) {
    count_units(side, side.weights, first, std::min(step_piece_rows, data_.size() - first), pass, active, alive);
  }
  return stats_from_counts(side, active, alive);
}

// Adds rows first… of the training set to each unit's counts of inputs with f' != 0 and with
// |f'| at least "nearly" (counts: the same totals in any order of pieces).
void Run::count_units(const Side& side, const Weights<float>& weights, int first, int rows, Pass<float>& pass,
                      std::vector<std::vector<int>>& active, std::vector<std::vector<int>>& alive) const {
  forward(weights, side.activation, data_.x.data() + static_cast<std::size_t>(first) * static_cast<std::size_t>(data_.inputs), rows, pass);
  const double nearly = nearly_dead_fraction * side.max_slope;
  for (std::size_t l = 0; l < pass.dh.size(); ++l) {
    const auto width = static_cast<std::size_t>(weights[l].out);
    active[l].resize(width, 0);
    alive[l].resize(width, 0);
    for (std::size_t r = 0; r < static_cast<std::size_t>(rows); ++r) {
      for (std::size_t u = 0; u < width; ++u) {
        const float slope = pass.dh[l][r * width + u];
        active[l][u] += slope != 0 ? 1 : 0;
        alive[l][u] += std::fabs(slope) >= nearly ? 1 : 0;
      }
    }
  }
}

UnitStats Run::stats_from_counts(const Side& side, const std::vector<std::vector<int>>& active,
                                 const std::vector<std::vector<int>>& alive) const {
  UnitStats stats;
  const auto rows = static_cast<float>(data_.size());
  for (std::size_t l = 0; l < active.size(); ++l) {
    const auto width = static_cast<std::size_t>(side.weights[l].out);
    stats.dead.push_back(static_cast<int>(std::count(active[l].begin(), active[l].end(), 0)));
    stats.nearly_dead.push_back(static_cast<int>(std::count(alive[l].begin(), alive[l].end(), 0)));
    std::vector<float> share(width);
    for (std::size_t u = 0; u < width; ++u) share[u] = static_cast<float>(active[l][u]) / rows;
    stats.activity.push_back(std::move(share));
  }
  return stats;
}

}  // namespace actexp::lab
