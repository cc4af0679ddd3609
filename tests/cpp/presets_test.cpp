// The lab's presets (cpp/lab/presets.cpp) tell the stories they promise, with the numbers
// docs/lab.md quotes; the summary sentence (cpp/lab/summary.cpp) says what its numbers mean.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "c_api/activation_lab.h"
#include "core/catalog.hpp"
#include "lab/presets.hpp"
#include "lab/summary.hpp"

namespace actexp::lab {
namespace {

template <typename Counts>
int total(const Counts& layers) { return std::accumulate(layers.begin(), layers.end(), 0); }

// Trains a preset as the page and actviz train would, to its own number of steps.
actexp::lab::Run train(const LabPreset& preset) {
  Activation a;
  Activation b;
  EXPECT_TRUE(side_activation(preset.sides[0], preset.at_kink, a).ok());
  EXPECT_TRUE(side_activation(preset.sides[1], preset.at_kink, b).ok());
  EXPECT_TRUE(validate(preset.config, a, b).ok());
  Run run(preset.config, a, b);
  for (int s = 0; s < preset.steps; ++s) EXPECT_TRUE(run.step()) << "step " << s + 1 << ": " << run.problem();
  return run;
}

// Mean cross-entropy of a side over the whole training set.
double full_loss(const Run& run, int side) {
  const Dataset& d = run.data();
  const std::vector<float> p = run.predict(side, d.x, d.size());
  double sum = 0;
  for (int i = 0; i < d.size(); ++i) sum -= std::log(static_cast<double>(p[static_cast<std::size_t>(i * d.outputs + d.label[static_cast<std::size_t>(i)])]));
  return sum / d.size();
}

TEST(LabPresets, EveryPresetIsFoundByItsIdAndRuns) {
  ASSERT_GE(presets().size(), 2U);
  EXPECT_EQ(presets()[0].id, "dying_relu") << "the explorer links to the first";
  for (const LabPreset& p : presets()) {
    EXPECT_EQ(find_preset(p.id), &p);
    EXPECT_FALSE(p.label.empty());
    EXPECT_FALSE(p.description.empty());
    Activation a;
    Activation b;
    ASSERT_TRUE(side_activation(p.sides[0], p.at_kink, a).ok()) << p.id;
    ASSERT_TRUE(side_activation(p.sides[1], p.at_kink, b).ok()) << p.id;
    EXPECT_TRUE(validate(p.config, a, b).ok()) << p.id;
    EXPECT_GE(p.steps, 1);
    EXPECT_LE(p.steps, max_steps);
  }
  EXPECT_EQ(find_preset("dying"), nullptr);
  EXPECT_EQ(preset_names(), "dying_relu or born_dead");
}

TEST(LabPresets, ASideNamesAnUnknownParameter) {
  Activation a;
  const Outcome outcome = side_activation(SidePreset{"leaky_relu", {{"beta", 1}}}, AtKink::pytorch, a);
  EXPECT_FALSE(outcome.ok());
  EXPECT_EQ(outcome.message, "Leaky ReLU has no parameter \"beta\".");
  EXPECT_FALSE(side_activation(SidePreset{"leaky_relu", {{"alpha", 5}}}, AtKink::pytorch, a).ok());
  EXPECT_FALSE(side_activation(SidePreset{"nope", {}}, AtKink::pytorch, a).ok());
}

TEST(LabPresets, TheSettingsJsonNamesWhatThePageNames) {
  EXPECT_EQ(settings_json(lab_defaults()),
            "{\"dataset\":\"spiral\",\"samples\":300,\"noise\":0.1,\"hidden\":[16,16],\"atKink\":\"pytorch\",\"optimizer\":\"sgd\","
            "\"lr\":0.1,\"batch\":32,\"seed\":7,\"init\":\"he\",\"loss\":null,\"steps\":2000,"
            "\"sides\":[{\"functionId\":\"leaky_relu\",\"params\":{\"alpha\":0.01}},{\"functionId\":\"relu\",\"params\":{}}]}");
  const std::string all = presets_json();
  EXPECT_EQ(all.front(), '[');
  EXPECT_NE(all.find("{\"id\":\"dying_relu\",\"label\":"), std::string::npos);
  EXPECT_NE(all.find("{\"id\":\"born_dead\",\"label\":"), std::string::npos);
}

// The counts after step 1 and at the end, per hidden layer, as measured (docs/lab.md quotes them).
// A step's counts per layer as ints, to compare with a list.
std::vector<int> as_ints(std::span<const std::uint8_t> counts) { return {counts.begin(), counts.end()}; }

struct Measured {
  std::vector<int> start, end;
};

TEST(LabPresets, DyingReluShowsUnitsDyingWhileLeakyReluLearns) {
  const LabPreset& p = *find_preset("dying_relu");
  const auto run = train(p);
  const auto& relu = run.sides()[1];
  const auto& leaky = run.sides()[0];
  const int units = total(p.config.hidden);
  // Few dead at the start.
  EXPECT_LE(total(relu.dead.front()), units / 10) << "at most 10 % of the units dead after step 1";
  // Most of at least one layer dead at the end.
  double worst = 0;
  for (std::size_t l = 0; l < p.config.hidden.size(); ++l) worst = std::max(worst, static_cast<double>(relu.dead.back()[l]) / p.config.hidden[l]);
  EXPECT_GT(worst, 0.5);
  // The deaths come while the reader watches: 10 % to 90 % of the rise spread over hundreds of
  // steps (the page trains about 240 a second), not in the first few.
  std::vector<int> totals;
  for (std::size_t k = 0; k < relu.dead.size(); ++k) totals.push_back(total(relu.dead[k]));
  const int rise = totals.back() - totals.front();
  ASSERT_GT(rise, units / 4);
  const auto reached = [&](double share) {
    return static_cast<int>(std::find_if(totals.begin(), totals.end(), [&](int t) { return t - totals.front() >= share * rise; }) - totals.begin()) + 1;
  };
  EXPECT_GE(reached(0.9) - reached(0.1), 480);
  // The comparison learns: no dead units, its loss over the training set well below chance.
  EXPECT_EQ(total(leaky.dead.back()), 0);
  EXPECT_LT(full_loss(run, 0), 0.5 * std::log(run.data().classes));
  // The numbers docs/lab.md and README.md quote.
  EXPECT_EQ(as_ints(relu.dead.front()), (std::vector<int>{0, 4, 5}));
  EXPECT_EQ(as_ints(relu.dead.back()), (std::vector<int>{6, 21, 15}));
}

TEST(LabPresets, BornDeadShowsUnitsDeadFromTheFirstStep) {
  const LabPreset& p = *find_preset("born_dead");
  EXPECT_EQ(p.config.init, Init::negative_bias);
  const auto run = train(p);
  const auto& relu = run.sides()[1];
  const auto& leaky = run.sides()[0];
  const int units = total(p.config.hidden);
  // Most units dead after the first step already, and no fewer at the end.
  EXPECT_GT(total(relu.dead.front()), units / 2);
  EXPECT_GE(total(relu.dead.back()), total(relu.dead.front()));
  EXPECT_EQ(as_ints(relu.dead.front()), (std::vector<int>{10, 22, 32}));
  EXPECT_EQ(as_ints(relu.dead.back()), (std::vector<int>{10, 22, 32}));
  // Its last hidden layer wholly dead, nothing reaches the output: ReLU stays at chance, ln 2.
  EXPECT_NEAR(full_loss(run, 1), std::log(2.0), 1e-3);
  EXPECT_EQ(total(leaky.dead.back()), 0);
  EXPECT_LT(full_loss(run, 0), 0.1);
}

TEST(LabPresets, TheCAbiCarriesThePresetsAndTheSentence) {
  const std::string tables = ae_lab_catalog_json();
  EXPECT_NE(tables.find("\"defaults\":" + settings_json(lab_defaults())), std::string::npos);
  EXPECT_NE(tables.find("\"presets\":" + presets_json()), std::string::npos);
  // Before and after a start: named as an error, then the run's sentence.
  ae_lab_start(nullptr, 0, 0, nullptr, 0, 0, nullptr, 0);
  const LabPreset& p = lab_defaults();
  std::vector<double> config(AE_LAB_CONFIG_SIZE, 0);
  config[AE_LAB_DATASET] = static_cast<double>(p.config.dataset);
  config[AE_LAB_SAMPLES] = p.config.samples;
  config[AE_LAB_NOISE] = p.config.noise;
  config[AE_LAB_LR] = p.config.lr;
  config[AE_LAB_BETA1] = p.config.beta1;
  config[AE_LAB_BETA2] = p.config.beta2;
  config[AE_LAB_EPS] = p.config.eps;
  config[AE_LAB_BATCH] = p.config.batch;
  config[AE_LAB_SEED] = static_cast<double>(p.config.seed);
  config[AE_LAB_TRACK] = 1;
  config[AE_LAB_LAYERS] = 1;
  config[AE_LAB_WIDTHS] = 8;
  int relu = -1;
  for (std::size_t i = 0; i < catalog().size(); ++i) {
    if (catalog()[i]->id == "relu") relu = static_cast<int>(i);
  }
  ASSERT_EQ(ae_lab_start(config.data(), AE_LAB_CONFIG_SIZE, relu, nullptr, 0, relu, nullptr, 0), AE_OK) << ae_last_error();
  int done = 0;
  ASSERT_EQ(ae_lab_step(3, &done), AE_OK);
  EXPECT_EQ(std::string(ae_lab_summary()).rfind("After 3 steps: ReLU ", 0), 0U) << ae_lab_summary();
}

SummaryNumbers numbers(int steps, int units, int classes, SummarySide a, SummarySide b) { return {steps, units, classes, {a, b}}; }

TEST(LabSummary, NamesTheDeadUnitsAndWhatTheySay) {
  EXPECT_EQ(summary_sentence(numbers(2000, 64, 3, {"Leaky ReLU (α = 0.01)", 0, 0, 0.1234}, {"ReLU", 23, 23, 0.4123})),
            "After 2,000 steps: ReLU has 23 of 64 units dead (36\u00a0%), Leaky ReLU (α = 0.01) none; last-batch loss 0.41 and 0.12, in that order "
            "(ln 3 = 1.1 would be a guess among 3 classes). A dead unit gets no gradient; only a shift in the layers below (or Adam's momentum) revives it.");
  EXPECT_EQ(summary_sentence(numbers(1, 8, 0, {"A", 0, 2, 1}, {"B", 0, 0, 2})),
            "After 1 step: A none (2 nearly dead: |f′| below 1/1000 of its largest value for every input), B none; last-batch loss 1 and 2, in that order.");
  EXPECT_EQ(summary_sentence(numbers(0, 8, 2, {"A", 0, 0, 0}, {"B", 0, 0, 0})), "Not trained yet: press Play or Step.");
}

TEST(LabSummary, ALossAtLnClassesIsCalledChance) {
  EXPECT_EQ(summary_sentence(numbers(1500, 128, 3, {"Leaky ReLU (α = 0.01)", 0, 0, 0.16}, {"ReLU", 70, 70, 1.0986})),
            "After 1,500 steps: ReLU has 70 of 128 units dead (55\u00a0%), Leaky ReLU (α = 0.01) none; last-batch loss 1.1 and 0.16, in that order "
            "(ReLU's is ln 3: a guess among 3 classes). A dead unit gets no gradient; only a shift in the layers below (or Adam's momentum) revives it.");
  EXPECT_EQ(summary_sentence(numbers(12345, 96, 2, {"A", 0, 0, 0.6931}, {"B", 0, 0, 0.70})),
            "After 12,345 steps: A none, B none; last-batch loss 0.69 and 0.7, in that order (both are ln 2: a coin toss).");
}

TEST(LabSummary, OnlyALossNearLnClassesIsChance) {
  // A diverging side (loss 360) is not "at chance"; the side at ln 3 is (found by a hostile probe:
  // the sentence named the wrong side).
  EXPECT_EQ(summary_sentence(numbers(200, 32, 3, {"Leaky ReLU (α = 0.01)", 0, 0, 362.75}, {"ReLU", 25, 25, 1.0313})),
            "After 200 steps: ReLU has 25 of 32 units dead (78\u00a0%), Leaky ReLU (α = 0.01) none; last-batch loss 1 and 360, in that order "
            "(ReLU's is ln 3: a guess among 3 classes). A dead unit gets no gradient; only a shift in the layers below (or Adam's momentum) revives it.");
  // 0.83 is not ln 2 = 0.69.
  EXPECT_EQ(summary_sentence(numbers(3, 8, 2, {"A", 0, 0, 0.67}, {"B", 0, 0, 0.83})),
            "After 3 steps: A none, B none; last-batch loss 0.67 and 0.83, in that order (A's is ln 2: a coin toss).");
}

TEST(LabSummary, ARunGivesItsLabelsAndLastStep) {
  const LabPreset& p = lab_defaults();
  Activation a;
  Activation b;
  ASSERT_TRUE(side_activation(p.sides[0], p.at_kink, a).ok());
  ASSERT_TRUE(side_activation(p.sides[1], p.at_kink, b).ok());
  EXPECT_EQ(side_label(a), "Leaky ReLU (α = 0.01)");
  EXPECT_EQ(side_label(b), "ReLU");
  actexp::lab::Run run(p.config, a, b);
  EXPECT_EQ(summary_sentence(run), "Not trained yet: press Play or Step.");
  for (int s = 0; s < 20; ++s) run.step();
  const std::string sentence = summary_sentence(run);
  EXPECT_EQ(sentence.rfind("After 20 steps: ", 0), 0U) << sentence;
  const int dead = total(run.sides()[1].dead.back());
  EXPECT_NE(sentence.find(dead > 0 ? "ReLU has " + std::to_string(dead) + " of 32 units dead" : std::string("ReLU none")), std::string::npos) << sentence;
}

}  // namespace
}  // namespace actexp::lab
