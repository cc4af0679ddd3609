// A reader's own activation, typed as a formula in x: parsed into a flat tape (SSA, each
// instruction reads earlier slots), then f, f' and f'' evaluated over an array of x by
// second-order forward-mode AD (value, first and second derivative carried through each op),
// with each framework's rule at a tie (max, min, clamp, abs, pow) chosen by AtKink.
//
// Pure C++20, no Emscripten. The grammar is stated once here (the tables below); the page, the
// CLI and docs/formulas.md list it from them.
//
// A catalog function is called by its id with its parameters as further arguments in the
// catalog's order (`leaky_relu(x, 0.1)`, `elu(x)`): its own kernel computes it, with its kink
// rule, in the chosen convention and dtype (catalog_call.cpp). formula_entry.hpp makes a formula
// a function-registry entry (the lab trains it, the page draws it); grammar_json.hpp states the
// tables below for the page's grammar panel.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/convention.hpp"
#include "core/dtype.hpp"

namespace actexp::formula {

// ---- Limits (the parser refuses anything beyond them, with a message).
inline constexpr std::size_t max_length = 1000;        // characters of text
inline constexpr std::size_t max_depth = 64;           // nesting: parentheses, calls, unary minus, powers
inline constexpr std::size_t max_operations = 500;     // tape instructions: numbers, x, parameters, operators, calls
inline constexpr std::size_t max_parameters = 8;
inline constexpr std::size_t max_parameter_name = 32;  // characters
inline constexpr double parameter_default = 1.0;

// ---- The tape's operations.
enum class Op : std::uint8_t {
  constant, x, parameter,
  neg, add, sub, mul, div, pow,
  exp, log, log1p, expm1, sqrt, abs, sign, sin, cos, tanh, sigmoid, softplus, erf, erfc, relu,
  max, min, clamp, where,
  less, less_equal, greater, greater_equal, equal, not_equal,
  catalog,  // a catalog function: Instruction::call indexes Formula::calls
};

// A function the grammar knows: its name, the op it becomes, its argument count, a line for the
// docs and the page's grammar panel.
struct FunctionInfo {
  std::string_view name;
  Op op;
  int arity;
  std::string_view summary;
};

inline constexpr std::array functions{
    FunctionInfo{"exp", Op::exp, 1, "e to the power of its argument"},
    FunctionInfo{"log", Op::log, 1, "natural logarithm"},
    FunctionInfo{"log1p", Op::log1p, 1, "log(1 + v), accurate near 0"},
    FunctionInfo{"expm1", Op::expm1, 1, "exp(v) - 1, accurate near 0"},
    FunctionInfo{"sqrt", Op::sqrt, 1, "square root"},
    FunctionInfo{"abs", Op::abs, 1, "absolute value"},
    FunctionInfo{"sign", Op::sign, 1, "-1, 0 or 1"},
    FunctionInfo{"sin", Op::sin, 1, "sine"},
    FunctionInfo{"cos", Op::cos, 1, "cosine"},
    FunctionInfo{"tanh", Op::tanh, 1, "hyperbolic tangent"},
    FunctionInfo{"sigmoid", Op::sigmoid, 1, "1 / (1 + exp(-v))"},
    FunctionInfo{"softplus", Op::softplus, 1, "log(1 + exp(v)) (PyTorch: v itself above 20)"},
    FunctionInfo{"erf", Op::erf, 1, "error function"},
    FunctionInfo{"erfc", Op::erfc, 1, "1 - erf(v), accurate for large v"},
    FunctionInfo{"relu", Op::relu, 1, "max(v, 0) with relu's own derivative (0 at 0)"},
    FunctionInfo{"max", Op::max, 2, "the larger of two; a tie follows the framework"},
    FunctionInfo{"min", Op::min, 2, "the smaller of two; a tie follows the framework"},
    FunctionInfo{"clamp", Op::clamp, 3, "clamp(v, lo, hi): v held inside [lo, hi]"},
    FunctionInfo{"where", Op::where, 3, "where(condition, a, b): a where the comparison holds, else b"},
    FunctionInfo{"pow", Op::pow, 2, "pow(a, b) = a^b"},
};

struct ConstantInfo {
  std::string_view name;
  double value;
};
inline constexpr std::array constants{
    ConstantInfo{"pi", 3.141592653589793},
    ConstantInfo{"e", 2.718281828459045},
};

// Operators, loosest first; `^` and `**` bind tighter than unary minus (-x^2 = -(x^2)) and
// are right-associative (2^3^2 = 2^9), as in Python.
struct OperatorInfo {
  std::string_view symbols;
  std::string_view meaning;
};
inline constexpr std::array operators{
    OperatorInfo{"+ -", "add, subtract (left to right)"},
    OperatorInfo{"* /", "multiply, divide (left to right)"},
    OperatorInfo{"-", "negate (unary)"},
    OperatorInfo{"^ **", "power (right to left, tighter than unary minus)"},
    OperatorInfo{"< <= > >= == !=", "comparisons, only in where's first argument"},
};

// ---- A parsed formula.
struct Instruction {
  Op op = Op::constant;
  std::uint16_t a = 0, b = 0, c = 0;  // operand slots (earlier instructions)
  bool varies = false;                // depends on x (else its derivatives are 0, as for a constant tensor)
  double value = 0;                   // Op::constant
  std::uint8_t parameter = 0;         // Op::parameter: index into Formula::parameters
  std::uint16_t column = 0;           // where it was written (1-based), for kink markers later
  std::uint16_t call = 0;             // Op::catalog: index into Formula::calls
};

// How many operand slots (a, b, c) an instruction reads, in that order; a catalog call reads its
// input as `a` (its parameters are CatalogCall's own slots). The one table the evaluator, the tie
// search, the MathML writer and the export share.
constexpr int operand_count(Op op) {
  switch (op) {
    case Op::constant:
    case Op::x:
    case Op::parameter: return 0;
    case Op::add:
    case Op::sub:
    case Op::mul:
    case Op::div:
    case Op::pow:
    case Op::max:
    case Op::min:
    case Op::less:
    case Op::less_equal:
    case Op::greater:
    case Op::greater_equal:
    case Op::equal:
    case Op::not_equal: return 2;
    case Op::clamp:
    case Op::where: return 3;
    default: return 1;  // neg, the functions of one argument, a catalog call's input
  }
}

// A call of a catalog function: its input is the instruction's operand `a`; its parameters are
// the slots written after it, in the catalog's order; the ones not written take the catalog's
// defaults. They do not depend on x (a framework takes them as numbers) and are evaluated in
// float64 once per evaluation, then checked against the catalog's ranges.
struct CatalogCall {
  std::string id;                               // the catalog id, resolved when evaluated
  std::vector<std::uint16_t> parameters;        // slots, the first parameters in order
  std::vector<std::uint16_t> parameter_columns;  // where each was written (1-based)
  std::uint16_t column = 0;                     // the function's name
  bool uses_formula_parameters = false;         // else its parameters are checked when parsed
};

struct Formula {
  std::vector<Instruction> tape;        // the result is the last instruction
  std::vector<std::string> parameters;  // in order of first appearance; each defaults to 1
  std::vector<CatalogCall> calls;       // Op::catalog instructions' calls
};

// An error: the 1-based column (0 when it is about the whole formula) and the message, which
// begins with "column N: " when there is one.
struct ParseError {
  std::size_t column = 0;
  std::string message;
};

struct ParseResult {
  Formula formula;
  ParseError error;
  [[nodiscard]] bool ok() const { return error.message.empty(); }
};

// Never throws; never recurses deeper than max_depth.
ParseResult parse(std::string_view text);

// ---- Evaluation over an array of x into caller-owned buffers (like sampler.hpp).
struct EvaluateRequest {
  const Formula* formula = nullptr;
  std::span<const double> params;  // one value per formula->parameters, in that order
  AtKink at_kink = AtKink::pytorch;
  DType dtype = DType::float64;
};

struct EvaluateBuffers {
  const double* x = nullptr;
  double* f = nullptr;
  double* df = nullptr;
  double* d2f = nullptr;  // optional
  std::size_t n = 0;
};

// Below float64, x, constants and parameters are rounded to the dtype and every operation's
// value, f' and f'' are rounded to it after the op, as a framework running op by op stores
// each intermediate tensor. Returns an empty string on success, else why nothing was written.
std::string evaluate(const EvaluateRequest& request, const EvaluateBuffers& out);

// The function names (the grammar's, then the catalog's ids) that sit within two edits of
// `name` (for "did you mean").
std::string_view closest_function(std::string_view name);

// Each catalog call's parameters evaluated (float64, `params` for the formula's parameters) and
// checked against the catalog's ranges: an empty message, or one naming the function, the parameter and
// its column. With `fixed_only`, only the calls whose parameters use no formula parameter.
ParseError check_catalog_calls(const Formula& formula, std::span<const double> params, bool fixed_only);

}  // namespace actexp::formula
