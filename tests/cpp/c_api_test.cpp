// The C ABI that JavaScript calls: statuses, messages, ownership, and the kink table.
#include <gtest/gtest.h>

#include <climits>
#include <cmath>
#include <string>
#include <vector>

#include "c_api/activation_explorer.h"

namespace {

constexpr int leaky_relu = 0;
constexpr int relu = 1;

TEST(CApi, SamplesAndClearsTheLastError) {
  const double alpha = 0.1;
  std::vector<double> x(16), f(16), df(16);
  int count = -1;
  ASSERT_EQ(ae_sample(leaky_relu, &alpha, 1, 0, 0, -1, 1, 5, x.data(), f.data(), df.data(), nullptr, 16, &count), AE_OK);
  EXPECT_EQ(count, 5);
  EXPECT_EQ(x[2], 0.0);
  EXPECT_EQ(f[0], -0.1);
  EXPECT_EQ(df[2], 0.1);
  EXPECT_STREQ(ae_last_error(), "");
}

TEST(CApi, RefusesBadArgumentsWithAMessage) {
  const double alpha = 0.1;
  std::vector<double> x(16, 7.0), f(16, 7.0), df(16, 7.0);
  int count = -1;
  struct Case {
    int status;
    std::string message_part;
  };
  const std::vector<Case> got{
      {ae_sample(-1, &alpha, 1, 0, 0, -1, 1, 5, x.data(), f.data(), df.data(), nullptr, 16, &count), ae_last_error()},
      {ae_sample(99, &alpha, 1, 0, 0, -1, 1, 5, x.data(), f.data(), df.data(), nullptr, 16, &count), ae_last_error()},
      {ae_sample(leaky_relu, nullptr, 1, 0, 0, -1, 1, 5, x.data(), f.data(), df.data(), nullptr, 16, &count), ae_last_error()},
      {ae_sample(leaky_relu, &alpha, -3, 0, 0, -1, 1, 5, x.data(), f.data(), df.data(), nullptr, 16, &count), ae_last_error()},
      {ae_sample(leaky_relu, &alpha, 1, AE_CONVENTION_COUNT, 0, -1, 1, 5, x.data(), f.data(), df.data(), nullptr, 16, &count), ae_last_error()},
      {ae_sample(leaky_relu, &alpha, 1, 0, 0, -1, 1, -5, x.data(), f.data(), df.data(), nullptr, 16, &count), ae_last_error()},
      {ae_sample(leaky_relu, &alpha, 1, 0, 0, -1, 1, 5, x.data(), f.data(), df.data(), nullptr, -4, &count), ae_last_error()},
      {ae_sample(leaky_relu, &alpha, 1, 0, 0, -1, 1, 5, x.data(), f.data(), df.data(), nullptr, 16, nullptr), ae_last_error()},
      {ae_sample(leaky_relu, &alpha, 1, 0, 0, NAN, 1, 5, x.data(), f.data(), df.data(), nullptr, 16, &count), ae_last_error()},
      {ae_sample(leaky_relu, &alpha, 1, 0, 0, -1, 1, 2.5, x.data(), f.data(), df.data(), nullptr, 16, &count), ae_last_error()},
      {ae_sample(leaky_relu, &alpha, 1, 0, 0, -1, 1, 1e10, x.data(), f.data(), df.data(), nullptr, 16, &count), ae_last_error()},
      {ae_sample(leaky_relu, &alpha, 1, 0, 0, -1, 1, NAN, x.data(), f.data(), df.data(), nullptr, 16, &count), ae_last_error()},
  };
  const std::vector<Case> expected{
      {AE_UNKNOWN_FUNCTION, "#-1"},          {AE_UNKNOWN_FUNCTION, "#99"},
      {AE_NULL_BUFFER, "parameters"},        {AE_WRONG_PARAMETER_COUNT, "negative"},
      {AE_UNKNOWN_CONVENTION, "#4"},         {AE_SAMPLE_COUNT_OUT_OF_RANGE, "got -5."},
      {AE_CAPACITY_TOO_SMALL, "hold 0"},     {AE_NULL_BUFFER, "count"},
      {AE_RANGE_NOT_FINITE, "NaN"},
      {AE_SAMPLE_COUNT_OUT_OF_RANGE, "whole number from 2 to 1000000, got 2.5."},
      {AE_SAMPLE_COUNT_OUT_OF_RANGE, "got 10000000000."},
      {AE_SAMPLE_COUNT_OUT_OF_RANGE, "got NaN."},
  };
  ASSERT_EQ(got.size(), expected.size());
  for (std::size_t i = 0; i < got.size(); ++i) {
    EXPECT_EQ(got[i].status, expected[i].status) << "case " << i << ": " << got[i].message_part;
    EXPECT_NE(got[i].message_part.find(expected[i].message_part), std::string::npos)
        << "case " << i << ": " << got[i].message_part;
  }
  EXPECT_EQ(count, -1);
  for (std::size_t i = 0; i < x.size(); ++i) EXPECT_TRUE(x[i] == 7.0 && f[i] == 7.0 && df[i] == 7.0);
}

// A parameter count up to 2³¹ − 1 is checked against the function's before one parameter is
// read, in every call that takes parameters (the lab's start once copied them first).
TEST(CApi, RefusesHugeParameterCountsBeforeReadingThem) {
  const double alpha = 0.1;
  std::vector<double> x(4), f(4), df(4), out(64);
  int count = -1;
  for (const int param_count : {2, 100, INT_MAX}) {
    EXPECT_EQ(ae_sample(leaky_relu, &alpha, param_count, 0, 0, -1, 1, 4, x.data(), f.data(), df.data(), nullptr, 4, &count), AE_WRONG_PARAMETER_COUNT);
    EXPECT_EQ(std::string(ae_last_error()), "Leaky ReLU takes 1 parameter(s), got " + std::to_string(param_count) + ".");
    EXPECT_EQ(ae_kinks(leaky_relu, &alpha, param_count, out.data(), 8, &count), AE_WRONG_PARAMETER_COUNT);
    EXPECT_EQ(ae_saturation(leaky_relu, &alpha, param_count, 0, 0, out.data()), AE_WRONG_PARAMETER_COUNT);
    EXPECT_EQ(ae_formula(leaky_relu, &alpha, param_count, 0, 0), nullptr);
  }
  EXPECT_EQ(ae_sample(leaky_relu, &alpha, INT_MIN, 0, 0, -1, 1, 4, x.data(), f.data(), df.data(), nullptr, 4, &count), AE_WRONG_PARAMETER_COUNT);
}

TEST(CApi, KinksComeAsRowsOfEightDoubles) {
  const double alpha = 0.3;
  double rows[AE_MAX_KINKS * AE_KINK_STRIDE] = {};
  int count = 0;
  ASSERT_EQ(ae_kinks(leaky_relu, &alpha, 1, rows, AE_MAX_KINKS, &count), AE_OK);
  ASSERT_EQ(count, 1);
  // x, f left, right, at, f' left, right, then f' per convention: PyTorch, JAX, TensorFlow, PyTorch 2.6.
  const double expected[AE_KINK_STRIDE] = {0, 0, 0, 0, 0.3, 1, 0.3, 1, 0.3, 0.3};
  for (int i = 0; i < AE_KINK_STRIDE; ++i) EXPECT_EQ(rows[i], expected[i]) << i;
  EXPECT_EQ(ae_kinks(leaky_relu, &alpha, 1, rows, 0, &count), AE_CAPACITY_TOO_SMALL);
  EXPECT_EQ(ae_kinks(relu, nullptr, 0, nullptr, 4, &count), AE_NULL_BUFFER);
}

TEST(CApi, FormulaIsMathmlOrNullWithAReason) {
  const double alpha = 0.5;
  const char* formula = ae_formula(leaky_relu, &alpha, 1, 0, 0);
  ASSERT_NE(formula, nullptr);
  EXPECT_EQ(std::string(formula).rfind("<math", 0), 0U);
  const double bad = 3;
  EXPECT_EQ(ae_formula(leaky_relu, &bad, 1, 0, 0), nullptr);
  EXPECT_NE(std::string(ae_last_error()).find("between 0 and 1"), std::string::npos);
  EXPECT_EQ(ae_formula(relu, nullptr, 0, 0, 5), nullptr);
}

TEST(CApi, CatalogJsonIsLibraryOwnedAndStable) {
  const char* first = ae_catalog_json();
  EXPECT_EQ(first, ae_catalog_json());
  EXPECT_EQ(std::string(first).front(), '{');
}

}  // namespace
