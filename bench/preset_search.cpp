// The search that chose the lab's dying_relu preset (cpp/lab/presets.cpp), rerun with
// scripts/search-presets. Trains ReLU beside Leaky ReLU on a grid of settings and seeds and
// keeps the settings whose run tells the story of issue 20:
//   - few dead at the start: ReLU has at most 10 % of its units dead after step 1;
//   - most of one layer dead at the end: some hidden layer more than half dead;
//   - the deaths come while the reader watches: 10 % to 90 % of the rise in dead units takes
//     at least MIN_RISE_STEPS steps (a page at 4 steps a frame trains ~240 steps a second);
//   - the comparison learns: Leaky ReLU's loss over the whole training set is at most half
//     of chance (ln classes), with α = 0.01 and with α = 0.1.
// Settings are ranked by how many of seeds 1-10 pass, then by size (fewer units, fewer steps)
// and the chosen one's lowest passing seed becomes the preset. Two threads; about two and a
// half minutes of CPU. (A first grid, SGD at lr 0.5-1.5 with 16-32 units × 3-4 layers and Adam
// at lr 0.01-0.03, passed for at most 1 seed in 10: SGD kills its units in the first ~300
// steps and often stalls Leaky ReLU too; Adam at 0.01-0.03 kills too few.)
#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "core/catalog.hpp"
#include "lab/trainer.hpp"

namespace {

using namespace actexp::lab;

constexpr double start_dead_share = 0.10;
constexpr double end_layer_share = 0.5;  // more than this
constexpr int min_rise_steps = 480;  // two seconds at 240 steps a second
constexpr double learned_share_of_chance = 0.5;
constexpr int seeds = 10;
constexpr int step_choices[] = {1000, 1500, 2000};

struct Candidate {
  std::vector<int> hidden;
  OptimizerKind optimizer;
  double lr;
  int batch;
};

// What one seed's run shows at one length.
struct Story {
  int start_dead = 0;     // ReLU's dead units after step 1
  int end_dead = 0;       // and at the end
  double worst_layer = 0; // the largest share of one layer dead at the end
  int rise_from = 0;      // the steps at which 10 % and 90 % of the rise is reached
  int rise_to = 0;
  double relu_loss = 0;   // over the whole training set, at the end
  double leaky_loss[2] = {0, 0};  // α = 0.01, α = 0.1
  bool passes = false;
};

Activation activation(std::string_view id, std::vector<double> params) {
  return Activation{actexp::find_function(id), std::move(params), actexp::AtKink::pytorch};
}

// Mean cross-entropy of a side over the whole training set.
double full_loss(const Run& run, int side) {
  const Dataset& d = run.data();
  const std::vector<float> p = run.predict(side, d.x, d.size());
  double sum = 0;
  for (int i = 0; i < d.size(); ++i) sum -= std::log(std::max(1e-12, static_cast<double>(p[static_cast<std::size_t>(i * d.outputs + d.label[static_cast<std::size_t>(i)])])));
  return sum / d.size();
}

template <typename Counts>
int total(const Counts& layers) {
  int sum = 0;
  for (const int n : layers) sum += n;
  return sum;
}

// Trains one seed to the longest length and reads the story at every length. The run with
// α = 0.1 (two Leaky ReLU sides, units not tracked: Leaky ReLU's f' is never 0) only trains
// when ReLU's side tells the story at some length.
std::vector<Story> measure(const Candidate& c, int seed) {
  RunConfig config;
  config.dataset = DatasetKind::spiral;
  config.hidden = c.hidden;
  config.optimizer = c.optimizer;
  config.lr = c.lr;
  config.batch = c.batch;
  config.seed = static_cast<std::uint64_t>(seed);
  config.init = Init::he;
  Run run(config, activation("leaky_relu", {0.01}), activation("relu", {}));
  const int units = total(c.hidden);
  const double chance = std::log(static_cast<double>(run.data().classes));
  std::vector<Story> stories;
  for (const int steps : step_choices) {
    while (run.steps() < steps && run.step()) {
    }
    Story s;
    const auto& dead = run.sides()[1].dead;
    std::vector<int> totals;
    for (std::size_t k = 0; k < dead.size(); ++k) totals.push_back(total(dead[k]));
    s.start_dead = totals.front();
    s.end_dead = totals.back();
    for (std::size_t l = 0; l < c.hidden.size(); ++l) s.worst_layer = std::max(s.worst_layer, static_cast<double>(dead.back()[l]) / c.hidden[l]);
    const int rise = s.end_dead - s.start_dead;
    const auto reach = [&](double share) {
      for (std::size_t k = 0; k < totals.size(); ++k) {
        if (totals[k] - s.start_dead >= share * rise) return static_cast<int>(k) + 1;
      }
      return steps;
    };
    s.rise_from = rise > 0 ? reach(0.1) : 0;
    s.rise_to = rise > 0 ? reach(0.9) : 0;
    s.relu_loss = full_loss(run, 1);
    s.leaky_loss[0] = full_loss(run, 0);
    s.passes = run.problem().empty() && s.start_dead <= start_dead_share * units && s.worst_layer > end_layer_share &&
               s.rise_to - s.rise_from >= min_rise_steps && s.leaky_loss[0] <= learned_share_of_chance * chance &&
               total(run.sides()[0].dead.back()) == 0;
    stories.push_back(s);
  }
  if (std::none_of(stories.begin(), stories.end(), [](const Story& s) { return s.passes; })) return stories;
  config.track_units = false;
  Run large(config, activation("leaky_relu", {0.1}), activation("leaky_relu", {0.1}));
  for (std::size_t k = 0; k < std::size(step_choices); ++k) {
    while (large.steps() < step_choices[k] && large.step()) {
    }
    stories[k].leaky_loss[1] = full_loss(large, 0);
    stories[k].passes = stories[k].passes && large.problem().empty() && stories[k].leaky_loss[1] <= learned_share_of_chance * chance;
  }
  return stories;
}

std::string widths(const std::vector<int>& hidden) {
  std::string out;
  for (const int w : hidden) out.append(out.empty() ? "" : ",").append(std::to_string(w));
  return out;
}

}  // namespace

