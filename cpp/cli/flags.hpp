// The flags of an actviz command as one table: the parser, the help text and the suggestions
// for a mistyped flag all read it, so a flag cannot be accepted without being documented.
#pragma once

#include <cstdio>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "arguments.hpp"

namespace actviz {

struct Flag {
  std::string_view name;        // "--fn"
  std::string_view alias;       // "--at-kink", or ""
  std::string_view value_name;  // "NAME" as help shows the value; "" for a switch (--json)
  std::string help;             // one line
  std::string default_text;     // from the core's defaults (RunConfig, SampleRequest); "" for none
  // Takes the flag as typed (name or alias) and its value ("" for a switch); returns what is
  // wrong with the value, or "".
  std::function<std::string(std::string_view flag, std::string_view value)> apply;
};

struct Command {
  std::string_view name;     // "sample"
  std::string_view summary;  // one line in `actviz --help`
  std::string usage;         // "actviz sample --fn NAME [flag ...]"
  std::vector<Flag> flags;
  std::string notes;                  // after the flags: what the output is
  std::vector<std::string> examples;  // whole command lines
  // Flags that choose a catalog function, each with the flag that sets its parameters
  // ({"--fn", "--param"}): an unknown flag naming a parameter is pointed there.
  std::vector<std::pair<std::string_view, std::string_view>> function_flags;
};

// Actions several flags share: a decimal number, and NAME=VALUE settings (--param).
inline auto number_into(double& target) {
  return [&target](std::string_view flag, std::string_view value) -> std::string {
    if (!parse_number(value, target)) return std::string(flag) + " takes a number, got " + quoted(value);
    return "";
  };
}

inline auto setting_into(std::vector<std::pair<std::string, double>>& target) {
  return [&target](std::string_view flag, std::string_view value) -> std::string {
    const auto eq = value.find('=');
    double number = 0;
    if (eq == std::string_view::npos || !parse_number(value.substr(eq + 1), number)) {
      return std::string(flag) + " takes NAME=VALUE with a number, got " + quoted(value);
    }
    target.emplace_back(std::string(value.substr(0, eq)), number);
    return "";
  };
}

enum class Parsed { ok, help, error };

// Applies each `--flag VALUE` or `--flag=VALUE` in order. `help` when --help or -h is among the
// arguments (nothing is applied then); `error` with one line saying what is wrong.
Parsed parse_flags(const Command& command, std::span<char* const> arguments, std::string& error);

// Every flag with its value, what it does and its default, the notes and the examples.
void print_help(const Command& command, std::FILE* out);

}  // namespace actviz
