// actviz: the catalog and its samples on the command line, from the same core as the page.
//   actviz list
//   actviz --version
//   actviz sample --fn NAME [--param NAME=VALUE ...] [--from A] [--to B] [--n N] [--framework NAME]
//                 [--dtype float64|float32|bfloat16|float16]
//   actviz saturation --fn NAME [--param ...] [--framework NAME] --dtype float32|bfloat16|float16
//   actviz train … (train_command.cpp)
//   (--framework: pytorch, jax, tensorflow or pytorch_2_6; --at-kink is the same)
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "../core/catalog.hpp"
#include "../core/catalog_json.hpp"
#include "../core/sampler.hpp"
#include "../core/kernel_paths.hpp"
#include "../core/saturation.hpp"
#include "arguments.hpp"
#include "train_command.hpp"
#include "version.hpp"

namespace {

using actviz::fail;
using actviz::names_of;
using actviz::parse_number;

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
};

// Returns an error message, or "" when every argument was understood.
std::string parse_sample_arguments(int argc, char** argv, SampleArguments& args) {
  for (int i = 2; i < argc; ++i) {
    const std::string_view flag = argv[i];
    if (i + 1 >= argc) return "missing value after " + std::string(flag);
    const std::string_view value = argv[++i];
    double number = 0;
    if (flag == "--fn") {
      args.function = value;
    } else if (flag == "--param") {
      const auto eq = value.find('=');
      if (eq == std::string_view::npos || !parse_number(value.substr(eq + 1), number)) {
        return "--param takes NAME=VALUE with a number, got '" + std::string(value) + "'";
      }
      args.params.emplace_back(std::string(value.substr(0, eq)), number);
    } else if (flag == "--from" || flag == "--to" || flag == "--n") {
      if (!parse_number(value, number)) return std::string(flag) + " takes a number, got '" + std::string(value) + "'";
      if (flag == "--from") args.request.from = number;
      if (flag == "--to") args.request.to = number;
      if (flag == "--n") {
        if (number < 0 || number > 1e9 || number != static_cast<double>(static_cast<long long>(number))) {
          return "--n takes a whole number of samples, got '" + std::string(value) + "'";
        }
        args.request.n = static_cast<std::size_t>(number);
      }
    } else if (flag == "--framework" || flag == "--at-kink") {
      // The same names as the page's at_kink; --at-kink is kept for the links of 0.1.
      const int found = actviz::index_of(actexp::conventions, value);
      if (found < 0) return std::string(flag) + " takes one of " + convention_names() + ", got '" + std::string(value) + "'";
      args.request.at_kink = static_cast<actexp::AtKink>(found);
    } else if (flag == "--dtype") {
      const int found = actviz::index_of(actexp::dtypes, value);
      if (found < 0) return "--dtype takes one of " + dtype_names() + ", got '" + std::string(value) + "'";
      args.request.dtype = static_cast<actexp::DType>(found);
    } else {
      return "unknown option '" + std::string(flag) + "'";
    }
  }
  return "";
}

// The function and its parameters (defaults, then --param) into the request, or an error message.
std::string resolve_function(SampleArguments& args, std::vector<double>& params) {
  std::string error;
  args.request.function = actviz::resolve_function(args.function, args.params, params, error);
  args.request.params = params;
  return error;
}

// JSON: the tails where f' is exactly 0 and f constant (null where there is none).
int run_saturation(int argc, char** argv) {
  SampleArguments args;
  if (auto error = parse_sample_arguments(argc, argv, args); !error.empty()) return fail(error);
  std::vector<double> params;
  if (auto error = resolve_function(args, params); !error.empty()) return fail(error);
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
  std::printf("{\"dfZeroUpTo\":%s,\"dfZeroFrom\":%s,\"fConstantUpTo\":%s,\"fLeft\":%s,\"fConstantFrom\":%s,\"fRight\":%s",
              json(s.df_zero_up_to).c_str(), json(s.df_zero_from).c_str(), json(s.f_constant_up_to).c_str(),
              json(s.f_left).c_str(), json(s.f_constant_from).c_str(), json(s.f_right).c_str());
  // Where PyTorch's answer depends on the tensor's path, the other path and its source.
  if (const std::string_view note = actexp::kernel_path_note(args.request.function->id, dtype); !note.empty()) {
    std::printf(",\"pathNote\":\"%.*s\"", static_cast<int>(note.size()), note.data());
  }
  std::printf("}\n");
  return 0;
}

int run_sample(int argc, char** argv) {
  SampleArguments args;
  if (auto error = parse_sample_arguments(argc, argv, args); !error.empty()) return fail(error);
  std::vector<double> params;
  if (auto error = resolve_function(args, params); !error.empty()) return fail(error);
  std::size_t count = 0;
  if (auto outcome = actexp::sample_count(args.request, count); !outcome.ok()) return fail(outcome.message);
  std::vector<double> x(count), f(count), df(count);
  if (auto outcome = actexp::sample(args.request, {.x = x.data(), .f = f.data(), .df = df.data(), .capacity = count}, count); !outcome.ok()) {
    return fail(outcome.message);
  }
  std::printf("x,f,df\n");
  const actexp::DType dtype = args.request.dtype;
  for (std::size_t i = 0; i < count; ++i) {
    std::printf("%s,%s,%s\n", exact_text(x[i], dtype).c_str(), exact_text(f[i], dtype).c_str(), exact_text(df[i], dtype).c_str());
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string_view command = argc > 1 ? argv[1] : "";
  if (command == "list") {
    std::printf("%s\n", actexp::catalog_json().c_str());
    return 0;
  }
  if (command == "sample") return run_sample(argc, argv);
  if (command == "saturation") return run_saturation(argc, argv);
  if (command == "train") return actviz::run_train(argc, argv);
  if (command == "--version") {
    std::printf("actviz %.*s\n", static_cast<int>(actexp::version.size()), actexp::version.data());
    return 0;
  }
  return fail("usage: actviz list | actviz --version | actviz sample --fn NAME [--param NAME=VALUE ...] [--from A] [--to B] [--n N] "
              "[--framework " + convention_names() + "] [--dtype " + dtype_names() + "] | actviz saturation … --dtype D | actviz train …");
}
