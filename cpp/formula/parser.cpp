// A Pratt-style recursive-descent parser (Crafting Interpreters' shape) that emits the tape
// directly: each parse function returns the slot of what it parsed. Depth is checked BEFORE
// every recursion, so no input recurses deeper than max_depth; every error is a value.
#include <algorithm>
#include <cstdlib>
#include <cmath>
#include <optional>

#include "core/catalog.hpp"
#include "formula/formula.hpp"

namespace actexp::formula {
namespace {

enum class Token : std::uint8_t {
  end, number, identifier, plus, minus, star, slash, caret, open, close, comma,
  less, less_equal, greater, greater_equal, equal, not_equal, bad,
};

struct Lexeme {
  Token kind = Token::end;
  std::size_t offset = 0;  // bytes into the text
  std::string_view text;
};

bool is_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

// The next token at or after `offset`; Token::bad for a character the grammar has no use for.
Lexeme next_token(std::string_view text, std::size_t offset) {
  while (offset < text.size() && (text[offset] == ' ' || text[offset] == '\t')) ++offset;
  if (offset == text.size()) return {Token::end, offset, {}};
  const char c = text[offset];
  const auto two = [&](char second) { return offset + 1 < text.size() && text[offset + 1] == second; };
  const auto make = [&](Token kind, std::size_t length) { return Lexeme{kind, offset, text.substr(offset, length)}; };
  if (is_digit(c) || (c == '.' && offset + 1 < text.size() && is_digit(text[offset + 1]))) {
    std::size_t end = offset;
    while (end < text.size() && is_digit(text[end])) ++end;
    if (end < text.size() && text[end] == '.') {
      ++end;
      while (end < text.size() && is_digit(text[end])) ++end;
    }
    if (end < text.size() && (text[end] == 'e' || text[end] == 'E')) {
      std::size_t exponent = end + 1;
      if (exponent < text.size() && (text[exponent] == '+' || text[exponent] == '-')) ++exponent;
      if (exponent < text.size() && is_digit(text[exponent])) {
        while (exponent < text.size() && is_digit(text[exponent])) ++exponent;
        end = exponent;
      }
    }
    return make(Token::number, end - offset);
  }
  if (is_letter(c)) {
    std::size_t end = offset;
    while (end < text.size() && (is_letter(text[end]) || is_digit(text[end]) || text[end] == '_')) ++end;
    return make(Token::identifier, end - offset);
  }
  switch (c) {
    case '+': return make(Token::plus, 1);
    case '-': return make(Token::minus, 1);
    case '*': return two('*') ? make(Token::caret, 2) : make(Token::star, 1);
    case '/': return make(Token::slash, 1);
    case '^': return make(Token::caret, 1);
    case '(': return make(Token::open, 1);
    case ')': return make(Token::close, 1);
    case ',': return make(Token::comma, 1);
    case '<': return two('=') ? make(Token::less_equal, 2) : make(Token::less, 1);
    case '>': return two('=') ? make(Token::greater_equal, 2) : make(Token::greater, 1);
    case '=': return two('=') ? make(Token::equal, 2) : make(Token::bad, 1);
    case '!': return two('=') ? make(Token::not_equal, 2) : make(Token::bad, 1);
    default: return make(Token::bad, 1);
  }
}

std::optional<Op> comparison_op(Token kind) {
  switch (kind) {
    case Token::less: return Op::less;
    case Token::less_equal: return Op::less_equal;
    case Token::greater: return Op::greater;
    case Token::greater_equal: return Op::greater_equal;
    case Token::equal: return Op::equal;
    case Token::not_equal: return Op::not_equal;
    default: return std::nullopt;
  }
}

const FunctionInfo* find_function_info(std::string_view name) {
  for (const auto& info : functions) {
    if (info.name == name) return &info;
  }
  return nullptr;
}

// Levenshtein distance, capped: names are at most a few dozen characters.
std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0U : 1U)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

class Parser {
 public:
  explicit Parser(std::string_view text) : text_(text) { advance(); }

