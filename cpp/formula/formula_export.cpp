#include "formula/formula_export.hpp"

#include <array>
#include <cstddef>
#include <utility>

#include "core/catalog.hpp"
#include "formula/formula.hpp"

namespace actexp::formula {
namespace {

// The ops the grammar's function table does not name, and how many operands each reads.
struct OpName {
  Op op;
  std::string_view name;
  int arity;
};
constexpr std::array operator_names{
    OpName{Op::constant, "constant", 0}, OpName{Op::x, "x", 0},  OpName{Op::parameter, "parameter", 0},
    OpName{Op::neg, "neg", 1},           OpName{Op::add, "add", 2}, OpName{Op::sub, "sub", 2},
    OpName{Op::mul, "mul", 2},           OpName{Op::div, "div", 2}, OpName{Op::less, "less", 2},
    OpName{Op::less_equal, "less_equal", 2}, OpName{Op::greater, "greater", 2},
    OpName{Op::greater_equal, "greater_equal", 2}, OpName{Op::equal, "equal", 2}, OpName{Op::not_equal, "not_equal", 2},
    OpName{Op::catalog, "catalog", 1},
};
// Every op is named once: by the table above or by the grammar's functions.
static_assert(operator_names.size() + functions.size() == static_cast<std::size_t>(Op::catalog) + 1);

std::pair<std::string_view, int> name_of(Op op) {
  for (const OpName& row : operator_names) {
    if (row.op == op) return {row.name, row.arity};
  }
  for (const FunctionInfo& row : functions) {
    if (row.op == op) return {row.name, row.arity};
  }
  return {"unknown", 0};
}

void write_call(JsonWriter& json, const CatalogCall& call) {
  json.field("fn", call.id).key("params").begin_object();
  const ActivationSpec* spec = find_function(call.id);
  const std::size_t count = spec == nullptr ? 0 : spec->parameters.size();
  for (std::size_t p = 0; p < call.parameters.size() && p < count; ++p) {
    json.key(spec->parameters[p].id).integer(call.parameters[p]);
  }
  json.end_object().key("defaults").begin_object();
  for (std::size_t p = call.parameters.size(); p < count; ++p) json.field(spec->parameters[p].id, spec->parameters[p].default_value);
  json.end_object();
}

}  // namespace

void write_program(JsonWriter& json, std::string_view text) {
  const ParseResult parsed = parse(text);
  if (!parsed.ok()) {
    json.null();
    return;
  }
  const Formula& formula = parsed.formula;
  json.begin_array();
  for (const Instruction& in : formula.tape) {
    const auto [name, arity] = name_of(in.op);
    json.begin_object().field("op", name);
    if (in.op == Op::constant) json.field("value", in.value);
    if (in.op == Op::parameter) json.field("name", formula.parameters[in.parameter]);
    if (arity > 0) {
      const std::array<std::uint16_t, 3> operands{in.a, in.b, in.c};
      json.key("args").begin_array();
      for (int k = 0; k < arity; ++k) json.integer(operands[static_cast<std::size_t>(k)]);
      json.end_array();
    }
    if (in.op == Op::catalog) write_call(json, formula.calls[in.call]);
    json.end_object();
  }
  json.end_array();
}

}  // namespace actexp::formula
