// The run-time function registry: handles, owned text, unique ids, the built-ins, and an entry
// with state that samples, trains and is described through the same paths as a built-in.
#include <gtest/gtest.h>

#include <bit>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "c_api/activation_explorer.h"
#include "c_api/activation_lab.h"
#include "core/catalog.hpp"
#include "core/catalog_json.hpp"
#include "core/registry.hpp"
#include "core/sampler.hpp"
#include "lab/float_kernels.hpp"
#include "lab/presets.hpp"
#include "lab/trainer.hpp"

namespace {

using actexp::ActivationSpec;
using actexp::FunctionHandle;
using actexp::function_registry;

// f = scale · a · x: the scale is the entry's own state (as a parsed formula's tree will be), a its parameter.
class ScaledLine final : public actexp::FunctionKernels {
 public:
  explicit ScaledLine(double scale, int* alive = nullptr) : scale_(scale), alive_(alive) {
    if (alive_ != nullptr) ++*alive_;
  }
  ScaledLine(const ScaledLine&) = delete;
  ScaledLine& operator=(const ScaledLine&) = delete;
  ~ScaledLine() override {
    if (alive_ != nullptr) --*alive_;
  }
  void fill(const double* params, actexp::AtKink /*at_kink*/, actexp::DType /*dtype*/, const double* x, double* f, double* df,
            double* d2f, std::size_t n) const override {
    for (std::size_t i = 0; i < n; ++i) {
      f[i] = scale_ * params[0] * x[i];
      df[i] = scale_ * params[0];
      if (d2f != nullptr) d2f[i] = 0;
    }
  }
  void evaluate(const double* params, actexp::AtKink at_kink, actexp::DType dtype, const double* x, double* f, double* df,
                std::size_t n) const override {
    fill(params, at_kink, dtype, x, f, df, nullptr, n);
  }
  void evaluate_float(const double* params, actexp::AtKink /*at_kink*/, const float* x, float* f, float* df,
                      std::size_t n) const override {
    const auto slope = static_cast<float>(scale_ * params[0]);
    for (std::size_t i = 0; i < n; ++i) {
      f[i] = slope * x[i];
      df[i] = slope;
    }
  }
  std::size_t kinks(const double* /*params*/, actexp::KinkList& /*out*/) const override { return 0; }
  std::string formula(const double* /*params*/, actexp::AtKink /*at_kink*/, actexp::Formula /*which*/) const override {
    return "<math><mi>x</mi></math>";
  }

 private:
  double scale_;
  int* alive_;
};

ActivationSpec scaled_line(const std::string& id, double scale, int* alive = nullptr) {
  ActivationSpec spec;
  spec.id = id;
  spec.name = "Scaled line " + id;
  spec.summary = "scale times a times x";
  spec.parameters.push_back({.id = "a", .symbol = "a", .description = "slope", .default_value = 1, .min = -10, .max = 10, .step = 0.1,
                             .presets = {{2.0, "2", "twice"}}, .slider = {}});
  spec.kernels = std::make_shared<const ScaledLine>(scale, alive);
  return spec;
}

// Registers an entry for one test and removes it after, so the catalog is the built-ins again.
class Registered {
 public:
  explicit Registered(ActivationSpec spec) {
    const actexp::Outcome outcome = function_registry().add(std::move(spec), handle_);
    EXPECT_TRUE(outcome.ok()) << outcome.message;
  }
  Registered(const Registered&) = delete;
  Registered& operator=(const Registered&) = delete;
  ~Registered() { (void)function_registry().remove(handle_); }
  [[nodiscard]] FunctionHandle handle() const { return handle_; }

