// Leaky ReLU against the values printed in seed 003 (../shared/seeds/003_leaky_relu_plotly_notebook.txt):
// x = np.arange(-10, 10, 0.1), ALPHA = np.exp(-2), y = [leakyRelu(v) for v in x]. The notebook
// printed 46 values; the 46th is cut off mid-number, so the 45 complete ones are the reference.
#include <gtest/gtest.h>

#include <utility>

#include <array>
#include <cmath>

#include "core/catalog.hpp"
#include "core/functions.hpp"
#include "core/rectifiers.hpp"

namespace actexp {
namespace {

double leaky_value(double x, double alpha) { return LeakyRelu(&alpha).value(x); }

constexpr std::array seed003_leaky_relu{
    -1.353352832366127,
    -1.3398193040424657,
    -1.3262857757188047,
    -1.3127522473951434,
    -1.2992187190714821,
    -1.2856851907478208,
    -1.2721516624241598,
    -1.2586181341004985,
    -1.2450846057768372,
    -1.231551077453176,
    -1.2180175491295149,
    -1.2044840208058536,
    -1.1909504924821923,
    -1.177416964158531,
    -1.16388343583487,
    -1.1503499075112087,
    -1.1368163791875474,
    -1.1232828508638864,
    -1.109749322540225,
    -1.0962157942165638,
    -1.0826822658929025,
    -1.0691487375692414,
    -1.0556152092455802,
    -1.0420816809219189,
    -1.0285481525982576,
    -1.0150146242745965,
    -1.0014810959509353,
    -0.987947567627274,
    -0.9744140393036128,
    -0.9608805109799515,
    -0.9473469826562904,
    -0.9338134543326292,
    -0.9202799260089679,
    -0.9067463976853067,
    -0.8932128693616455,
    -0.8796793410379843,
    -0.866145812714323,
    -0.8526122843906618,
    -0.8390787560670006,
    -0.8255452277433394,
    -0.8120116994196781,
    -0.7984781710960169,
    -0.7849446427723556,
    -0.7714111144486945,
    -0.7578775861250332};

// numpy's arange fills doubles as start + i * (x[1] - x[0]), not start + i * step.
double numpy_arange_point(double start, double step, int i) {
  const double delta = (start + step) - start;
  return i == 0 ? start : start + i * delta;
}

TEST(SeedReference, LeakyReluMatchesTheNotebookTo1e12Relative) {
  const double alpha = std::exp(-2.0);
  int exact = 0;
  for (int i = 0; i < static_cast<int>(seed003_leaky_relu.size()); ++i) {
    const double x = numpy_arange_point(-10.0, 0.1, i);
    const double expected = seed003_leaky_relu[static_cast<std::size_t>(i)];
    const double got = leaky_value(x, alpha);
    EXPECT_NEAR(got, expected, 1e-12 * std::fabs(expected)) << "x = " << x;
    exact += got == expected ? 1 : 0;
  }
  EXPECT_EQ(seed003_leaky_relu.size(), 45U);
  // Same operations as NumPy, so every value should agree to the last bit.
  EXPECT_EQ(exact, 45);
}

TEST(SeedReference, NotebookDerivativeTakesOneAtZeroLikeJax) {
  // derivative_leakyRelu: 1 if x >= 0 else ALPHA.
  const double alpha = std::exp(-2.0);
  const ActivationSpec& leaky = leaky_relu_spec();
  for (const auto& [x, want] : {std::pair{0.0, 1.0}, std::pair{-0.1, alpha}}) {
    double f = 0;
    double df = 0;
    leaky.fill(&alpha, AtKink::jax, DType::float64, &x, &f, &df, nullptr, 1);
    EXPECT_EQ(df, want) << "x = " << x;
  }
}

TEST(SeedReference, TheEToTheMinusTwoPresetIsNumpysValue) {
  const ActivationSpec* leaky = find_function("leaky_relu");
  ASSERT_NE(leaky, nullptr);
  bool found = false;
  for (const Preset& preset : leaky->parameters[0].presets) found = found || preset.value == std::exp(-2.0);
  EXPECT_TRUE(found);
}

}  // namespace
}  // namespace actexp
