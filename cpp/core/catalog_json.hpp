// The catalog as one JSON document, so the page and the CLI build everything from it.
#pragma once

#include <string>

namespace actexp {

std::string catalog_json();

}  // namespace actexp