 private:
  FunctionHandle handle_ = actexp::no_function;
};

TEST(Registry, BuiltInHandlesAreTheirCatalogIndices) {
  const auto all = actexp::catalog();
  for (std::size_t i = 0; i < all.size(); ++i) {
    const auto handle = static_cast<FunctionHandle>(i);
    EXPECT_EQ(function_registry().find(handle), all[i]);
    EXPECT_EQ(function_registry().handle_of(all[i]->id), handle);
    EXPECT_TRUE(function_registry().is_builtin(handle));
    int found = -1;
    ASSERT_EQ(ae_function_handle(all[i]->id.c_str(), &found), AE_OK);
    EXPECT_EQ(found, handle);
  }
  int found = -1;
  EXPECT_EQ(ae_function_handle("no\"such", &found), AE_UNKNOWN_FUNCTION);
  EXPECT_EQ(found, -1);
  EXPECT_STREQ(ae_last_error(), "Unknown activation function \"no\\\"such\".");
}

TEST(Registry, HandlesAreNeverReusedAfterRemoval) {
  FunctionHandle first = actexp::no_function;
  FunctionHandle second = actexp::no_function;
  ASSERT_TRUE(function_registry().add(scaled_line("line_a", 1), first).ok());
  ASSERT_TRUE(function_registry().add(scaled_line("line_b", 1), second).ok());
  EXPECT_GE(first, static_cast<FunctionHandle>(actexp::catalog().size()) - 2);
  EXPECT_GT(second, first);
  ASSERT_TRUE(function_registry().remove(first).ok());
  EXPECT_EQ(function_registry().find(first), nullptr);
  EXPECT_EQ(function_registry().find(second)->id, "line_b");
  EXPECT_EQ(actexp::find_function(static_cast<std::size_t>(second))->id, "line_b");
  FunctionHandle third = actexp::no_function;
  ASSERT_TRUE(function_registry().add(scaled_line("line_a", 1), third).ok());  // the id is free again, the handle is not
  EXPECT_GT(third, second);
  double a = 1;
  std::vector<double> x(8), f(8), df(8);
  int count = 0;
  EXPECT_EQ(ae_sample(first, &a, 1, 0, 0, -1, 1, 3, x.data(), f.data(), df.data(), nullptr, 8, &count), AE_UNKNOWN_FUNCTION);
  EXPECT_FALSE(function_registry().remove(first).ok());
  ASSERT_TRUE(function_registry().remove(second).ok());
  ASSERT_TRUE(function_registry().remove(third).ok());
  EXPECT_EQ(actexp::catalog().size(), 22U);
}

TEST(Registry, AnEntryOwnsItsTextBeyondTheBufferItCameFrom) {
  FunctionHandle handle = actexp::no_function;
  {
    std::vector<char> buffer(64, '\0');
    const std::string typed = "typed_line";
    std::copy(typed.begin(), typed.end(), buffer.begin());
    ActivationSpec spec = scaled_line(std::string(buffer.data()), 1);
    spec.parameters[0].id = std::string(buffer.data(), 5);  // "typed"
    spec.parameters[0].presets[0].label = std::string(buffer.data() + 6, 4);  // "line"
    ASSERT_TRUE(function_registry().add(std::move(spec), handle).ok());
    std::fill(buffer.begin(), buffer.end(), 'X');
  }
  const ActivationSpec* entry = function_registry().find(handle);
  ASSERT_NE(entry, nullptr);
  EXPECT_EQ(entry->id, "typed_line");
  EXPECT_EQ(entry->parameters[0].id, "typed");
  EXPECT_EQ(entry->parameters[0].presets[0].label, "line");
  EXPECT_TRUE(function_registry().remove(handle).ok());
}

TEST(Registry, RefusesADuplicateIdAndABadEntryWithAMessage) {
  FunctionHandle handle = actexp::no_function;
  const actexp::Outcome taken = function_registry().add(scaled_line("relu", 1), handle);
  EXPECT_FALSE(taken.ok());
  EXPECT_EQ(taken.message, "A function with the id \"relu\" exists already.");
  EXPECT_EQ(handle, actexp::no_function);
  const Registered line(scaled_line("line_once", 1));
  EXPECT_EQ(function_registry().add(scaled_line("line_once", 2), handle).message, "A function with the id \"line_once\" exists already.");
  ActivationSpec no_kernels = scaled_line("line_without", 1);
  no_kernels.kernels = nullptr;
  EXPECT_EQ(function_registry().add(std::move(no_kernels), handle).message, "The function \"line_without\" has no kernels.");
  ActivationSpec bad_default = scaled_line("line_bad", 1);
  bad_default.parameters[0].default_value = 11;
  EXPECT_EQ(function_registry().add(std::move(bad_default), handle).message,
            "Parameter \"a\" of \"line_bad\" has its default outside [min, max].");
  EXPECT_EQ(function_registry().add(scaled_line("", 1), handle).message, "A function needs an id.");
  EXPECT_EQ(handle, actexp::no_function);
}

TEST(Registry, RefusesToRemoveABuiltIn) {
  const actexp::Outcome outcome = function_registry().remove(1);
  EXPECT_FALSE(outcome.ok());
  EXPECT_EQ(outcome.message, "The built-in function \"relu\" cannot be removed.");
  EXPECT_EQ(function_registry().find(1)->id, "relu");
  EXPECT_FALSE(function_registry().remove(-1).ok());
}

TEST(Registry, AnEntryWithStateSamplesThroughTheSamplerAndTheAbi) {
  const Registered line(scaled_line("line_sampled", 3));
  const double a = 0.5;
  std::vector<double> x(8), f(8), df(8), d2f(8);
  int count = 0;
  ASSERT_EQ(ae_sample(line.handle(), &a, 1, 0, 0, -2, 2, 5, x.data(), f.data(), df.data(), d2f.data(), 8, &count), AE_OK)
      << ae_last_error();
  ASSERT_EQ(count, 5);
  for (int i = 0; i < count; ++i) {
    EXPECT_EQ(f[static_cast<std::size_t>(i)], 1.5 * x[static_cast<std::size_t>(i)]);
    EXPECT_EQ(df[static_cast<std::size_t>(i)], 1.5);
  }
  // Its parameters are checked as a built-in's are.
  const double too_big = 11;
  EXPECT_EQ(ae_sample(line.handle(), &too_big, 1, 0, 0, -2, 2, 5, x.data(), f.data(), df.data(), nullptr, 8, &count),
            AE_PARAMETER_OUT_OF_RANGE);
  EXPECT_STREQ(ae_formula(line.handle(), &a, 1, 0, 0), "<math><mi>x</mi></math>");
  // The catalog JSON lists it after the built-ins, and its own JSON describes it.
  const auto catalog = nlohmann::json::parse(ae_catalog_json());
  EXPECT_EQ(catalog["functions"].back()["id"], "line_sampled");
  const auto entry = nlohmann::json::parse(ae_function_json(line.handle()));
  EXPECT_EQ(entry["parameters"][0]["presets"][0]["label"], "2");
}

TEST(Registry, TheCatalogJsonForgetsARemovedEntry) {
  {
    const Registered line(scaled_line("line_listed", 1));
    EXPECT_NE(std::string(ae_catalog_json()).find("line_listed"), std::string::npos);
  }
  EXPECT_EQ(std::string(ae_catalog_json()).find("line_listed"), std::string::npos);
  EXPECT_EQ(ae_function_json(9999), nullptr);
  EXPECT_EQ(ae_catalog_json(), std::string(actexp::catalog_json()));
}

TEST(Registry, EntriesStateWhetherTheyTrain) {
  EXPECT_FALSE(actexp::find_function("heaviside")->properties.trainable);
  EXPECT_TRUE(actexp::find_function("relu")->properties.trainable);
  ActivationSpec step = scaled_line("line_untrainable", 1);
  step.properties.trainable = false;
  const Registered line(std::move(step));
  EXPECT_FALSE(function_registry().find(line.handle())->properties.trainable);
  EXPECT_EQ(nlohmann::json::parse(ae_function_json(line.handle()))["trainable"], false);
}

std::vector<double> lab_config() {
  std::vector<double> config(AE_LAB_CONFIG_SIZE, 0);
  config[AE_LAB_SAMPLES] = 60;
  config[AE_LAB_NOISE] = 0.1;
  config[AE_LAB_LR] = 0.05;
  config[AE_LAB_BETA1] = 0.9;
  config[AE_LAB_BETA2] = 0.999;
  config[AE_LAB_EPS] = 1e-8;
  config[AE_LAB_SEED] = 3;
  config[AE_LAB_TRACK] = 1;
  config[AE_LAB_LAYERS] = 1;
  config[AE_LAB_WIDTHS] = 4;
  return config;
}

// A run keeps the entry it started with after the entry is removed; a new run cannot ask for it.
TEST(Registry, ALabRunKeepsARemovedEntryAndANewRunIsRefused) {
  int alive = 0;
  FunctionHandle handle = actexp::no_function;
  ASSERT_TRUE(function_registry().add(scaled_line("line_trained", 0.5, &alive), handle).ok());
  const std::vector<double> config = lab_config();
  const double a = 1;
  const double alpha = 0.01;
  ASSERT_EQ(ae_lab_start(config.data(), AE_LAB_CONFIG_SIZE, handle, &a, 1, 0, &alpha, 1), AE_OK) << ae_last_error();
  int done = 0;
  ASSERT_EQ(ae_lab_step(3, &done), AE_OK);
  ASSERT_TRUE(function_registry().remove(handle).ok());
  EXPECT_EQ(alive, 1);  // the run still holds it
  ASSERT_EQ(ae_lab_step(3, &done), AE_OK) << ae_last_error();
  EXPECT_EQ(done, 3);
  EXPECT_EQ(nlohmann::json::parse(ae_lab_export())["sides"][0]["fn"], "line_trained");
  EXPECT_EQ(ae_lab_start(config.data(), AE_LAB_CONFIG_SIZE, handle, &a, 1, 0, &alpha, 1), AE_UNKNOWN_FUNCTION);
  EXPECT_EQ(std::string(ae_last_error()), "Unknown activation function #" + std::to_string(handle) + ".");
  ASSERT_EQ(ae_lab_start(config.data(), AE_LAB_CONFIG_SIZE, 0, &alpha, 1, 1, nullptr, 0), AE_OK);
  EXPECT_EQ(alive, 0);  // the replaced run let go of it
}

// In C++ the lab holds a FunctionRef: made from a pointer it finds the entry's handle.
TEST(Registry, ALabActivationHoldsItsFunctionByHandle) {
  const actexp::lab::Activation relu{actexp::find_function("relu"), {}, actexp::AtKink::pytorch};
  EXPECT_EQ(relu.function.handle(), 1);
  const Registered line(scaled_line("line_held", 1));
  const actexp::lab::Activation held{actexp::FunctionRef(line.handle()), {1.0}, actexp::AtKink::pytorch};
  EXPECT_EQ(held.function.handle(), line.handle());
  EXPECT_EQ(held.function->id, "line_held");
  EXPECT_FALSE(actexp::FunctionRef(-5));
}

}  // namespace

