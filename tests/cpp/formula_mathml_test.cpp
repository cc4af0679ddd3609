// The MathML writer for formulas (cpp/formula/mathml.cpp): exact output for a few formulas
// (precedence, parameters filled in, catalog defaults, the where brace, escaping), and
// well-formed XML for every formula the project keeps (the PyTorch reference file, the issue's
// examples, the fuzzer's seeds) at several parameter values, by the checker in xml_check.hpp.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "formula/formula.hpp"
#include "formula/formula_entry.hpp"
#include "formula/mathml.hpp"
#include "xml_check.hpp"

namespace {

namespace fm = actexp::formula;
using actexp::test::xml_problem;

fm::Formula parsed(const std::string& text) {
  auto result = fm::parse(text);
  EXPECT_TRUE(result.ok()) << text << ": " << result.error.message;
  return std::move(result.formula);
}

std::string rhs(const std::string& text, std::vector<double> params) {
  const fm::Formula formula = parsed(text);
  params.resize(formula.parameters.size(), fm::parameter_default);
  return fm::expression_mathml(formula, params);
}

TEST(FormulaMathml, TheCheckerRefusesWhatIsNotWellFormed) {
  EXPECT_EQ(xml_problem("<math display=\"block\"><mi>x</mi><mo>&lt;</mo><mn>1</mn></math>"), "");
  EXPECT_NE(xml_problem("<mrow><mi>x</mrow></mi>"), "");
  EXPECT_NE(xml_problem("<mrow><mi>x</mi>"), "");
  EXPECT_NE(xml_problem("<mo><</mo>"), "");
  EXPECT_NE(xml_problem("<mtext>a & b</mtext>"), "");
  EXPECT_NE(xml_problem("<mi>x</mi><mi>y</mi>"), "");
  EXPECT_NE(xml_problem("<mtable columnalign=left>x</mtable>"), "");
  EXPECT_NE(xml_problem("x"), "");
}

TEST(FormulaMathml, WritesEachFormulaWithMinimalParenthesesAndItsParametersValues) {
  struct Case {
    std::string text;
    std::vector<double> params;
    std::string expected;
  };
  const std::vector<Case> cases{
      {"x * sigmoid(b * x)", {1.702},
       "<mrow><mrow><mi>x</mi><mo>\u2062</mo><mspace width=\"0.1667em\"></mspace><mrow><mi>\u03c3</mi><mo>\u2061</mo><mrow><mo>(</mo><mrow><mn>1.702</mn><mo>\u2062</mo><mi>x</mi></mrow><mo>)</mo></mrow></mrow></mrow></mrow>"},
      {"max(0.01*x, x)", {},
       "<mrow><mrow><mi>max</mi><mo>\u2061</mo><mrow><mo>(</mo><mrow><mn>0.01</mn><mo>\u2062</mo><mi>x</mi></mrow><mo>,</mo><mi>x</mi><mo>)</mo></mrow></mrow></mrow>"},
      {"where(x < 0, 0.01*x, x)", {},
       "<mrow><mrow><mo>{</mo><mtable columnalign=\"left left\"><mtr><mtd><mrow><mn>0.01</mn><mo>\u2062</mo><mi>x</mi></mrow></mtd><mtd><mrow><mtext>if\u00a0</mtext><mrow><mi>x</mi><mo>&lt;</mo><mn>0</mn></mrow></mrow></mtd></mtr><mtr><mtd><mi>x</mi></mtd><mtd><mtext>otherwise</mtext></mtd></mtr></mtable></mrow></mrow>"},
      {"x + sin(a*x)^2/a", {0.5},
       "<mrow><mrow><mi>x</mi><mo>+</mo><mfrac><mrow><msup><mrow><mrow><mi>sin</mi><mo>\u2061</mo><mrow><mo>(</mo><mrow><mn>0.5</mn><mo>\u2062</mo><mi>x</mi></mrow><mo>)</mo></mrow></mrow></mrow><mrow><mn>2</mn></mrow></msup></mrow><mrow><mn>0.5</mn></mrow></mfrac></mrow></mrow>"},
      {"leaky_relu(x, a)", {-0.25},
       "<mrow><mrow><mi>leaky_relu</mi><mo>\u2061</mo><mrow><mo>(</mo><mi>x</mi><mo>,</mo><mrow><mo>\u2212</mo><mn>0.25</mn></mrow><mo>)</mo></mrow></mrow></mrow>"},
      {"hardtanh(x, -2)", {},
       "<mrow><mrow><mi>hardtanh</mi><mo>\u2061</mo><mrow><mo>(</mo><mi>x</mi><mo>,</mo><mrow><mo>\u2212</mo><mn>2</mn></mrow><mo>,</mo><mn>1</mn><mo>)</mo></mrow></mrow></mrow>"},
      {"-x^2 + 3*x - 1", {},
       "<mrow><mrow><mrow><mrow><mo>\u2212</mo><msup><mrow><mi>x</mi></mrow><mrow><mn>2</mn></mrow></msup></mrow><mo>+</mo><mrow><mn>3</mn><mo>\u2062</mo><mi>x</mi></mrow></mrow><mo>\u2212</mo><mn>1</mn></mrow></mrow>"},
      {"sqrt(abs(x)) * exp(-x^2 / 2)", {},
       "<mrow><mrow><msqrt><mrow><mo>|</mo><mi>x</mi><mo>|</mo></mrow></msqrt><mo>\u2062</mo><mspace width=\"0.1667em\"></mspace><msup><mrow><mi>e</mi></mrow><mrow><mfrac><mrow><mrow><mo>\u2212</mo><msup><mrow><mi>x</mi></mrow><mrow><mn>2</mn></mrow></msup></mrow></mrow><mrow><mn>2</mn></mrow></mfrac></mrow></msup></mrow></mrow>"},
      {"1e-7*x - 2.5e12", {},
       "<mrow><mrow><mrow><msup><mrow><mn>10</mn></mrow><mrow><mrow><mo>\u2212</mo><mn>7</mn></mrow></mrow></msup><mo>\u22c5</mo><mi>x</mi></mrow><mo>\u2212</mo><mrow><mn>2.5</mn><mo>\u00d7</mo><msup><mrow><mn>10</mn></mrow><mrow><mn>12</mn></mrow></msup></mrow></mrow></mrow>"},
      {"log1p(x) + expm1(x)", {},
       "<mrow><mrow><mrow><mi>ln</mi><mo>\u2061</mo><mrow><mo>(</mo><mrow><mn>1</mn><mo>+</mo><mi>x</mi></mrow><mo>)</mo></mrow></mrow><mo>+</mo><mrow><msup><mrow><mi>e</mi></mrow><mrow><mi>x</mi></mrow></msup><mo>\u2212</mo><mn>1</mn></mrow></mrow></mrow>"},
      {"x - (x - 1) - -x", {},
       "<mrow><mrow><mrow><mi>x</mi><mo>\u2212</mo><mrow><mo>(</mo><mrow><mi>x</mi><mo>\u2212</mo><mn>1</mn></mrow><mo>)</mo></mrow></mrow><mo>\u2212</mo><mrow><mo>(</mo><mrow><mo>\u2212</mo><mi>x</mi></mrow><mo>)</mo></mrow></mrow></mrow>"},
      {"(x/2)^2 * exp(x)^2", {},
       "<mrow><mrow><msup><mrow><mrow><mo>(</mo><mfrac><mrow><mi>x</mi></mrow><mrow><mn>2</mn></mrow></mfrac><mo>)</mo></mrow></mrow><mrow><mn>2</mn></mrow></msup><mo>\u22c5</mo><msup><mrow><mrow><mo>(</mo><msup><mrow><mi>e</mi></mrow><mrow><mi>x</mi></mrow></msup><mo>)</mo></mrow></mrow><mrow><mn>2</mn></mrow></msup></mrow></mrow>"},
      {"x * -2 + (x + 1)*2", {},
       "<mrow><mrow><mrow><mi>x</mi><mo>\u22c5</mo><mrow><mo>(</mo><mrow><mo>\u2212</mo><mn>2</mn></mrow><mo>)</mo></mrow></mrow><mo>+</mo><mrow><mrow><mo>(</mo><mrow><mi>x</mi><mo>+</mo><mn>1</mn></mrow><mo>)</mo></mrow><mo>\u22c5</mo><mn>2</mn></mrow></mrow></mrow>"},
  };
  for (const auto& c : cases) {
    const std::string m = rhs(c.text, c.params);
    EXPECT_EQ(m, c.expected) << c.text;
    EXPECT_EQ(xml_problem(m), "") << c.text;
  }
}

TEST(FormulaMathml, ValueAndDerivativeAreDisplayEquations) {
  const fm::Formula formula = parsed("x * sigmoid(b * x)");
  const std::vector<double> b{2};
  const std::string value = fm::formula_mathml(formula, b, false);
  const std::string derivative = fm::formula_mathml(formula, b, true);
  EXPECT_EQ(value, "<math display=\"block\"><mrow><mrow><mi>f</mi><mo>(</mo><mi>x</mi><mo>)</mo></mrow><mo>=</mo>" + fm::expression_mathml(formula, b) + "</mrow></math>");
  // f′ is d/dx applied to the formula: the explorer differentiates numerically, not symbolically.
  EXPECT_EQ(derivative, "<math display=\"block\"><mrow><mrow><mi>f\u2032</mi><mo>(</mo><mi>x</mi><mo>)</mo></mrow><mo>=</mo><mrow>"
                        "<mfrac><mrow><mi>d</mi></mrow><mrow><mrow><mi>d</mi><mi>x</mi></mrow></mrow></mfrac><mrow><mo>(</mo>" +
                            fm::expression_mathml(formula, b) + "<mo>)</mo></mrow></mrow></mrow></math>");
  EXPECT_EQ(value.find(">b<"), std::string::npos) << "the parameter's value is shown, not its name";
}

TEST(FormulaMathml, TheRegistryEntryAnswersWithTheWriter) {
  actexp::ActivationSpec spec;
  ASSERT_EQ(fm::make_formula_spec("where(x < 0, a*x, x)", spec).message, "");
  const double a = 0.05;
  const std::string m = spec.formula(&a, actexp::AtKink::tensorflow, actexp::Formula::value);
  EXPECT_EQ(m, fm::formula_mathml(parsed("where(x < 0, a*x, x)"), std::vector<double>{a}, false));
  EXPECT_NE(m.find("<mn>0.05</mn>"), std::string::npos) << m;
  EXPECT_NE(spec.formula(&a, actexp::AtKink::jax, actexp::Formula::derivative).find("f\u2032"), std::string::npos);
}

TEST(FormulaMathml, AMalformedTapeIsAnErrorElementNotACrash) {
  fm::Formula formula = parsed("x + 1");
  formula.tape.back().a = 7;
  const std::string m = fm::expression_mathml(formula, {});
  EXPECT_NE(m.find("<merror>"), std::string::npos);
  EXPECT_EQ(xml_problem(m), "");
  EXPECT_NE(fm::expression_mathml(parsed("x"), std::vector<double>{1}).find("<merror>"), std::string::npos) << "parameter count";
}

// Every formula the project keeps, at parameter values that take each number form (plain,
// negative, 10^k notation), as f and as f′.
std::vector<std::string> kept_formulas() {
  std::vector<std::string> texts{
      "max(0.01*x, x)", "max(x, 0.01*x)", "where(x >= 0, x, 0.01*x)", "leaky_relu(x, 0.01)", "x * sigmoid(beta * x)",
      "x * tanh(softplus(x))", "relu(x)^2", "x + sin(a*x)^2/a", "clamp(x, 0, 6)", "relu6(x)",
      "where(x != 0, x == 1, -x <= 2) + where(x > 0, where(x < 1, x, 1), 0) * 2"};
  std::ifstream file(AE_SOURCE_DIR "/tests/reference/formula_torch_values.json");
  const auto reference = nlohmann::json::parse(file);
  for (const char* key : {"formulas", "catalog_formulas"}) {
    for (const auto& entry : reference[key]) texts.push_back(entry["formula"].get<std::string>());
  }
  for (const auto& seed : std::filesystem::directory_iterator(AE_SOURCE_DIR "/tests/fuzz/formula_corpus")) {
    std::ifstream in(seed.path(), std::ios::binary);
    texts.emplace_back(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  return texts;
}

TEST(FormulaMathml, EveryKeptFormulaIsWellFormedXml) {
  std::size_t written = 0;
  for (const std::string& text : kept_formulas()) {
    const auto result = fm::parse(text);
    if (!result.ok()) continue;  // a seed may be an error case
    for (const double value : {1.0, -3.5, 2.5e-9, 123456789.0}) {
      const std::vector<double> params(result.formula.parameters.size(), value);
      for (const bool derivative : {false, true}) {
        const std::string m = fm::formula_mathml(result.formula, params, derivative);
        EXPECT_EQ(xml_problem(m), "") << text << "\n" << m;
        EXPECT_TRUE(m.starts_with("<math display=\"block\">")) << text;
        EXPECT_EQ(m.find("<merror>"), std::string::npos) << text;
        ++written;
      }
    }
  }
  EXPECT_GT(written, 400U);
}

TEST(FormulaMathml, TheLargestFormulasAreWellFormed) {
  std::string sum = "x";
  for (int i = 0; i < 249; ++i) sum += "+x";
  std::string nested = "x";
  for (int i = 0; i < 31; ++i) nested = "sin(" + nested + ")";  // the deepest the parser takes
  for (const std::string& text : {sum, nested}) {
    const std::string m = fm::formula_mathml(parsed(text), {}, false);
    EXPECT_EQ(xml_problem(m), "") << text.substr(0, 40);
  }
}

}  // namespace
