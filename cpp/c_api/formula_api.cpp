// The C ABI's calls for a formula the reader types (issue 19): parsed by cpp/formula, made a
// registry entry, so ae_sample, ae_kinks and ae_formula compute it by its handle.
#include <string>
#include <string_view>
#include <utility>

#include "../core/registry.hpp"
#include "../formula/formula_entry.hpp"
#include "activation_explorer.h"
#include "last_error.hpp"

namespace {

int report(const actexp::Outcome& outcome) {
  return ae_report_outcome(static_cast<int>(outcome.status), outcome.message.c_str());
}

}  // namespace

extern "C" {

int ae_formula_register(const char* id, const char* text, int* handle) {
  if (text == nullptr || handle == nullptr) {
    return ae_report_outcome(AE_NULL_BUFFER, "The formula or the handle pointer is missing.");
  }
  const std::string_view entry_id = id == nullptr ? actexp::formula::default_formula_id : std::string_view(id);
  actexp::ActivationSpec spec;
  // The parser's message already names the column ("column 5: ...").
  if (const auto error = actexp::formula::make_formula_spec(text, spec, entry_id); !error.message.empty()) {
    return ae_report_outcome(AE_FORMULA_INVALID, error.message.c_str());
  }
  actexp::FunctionHandle added = actexp::no_function;
  const actexp::Outcome outcome = actexp::function_registry().add(std::move(spec), added);
  if (outcome.ok()) *handle = added;
  return report(outcome);
}

int ae_formula_unregister(int handle) { return report(actexp::function_registry().remove(handle)); }

}  // extern "C"
