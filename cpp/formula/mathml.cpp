#include "formula/mathml.hpp"

#include <cstdio>
#include <cstdlib>
#include <initializer_list>
#include <numbers>
#include <string_view>
#include <utility>
#include <vector>

#include "core/catalog.hpp"
#include "core/mathml.hpp"
#include "formula/formula_entry.hpp"

namespace actexp::formula {
namespace {

namespace mm = actexp::mathml;

// How tightly a piece binds, loosest first: an operand looser than its operator needs wants
// parentheses. A fraction is an atom but for a power's base; a brace (where) is open on the
// right, so it is parenthesised wherever it is nested.
enum class Level : int { brace, sum, product, negation, fraction, power, atom };

struct Piece {
  std::string m;
  Level level = Level::atom;
  bool leading_minus = false;  // begins with "−" (may not follow another operator bare)
  bool number = false;         // a plain number: 2x takes no visible times
  bool call = false;           // begins with a function's name, a radical or a bar: x σ(x)
};

bool below(const Piece& p, Level level) { return static_cast<int>(p.level) < static_cast<int>(level); }

Piece parenthesised(Piece p) { return {mm::paren(p.m), Level::atom, false, false, false}; }

// The piece as an operand that must bind at least as tightly as `level`; `minus_ok` when it may
// begin with a bare minus (a left operand: −x + 1).
Piece operand(Piece p, Level level, bool minus_ok) {
  if (below(p, level) || (p.leading_minus && !minus_ok)) return parenthesised(std::move(p));
  return p;
}

// A function's argument: anything but a brace goes bare between its parentheses and commas.
std::string argument(Piece p) { return p.level == Level::brace ? mm::paren(p.m) : std::move(p.m); }

Piece call(std::string_view name, std::initializer_list<std::string> arguments) {
  std::string inside;
  for (const auto& a : arguments) {
    if (!inside.empty()) inside += mm::op(",");
    inside += a;
  }
  return {mm::fn_of(escape_markup(name), inside), Level::atom, false, false, true};
}

Piece call(std::string_view name, Piece a) { return call(name, {argument(std::move(a))}); }

// An exponent as <mn>, or −<mn>.
std::string exponent_mathml(long exponent) {
  const std::string digits = std::to_string(exponent < 0 ? -exponent : exponent);
  return exponent < 0 ? mm::row({mm::op("\u2212"), "<mn>" + digits + "</mn>"}) : "<mn>" + digits + "</mn>";
}

// Up to 6 significant digits, as the catalog's formulas write their parameters; 1.5 × 10⁻⁷ rather
// than 1.5e-07; π and e by their names.
Piece number_piece(double value) {
  if (value == std::numbers::pi) return {mm::identifier("\u03c0"), Level::atom, false, false, false};
  if (value == std::numbers::e) return {mm::identifier("e"), Level::atom, false, false, false};
  if (value < 0) {
    Piece magnitude = number_piece(-value);
    return {mm::row({mm::op("\u2212"), magnitude.m}), Level::negation, true, magnitude.number, false};
  }
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.6g", value);
  const std::string digits(buffer);
  const auto e = digits.find('e');
  if (e == std::string::npos) return {"<mn>" + escape_markup(digits) + "</mn>", Level::atom, false, true, false};
  const std::string mantissa = digits.substr(0, e);
  const std::string power = mm::sup("<mn>10</mn>", exponent_mathml(std::strtol(digits.c_str() + e + 1, nullptr, 10)));
  if (mantissa == "1") return {power, Level::power, false, false, false};
  return {mm::row({"<mn>" + mantissa + "</mn>", mm::op("\u00d7"), power}), Level::product, false, false, false};
}

constexpr std::string_view thin_space = "<mspace width=\"0.1667em\"></mspace>";

// a · b, or a b with an invisible times where nothing is lost: 2x, 2(x + 1), x σ(x), x² tanh(x).
Piece product(Piece a, Piece b) {
  a = operand(std::move(a), Level::product, true);
  b = operand(std::move(b), Level::fraction, false);
  const bool a_number = a.number && (a.level == Level::atom || a.level == Level::negation);  // 2x, −2x
  const bool invisible = !b.number && (a_number || (!below(a, Level::power) && b.call));
  const bool minus = a.leading_minus;
  // Chromium sets an invisible times with no space at all: x tanh(x) would read "xtanh(x)".
  const std::string between = !invisible ? mm::op("\u22c5") : b.call ? mm::times() + std::string(thin_space) : mm::times();
  return {mm::row({a.m, between, b.m}), Level::product, minus, false, false};
}

Piece sum(Piece a, std::string_view sign, Piece b) {
  a = operand(std::move(a), Level::sum, true);
  b = operand(std::move(b), sign == "+" ? Level::sum : Level::product, false);
  const bool minus = a.leading_minus;
  return {mm::row({a.m, mm::op(sign), b.m}), Level::sum, minus, false, false};
}

Piece power(Piece base, Piece exponent) {
  base = operand(std::move(base), Level::atom, false);
  return {mm::sup(base.m, exponent.m), Level::power, false, false, base.call};
}

Piece e_to(Piece exponent) { return {mm::sup(mm::identifier("e"), exponent.m), Level::power, false, false, true}; }

std::string_view relation(Op op) {
  switch (op) {
    case Op::less: return "&lt;";
    case Op::less_equal: return "\u2264";
    case Op::greater: return "&gt;";
    case Op::greater_equal: return "\u2265";
    case Op::equal: return "=";
    case Op::not_equal: return "\u2260";
    default: return "?";
  }
}

// where(c, a, b): { a if c; b otherwise }, laid out as the catalog's piecewise formulas are.
Piece cases(Piece condition, Piece a, Piece b) {
  const std::string table = "<mtable columnalign=\"left left\"><mtr><mtd>" + a.m + "</mtd><mtd>" +
                            mm::row({mm::text("if\u00a0"), condition.m}) + "</mtd></mtr><mtr><mtd>" + b.m + "</mtd><mtd>" +
                            mm::text("otherwise") + "</mtd></mtr></mtable>";
  return {mm::row({mm::op("{"), table}), Level::brace, false, false, false};
}

// Names the grammar's one-argument functions are written with (docs/formulas.md).
std::string_view function_name(Op op) {
  switch (op) {
    case Op::log: return "ln";
    case Op::sign: return "sgn";
    case Op::sin: return "sin";
    case Op::cos: return "cos";
    case Op::tanh: return "tanh";
    case Op::sigmoid: return "\u03c3";
    case Op::softplus: return "softplus";
    case Op::erf: return "erf";
    case Op::erfc: return "erfc";
    case Op::relu: return "ReLU";
    default: return {};
  }
}

bool well_formed(const Formula& formula, std::size_t parameter_count) {
  const auto& tape = formula.tape;
  if (tape.empty() || parameter_count != formula.parameters.size()) return false;
  for (std::size_t i = 0; i < tape.size(); ++i) {
    const Instruction& in = tape[i];
    if (static_cast<int>(in.op) > static_cast<int>(Op::catalog)) return false;
    const int count = operand_count(in.op);
    const std::uint16_t slots[3] = {in.a, in.b, in.c};
    for (int k = 0; k < count; ++k) {
      if (slots[k] >= i) return false;
    }
    if (in.op == Op::parameter && in.parameter >= parameter_count) return false;
    if (in.op == Op::catalog) {
      if (in.call >= formula.calls.size() || find_function(formula.calls[in.call].id) == nullptr) return false;
      for (const std::uint16_t p : formula.calls[in.call].parameters) {
        if (p >= i) return false;
      }
    }
  }
  return true;
}

// A catalog call: its id, its input, the parameters written, then the catalog's defaults.
Piece catalog_call(const CatalogCall& c, Piece input, std::vector<Piece>& pieces) {
  const ActivationSpec* spec = find_function(c.id);
  std::string inside = argument(std::move(input));
  for (std::size_t k = 0; k < spec->parameters.size(); ++k) {
    inside += mm::op(",");
    inside += k < c.parameters.size() ? argument(std::move(pieces[c.parameters[k]])) : number_piece(spec->parameters[k].default_value).m;
  }
  return {mm::fn_of(escape_markup(c.id), inside), Level::atom, false, false, true};
}

Piece piece_of(const Formula& formula, std::size_t i, std::span<const double> params, std::vector<Piece>& p) {
  const Instruction& in = formula.tape[i];
  const auto take = [&](std::uint16_t slot) { return std::move(p[slot]); };
  switch (in.op) {
    case Op::constant: return number_piece(in.value);
    case Op::x: return {mm::x(), Level::atom, false, false, false};
    case Op::parameter: return number_piece(params[in.parameter]);
    case Op::neg: {
      Piece a = operand(take(in.a), Level::fraction, false);
      return {mm::row({mm::op("\u2212"), a.m}), Level::negation, true, a.number, false};
    }
    case Op::add: return sum(take(in.a), "+", take(in.b));
    case Op::sub: return sum(take(in.a), "\u2212", take(in.b));
    case Op::mul: return product(take(in.a), take(in.b));
    case Op::div: return {mm::frac(argument(take(in.a)), argument(take(in.b))), Level::fraction, false, false, false};
    case Op::pow: return power(take(in.a), take(in.b));
    case Op::exp: return e_to(take(in.a));
    case Op::log1p: return call("ln", sum(number_piece(1), "+", take(in.a)));
    case Op::expm1: return sum(e_to(take(in.a)), "\u2212", number_piece(1));
    case Op::sqrt: return {"<msqrt>" + argument(take(in.a)) + "</msqrt>", Level::atom, false, false, true};
    case Op::abs: return {mm::row({mm::op("|"), argument(take(in.a)), mm::op("|")}), Level::atom, false, false, true};
    case Op::max: return call("max", {argument(take(in.a)), argument(take(in.b))});
    case Op::min: return call("min", {argument(take(in.a)), argument(take(in.b))});
    case Op::clamp: return call("clamp", {argument(take(in.a)), argument(take(in.b)), argument(take(in.c))});
    case Op::where: return cases(take(in.a), take(in.b), take(in.c));
    case Op::less:
    case Op::less_equal:
    case Op::greater:
    case Op::greater_equal:
    case Op::equal:
    case Op::not_equal: {
      Piece a = operand(take(in.a), Level::sum, true);
      Piece b = operand(take(in.b), Level::sum, true);
      return {mm::row({a.m, mm::op(relation(in.op)), b.m}), Level::brace, false, false, false};
    }
    case Op::catalog: return catalog_call(formula.calls[in.call], take(in.a), p);
    default: return call(function_name(in.op), take(in.a));
  }
}

}  // namespace

std::string expression_mathml(const Formula& formula, std::span<const double> params) {
  if (!well_formed(formula, params.size())) return "<merror>" + mm::text("a malformed formula") + "</merror>";
  std::vector<Piece> pieces(formula.tape.size());
  for (std::size_t i = 0; i < formula.tape.size(); ++i) pieces[i] = piece_of(formula, i, params, pieces);
  return mm::row({pieces.back().m});
}

std::string formula_mathml(const Formula& formula, std::span<const double> params, bool derivative) {
  const std::string rhs = expression_mathml(formula, params);
  if (!derivative) return mm::equation(mm::function_of_x(false), rhs);
  const std::string d_dx = mm::frac(mm::identifier("d"), mm::row({mm::identifier("d"), mm::x()}));
  return mm::equation(mm::function_of_x(true), mm::row({d_dx, mm::paren(rhs)}));
}

}  // namespace actexp::formula
