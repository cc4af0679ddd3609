#include "flags.hpp"

#include <algorithm>
#include <optional>

#include "../core/catalog.hpp"
#include "arguments.hpp"
#include "output_file.hpp"

namespace actviz {
namespace {

using namespace std::string_view_literals;

const Flag* find_flag(const Command& command, std::string_view name) {
  for (const Flag& flag : command.flags) {
    if (flag.name == name || (!flag.alias.empty() && flag.alias == name)) return &flag;
  }
  return nullptr;
}

// The function a flag such as --fn chooses: its last value on the command line, else its default.
std::string chosen_function(const Command& command, std::span<char* const> arguments, std::string_view flag_name) {
  std::string chosen;
  for (std::size_t i = 0; i < arguments.size(); ++i) {
    const std::string_view argument = arguments[i];
    if (argument == flag_name && i + 1 < arguments.size()) chosen = arguments[i + 1];
    if (argument.size() > flag_name.size() && argument.starts_with(flag_name) && argument[flag_name.size()] == '=') {
      chosen = argument.substr(flag_name.size() + 1);
    }
  }
  if (chosen.empty()) {
    if (const Flag* flag = find_flag(command, flag_name)) chosen = flag->default_text;
  }
  return chosen;
}

bool has_parameter(const actexp::ActivationSpec& spec, std::string_view parameter) {
  return std::any_of(spec.parameters.begin(), spec.parameters.end(), [&](const auto& p) { return p.id == parameter; });
}

// "alpha is a parameter of leaky_relu; set it with --param alpha=0.1", or "" when no catalog
// function has a parameter of that name.
std::string parameter_hint(const Command& command, std::span<char* const> arguments, std::string_view parameter,
                           std::string_view value) {
  const std::string setting = std::string(parameter) + "=" + shown(value);
  std::string chosen;
  for (const auto& [function_flag, parameter_flag] : command.function_flags) {
    const actexp::ActivationSpec* spec = actexp::find_function(chosen_function(command, arguments, function_flag));
    if (spec == nullptr) continue;
    if (has_parameter(*spec, parameter)) {
      return std::string(parameter) + " is a parameter of " + std::string(spec->id) + "; set it with " + std::string(parameter_flag) + " " +
             setting;
    }
    if (chosen.empty()) chosen = spec->id;
  }
  if (command.function_flags.empty()) return "";
  std::vector<std::string_view> owners;
  for (const actexp::ActivationSpec* spec : actexp::catalog()) {
    if (has_parameter(*spec, parameter)) owners.push_back(spec->id);
  }
  if (owners.empty()) return "";
  const auto& [function_flag, parameter_flag] = command.function_flags.front();
  std::string hint = std::string(parameter) + " is a parameter of " + names_of(owners);
  if (!chosen.empty()) hint.append(", not of ").append(chosen);
  return hint + "; choose one with " + std::string(function_flag) + " " + std::string(owners.front()) + " " + std::string(parameter_flag) + " " +
         setting;
}

// The known flag closest to a mistyped one ("--framwork", "-fn"), or "".
std::string_view closest_flag(const Command& command, std::string_view typed) {
  const auto bare = [](std::string_view name) { return name.substr(std::min(name.find_first_not_of('-'), name.size())); };
  std::vector<std::string_view> words;
  for (const Flag& flag : command.flags) {
    words.push_back(bare(flag.name));
    if (!flag.alias.empty()) words.push_back(bare(flag.alias));
  }
  const std::string_view word = closest(bare(typed), words);
  for (const Flag& flag : command.flags) {
    if (bare(flag.name) == word) return flag.name;
    if (!flag.alias.empty() && bare(flag.alias) == word) return flag.alias;
  }
  return "";
}

// "unknown option '--alpha' for train: alpha is a parameter of leaky_relu: set it with --param alpha=0.1"
std::string unknown_flag(const Command& command, std::span<char* const> arguments, std::size_t at, std::string_view name,
                         std::optional<std::string_view> value) {
  std::string message = "unknown option " + quoted(name) + " for " + std::string(command.name);
  if (!value && at + 1 < arguments.size() && !std::string_view(arguments[at + 1]).starts_with("--")) value = arguments[at + 1];
  std::string parameter(name.substr(std::min(name.find_first_not_of('-'), name.size())));
  std::replace(parameter.begin(), parameter.end(), '-', '_');
  if (auto hint = parameter_hint(command, arguments, parameter, value.value_or("VALUE")); !hint.empty()) return message + ": " + hint;
  if (auto near = closest_flag(command, name); !near.empty()) return message + ": did you mean " + std::string(near) + "?";
  return message + " (actviz " + std::string(command.name) + " --help lists them)";
}

}  // namespace

Parsed parse_flags(const Command& command, std::span<char* const> arguments, std::string& error) {
  for (const char* argument : arguments) {
    if (argument == "--help"sv || argument == "-h"sv) return Parsed::help;
  }
  // A flag given twice is refused, not silently the last (the page names a repeated key):
  // only NAME=VALUE flags (--param) repeat, one parameter each.
  std::vector<const Flag*> given;
  for (std::size_t i = 0; i < arguments.size(); ++i) {
    const std::string_view argument = arguments[i];
    std::string_view name = argument;
    std::optional<std::string_view> value;
    if (const auto equals = argument.find('='); argument.starts_with("--") && equals != std::string_view::npos) {
      name = argument.substr(0, equals);
      value = argument.substr(equals + 1);
    }
    const Flag* flag = find_flag(command, name);
    if (flag == nullptr) {
      error = unknown_flag(command, arguments, i, name, value);
      return Parsed::error;
    }
    if (flag->value_name != "NAME=VALUE" && std::find(given.begin(), given.end(), flag) != given.end()) {
      error = std::string(flag->name) + " is given more than once; give it once";
      return Parsed::error;
    }
    given.push_back(flag);
    if (flag->value_name.empty() && value) {
      error = std::string(name) + " takes no value, got " + quoted(*value);
      return Parsed::error;
    }
    if (!flag->value_name.empty() && !value) {
      if (i + 1 >= arguments.size()) {
        error = "missing value after " + std::string(name);
        return Parsed::error;
      }
      value = arguments[++i];
    }
    error = flag->apply(name, value.value_or(""));
    if (!error.empty()) return Parsed::error;
  }
  return Parsed::ok;
}

void print_help(const Command& command, std::FILE* out) {
  const auto left = [](const Flag& flag) {
    std::string text(flag.name);
    if (!flag.alias.empty()) text.append(", ").append(flag.alias);
    if (!flag.value_name.empty()) text.append(" ").append(flag.value_name);
    return text;
  };
  std::size_t width = 10;
  for (const Flag& flag : command.flags) width = std::max(width, left(flag).size());
  print_to(out, "actviz %.*s: %.*s\n\nUsage: %s\n\nFlags (--flag VALUE or --flag=VALUE):\n", static_cast<int>(command.name.size()),
               command.name.data(), static_cast<int>(command.summary.size()), command.summary.data(), command.usage.c_str());
  for (const Flag& flag : command.flags) {
    std::string line = flag.help;
    if (!flag.default_text.empty()) line.append(" (default: ").append(flag.default_text).append(")");
    print_to(out, "  %-*s  %s\n", static_cast<int>(width), left(flag).c_str(), line.c_str());
  }
  print_to(out, "  %-*s  %s\n", static_cast<int>(width), "-h, --help", "this help");
  if (!command.notes.empty()) print_to(out, "\n%s\n", command.notes.c_str());
  print_to(out, "\n%s:\n", command.examples.size() > 1 ? "Examples" : "Example");
  for (const std::string& example : command.examples) print_to(out, "  %s\n", example.c_str());
}

}  // namespace actviz
