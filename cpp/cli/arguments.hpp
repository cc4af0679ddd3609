// What every actviz command shares: one-line errors (exit status 2 for usage, 1 for input and
// output), bad values quoted at a readable length, decimal numbers only (as the page reads
// them), and "a, b or c" lists of the ids a flag accepts, from the core's tables.
#pragma once

#include <algorithm>
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
inline constexpr int io_error = 1;

inline int fail(const std::string& message) {
  std::fprintf(stderr, "actviz: %s\n", message.c_str());
  return usage_error;
}

// A file or standard output could not be written (or a run stopped): exit 1, not the usage code.
inline int fail_io(const std::string& message) {
  std::fprintf(stderr, "actviz: %s\n", message.c_str());
  return io_error;
}

// "1,234,567": lengths in messages. (Built by appending: GCC 12 reports a false -Wrestrict on
// std::string's insert and on "x" + std::string once these are inlined.)
inline std::string grouped(std::size_t n) {
  const std::string digits = std::to_string(n);
  std::string text;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) text.push_back(',');
    text.push_back(digits[i]);
  }
  return text;
}

// A value as a message shows it: at most 40 characters (a pasted file may be megabytes, as
// the page's shownText cuts it), control characters as \xNN so one message stays one line.
inline std::string shown(std::string_view text) {
  constexpr std::size_t max_shown = 40;
  std::string out;
  std::size_t characters = 0;
  std::size_t cut_at = text.size();
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if ((byte & 0xC0) != 0x80 && characters++ == max_shown && cut_at == text.size()) cut_at = i;
    if (cut_at != text.size()) continue;  // counting the rest
    if (byte < 0x20 || byte == 0x7F) {
      char escaped[8];
      std::snprintf(escaped, sizeof escaped, "\\x%02X", byte);
      out += escaped;
    } else {
      out += static_cast<char>(byte);
    }
  }
  if (cut_at != text.size()) out.append("\u2026 (").append(grouped(characters)).append(" characters)");
  return out;
}

// The one way a message quotes what someone typed.
inline std::string quoted(std::string_view text) {
  std::string text_quoted(1, '\'');
  text_quoted.append(shown(text)).push_back('\'');
  return text_quoted;
}

// The decimal notation the page's number-text.js accepts, /^[+-]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i
// after trimming blanks: no hex (0x10), inf, nan or C99 hex floats, which strtod would take.
inline bool is_decimal(std::string_view text) {
  std::size_t i = 0;
  const auto digits = [&] {
    const std::size_t start = i;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i;
    return i - start;
  };
  if (i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
  std::size_t mantissa = digits();
  if (i < text.size() && text[i] == '.') {
    ++i;
    mantissa += digits();
  }
  if (mantissa == 0) return false;
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
    if (digits() == 0) return false;
  }
  return i == text.size();
}

inline bool parse_number(std::string_view text, double& value) {
  const auto first = text.find_first_not_of(" \t\n\r");
  if (first == std::string_view::npos) return false;
  text = text.substr(first, text.find_last_not_of(" \t\n\r") - first + 1);
  if (!is_decimal(text)) return false;
  const std::string owned(text);
  errno = 0;
  value = std::strtod(owned.c_str(), nullptr);
  return errno != ERANGE;
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

// Levenshtein distance, for "did you mean".
inline std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j < row.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

// The candidate closest to a mistyped word: within a third of its length (at least 1), or "".
template <typename Candidates>
std::string_view closest(std::string_view typed, const Candidates& candidates) {
  if (typed.size() > 64) return "";  // a pasted file is not a typo
  std::string_view best;
  std::size_t best_distance = std::max<std::size_t>(1, typed.size() / 3) + 1;
  for (const std::string_view candidate : candidates) {
    if (const std::size_t distance = edit_distance(typed, candidate); distance < best_distance) {
      best = candidate;
      best_distance = distance;
    }
  }
  return best;
}

// "leaky_relu" for "leakyrelu" or "leaky-relu".
inline std::string_view closest_function(std::string_view typed) {
  std::vector<std::string_view> ids;
  for (const actexp::ActivationSpec* spec : actexp::catalog()) ids.push_back(spec->id);
  return closest(typed, ids);
}

// A catalog function by id and its parameters: the defaults, then each NAME=VALUE given
// (--param, --versus-param). The function, or null with `error` saying why.
inline const actexp::ActivationSpec* resolve_function(const std::string& id, const std::vector<std::pair<std::string, double>>& given,
                                                     std::vector<double>& params, std::string& error) {
  const actexp::ActivationSpec* spec = actexp::find_function(id);
  if (spec == nullptr) {
    error = "unknown function " + quoted(id);
    if (const auto near = closest_function(id); !near.empty()) error.append(": did you mean ").append(near).append("?");
    error.append(" (see 'actviz list')");
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
      error = std::string(spec->name) + " has no parameter " + quoted(name);
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