  ParseResult run() {
    ParseResult result;
    if (text_.size() > max_length) {
      fail(0, "the formula is " + std::to_string(text_.size()) + " characters long; at most " + std::to_string(max_length) +
                  " are allowed");
    } else if (current_.kind == Token::end) {
      fail(0, "the formula is empty: write an expression in x, such as x * sigmoid(x)");
    } else {
      const auto slot = expression(0);
      if (slot && current_.kind != Token::end) {
        if (comparison_op(current_.kind)) {
          fail_here("comparisons (" + std::string(current_.text) + ") only go in where's first argument, as in where(x > 0, x, 0)");
        } else if (current_.kind == Token::close) {
          fail_here("this \")\" has no \"(\" to close");
        } else {
          fail_here(after_complete_expression(current_));
        }
      }
    }
    result.error = std::move(error_);
    if (result.ok()) result.formula = std::move(formula_);
    return result;
  }

 private:
  using Slot = std::optional<std::uint16_t>;

  std::string_view text_;
  Lexeme current_;
  Formula formula_;
  ParseError error_;
  std::size_t operations_ = 0;
  std::vector<unsigned char> uses_parameter_;  // per slot: depends on a formula parameter

  void advance() { current_ = next_token(text_, current_.offset + current_.text.size()); }

  // 1-based column in characters (UTF-8 continuation bytes do not count).
  std::size_t column_of(std::size_t offset) const {
    const auto before = text_.substr(0, offset);
    return 1 + static_cast<std::size_t>(std::count_if(before.begin(), before.end(), [](char c) {
             return (static_cast<unsigned char>(c) & 0xC0U) != 0x80U;
           }));
  }

  Slot fail(std::size_t column, std::string message) {
    if (error_.message.empty()) {
      error_.column = column;
      error_.message = column == 0 ? std::move(message) : "column " + std::to_string(column) + ": " + std::move(message);
    }
    return std::nullopt;
  }
  Slot fail_at(const Lexeme& at, std::string message) { return fail(column_of(at.offset), std::move(message)); }
  Slot fail_here(std::string message) { return fail_at(current_, std::move(message)); }

  // Built with += : GCC 12's -Wrestrict misfires on "literal" + std::string here.
  static std::string quoted(std::string_view prefix, std::string_view text) {
    std::string out(prefix);
    out += '"';
    out += text;
    out += '"';
    return out;
  }

  // "unexpected \"y\" after …"; a character outside ASCII reads "found a character …": describe()
  // gives it an article, which "unexpected" does not take.
  static std::string after_complete_expression(const Lexeme& lexeme) {
    if (lexeme.kind == Token::bad && !is_printable_ascii(lexeme)) {
      return "found a character outside the grammar after a complete expression (formulas use plain ASCII)";
    }
    return "unexpected " + describe(lexeme) + " after a complete expression";
  }

  static bool is_printable_ascii(const Lexeme& lexeme) {
    const auto byte = static_cast<unsigned char>(lexeme.text[0]);
    return byte >= 0x20 && byte < 0x7F;
  }

  static std::string describe(const Lexeme& lexeme) {
    if (lexeme.kind == Token::end) return "the end of the formula";
    if (lexeme.kind == Token::bad) {
      if (!is_printable_ascii(lexeme)) return "a character outside the grammar (formulas use plain ASCII)";
      return quoted("character ", lexeme.text);
    }
    return quoted("", lexeme.text);
  }

  bool deeper(std::size_t depth) {
    if (depth < max_depth) return true;
    fail(0, "the formula nests deeper than " + std::to_string(max_depth));
    return false;
  }

  // Every instruction counts as an operation: a number, x or a parameter too.
  Slot emit(Instruction instruction, const Lexeme& at, bool uses_parameter = false) {
    if (++operations_ > max_operations) {
      return fail(0, "the formula has more than " + std::to_string(max_operations) + " operations");
    }
    instruction.column = static_cast<std::uint16_t>(column_of(at.offset));
    formula_.tape.push_back(instruction);
    uses_parameter_.push_back(uses_parameter ? 1 : 0);
    return static_cast<std::uint16_t>(formula_.tape.size() - 1);
  }

  bool varies(std::uint16_t slot) const { return formula_.tape[slot].varies; }
  bool uses_parameter(std::uint16_t slot) const { return uses_parameter_[slot] != 0; }

