// A typed formula as a lab run's export writes it (docs/lab.md): its tape as a program of the ops
// the evaluator has, so another framework replays the formula without a second parser
// (docs/lab_replay_pytorch.py maps each op to a torch op), and the check a lab side needs before
// it trains (a catalog call's parameter computed from the formula's).
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "core/activation_spec.hpp"
#include "core/json_writer.hpp"

namespace actexp::formula {

// The formula `text` as a JSON array, one object per tape instruction in order, each reading
// earlier ones by index; the last is the result:
//   {"op": "constant", "value": 0.01}, {"op": "x"}, {"op": "parameter", "name": "b"},
//   {"op": "mul", "args": [0, 1]} (every other op: its operands, as many as it takes),
//   {"op": "catalog", "fn": "leaky_relu", "args": [3], "params": {"alpha": 5}, "defaults": {}}
// (a catalog call: its input, the instructions giving the parameters written, computed in float64,
// and the catalog's defaults for the rest). Ops are named as the grammar names them (max, clamp,
// where, sigmoid, ...); the operators are neg, add, sub, mul, div and the comparisons less,
// less_equal, greater, greater_equal, equal, not_equal. null if the text does not parse.
void write_program(JsonWriter& json, std::string_view text);

}  // namespace actexp::formula
