// A typed formula as a registry entry (issue 19): its spec from the text, its samples through the
// C ABI and the sampler as the catalog's and as formula::sample give them, its float32 kernel,
// and a lab run that trains it bit for bit as the built-in it equals.
#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "c_api/activation_explorer.h"
#include "core/catalog.hpp"
#include "core/registry.hpp"
#include "core/sampler.hpp"
#include "formula/formula_entry.hpp"
#include "formula/sample.hpp"
#include "lab/export.hpp"
#include "lab/float_kernels.hpp"
#include "lab/trainer.hpp"

namespace {

using actexp::ActivationSpec;
using actexp::AtKink;
using actexp::DType;
using actexp::FunctionHandle;
using actexp::function_registry;
using actexp::formula::make_formula_spec;

// A formula registered for one test and removed after it, so the catalog's size is what other
// suites expect.
class Registered {
 public:
  explicit Registered(std::string_view text, std::string_view id = actexp::formula::default_formula_id) {
    ActivationSpec spec;
    const auto error = make_formula_spec(text, spec, id);
    EXPECT_EQ(error.message, "");
    const auto outcome = function_registry().add(std::move(spec), handle_);
    EXPECT_TRUE(outcome.ok()) << outcome.message;
  }
  Registered(const Registered&) = delete;
  Registered& operator=(const Registered&) = delete;
  ~Registered() { function_registry().remove(handle_); }
  [[nodiscard]] FunctionHandle handle() const { return handle_; }
  [[nodiscard]] const ActivationSpec& spec() const { return *function_registry().find(handle_); }