  Slot binary(Op op, std::uint16_t a, std::uint16_t b, const Lexeme& at) {
    return emit({.op = op, .a = a, .b = b, .varies = varies(a) || varies(b)}, at, uses_parameter(a) || uses_parameter(b));
  }

  // expression := term (('+' | '-') term)*
  // `depth` counts the constructs around it (parentheses, calls, unary minus, powers), one each,
  // as docs/formulas.md states the limit: 63 parentheses around x are allowed, 64 are not.
  Slot expression(std::size_t depth) {
    if (!deeper(depth)) return std::nullopt;
    Slot left = term(depth);
    while (left && (current_.kind == Token::plus || current_.kind == Token::minus)) {
      const Lexeme op = current_;
      advance();
      const Slot right = term(depth);
      if (!right) return std::nullopt;
      left = binary(op.kind == Token::plus ? Op::add : Op::sub, *left, *right, op);
    }
    return left;
  }

  // term := unary (('*' | '/') unary)*
  Slot term(std::size_t depth) {
    Slot left = unary(depth);
    while (left && (current_.kind == Token::star || current_.kind == Token::slash)) {
      const Lexeme op = current_;
      advance();
      const Slot right = unary(depth);
      if (!right) return std::nullopt;
      left = binary(op.kind == Token::star ? Op::mul : Op::div, *left, *right, op);
    }
    return left;
  }

  // unary := '-' unary | power
  Slot unary(std::size_t depth) {
    if (current_.kind != Token::minus) return power(depth);
    const Lexeme op = current_;
    advance();
    if (!deeper(depth + 1)) return std::nullopt;
    const Slot operand = unary(depth + 1);
    if (!operand) return std::nullopt;
    return emit({.op = Op::neg, .a = *operand, .varies = varies(*operand)}, op, uses_parameter(*operand));
  }

  // power := primary (('^' | '**') unary)?   (right-associative through unary)
  Slot power(std::size_t depth) {
    const Slot base = primary(depth);
    if (!base || current_.kind != Token::caret) return base;
    const Lexeme op = current_;
    advance();
    if (!deeper(depth + 1)) return std::nullopt;
    const Slot exponent = unary(depth + 1);
    if (!exponent) return std::nullopt;
    return binary(Op::pow, *base, *exponent, op);
  }

  Slot primary(std::size_t depth) {
    const Lexeme token = current_;
    switch (token.kind) {
      case Token::number: advance(); return number(token);
      case Token::identifier: advance(); return identifier(token, depth);
      case Token::open: {
        advance();
        const Slot inner = expression(depth + 1);
        if (!inner) return std::nullopt;
        if (!expect_close(token)) return std::nullopt;
        return inner;
      }
      default: break;
    }
    if (comparison_op(token.kind)) {
      return fail_here("comparisons (" + std::string(token.text) + ") only go in where's first argument, as in where(x > 0, x, 0)");
    }
    return fail_here("expected a number, x, a parameter, a function or \"(\", found " + describe(token));
  }

  bool expect_close(const Lexeme& open) {
    if (current_.kind == Token::close) {
      advance();
      return true;
    }
    if (comparison_op(current_.kind)) {
      fail_here("comparisons (" + std::string(current_.text) + ") only go in where's first argument, as in where(x > 0, x, 0)");
    } else if (current_.kind == Token::end) {
      fail_here("expected \")\" to close the \"(\" at column " + std::to_string(column_of(open.offset)));
    } else {
      fail_here("expected \")\", found " + describe(current_));
    }
    return false;
  }

  Slot number(const Lexeme& token) {
    const std::string digits(token.text);
    const double value = std::strtod(digits.c_str(), nullptr);
    if (!std::isfinite(value)) return fail_at(token, digits + " is not a finite number");
    return emit({.op = Op::constant, .value = value}, token);
  }

