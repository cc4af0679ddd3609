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
  std::vector<double> x(n + max_kinks), f(n + max_kinks), df(n + max_kinks);
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

bool Run::step() {
  if (!problem_.empty()) return false;
  const std::span<const int> batch = batches_.next();
  ++steps_;
  for (Side& side : sides_) train(side, batch);
  for (const Side& side : sides_) {
    if (!std::isfinite(side.loss.back())) {
      problem_ = "diverged at step " + std::to_string(steps_) + " (" + std::string(side.activation.function->name) +
                 "'s loss is " + format_number(side.loss.back()) + "): lower the learning rate";
      return false;
    }
  }
  return true;
}

void Run::train(Side& side, std::span<const int> batch) {
  const auto rows = static_cast<int>(batch.size());
  const auto inputs = static_cast<std::size_t>(data_.inputs);
  const auto outputs = static_cast<std::size_t>(data_.outputs);
  std::vector<float> x(batch.size() * inputs);
  std::vector<int> labels;
  std::vector<float> targets;
  for (std::size_t r = 0; r < batch.size(); ++r) {
    const auto i = static_cast<std::size_t>(batch[r]);
    std::copy_n(data_.x.begin() + static_cast<std::ptrdiff_t>(i * inputs), inputs, x.begin() + static_cast<std::ptrdiff_t>(r * inputs));
    if (data_.classes > 0) labels.push_back(data_.label[i]);
    else targets.insert(targets.end(), data_.target.begin() + static_cast<std::ptrdiff_t>(i * outputs), data_.target.begin() + static_cast<std::ptrdiff_t>((i + 1) * outputs));
  }
  Pass<float> pass;
  forward(side.weights, side.activation, x.data(), rows, pass);
  std::vector<float> out_gradient;
  side.loss.push_back(loss_and_gradient(config_.loss, pass.out, rows, data_.outputs, labels.data(), targets.data(), out_gradient));
  Weights<float> gradients;
  backward(side.weights, pass, x.data(), rows, out_gradient, gradients);
  side.gradient_norm.clear();
  for (const auto& g : gradients) {
    double sum = 0;
    for (const float v : g.w) sum += static_cast<double>(v) * v;
    for (const float v : g.b) sum += static_cast<double>(v) * v;
    side.gradient_norm.push_back(std::sqrt(sum));
  }
  update(side, gradients);
  if (!config_.track_units) return;
  UnitStats stats = unit_stats(static_cast<int>(&side - sides_.data()));
  side.dead.push_back(stats.dead);
  side.nearly_dead.push_back(stats.nearly_dead);
  side.activity = std::move(stats.activity);
}

// SGD: w −= lr·g. Adam as torch.optim.Adam (single-tensor path, PyTorch 2): m ← m + (1 − β1)(g − m),
// v ← β2·v + (1 − β2)·g², w −= (lr / (1 − β1ᵗ)) · m / (√v / √(1 − β2ᵗ) + ε); the bias corrections
// in double, as Python computes them, each scalar used in float.
void Run::update(Side& side, const Weights<float>& gradients) {
  const auto lr = static_cast<float>(config_.lr);
  if (config_.optimizer == OptimizerKind::sgd) {
    for (std::size_t l = 0; l < side.weights.size(); ++l) {
      for (std::size_t k = 0; k < side.weights[l].w.size(); ++k) side.weights[l].w[k] -= lr * gradients[l].w[k];
      for (std::size_t k = 0; k < side.weights[l].b.size(); ++k) side.weights[l].b[k] -= lr * gradients[l].b[k];
    }
    return;
  }
  const double t = steps_;
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
  for (std::size_t l = 0; l < side.weights.size(); ++l) {
    adam(side.weights[l].w, gradients[l].w, side.first_moment[l].w, side.second_moment[l].w);
    adam(side.weights[l].b, gradients[l].b, side.first_moment[l].b, side.second_moment[l].b);
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
  forward(side.weights, side.activation, data_.x.data(), data_.size(), pass);
  UnitStats stats;
  const auto rows = static_cast<std::size_t>(data_.size());
  const double nearly = nearly_dead_fraction * side.max_slope;
  for (std::size_t l = 0; l < pass.dh.size(); ++l) {
    const auto width = static_cast<std::size_t>(side.weights[l].out);
    std::vector<int> active(width, 0);
    std::vector<int> alive(width, 0);
    for (std::size_t r = 0; r < rows; ++r) {
      for (std::size_t u = 0; u < width; ++u) {
        const float slope = pass.dh[l][r * width + u];
        active[u] += slope != 0 ? 1 : 0;
        alive[u] += std::fabs(slope) >= nearly ? 1 : 0;
      }
    }
    stats.dead.push_back(static_cast<int>(std::count(active.begin(), active.end(), 0)));
    stats.nearly_dead.push_back(static_cast<int>(std::count(alive.begin(), alive.end(), 0)));
    std::vector<float> share(width);
    for (std::size_t u = 0; u < width; ++u) share[u] = static_cast<float>(active[u]) / static_cast<float>(rows);
    stats.activity.push_back(std::move(share));
  }
  return stats;
}

}  // namespace actexp::lab
