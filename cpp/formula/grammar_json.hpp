// The formula language as one JSON document (functions, constants, operators, limits, the
// parameters' slider, the examples), written from formula.hpp's and examples.hpp's tables, so the
// page shows the grammar without restating it (C ABI ae_formula_grammar_json).
#pragma once

#include <string>

namespace actexp::formula {

std::string grammar_json();

}  // namespace actexp::formula
