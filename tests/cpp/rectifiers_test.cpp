// ReLU and Leaky ReLU at chosen points, with the worked examples of seeds 000 and 001.
#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <limits>

#include "core/functions.hpp"
#include "core/rectifiers.hpp"

namespace actexp {
namespace {

double leaky_value(double x, double alpha) { return LeakyRelu(&alpha).value(x); }

// f' at one point as a convention computes it: through the catalog's fill, which applies the
// kink rules (the structs' own derivative may take either branch exactly at a kink).
double slope_at(const ActivationSpec& spec, const double* params, double x, AtKink at_kink) {
  double f = 0;
  double df = 0;
  spec.fill(params, at_kink, DType::float64, &x, &f, &df, nullptr, 1);
  return df;
}

TEST(Relu, ValueIsMaxOfZeroAndX) {
  EXPECT_EQ(Relu::value(-3.5), 0.0);
  EXPECT_EQ(Relu::value(0.0), 0.0);
  EXPECT_EQ(Relu::value(2.25), 2.25);
  EXPECT_EQ(Relu::value(1e308), 1e308);
  EXPECT_EQ(Relu::value(-std::numeric_limits<double>::denorm_min()), 0.0);
}

TEST(Relu, DerivativeAtZeroIsZeroInEveryFramework) {
  for (int c = 0; c < at_kink_count; ++c) EXPECT_EQ(slope_at(relu_spec(), nullptr, 0.0, static_cast<AtKink>(c)), 0.0);
  EXPECT_EQ(Relu::derivative(1e-300), 1.0);
  EXPECT_EQ(Relu::derivative(-1e-300), 0.0);
}

TEST(LeakyRelu, ValueScalesNegativeInputsByAlpha) {
  EXPECT_EQ(leaky_value(-2.0, 0.01), -0.02);
  EXPECT_EQ(leaky_value(3.0, 0.01), 3.0);
  EXPECT_EQ(leaky_value(0.0, 0.3), 0.0);
  EXPECT_EQ(leaky_value(-1e308, 0.5), -5e307);
}

TEST(LeakyRelu, DerivativeAtZeroIsAlphaForPytorchAndTensorflowAndOneForJax) {
  const double alpha = 0.2;
  EXPECT_EQ(slope_at(leaky_relu_spec(), &alpha, 0.0, AtKink::pytorch), 0.2);
  EXPECT_EQ(slope_at(leaky_relu_spec(), &alpha, 0.0, AtKink::tensorflow), 0.2);
  EXPECT_EQ(slope_at(leaky_relu_spec(), &alpha, 0.0, AtKink::pytorch_2_6), 0.2);
  EXPECT_EQ(slope_at(leaky_relu_spec(), &alpha, 0.0, AtKink::jax), 1.0);
  EXPECT_EQ(slope_at(leaky_relu_spec(), &alpha, -0.0, AtKink::jax), 1.0);  // -0.0 == 0: the kink
}

TEST(LeakyRelu, DerivativeAwayFromZeroIgnoresTheConvention) {
  const double alpha = 0.1;
  for (int c = 0; c < at_kink_count; ++c) {
    EXPECT_EQ(slope_at(leaky_relu_spec(), &alpha, -1e-12, static_cast<AtKink>(c)), 0.1);
    EXPECT_EQ(slope_at(leaky_relu_spec(), &alpha, 1e-12, static_cast<AtKink>(c)), 1.0);
  }
}

// Seed 001: relu(x, leak) = np.where(x <= 0, leak * x, x); relu_dash = np.where(x <= 0, leak, 1).
TEST(LeakyRelu, MatchesTheNumpyTutorialWhichTakesAlphaAtZero) {
  const std::array<double, 6> x{0.11, -2.2, 0, 50.2, 33.5, -0.6};
  const std::array<double, 6> relu{0.11, 0, 0, 50.2, 33.5, 0};
  const std::array<double, 6> relu_dash{1, 0, 0, 1, 1, 0};
  for (std::size_t i = 0; i < x.size(); ++i) {
    EXPECT_EQ(leaky_value(x[i], 0), relu[i]);
    const double zero = 0;
    EXPECT_EQ(slope_at(leaky_relu_spec(), &zero, x[i], AtKink::pytorch), relu_dash[i]);
  }
  const std::array<double, 6> x2{-0.5, 0, 1, 2, 3, 4.5};
  const std::array<double, 6> leaky{-0.05, 0, 1, 2, 3, 4.5};
  const std::array<double, 6> leaky_dash{0.1, 0.1, 1, 1, 1, 1};
  for (std::size_t i = 0; i < x2.size(); ++i) {
    EXPECT_EQ(leaky_value(x2[i], 0.1), leaky[i]);
    const double alpha = 0.1;
    EXPECT_EQ(slope_at(leaky_relu_spec(), &alpha, x2[i], AtKink::pytorch), leaky_dash[i]);
  }
}

// Seed 000: leaky_Relu_Derivative(x) = 0.01 if x < 0 else 1.
TEST(LeakyRelu, MatchesThePythonTutorialWhichTakesOneAtZero) {
  const double alpha = 0.01;
  for (const double x : {-5.0, -0.001, 0.0, 0.001, 5.0}) {
    EXPECT_EQ(slope_at(leaky_relu_spec(), &alpha, x, AtKink::jax), x < 0 ? 0.01 : 1.0) << "x = " << x;
  }
}

TEST(Specs, KinksCarryBothOneSidedLimitsAndEachConventionsValue) {
  const double alpha = 0.25;
  KinkList kinks;
  ASSERT_EQ(leaky_relu_spec().kinks(&alpha, kinks), 1U);
  EXPECT_EQ(kinks[0].x, 0.0);
  EXPECT_EQ(kinks[0].df_left, 0.25);
  EXPECT_EQ(kinks[0].df_right, 1.0);
  EXPECT_EQ(kinks[0].df_at(AtKink::pytorch), 0.25);
  EXPECT_EQ(kinks[0].df_at(AtKink::jax), 1.0);
  EXPECT_EQ(kinks[0].df_at(AtKink::tensorflow), 0.25);
  ASSERT_EQ(relu_spec().kinks(nullptr, kinks), 1U);
  for (int c = 0; c < at_kink_count; ++c) EXPECT_EQ(kinks[0].df_at(static_cast<AtKink>(c)), 0.0);
  // A kink whose rule was never set says so: NaN, which the catalog test rejects.
  EXPECT_TRUE(std::isnan(Kink{}.df_at(AtKink::pytorch)));
}

TEST(Specs, FormulasShowTheParameterAndEachFrameworksBranchTest) {
  const double alpha = 0.2;
  const std::string f = leaky_relu_spec().formula(&alpha, AtKink::pytorch, Formula::value);
  EXPECT_NE(f.find("<mn>0.2</mn>"), std::string::npos);
  EXPECT_EQ(f.rfind("<math", 0), 0U);
  const std::string df_pytorch = leaky_relu_spec().formula(&alpha, AtKink::pytorch, Formula::derivative);
  const std::string df_jax = leaky_relu_spec().formula(&alpha, AtKink::jax, Formula::derivative);
  EXPECT_NE(df_pytorch.find("<mo>\u2264</mo>"), std::string::npos);  // alpha for x <= 0
  EXPECT_NE(df_jax.find("<mo>\u2265</mo>"), std::string::npos);      // 1 for x >= 0
}

}  // namespace
}  // namespace actexp