  Slot identifier(const Lexeme& token, std::size_t depth) {
    const std::string_view name = token.text;
    const FunctionInfo* info = find_function_info(name);
    const ActivationSpec* spec = find_function(name);
    if (info != nullptr || spec != nullptr) {
      if (current_.kind != Token::open) {
        return fail_at(token, std::string(name) + " is a function: write " + std::string(name) + (info != nullptr ? "(...)" : "(x, ...)"));
      }
      return call(info, spec, token, depth);
    }
    if (name == "x") return emit({.op = Op::x, .varies = true}, token);
    for (const auto& constant : constants) {
      if (constant.name == name) return emit({.op = Op::constant, .value = constant.value}, token);
    }
    if (current_.kind == Token::open) {
      const std::string_view suggestion = closest_function(name);
      if (!suggestion.empty()) {
        return fail_at(token, "\"" + std::string(name) + "\" is not a function; did you mean " + std::string(suggestion) + "?");
      }
      return fail_at(token, "\"" + std::string(name) + "\" is not a function (see the list of functions)");
    }
    return parameter(token);
  }

  Slot parameter(const Lexeme& token) {
    const std::string name(token.text);
    if (name.size() > max_parameter_name) {
      return fail_at(token, "the parameter name \"" + name.substr(0, 12) + "...\" is longer than " +
                                std::to_string(max_parameter_name) + " characters");
    }
    auto& names = formula_.parameters;
    auto found = std::find(names.begin(), names.end(), name);
    if (found == names.end()) {
      if (names.size() == max_parameters) {
        return fail_at(token, "\"" + name + "\" would be a parameter, but a formula has at most " + std::to_string(max_parameters));
      }
      names.push_back(name);
      found = names.end() - 1;
    }
    return emit({.op = Op::parameter, .parameter = static_cast<std::uint8_t>(found - names.begin())}, token, true);
  }

  struct Arguments {
    std::vector<std::uint16_t> slots;
    std::vector<Lexeme> starts;  // each argument's first token, for columns
  };

  // The most arguments a name takes: a grammar function's arity, or x and a catalog function's
  // parameters (softplus is both: softplus(x) is the grammar's, softplus(x, 2) the catalog's).
  static std::size_t most_arguments(const FunctionInfo* info, const ActivationSpec* spec) {
    const std::size_t grammar = info != nullptr ? static_cast<std::size_t>(info->arity) : 0;
    const std::size_t catalog = spec != nullptr ? 1 + spec->parameters.size() : 0;
    return std::max(grammar, catalog);
  }

  Slot call(const FunctionInfo* info, const ActivationSpec* spec, const Lexeme& name, std::size_t depth) {
    const Lexeme open = current_;
    advance();
    if (!deeper(depth + 1)) return std::nullopt;
    const std::size_t most = most_arguments(info, spec);
    Arguments args;
    if (current_.kind != Token::close) {
      while (true) {
        const Lexeme at = current_;
        const bool is_condition = info != nullptr && info->op == Op::where && args.slots.empty();
        const Slot arg = is_condition ? condition(depth + 1) : expression(depth + 1);
        if (!arg) return std::nullopt;
        args.slots.push_back(*arg);
        args.starts.push_back(at);
        if (args.slots.size() > most) return fail_at(at, arity_message(info, spec, args.slots.size()));
        if (current_.kind != Token::comma) break;
        advance();
      }
    }
    const bool catalog = info == nullptr || (spec != nullptr && args.slots.size() > static_cast<std::size_t>(info->arity));
    const bool counted = catalog ? !args.slots.empty() : args.slots.size() == static_cast<std::size_t>(info->arity);
    if (!counted && (current_.kind == Token::close || current_.kind == Token::end)) {
      return fail_here(arity_message(info, spec, args.slots.size()));
    }
    if (!expect_close(open)) return std::nullopt;
    if (!counted) return fail_at(name, arity_message(info, spec, args.slots.size()));
    return catalog ? catalog_call(*spec, name, args) : grammar_call(*info, name, args);
  }

  Slot grammar_call(const FunctionInfo& info, const Lexeme& name, const Arguments& args) {
    std::array<std::uint16_t, 3> slots{};
    bool any_varies = false;
    bool any_parameter = false;
    for (std::size_t i = 0; i < args.slots.size(); ++i) {
      slots[i] = args.slots[i];
      any_varies = any_varies || varies(slots[i]);
      any_parameter = any_parameter || uses_parameter(slots[i]);
    }
    if (info.op == Op::where) any_varies = varies(slots[1]) || varies(slots[2]);
    return emit({.op = info.op, .a = slots[0], .b = slots[1], .c = slots[2], .varies = any_varies}, name, any_parameter);
  }

