#include "formula/formula_export.hpp"

#include <array>
#include <cstddef>

#include "core/catalog.hpp"
#include "formula/formula.hpp"

namespace actexp::formula {
namespace {

// The ops the grammar's function table does not name (how many operands each reads is
// operand_count's).
struct OpName {
  Op op;
  std::string_view name;
};
constexpr std::array operator_names{
    OpName{Op::constant, "constant"}, OpName{Op::x, "x"},  OpName{Op::parameter, "parameter"},
    OpName{Op::neg, "neg"},           OpName{Op::add, "add"}, OpName{Op::sub, "sub"},
    OpName{Op::mul, "mul"},           OpName{Op::div, "div"}, OpName{Op::less, "less"},
    OpName{Op::less_equal, "less_equal"}, OpName{Op::greater, "greater"},
    OpName{Op::greater_equal, "greater_equal"}, OpName{Op::equal, "equal"}, OpName{Op::not_equal, "not_equal"},
    OpName{Op::catalog, "catalog"},
};
// Every op is named once: by the table above or by the grammar's functions.
static_assert(operator_names.size() + functions.size() == static_cast<std::size_t>(Op::catalog) + 1);

std::string_view name_of(Op op) {
  for (const OpName& row : operator_names) {
    if (row.op == op) return row.name;
  }
  for (const FunctionInfo& row : functions) {
    if (row.op == op) return row.name;
  }
  return "unknown";
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
    const int arity = operand_count(in.op);
    json.begin_object().field("op", name_of(in.op));
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
