// actviz: the catalog and its samples on the command line, from the same core as the page.
//   actviz help [COMMAND]  (or COMMAND --help: every flag, its default and an example)
//   actviz list [--json]
//   actviz --version
//   actviz sample --fn NAME | --expr TEXT [--param NAME=VALUE ...] [--from A] [--to B] [--n N]
//                 [--framework NAME] [--dtype float64|float32|bfloat16|float16] [--second]
//   actviz saturation --fn NAME [--param ...] [--framework NAME] --dtype float32|bfloat16|float16
//   actviz train … (train_command.cpp)
//   (--framework: pytorch, jax, tensorflow or pytorch_2_6; --at-kink is the same)
#include <algorithm>
#include <array>
#include <cerrno>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <cstdlib>
#include <optional>
#include <string>
#include <span>
#include <string_view>
#include <vector>

#include "../core/catalog.hpp"
#include "../core/catalog_json.hpp"
#include "../core/format.hpp"
#include "../core/sampler.hpp"
#include "../core/kernel_paths.hpp"
#include "../core/saturation.hpp"
#include "../formula/sample.hpp"
#include "arguments.hpp"
#include "flags.hpp"
#include "output_file.hpp"
#include "train_command.hpp"
#include "version.hpp"

namespace {

using actviz::Command;
using actviz::fail;
using actviz::Flag;
using actviz::names_of;
using actviz::parse_flags;
using actviz::Parsed;
using actviz::parse_number;
using actviz::print_help;
using actviz::print_to;
using actviz::quoted;

std::string convention_names() { return names_of(actexp::conventions); }
std::string dtype_names() { return names_of(actexp::dtypes); }

// The shortest decimal a float64 reader (a spreadsheet, pandas) reads as exactly this value:
// bfloat16 and float16 values are short exact decimals (7.125, not 7.12). float32 keeps its
// shortest round-trip form (reads back as this float once rounded to float32); float64 has 17
// digits. An integer is printed as its digits (10, not 1e+01).
std::string exact_text(double value, actexp::DType dtype) {
  const auto reads_back = [value, dtype](const char* text) {
    const double read = std::strtod(text, nullptr);
    return dtype == actexp::DType::float32 ? actexp::round_to(dtype, read) == value : read == value;
  };
  if (value != value) return "nan";  // not "-nan": a NaN's sign means nothing here
  char text[40];
  for (int digits = dtype == actexp::DType::float64 ? 17 : 1; digits <= 17; ++digits) {
    std::snprintf(text, sizeof text, "%.*g", digits, value);
    if (value != value || reads_back(text)) break;
  }
  if (std::strchr(text, 'e') != nullptr && value == std::trunc(value) && std::fabs(value) < 1e15) {
    std::snprintf(text, sizeof text, "%.0f", value);
  }
  return text;
}

struct SampleArguments {
  std::string function;
  std::vector<std::pair<std::string, double>> params;
  actexp::SampleRequest request;
  std::optional<std::string> expr;  // sample --expr: a formula instead of --fn
  bool second = false;              // sample --second: a d2f column
};

// The flags sample and saturation share: the function, its parameters, the framework and dtype.
std::vector<Flag> function_flags(SampleArguments& args) {
  const actexp::SampleRequest defaults;
  return {
      {"--fn", "", "NAME", "the function, by id (actviz list shows them); required", "",
       [&args](std::string_view, std::string_view value) {
         args.function = value;
         return std::string();
       }},
      {"--param", "", "NAME=VALUE", "a parameter of the function; repeat for more", "the catalog's, as actviz list shows",
       actviz::setting_into(args.params)},
      // The same names as the page's at_kink; --at-kink is kept for the links of 0.1.
      {"--framework", "--at-kink", "NAME", "whose f\u2032 is used exactly at a kink: " + convention_names(),
       std::string(actexp::conventions[static_cast<std::size_t>(defaults.at_kink)].id),
       [&args](std::string_view flag, std::string_view value) -> std::string {
         const int found = actviz::index_of(actexp::conventions, value);
         if (found < 0) return std::string(flag) + " takes one of " + convention_names() + ", got " + quoted(value);
         args.request.at_kink = static_cast<actexp::AtKink>(found);
         return "";
       }},
      {"--dtype", "", "NAME", "compute as PyTorch's CPU kernels do in " + dtype_names(), std::string(actexp::dtypes[static_cast<std::size_t>(defaults.dtype)].id),
       [&args](std::string_view flag, std::string_view value) -> std::string {
         const int found = actviz::index_of(actexp::dtypes, value);
         if (found < 0) return std::string(flag) + " takes one of " + dtype_names() + ", got " + quoted(value);
         args.request.dtype = static_cast<actexp::DType>(found);
         return "";
       }},
  };
}

Command sample_command(SampleArguments& args) {
  const actexp::SampleRequest defaults;
  Command command{
      .name = "sample",
      .summary = "x, f(x) and f\u2032(x) of one catalog function on an even grid, as CSV",
      .usage = "actviz sample --fn NAME | --expr TEXT [flag ...]",
      .flags = function_flags(args),
      .notes = "Prints x,f,df: n evenly spaced points from --from to --to, plus every kink inside. float64 values\n"
               "print with 17 significant digits; float32 values print in their shortest round-trip form (the\n"
               "fewest digits that read back as the same float32). docs/conventions.md has the precisions.\n"
               "--expr samples a formula in x instead (docs/formulas.md: x * sigmoid(a*x), leaky_relu(2*x - 1, 0.2)):\n"
               "f\u2032 and f\u2033 by automatic differentiation with the framework's rule at each tie, rounded after\n"
               "every operation below float64; its parameters default to 1 (--param a=0.5); the grid has no\n"
               "extra points at its ties. A bad formula is named with its column (exit status 2).\n"
               "--second adds a d2f column: the catalog's f\u2033 (float64, NaN where it does not exist), or the\n"
               "formula's as the framework's double backward gives it.",
      .examples = {"actviz sample --fn leaky_relu --param alpha=0.1 --from -1 --to 1 --n 5 --framework jax",
                   "actviz sample --fn tanh --from 3 --to 4 --n 5 --dtype bfloat16",
                   "actviz sample --expr 'x * sigmoid(b*x)' --param b=1.702 --from -4 --to 4 --n 9 --second"},
      .function_flags = {{"--fn", "--param"}},
  };
  command.flags.insert(command.flags.begin() + 2,
                       {{"--from", "", "A", "the first x", actexp::format_number(defaults.from),
                         actviz::number_into(args.request.from)},
                        {"--to", "", "B", "the last x", actexp::format_number(defaults.to),
                         actviz::number_into(args.request.to)},
                        {"--n", "", "N", "how many evenly spaced points", std::to_string(defaults.n),
                         [&args](std::string_view flag, std::string_view value) -> std::string {
                           double number = 0;
                           if (!parse_number(value, number) || number < 0 || number > 1e9 ||
                               number != static_cast<double>(static_cast<long long>(number))) {
                             return std::string(flag) + " takes a whole number of samples, got " + quoted(value);
                           }
                           args.request.n = static_cast<std::size_t>(number);
                           return "";
                         }}});
  command.flags.insert(command.flags.begin() + 1,
                       {"--expr", "", "TEXT", "a formula in x instead of --fn (docs/formulas.md)", "",
                        [&args](std::string_view, std::string_view value) {
                          args.expr = std::string(value);
                          return std::string();
                        }});
  command.flags.push_back({"--second", "", "", "add a d2f column: f\u2033", "", [&args](std::string_view, std::string_view) {
                             args.second = true;
                             return std::string();
                           }});
  for (Flag& flag : command.flags) {
    if (flag.name == "--fn") flag.help = "the function, by id (actviz list shows them); it or --expr is required";
    if (flag.name == "--param") flag.help = "a parameter of the function or of the formula (1 unless set); repeat for more";
  }
  return command;
}

Command saturation_command(SampleArguments& args) {
  Command command{
      .name = "saturation",
      .summary = "where f\u2032 is exactly 0 and f constant in a low precision, as JSON",
      .usage = "actviz saturation --fn NAME --dtype NAME [flag ...]",
      .flags = function_flags(args),
      .notes = "Prints {dfZeroUpTo, dfZeroFrom, fConstantUpTo, fLeft, fConstantFrom, fRight}: the tails where f\u2032\n"
               "is exactly 0 and where f is constant (null where there is none), measured over every value of\n"
               "the dtype.",
      .examples = {"actviz saturation --fn sigmoid --dtype bfloat16"},
      .function_flags = {{"--fn", "--param"}},
  };
  // float64 has no rounding to saturate: the dtype is one of the others, and required.
  std::vector<std::string_view> low_precisions;
  for (const auto& dtype : actexp::dtypes) {
    if (dtype.id != actexp::dtypes[static_cast<std::size_t>(actexp::DType::float64)].id) low_precisions.push_back(dtype.id);
  }
  for (Flag& flag : command.flags) {
    if (flag.name != "--dtype") continue;
    flag.help = "the precision: " + names_of(low_precisions) + "; required";
    flag.default_text.clear();
  }
  return command;
}

// The function and its parameters (defaults, then --param) into the request, or an error message.
std::string resolve_function(SampleArguments& args, std::vector<double>& params) {
  std::string error;
  args.request.function = actviz::resolve_function(args.function, args.params, params, error);
  args.request.params = params;
  return error;
}

// JSON: the tails where f' is exactly 0 and f constant (null where there is none).
int run_saturation(std::span<char* const> arguments) {
  SampleArguments args;
  const Command command = saturation_command(args);
  std::string error;
  switch (parse_flags(command, arguments, error)) {
    case Parsed::help: print_help(command, stdout); return 0;
    case Parsed::error: return fail(error);
    case Parsed::ok: break;
  }
  std::vector<double> params;
  if (auto problem = resolve_function(args, params); !problem.empty()) return fail(problem);
  actexp::Saturation s{};
  const actexp::DType dtype = args.request.dtype;
  if (auto outcome = actexp::saturation(*args.request.function, params, args.request.at_kink, dtype, s); !outcome.ok()) {
    return fail(outcome.message);
  }
  // JSON has no infinity: a flat tail at ±inf (Hardswish's x·6 overflowing float) is a string.
  const auto json = [dtype](double v) {
    if (v != v) return std::string("null");
    if (v == INFINITY || v == -INFINITY) return std::string(v > 0 ? "\"inf\"" : "\"-inf\"");
    return exact_text(v, dtype);
  };
  print_to(stdout, "{\"dfZeroUpTo\":%s,\"dfZeroFrom\":%s,\"fConstantUpTo\":%s,\"fLeft\":%s,\"fConstantFrom\":%s,\"fRight\":%s",
              json(s.df_zero_up_to).c_str(), json(s.df_zero_from).c_str(), json(s.f_constant_up_to).c_str(),
              json(s.f_left).c_str(), json(s.f_constant_from).c_str(), json(s.f_right).c_str());
  // Where PyTorch's answer depends on the tensor's path, the other path and its source.
  if (const std::string_view note = actexp::kernel_path_note(args.request.function->id, dtype); !note.empty()) {
    print_to(stdout, ",\"pathNote\":\"%.*s\"", static_cast<int>(note.size()), note.data());
  }
  print_to(stdout, "}\n");
  return 0;
}

// The CSV: x,f,df and, when d2f is not empty, a d2f column printed as exactly as its own dtype holds it.
void print_samples(const std::vector<double>& x, const std::vector<double>& f, const std::vector<double>& df, const std::vector<double>& d2f,
                   actexp::DType dtype, actexp::DType second_dtype) {
  print_to(stdout, d2f.empty() ? "x,f,df\n" : "x,f,df,d2f\n");
  for (std::size_t i = 0; i < x.size(); ++i) {
    print_to(stdout, "%s,%s,%s", exact_text(x[i], dtype).c_str(), exact_text(f[i], dtype).c_str(), exact_text(df[i], dtype).c_str());
    if (!d2f.empty()) print_to(stdout, ",%s", exact_text(d2f[i], second_dtype).c_str());
    print_to(stdout, "\n");
  }
}

// The formula's parameters: 1 each, then each NAME=VALUE given; or an error naming the one it lacks.
std::string formula_parameters(const actexp::formula::Formula& formula, const SampleArguments& args, std::vector<double>& params) {
  params.assign(formula.parameters.size(), actexp::formula::parameter_default);
  for (const auto& [name, value] : args.params) {
    const auto found = std::find(formula.parameters.begin(), formula.parameters.end(), name);
    if (found == formula.parameters.end()) {
      return "the formula has no parameter " + quoted(name) +
             (formula.parameters.empty() ? std::string(" (it has none)") : " (its parameters: " + names_of(formula.parameters) + ")");
    }
    params[static_cast<std::size_t>(found - formula.parameters.begin())] = value;
  }
  return "";
}

int run_sample_formula(const SampleArguments& args) {
  if (!args.function.empty()) return fail("--fn and --expr each choose the function: give one of them");
  const actexp::formula::ParseResult parsed = actexp::formula::parse(*args.expr);
  if (!parsed.ok()) return fail("--expr " + quoted(*args.expr) + ": " + parsed.error.message);
  std::vector<double> params;
  if (auto problem = formula_parameters(parsed.formula, args, params); !problem.empty()) return fail(problem);
  const actexp::formula::SampleRequest request{.formula = &parsed.formula, .params = params, .grid = args.request};
  std::size_t count = 0;
  if (auto outcome = actexp::formula::sample_count(request, count); !outcome.ok()) {
    // A catalog call's parameter out of its range is the formula's fault: named with it.
    const bool formula_fault = outcome.status == actexp::Status::parameter_out_of_range;
    return fail(formula_fault ? "--expr " + quoted(*args.expr) + ": " + outcome.message : outcome.message);
  }
  std::vector<double> x(count), f(count), df(count), d2f(args.second ? count : 0);
  const actexp::SampleBuffers out{.x = x.data(), .f = f.data(), .df = df.data(), .d2f = args.second ? d2f.data() : nullptr, .capacity = count};
  if (auto outcome = actexp::formula::sample(request, out, count); !outcome.ok()) return fail(outcome.message);
  print_samples(x, f, df, d2f, args.request.dtype, args.request.dtype);
  return 0;
}

int run_sample(std::span<char* const> arguments) {
  SampleArguments args;
  const Command command = sample_command(args);
  std::string error;
  switch (parse_flags(command, arguments, error)) {
    case Parsed::help: print_help(command, stdout); return 0;
    case Parsed::error: return fail(error);
    case Parsed::ok: break;
  }
  if (args.expr) return run_sample_formula(args);
  std::vector<double> params;
  if (auto problem = resolve_function(args, params); !problem.empty()) return fail(problem);
  std::size_t count = 0;
  if (auto outcome = actexp::sample_count(args.request, count); !outcome.ok()) return fail(outcome.message);
  std::vector<double> x(count), f(count), df(count), d2f(args.second ? count : 0);
  const actexp::SampleBuffers out{.x = x.data(), .f = f.data(), .df = df.data(), .d2f = args.second ? d2f.data() : nullptr, .capacity = count};
  if (auto outcome = actexp::sample(args.request, out, count); !outcome.ok()) return fail(outcome.message);
  // The catalog's f'' is exact (float64) in every dtype.
  print_samples(x, f, df, d2f, args.request.dtype, actexp::DType::float64);
  return 0;
}

// Display width of UTF-8 text (code points; the catalog's names have no wide characters).
std::size_t width_of(std::string_view text) {
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

// The catalog as a table: id, name, and each parameter as NAME=DEFAULT (MIN to MAX).
void print_catalog_table() {
  std::vector<std::array<std::string, 3>> rows{{"id", "name", "parameters (default, range)"}};
  for (const actexp::ActivationSpec* spec : actexp::catalog()) {
    std::string parameters;
    for (const auto& p : spec->parameters) {
      parameters.append(parameters.empty() ? "" : ", ").append(p.id).append("=").append(actexp::format_number(p.default_value));
      parameters.append(" (").append(actexp::format_number(p.min)).append(" to ").append(actexp::format_number(p.max)).append(")");
    }
    rows.push_back({std::string(spec->id), std::string(spec->name), parameters.empty() ? "-" : parameters});
  }
  std::size_t widths[2] = {0, 0};
  for (const auto& row : rows) {
    for (std::size_t c = 0; c < 2; ++c) widths[c] = std::max(widths[c], width_of(row[c]));
  }
  for (const auto& row : rows) {
    std::string line;
    for (std::size_t c = 0; c < 2; ++c) line.append(row[c]).append(widths[c] - width_of(row[c]) + 2, ' ');
    print_to(stdout, "%s%s\n", line.c_str(), row[2].c_str());
  }
}

Command list_command(bool& json) {
  return {
      .name = "list",
      .summary = "the catalog: each function's id, name and parameters with their defaults",
      .usage = "actviz list [--json]",
      .flags = {{"--json", "", "", "the whole catalog as JSON, as the page reads it (formulas, kinks, conventions)", "",
                 [&json](std::string_view, std::string_view) {
                   json = true;
                   return std::string();
                 }}},
      .notes = "",
      .examples = {"actviz list", "actviz list --json"},
      .function_flags = {},
  };
}

int run_list(std::span<char* const> arguments) {
  bool json = false;
  const Command command = list_command(json);
  std::string error;
  switch (parse_flags(command, arguments, error)) {
    case Parsed::help: print_help(command, stdout); return 0;
    case Parsed::error: return fail(error);
    case Parsed::ok: break;
  }
  if (json) print_to(stdout, "%s\n", actexp::catalog_json().c_str());
  else print_catalog_table();
  return 0;
}

// Every command's flags, for `actviz help` and `actviz help COMMAND`.
std::vector<Command> commands_for_help() {
  static bool json = false;
  static SampleArguments sample_args, saturation_args;
  return {list_command(json), sample_command(sample_args), saturation_command(saturation_args), actviz::train_help()};
}

void print_overview(std::FILE* out) {
  print_to(out, "actviz %.*s: activation functions, their derivatives and the dead-neuron lab, from the same\n"
                    "C++ core as the Activation Explorer page.\n\nUsage: actviz COMMAND [flag ...]\n\nCommands:\n",
               static_cast<int>(actexp::version.size()), actexp::version.data());
  for (const Command& command : commands_for_help()) {
    print_to(out, "  %-11.*s %.*s\n", static_cast<int>(command.name.size()), command.name.data(), static_cast<int>(command.summary.size()),
                 command.summary.data());
  }
  print_to(out, "  %-11s %s\n  %-11s %s\n\n", "help", "this text; actviz help COMMAND (or COMMAND --help) lists a command's flags",
               "--version", "the version number");
  print_to(out, "Example:\n  actviz sample --fn leaky_relu --param alpha=0.1 --from -1 --to 1 --n 5\n");
}

int run_help(std::span<char* const> arguments) {
  // `actviz help help` is the overview too: help is one of the commands it lists.
  if (arguments.empty() || std::string_view(arguments[0]) == "help") {
    print_overview(stdout);
    return 0;
  }
  const std::string_view topic = arguments[0];
  for (const Command& command : commands_for_help()) {
    if (command.name == topic) {
      print_help(command, stdout);
      return 0;
    }
  }
  return fail("no command " + quoted(topic) + " (actviz help lists them)");
}

int run_command(int argc, char** argv) {
  if (argc < 2) {
    // No command is a usage error: the overview goes to stderr, stdout stays empty for pipes.
    print_overview(stderr);
    return actviz::usage_error;
  }
  const std::string_view command = argv[1];
  const std::span<char* const> arguments(argv + 2, static_cast<std::size_t>(argc - 2));
  if (command == "list") return run_list(arguments);
  if (command == "sample") return run_sample(arguments);
  if (command == "saturation") return run_saturation(arguments);
  if (command == "train") return actviz::run_train(arguments);
  if (command == "help" || command == "--help" || command == "-h") return run_help(arguments);
  if (command == "--version") {
    print_to(stdout, "actviz %.*s\n", static_cast<int>(actexp::version.size()), actexp::version.data());
    return 0;
  }
  return fail("unknown command " + quoted(command) + "; usage: actviz list | actviz --version | actviz sample --fn NAME [flag ...] | "
              "actviz saturation --fn NAME --dtype D | actviz train [flag ...] | actviz help [COMMAND]");
}

}  // namespace

int main(int argc, char** argv) {
  // Past `ulimit -f` a write fails with EFBIG (reported) instead of killing the process.
  std::signal(SIGXFSZ, SIG_IGN);
  const int status = run_command(argc, argv);
  if (auto problem = actviz::flush_standard_output(); !problem.empty()) return actviz::fail_io(problem);
  return status;
}