  // leaky_relu(u, alpha): the input, then the parameters, which are numbers (not functions of x).
  Slot catalog_call(const ActivationSpec& spec, const Lexeme& name, const Arguments& args) {
    CatalogCall call;
    call.id = spec.id;
    call.column = static_cast<std::uint16_t>(column_of(name.offset));
    bool any_parameter = uses_parameter(args.slots[0]);
    for (std::size_t i = 1; i < args.slots.size(); ++i) {
      const std::string_view parameter = spec.parameters[i - 1].id;
      if (varies(args.slots[i])) {
        return fail_at(args.starts[i], std::string(spec.id) + "'s parameter " + std::string(parameter) +
                                           " is a number: it cannot depend on x");
      }
      call.parameters.push_back(args.slots[i]);
      call.parameter_columns.push_back(static_cast<std::uint16_t>(column_of(args.starts[i].offset)));
      call.uses_formula_parameters = call.uses_formula_parameters || uses_parameter(args.slots[i]);
      any_parameter = any_parameter || uses_parameter(args.slots[i]);
    }
    const auto index = static_cast<std::uint16_t>(formula_.calls.size());
    formula_.calls.push_back(std::move(call));
    return emit({.op = Op::catalog, .a = args.slots[0], .varies = varies(args.slots[0]), .call = index}, name, any_parameter);
  }

  static std::string arity_message(const FunctionInfo* info, const ActivationSpec* spec, std::size_t count) {
    const std::string got = ", got " + std::to_string(count);
    if (info != nullptr && (spec == nullptr || spec->parameters.empty())) {
      return std::string(info->name) + " takes " + std::to_string(info->arity) + (info->arity == 1 ? " argument" : " arguments") + got;
    }
    std::string message = std::string(spec->id) + " takes x";
    if (!spec->parameters.empty()) {
      message += " and at most " + std::to_string(spec->parameters.size()) + (spec->parameters.size() == 1 ? " parameter (" : " parameters (");
      for (std::size_t i = 0; i < spec->parameters.size(); ++i) {
        if (i > 0) message += ", ";
        message += spec->parameters[i].id;
      }
      message += ")";
    }
    return message + got;
  }

  // where's first argument: expression comparison expression.
  Slot condition(std::size_t depth) {
    const Slot left = expression(depth);
    if (!left) return std::nullopt;
    const auto op = comparison_op(current_.kind);
    if (!op) return fail_here("where's first argument must be a comparison, such as x > 0; found " + describe(current_));
    const Lexeme at = current_;
    advance();
    const Slot right = expression(depth);
    if (!right) return std::nullopt;
    if (comparison_op(current_.kind)) return fail_here("one comparison per condition: chains such as 0 < x < 1 are not allowed");
    return emit({.op = *op, .a = *left, .b = *right}, at, uses_parameter(*left) || uses_parameter(*right));
  }
};

}  // namespace

std::string_view closest_function(std::string_view name) {
  std::string_view best;
  std::size_t best_distance = 3;
  const auto consider = [&](std::string_view candidate) {
    const std::size_t distance = edit_distance(name, candidate);
    if (distance < best_distance) {
      best = candidate;
      best_distance = distance;
    }
  };
  for (const auto& info : functions) consider(info.name);
  for (const ActivationSpec* spec : catalog()) consider(spec->id);
  return best;
}

ParseResult parse(std::string_view text) {
  ParseResult result = Parser(text).run();
  // A catalog parameter written as a number is checked now, with its column.
  if (result.ok() && !result.formula.calls.empty()) {
    const std::vector<double> defaults(result.formula.parameters.size(), parameter_default);
    if (ParseError problem = check_catalog_calls(result.formula, defaults, true); !problem.message.empty()) {
      result.error = std::move(problem);
      result.formula = {};
    }
  }
  return result;
}

}  // namespace actexp::formula
