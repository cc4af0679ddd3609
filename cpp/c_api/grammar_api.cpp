// The formula language's description (ae_formula_grammar_json), apart from the parser: the
// explorer's lean module (activation_explorer_core.wasm) has it too, so the page offers "Your own
// formula…" with its grammar before it fetches the module that parses one (cmake/wasm.cmake).
#include <string>

#include "../formula/grammar_json.hpp"
#include "activation_explorer.h"

extern "C" const char* ae_formula_grammar_json(void) {
  static const std::string json = actexp::formula::grammar_json();
  return json.c_str();
}