namespace {

// The lab's direct float kernels and the entries' evaluate_float (through doubles) agree to the bit.
TEST(Registry, TheLabsFloatKernelsMatchTheEntriesEvaluateFloat) {
  std::vector<float> x;
  for (int i = -400; i <= 400; ++i) x.push_back(static_cast<float>(i) / 40.0F);
  x.insert(x.end(), {0.0F, -0.0F, 6.0F, -3.0F, 3.0F, 0.5F, -0.5F, 1e-30F, -1e30F, 100.0F});
  for (std::size_t handle = 0; handle < actexp::catalog().size(); ++handle) {
    const ActivationSpec& spec = *actexp::catalog()[handle];
    const actexp::EvaluateFloatFn direct = actexp::lab::builtin_float_kernel(static_cast<FunctionHandle>(handle));
    ASSERT_NE(direct, nullptr) << spec.id;
    std::vector<double> params;
    for (const auto& p : spec.parameters) params.push_back(p.default_value);
    for (int c = 0; c < actexp::at_kink_count; ++c) {
      const auto at_kink = static_cast<actexp::AtKink>(c);
      std::vector<float> f1(x.size()), df1(x.size()), f2(x.size()), df2(x.size());
      direct(params.data(), at_kink, x.data(), f1.data(), df1.data(), x.size());
      spec.evaluate_float(params.data(), at_kink, x.data(), f2.data(), df2.data(), x.size());
      for (std::size_t i = 0; i < x.size(); ++i) {
        ASSERT_EQ(std::bit_cast<std::uint32_t>(f1[i]), std::bit_cast<std::uint32_t>(f2[i])) << spec.id << " f(" << x[i] << ")";
        ASSERT_EQ(std::bit_cast<std::uint32_t>(df1[i]), std::bit_cast<std::uint32_t>(df2[i])) << spec.id << " f'(" << x[i] << ")";
      }
    }
  }
  EXPECT_EQ(actexp::lab::builtin_float_kernel(-1), nullptr);
  EXPECT_EQ(actexp::lab::builtin_float_kernel(static_cast<FunctionHandle>(actexp::catalog().size())), nullptr);
}

}  // namespace
