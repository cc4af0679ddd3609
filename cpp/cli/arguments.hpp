// What every actviz command shares: one-line errors with exit status 2, strict number parsing,
// and "a, b or c" lists of the ids a flag accepts, from the core's tables.
#pragma once

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "../core/catalog.hpp"

namespace actviz {

inline constexpr int usage_error = 2;

inline int fail(const std::string& message) {
  std::fprintf(stderr, "actviz: %s\n", message.c_str());
  return usage_error;
}

inline bool parse_number(std::string_view text, double& value) {
  const std::string owned(text);
  if (owned.empty()) return false;
  char* end = nullptr;
  errno = 0;
  value = std::strtod(owned.c_str(), &end);
  return end == owned.c_str() + owned.size() && errno != ERANGE;
}

// "pytorch, jax, tensorflow or pytorch_2_6" from a table of rows with an `id`, or of ids.
template <typename Table>
std::string names_of(const Table& table) {
  std::string names;
  for (std::size_t i = 0; i < table.size(); ++i) {
    if (i > 0) names += i + 1 == table.size() ? " or " : ", ";
    if constexpr (requires { table[i].id; }) names += table[i].id;
    else names += table[i];
  }
  return names;
}

// A catalog function by id and its parameters: the defaults, then each NAME=VALUE given
// (--param, --versus-param). The function, or null with `error` saying why.
inline const actexp::ActivationSpec* resolve_function(const std::string& id, const std::vector<std::pair<std::string, double>>& given,
                                                     std::vector<double>& params, std::string& error) {
  const actexp::ActivationSpec* spec = actexp::find_function(id);
  if (spec == nullptr) {
    error = "unknown function '" + id + "' (see 'actviz list')";
    return nullptr;
  }
  params.clear();
  for (const auto& p : spec->parameters) params.push_back(p.default_value);
  for (const auto& [name, value] : given) {
    bool known = false;
    for (std::size_t i = 0; i < spec->parameters.size(); ++i) {
      if (spec->parameters[i].id == name) {
        params[i] = value;
        known = true;
      }
    }
    if (!known) {
      error = std::string(spec->name) + " has no parameter '" + name + "'";
      return nullptr;
    }
  }
  return spec;
}

// The index of `value` in a table of ids (or rows with an `id`), or -1.
template <typename Table>
int index_of(const Table& table, std::string_view value) {
  for (std::size_t i = 0; i < table.size(); ++i) {
    if constexpr (requires { table[i].id; }) {
      if (table[i].id == value) return static_cast<int>(i);
    } else if (table[i] == value) {
      return static_cast<int>(i);
    }
  }
  return -1;
}

}  // namespace actviz