 private:
  FunctionHandle handle_ = actexp::no_function;
};

std::uint64_t bits(double v) { return std::bit_cast<std::uint64_t>(v); }
std::uint32_t bits(float v) { return std::bit_cast<std::uint32_t>(v); }

struct Samples {
  std::vector<double> x, f, df;
  int count = 0;
};

Samples sample_through_abi(FunctionHandle handle, const std::vector<double>& params, int at_kink, int dtype, double from, double to, int n) {
  Samples s;
  const auto capacity = static_cast<std::size_t>(n) + AE_MAX_KINKS;
  s.x.resize(capacity);
  s.f.resize(capacity);
  s.df.resize(capacity);
  const int status = ae_sample(handle, params.data(), static_cast<int>(params.size()), at_kink, dtype, from, to, n, s.x.data(), s.f.data(),
                               s.df.data(), nullptr, static_cast<int>(capacity), &s.count);
  EXPECT_EQ(status, AE_OK) << ae_last_error();
  return s;
}

TEST(FormulaEntry, ASpecFromTextHasItsParametersAndConservativeProperties) {
  ActivationSpec spec;
  ASSERT_EQ(make_formula_spec("x * sigmoid(b*x) + a", spec).message, "");
  EXPECT_EQ(spec.id, "expr");
  EXPECT_EQ(spec.name, "x * sigmoid(b*x) + a");
  ASSERT_EQ(spec.parameters.size(), 2U);
  EXPECT_EQ(spec.parameters[0].id, "b") << "in order of first appearance";
  EXPECT_EQ(spec.parameters[1].id, "a");
  for (const auto& p : spec.parameters) {
    EXPECT_EQ(p.default_value, 1);
    // Issue 19: a slider from -10 to 10 "widened by the number field", which takes a wide range.
    EXPECT_EQ(p.min, -1e6);
    EXPECT_EQ(p.max, 1e6);
    ASSERT_TRUE(p.slider.has_value());
    EXPECT_EQ(p.slider->min, -10);
    EXPECT_EQ(p.slider->max, 10);
    EXPECT_EQ(p.step, 0.01);
  }
  EXPECT_EQ(spec.properties.monotonic, "\u2014");
  EXPECT_EQ(spec.properties.range, "\u2014");
  EXPECT_TRUE(spec.properties.trainable);
  EXPECT_EQ(spec.kernels->expression(), "x * sigmoid(b*x) + a");
  const double params[] = {1, 1};
  actexp::KinkList kinks;
  EXPECT_EQ(spec.kinks(params, kinks), 0U) << "ties are the evaluator's, not listed";

  ActivationSpec other;
  ASSERT_EQ(make_formula_spec("where(x < 0, 0.01*x, x)", other, "expr2").message, "");
  EXPECT_EQ(other.id, "expr2");
  const std::string mathml = other.formula(nullptr, AtKink::pytorch, actexp::Formula::value);
  EXPECT_NE(mathml.find("<mo>&lt;</mo>"), std::string::npos) << mathml;  // real MathML (formula_mathml_test.cpp), escaped
  EXPECT_TRUE(mathml.starts_with("<math")) << mathml;
  EXPECT_NE(other.formula(nullptr, AtKink::pytorch, actexp::Formula::derivative).find("f\u2032"), std::string::npos);
}

TEST(FormulaEntry, ABadFormulaIsRefusedWithItsColumnAndLeavesTheSpecAlone) {
  ActivationSpec spec;
  spec.id = "untouched";
  const auto error = make_formula_spec("x * sigmod(x)", spec);
  EXPECT_EQ(error.column, 5U);
  EXPECT_NE(error.message.find("column 5"), std::string::npos) << error.message;
  EXPECT_EQ(spec.id, "untouched");
  // A catalog call's fixed parameter out of its range is a parse-time error too.
  const auto range = make_formula_spec("leaky_relu(x, 2)", spec);
  EXPECT_NE(range.message.find("column 15"), std::string::npos) << range.message;
  EXPECT_EQ(spec.id, "untouched");
}

TEST(FormulaEntry, TypedLeakyReluSamplesThroughTheAbiLikeTheCatalogsInEveryDtypeAndConvention) {
  const Registered typed("leaky_relu(x, 0.01)");
  const FunctionHandle builtin = function_registry().handle_of("leaky_relu");
  const std::vector<double> alpha{0.01};
  int compared = 0;
  for (int dtype = 0; dtype < actexp::dtype_count; ++dtype) {
    for (int at_kink = 0; at_kink < actexp::at_kink_count; ++at_kink) {
      // Grids on which the catalog's kink at 0 is a grid point (no point is inserted for it).
      for (const auto& [from, to, n] : {std::tuple{-10.0, 10.0, 201}, std::tuple{-1.0, 1.0, 3}, std::tuple{-3.0, 5.0, 1601}}) {
        const Samples mine = sample_through_abi(typed.handle(), {}, at_kink, dtype, from, to, n);
        const Samples theirs = sample_through_abi(builtin, alpha, at_kink, dtype, from, to, n);
        ASSERT_EQ(mine.count, theirs.count);
        for (std::size_t i = 0; i < static_cast<std::size_t>(mine.count); ++i) {
          ASSERT_EQ(bits(mine.x[i]), bits(theirs.x[i]));
          ASSERT_EQ(bits(mine.f[i]), bits(theirs.f[i])) << "x " << mine.x[i] << " dtype " << dtype << " convention " << at_kink;
          ASSERT_EQ(bits(mine.df[i]), bits(theirs.df[i])) << "x " << mine.x[i] << " dtype " << dtype << " convention " << at_kink;
          ++compared;
        }
      }
    }
  }
  EXPECT_GT(compared, 16 * 1800);
}

TEST(FormulaEntry, FillIsWhatFormulaSampleComputesWithTheSecondDerivative) {
  const Registered typed("x * sigmoid(b*x) + max(x, 0) * abs(x - 1)");
  const std::vector<double> params{1.702};
  const auto& kernels = static_cast<const actexp::formula::FormulaKernels&>(*typed.spec().kernels);
  for (int dtype = 0; dtype < actexp::dtype_count; ++dtype) {
    for (int at_kink = 0; at_kink < actexp::at_kink_count; ++at_kink) {
      const actexp::SampleRequest grid{.function = &typed.spec(), .params = params, .at_kink = static_cast<AtKink>(at_kink),
                                       .dtype = static_cast<DType>(dtype), .from = -4, .to = 4, .n = 801};
      std::vector<double> x(801), f(801), df(801), d2f(801), x2(801), f2(801), df2(801), d2f2(801);
      std::size_t count = 0;
      std::size_t count2 = 0;
      ASSERT_TRUE(actexp::sample(grid, {.x = x.data(), .f = f.data(), .df = df.data(), .d2f = d2f.data(), .capacity = 801}, count).ok());
      ASSERT_TRUE(actexp::formula::sample({.formula = &kernels.parsed(), .params = params, .grid = grid},
                                          {.x = x2.data(), .f = f2.data(), .df = df2.data(), .d2f = d2f2.data(), .capacity = 801}, count2)
                      .ok());
      ASSERT_EQ(count, count2);
      for (std::size_t i = 0; i < count; ++i) {
        ASSERT_EQ(bits(x[i]), bits(x2[i]));
        ASSERT_EQ(bits(f[i]), bits(f2[i]));
        ASSERT_EQ(bits(df[i]), bits(df2[i]));
        ASSERT_EQ(bits(d2f[i]), bits(d2f2[i])) << "x " << x[i];
      }
      // The ties at 0 and 1 are found by the evaluator: PyTorch's max splits its tie at 0.
      if (dtype == 0 && at_kink == static_cast<int>(AtKink::pytorch)) {
        ASSERT_EQ(x[400], 0);
        EXPECT_EQ(df[400], 0.5 + 0.5) << "(x·σ(bx))′ = 1/2, and max′ = 1/2 (a split tie) times |x − 1| = 1";
      }
    }
  }
}

TEST(FormulaEntry, ACatalogCallsParameterOutOfRangeGivesNaNNotAnotherFunction) {
  const Registered typed("leaky_relu(x, a)");
  const Samples fine = sample_through_abi(typed.handle(), {0.5}, 0, 0, -1, 1, 3);
  EXPECT_EQ(fine.f[0], -0.5);
  const auto& kernels = static_cast<const actexp::formula::FormulaKernels&>(*typed.spec().kernels);
  const double two = 2;
  // The kernel alone gives NaN; every call that takes parameters refuses them first (check()).
  const std::vector<double> x{-1, 0, 1};
  std::vector<double> f(3), df(3);
  kernels.fill(&two, AtKink::pytorch, DType::float64, x.data(), f.data(), df.data(), nullptr, 3);
  for (std::size_t i = 0; i < 3; ++i) EXPECT_TRUE(std::isnan(f[i]) && std::isnan(df[i]));
  std::vector<double> out(8);
  int count = 0;
  EXPECT_EQ(ae_sample(typed.handle(), &two, 1, 0, 0, -1, 1, 3, out.data(), f.data(), df.data(), nullptr, 3, &count), AE_PARAMETER_OUT_OF_RANGE);
  EXPECT_STREQ(ae_last_error(), kernels.check(&two).c_str());
  EXPECT_NE(actexp::formula::check_catalog_calls(kernels.parsed(), {&two, 1}, false).message.find("column 15"), std::string::npos)
      << "what says why beforehand";
}

// −20…20 by 0.001, the signed zeros, subnormals and the extremes.
std::vector<float> float_inputs() {
  std::vector<float> x{0.0F, -0.0F, std::numeric_limits<float>::denorm_min(), -std::numeric_limits<float>::denorm_min(),
                       std::numeric_limits<float>::max(), std::numeric_limits<float>::lowest(), 1e-30F, -1e-30F};
  for (int i = -20000; i <= 20000; ++i) x.push_back(static_cast<float>(i) * 0.001F);
  return x;
}

TEST(FormulaEntry, EvaluateFloatIsTheCatalogsFloatKernelBitForBit) {
  const Registered typed("leaky_relu(x, 0.01)");
  const ActivationSpec& builtin = actexp::leaky_relu_spec();
  const double alpha = 0.01;
  const std::vector<float> x = float_inputs();
  const auto direct = actexp::lab::builtin_float_kernel(function_registry().handle_of("leaky_relu"));
  ASSERT_NE(direct, nullptr);
  for (int at_kink = 0; at_kink < actexp::at_kink_count; ++at_kink) {
    const auto convention = static_cast<AtKink>(at_kink);
    std::vector<float> f(x.size()), df(x.size()), f2(x.size()), df2(x.size()), f3(x.size()), df3(x.size());
    typed.spec().evaluate_float(nullptr, convention, x.data(), f.data(), df.data(), x.size());
    builtin.evaluate_float(&alpha, convention, x.data(), f2.data(), df2.data(), x.size());
    direct(&alpha, convention, x.data(), f3.data(), df3.data(), x.size());
    for (std::size_t i = 0; i < x.size(); ++i) {
      ASSERT_EQ(bits(f[i]), bits(f2[i])) << "x " << x[i];
      ASSERT_EQ(bits(df[i]), bits(df2[i])) << "x " << x[i] << " convention " << at_kink;
      ASSERT_EQ(bits(f[i]), bits(f3[i])) << "the lab's direct kernel, x " << x[i];
      ASSERT_EQ(bits(df[i]), bits(df3[i])) << "the lab's direct kernel, x " << x[i];
    }
  }
}

TEST(FormulaEntry, EvaluateFloatIsEvaluateInFloat32) {
  const Registered typed("x * sigmoid(b*x) + clamp(x, -1, a)");
  const double params[] = {1.702, 0.5};
  const std::vector<float> x = float_inputs();
  std::vector<float> f(x.size()), df(x.size());
  std::vector<double> wide(x.begin(), x.end()), fw(x.size()), dfw(x.size());
  for (int at_kink = 0; at_kink < actexp::at_kink_count; ++at_kink) {
    typed.spec().evaluate_float(params, static_cast<AtKink>(at_kink), x.data(), f.data(), df.data(), x.size());
    typed.spec().evaluate(params, static_cast<AtKink>(at_kink), DType::float32, wide.data(), fw.data(), dfw.data(), x.size());
    for (std::size_t i = 0; i < x.size(); ++i) {
      ASSERT_EQ(bits(f[i]), bits(static_cast<float>(fw[i])));
      ASSERT_EQ(bits(df[i]), bits(static_cast<float>(dfw[i])));
    }
  }
}

using actexp::lab::Activation;
using actexp::lab::Init;
using actexp::lab::RunConfig;

RunConfig small_config() {
  RunConfig c;
  c.hidden = {16, 16};
  c.samples = 120;
  c.batch = 16;
  c.init = Init::negative_bias;
  return c;
}

void expect_same_history(const actexp::lab::Run& a, const actexp::lab::Run& b) {
  for (std::size_t side = 0; side < 2; ++side) {
    const auto& x = a.sides()[side];
    const auto& y = b.sides()[side];
    EXPECT_EQ(x.loss, y.loss) << "side " << side;
    EXPECT_EQ(x.dead, y.dead) << "side " << side;
    EXPECT_EQ(x.nearly_dead, y.nearly_dead) << "side " << side;
    EXPECT_EQ(x.activity, y.activity) << "side " << side;
    EXPECT_EQ(x.gradient_norm, y.gradient_norm) << "side " << side;
    for (std::size_t l = 0; l < x.weights.size(); ++l) {
      EXPECT_EQ(x.weights[l].w, y.weights[l].w) << "side " << side << " layer " << l;
      EXPECT_EQ(x.weights[l].b, y.weights[l].b) << "side " << side << " layer " << l;
    }
  }
}

TEST(FormulaEntry, TypedLeakyReluTrainsInTheLabBitForBitAsTheBuiltIn) {
  const Registered typed("leaky_relu(x, 0.01)");
  const Activation builtin{&actexp::leaky_relu_spec(), {0.01}, AtKink::pytorch};
  const Activation formula{actexp::FunctionRef(typed.handle()), {}, AtKink::pytorch};
  for (const auto optimizer : {actexp::lab::OptimizerKind::sgd, actexp::lab::OptimizerKind::adam}) {
    RunConfig c = small_config();
    c.optimizer = optimizer;
    c.lr = optimizer == actexp::lab::OptimizerKind::adam ? 0.05 : 0.1;
    ASSERT_TRUE(actexp::lab::validate(c, formula, builtin).ok());
    actexp::lab::Run mine(c, formula, builtin);
    actexp::lab::Run theirs(c, builtin, builtin);
    for (int s = 0; s < 60; ++s) {
      ASSERT_TRUE(mine.step());
      ASSERT_TRUE(theirs.step());
    }
    expect_same_history(mine, theirs);
    // The export differs only in how the formula side names its function.
    auto exported = nlohmann::json::parse(actexp::lab::export_json(mine));
    auto expected = nlohmann::json::parse(actexp::lab::export_json(theirs));
    auto& side = exported["sides"][0];
    EXPECT_EQ(side["fn"], "expr");
    EXPECT_EQ(side["expr"], "leaky_relu(x, 0.01)");
    EXPECT_EQ(side["params"], nlohmann::json::object()) << "the formula has no parameters of its own";
    EXPECT_EQ(exported["format"], "activation-explorer-lab/2");
    // ... and carries its tape as a program (formula_export.hpp), a catalog call of Leaky ReLU.
    EXPECT_EQ(side["program"].back()["fn"], "leaky_relu");
    side.erase("expr");
    side.erase("program");
    side["fn"] = "leaky_relu";
    side["params"] = {{"alpha", 0.01}};
    EXPECT_EQ(exported, expected);
  }
}

TEST(FormulaEntry, MaxOfXAndZeroTrainsAndCountsUnitsDeadWhereItsSlopeIsExactlyZero) {
  const Registered typed("max(x, 0)");
  const Activation relu{&actexp::relu_spec(), {}, AtKink::pytorch};
  const Activation formula{actexp::FunctionRef(typed.handle()), {}, AtKink::pytorch};
  const RunConfig c = small_config();
  actexp::lab::Run run(c, formula, relu);
  for (int s = 0; s < 100; ++s) ASSERT_TRUE(run.step());
  const auto stats = run.unit_stats(0);
  EXPECT_GT(stats.dead[0] + stats.dead[1], 0) << "units with bias −1 die, as ReLU's do";
  for (std::size_t l = 0; l < stats.activity.size(); ++l) {
    int zeros = 0;
    for (const float share : stats.activity[l]) zeros += share == 0 ? 1 : 0;
    EXPECT_EQ(zeros, stats.dead[l]) << "a dead unit has f′ = 0 for every input";
  }
  // max(x, 0) is ReLU but at its tie (f′ = 0.5 in PyTorch); no pre-activation lands on exactly 0
  // here, so it trains as ReLU does, step for step.
  EXPECT_EQ(run.sides()[0].dead, run.sides()[1].dead);
  EXPECT_EQ(run.sides()[0].loss, run.sides()[1].loss);
}

}  // namespace