int main() {
  std::vector<Candidate> grid;
  for (const auto& hidden : std::vector<std::vector<int>>{{16, 16, 16}, {16, 16, 16, 16}, {32, 32, 32}}) {
    grid.push_back({hidden, OptimizerKind::sgd, 0.7, 32});
    for (const double lr : {0.05, 0.07, 0.1}) grid.push_back({hidden, OptimizerKind::adam, lr, 32});
  }
  // results[candidate][seed - 1][length]
  std::vector<std::vector<std::vector<Story>>> results(grid.size(), std::vector<std::vector<Story>>(seeds));
  std::atomic<std::size_t> next{0};
  const auto work = [&] {
    for (std::size_t job = next++; job < grid.size() * seeds; job = next++) {
      results[job / seeds][job % seeds] = measure(grid[job / seeds], static_cast<int>(job % seeds) + 1);
    }
  };
  std::thread helper(work);
  work();
  helper.join();

  struct Row {
    std::size_t candidate;
    std::size_t length;
    int passing;
    int first_seed;
  };
  std::vector<Row> rows;
  std::printf("spiral, He init, batch 32, ReLU against Leaky ReLU; seeds 1-%d; a seed passes when all criteria hold (header)\n", seeds);
  std::printf("%-12s %-4s %5s %6s | %6s | seed 1: %-9s %-9s %-7s %-11s %-8s %-8s %-8s\n", "hidden", "opt", "lr", "steps", "passes",
              "dead@1", "dead@end", "layer", "rise steps", "loss ReLU", "α=0.01", "α=0.1");
  for (std::size_t c = 0; c < grid.size(); ++c) {
    for (std::size_t k = 0; k < std::size(step_choices); ++k) {
      int passing = 0;
      int first = 0;
      for (int s = 0; s < seeds; ++s) {
        if (results[c][static_cast<std::size_t>(s)][k].passes) {
          ++passing;
          if (first == 0) first = s + 1;
        }
      }
      rows.push_back({c, k, passing, first});
      const Story& one = results[c][0][k];
      const int units = total(grid[c].hidden);
      const std::string large = one.leaky_loss[1] > 0 ? std::to_string(one.leaky_loss[1]).substr(0, 5) : "-";  // trained only for a passing seed
      std::printf("%-12s %-4s %5.2g %6d | %3d/%d | %3d/%-5d %3d/%-5d %5.0f%%  %5d-%-5d %-8.3f %-8.3f %-8s\n", widths(grid[c].hidden).c_str(),
                  optimizer_ids[static_cast<std::size_t>(grid[c].optimizer)].data(), grid[c].lr, step_choices[k], passing, seeds, one.start_dead, units, one.end_dead, units, 100 * one.worst_layer,
                  one.rise_from, one.rise_to, one.relu_loss, one.leaky_loss[0], large.c_str());
    }
  }
  // Most seeds passing; then fewer units (the page trains it faster), fewer steps, lower lr.
  const auto better = [&](const Row& a, const Row& b) {
    if (a.passing != b.passing) return a.passing > b.passing;
    const int ua = total(grid[a.candidate].hidden);
    const int ub = total(grid[b.candidate].hidden);
    if (ua != ub) return ua < ub;
    if (a.length != b.length) return a.length < b.length;
    return grid[a.candidate].lr < grid[b.candidate].lr;
  };
  const Row best = *std::min_element(rows.begin(), rows.end(), better);
  if (best.passing == 0) {
    std::printf("\nNo setting passes for any seed.\n");
    return 1;
  }
  const Candidate& c = grid[best.candidate];
  const Story& s = results[best.candidate][static_cast<std::size_t>(best.first_seed - 1)][best.length];
  const int units = total(c.hidden);
  std::printf("\nChosen: hidden %s, %s, lr %g, batch %d, %d steps, seed %d. It passes for %d of seeds 1-%d, the most of any setting "
              "(ties go to fewer units, then fewer steps); seed %d is its lowest passing seed.\n",
              widths(c.hidden).c_str(), optimizer_ids[static_cast<std::size_t>(c.optimizer)].data(), c.lr, c.batch, step_choices[best.length], best.first_seed, best.passing, seeds, best.first_seed);
  std::printf("With seed %d: ReLU %d of %d units dead after step 1, %d at the end (%.0f %% of one layer), the rise from step %d to %d; "
              "loss over the training set ReLU %.3f, Leaky ReLU %.3f (α = 0.01) and %.3f (α = 0.1), chance %.3f.\n",
              best.first_seed, s.start_dead, units, s.end_dead, 100 * s.worst_layer, s.rise_from, s.rise_to, s.relu_loss,
              s.leaky_loss[0], s.leaky_loss[1], std::log(3.0));
  return 0;
}
