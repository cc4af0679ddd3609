// The catalog as one JSON document, so the page and the CLI build everything from it.
#pragma once

#include <string>

#include "activation_spec.hpp"
#include "json_writer.hpp"

namespace actexp {

// A kink row (C ABI ae_kinks): these fields, then f' at the kink per convention.
inline constexpr int kink_row_fixed = 6;

std::string catalog_json();

// One function as it appears in the catalog's "functions" list.
void write_function_json(JsonWriter& json, const ActivationSpec& spec);

}  // namespace actexp
