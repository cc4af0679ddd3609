// ReLU and Leaky ReLU at chosen points, with the worked examples of seeds 000 and 001.
#include <gtest/gtest.h>

#include <array>
#include <limits>

#include "core/functions.hpp"
#include "core/rectifiers.hpp"

namespace actexp {
namespace {

TEST(Relu, ValueIsMaxOfZeroAndX) {
  EXPECT_EQ(Relu::value(-3.5), 0.0);
  EXPECT_EQ(Relu::value(0.0), 0.0);
  EXPECT_EQ(Relu::value(2.25), 2.25);
  EXPECT_EQ(Relu::value(1e308), 1e308);
  EXPECT_EQ(Relu::value(-std::numeric_limits<double>::denorm_min()), 0.0);
}

TEST(Relu, DerivativeAtZeroIsZeroInEveryFramework) {
  EXPECT_EQ(Relu::derivative(0.0, AtKink::pytorch), 0.0);
  EXPECT_EQ(Relu::derivative(0.0, AtKink::jax), 0.0);
  EXPECT_EQ(Relu::derivative(1e-300, AtKink::jax), 1.0);
  EXPECT_EQ(Relu::derivative(-1e-300, AtKink::pytorch), 0.0);
}

TEST(LeakyRelu, ValueScalesNegativeInputsByAlpha) {
  EXPECT_EQ(LeakyRelu::value(-2.0, 0.01), -0.02);
  EXPECT_EQ(LeakyRelu::value(3.0, 0.01), 3.0);
  EXPECT_EQ(LeakyRelu::value(0.0, 0.3), 0.0);
  EXPECT_EQ(LeakyRelu::value(-1e308, 0.5), -5e307);
}

TEST(LeakyRelu, DerivativeAtZeroIsAlphaForPytorchAndOneForJax) {
  EXPECT_EQ(LeakyRelu::derivative(0.0, 0.2, AtKink::pytorch), 0.2);
  EXPECT_EQ(LeakyRelu::derivative(0.0, 0.2, AtKink::jax), 1.0);
  EXPECT_EQ(LeakyRelu::derivative(-0.0, 0.2, AtKink::jax), 1.0);  // -0.0 >= 0 in IEEE arithmetic
}

TEST(LeakyRelu, DerivativeAwayFromZeroIgnoresTheConvention) {
  for (const AtKink at_kink : {AtKink::pytorch, AtKink::jax}) {
    EXPECT_EQ(LeakyRelu::derivative(-1e-12, 0.1, at_kink), 0.1);
    EXPECT_EQ(LeakyRelu::derivative(1e-12, 0.1, at_kink), 1.0);
  }
}

// Seed 001: relu(x, leak) = np.where(x <= 0, leak * x, x); relu_dash = np.where(x <= 0, leak, 1).
TEST(LeakyRelu, MatchesTheNumpyTutorialWhichTakesAlphaAtZero) {
  const std::array<double, 6> x{0.11, -2.2, 0, 50.2, 33.5, -0.6};
  const std::array<double, 6> relu{0.11, 0, 0, 50.2, 33.5, 0};
  const std::array<double, 6> relu_dash{1, 0, 0, 1, 1, 0};
  for (std::size_t i = 0; i < x.size(); ++i) {
    EXPECT_EQ(LeakyRelu::value(x[i], 0), relu[i]);
    EXPECT_EQ(LeakyRelu::derivative(x[i], 0, AtKink::pytorch), relu_dash[i]);
  }
  const std::array<double, 6> x2{-0.5, 0, 1, 2, 3, 4.5};
  const std::array<double, 6> leaky{-0.05, 0, 1, 2, 3, 4.5};
  const std::array<double, 6> leaky_dash{0.1, 0.1, 1, 1, 1, 1};
  for (std::size_t i = 0; i < x2.size(); ++i) {
    EXPECT_EQ(LeakyRelu::value(x2[i], 0.1), leaky[i]);
    EXPECT_EQ(LeakyRelu::derivative(x2[i], 0.1, AtKink::pytorch), leaky_dash[i]);
  }
}

// Seed 000: leaky_Relu_Derivative(x) = 0.01 if x < 0 else 1.
TEST(LeakyRelu, MatchesThePythonTutorialWhichTakesOneAtZero) {
  for (const double x : {-5.0, -0.001, 0.0, 0.001, 5.0}) {
    EXPECT_EQ(LeakyRelu::derivative(x, 0.01, AtKink::jax), x < 0 ? 0.01 : 1.0) << "x = " << x;
  }
}

TEST(Specs, KinksCarryBothOneSidedLimitsAndEachConventionsValue) {
  const double alpha = 0.25;
  KinkList kinks;
  ASSERT_EQ(leaky_relu_spec().kinks(&alpha, kinks), 1U);
  EXPECT_EQ(kinks[0].x, 0.0);
  EXPECT_EQ(kinks[0].df_left, 0.25);
  EXPECT_EQ(kinks[0].df_right, 1.0);
  EXPECT_EQ(kinks[0].df_at[static_cast<int>(AtKink::pytorch)], 0.25);
  EXPECT_EQ(kinks[0].df_at[static_cast<int>(AtKink::jax)], 1.0);
  ASSERT_EQ(relu_spec().kinks(nullptr, kinks), 1U);
  EXPECT_EQ(kinks[0].df_at[0], 0.0);
  EXPECT_EQ(kinks[0].df_at[1], 0.0);
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
