// actviz train --dataset spiral --hidden 16,16 --fn leaky_relu --param alpha=0.01 --versus relu
//   --optimizer sgd --lr 0.1 --batch 32 --steps 300 --seed 7 --init he [--loss cross_entropy|mse]
//   [--samples N] [--noise S] [--versus-param NAME=VALUE] [--at-kink|--framework NAME] [--export run.json]
// prints CSV: step, side, loss (the batch's, before the update), dead units per hidden layer
// (over the whole training set, after the update). The names are the page's URL names.
#include "train_command.hpp"

#include <cstdio>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include "../core/catalog.hpp"
#include "../lab/export.hpp"
#include "../lab/trainer.hpp"
#include "arguments.hpp"

namespace actviz {
namespace {

using actexp::lab::Activation;
using actexp::lab::RunConfig;

struct TrainArguments {
  RunConfig config;
  std::string function = "leaky_relu";
  std::string versus = "relu";
  std::vector<std::pair<std::string, double>> params, versus_params;
  actexp::AtKink at_kink = actexp::AtKink::pytorch;
  bool loss_given = false;
  long steps = 300;
  std::string export_path;
};

std::string parse_hidden(std::string_view text, std::vector<int>& widths) {
  widths.clear();
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t comma = std::min(text.find(',', start), text.size());
    double width = 0;
    if (!parse_number(text.substr(start, comma - start), width) || width != static_cast<double>(static_cast<int>(width))) {
      return "--hidden takes widths separated by commas, such as 16,16, got '" + std::string(text) + "'";
    }
    widths.push_back(static_cast<int>(width));
    start = comma + 1;
  }
  return "";
}

template <typename Table, typename Enum>
std::string pick(std::string_view flag, const Table& table, std::string_view value, Enum& out) {
  const int index = index_of(table, value);
  if (index < 0) return std::string(flag) + " takes one of " + names_of(table) + ", got '" + std::string(value) + "'";
  out = static_cast<Enum>(index);
  return "";
}

std::string parse(int argc, char** argv, TrainArguments& a) {
  for (int i = 2; i < argc; ++i) {
    const std::string_view flag = argv[i];
    if (i + 1 >= argc) return "missing value after " + std::string(flag);
    const std::string_view value = argv[++i];
    double number = 0;
    const bool numeric = parse_number(value, number);
    const auto whole = [&](long lo, long hi, long& out) -> std::string {
      if (!numeric || number != static_cast<double>(static_cast<long>(number)) || number < static_cast<double>(lo) || number > static_cast<double>(hi)) {
        return std::string(flag) + " takes a whole number from " + std::to_string(lo) + " to " + std::to_string(hi) + ", got '" + std::string(value) + "'";
      }
      out = static_cast<long>(number);
      return "";
    };
    std::string error;
    long integer = 0;
    if (flag == "--dataset") error = pick(flag, actexp::lab::datasets, value, a.config.dataset);
    else if (flag == "--init") error = pick(flag, actexp::lab::init_ids, value, a.config.init);
    else if (flag == "--optimizer") error = pick(flag, actexp::lab::optimizer_ids, value, a.config.optimizer);
    else if (flag == "--loss") {
      error = pick(flag, actexp::lab::loss_ids, value, a.config.loss);
      a.loss_given = true;
    } else if (flag == "--at-kink" || flag == "--framework") error = pick(flag, actexp::conventions, value, a.at_kink);
    else if (flag == "--hidden") error = parse_hidden(value, a.config.hidden);
    else if (flag == "--fn") a.function = value;
    else if (flag == "--versus") a.versus = value;
    else if (flag == "--param" || flag == "--versus-param") {
      const auto eq = value.find('=');
      if (eq == std::string_view::npos || !parse_number(value.substr(eq + 1), number)) {
        return std::string(flag) + " takes NAME=VALUE with a number, got '" + std::string(value) + "'";
      }
      (flag == "--param" ? a.params : a.versus_params).emplace_back(std::string(value.substr(0, eq)), number);
    } else if (flag == "--lr" || flag == "--noise") {
      if (!numeric) return std::string(flag) + " takes a number, got '" + std::string(value) + "'";
      (flag == "--lr" ? a.config.lr : a.config.noise) = number;
    } else if (flag == "--batch") {
      error = whole(1, actexp::lab::max_samples, integer);
      a.config.batch = static_cast<int>(integer);
    } else if (flag == "--samples") {
      error = whole(1, 1'000'000, integer);
      a.config.samples = static_cast<int>(integer);
    } else if (flag == "--steps") {
      error = whole(1, actexp::lab::max_steps, a.steps);
    } else if (flag == "--seed") {
      error = whole(0, actexp::lab::max_seed, integer);
      a.config.seed = static_cast<std::uint64_t>(integer);
    } else if (flag == "--export") {
      a.export_path = value;
    } else {
      return "unknown option '" + std::string(flag) + "' for train";
    }
    if (!error.empty()) return error;
  }
  return "";
}

// The activation of one side: the catalog function with its defaults and the given parameters.
std::string activation(const std::string& id, const std::vector<std::pair<std::string, double>>& given, actexp::AtKink at_kink,
                       Activation& out) {
  std::string error;
  out.function = resolve_function(id, given, out.params, error);
  out.at_kink = at_kink;
  return error;
}

}  // namespace

int run_train(int argc, char** argv) {
  TrainArguments a;
  if (auto error = parse(argc, argv, a); !error.empty()) return fail(error);
  // The regression set trains with mean squared error unless told otherwise.
  if (!a.loss_given && actexp::lab::datasets[static_cast<std::size_t>(a.config.dataset)].classes == 0) {
    a.config.loss = actexp::lab::LossKind::mse;
  }
  Activation first;
  Activation second;
  if (auto error = activation(a.function, a.params, a.at_kink, first); !error.empty()) return fail(error);
  if (auto error = activation(a.versus, a.versus_params, a.at_kink, second); !error.empty()) return fail(error);
  if (auto outcome = actexp::lab::validate(a.config, first, second); !outcome.ok()) return fail(outcome.message);

  actexp::lab::Run run(a.config, first, second);
  const bool same = first.function == second.function;
  // Appended, not concatenated: GCC 12 reports a false -Wrestrict on string + (c ? "a" : "").
  std::string names[2] = {std::string(first.function->id), std::string(second.function->id)};
  if (same) {
    names[0].append("#1");
    names[1].append("#2");
  }
  std::string header = "step,side,loss";
  for (std::size_t l = 1; l <= a.config.hidden.size(); ++l) header.append(",dead_").append(std::to_string(l));
  std::printf("%s\n", header.c_str());
  for (long s = 0; s < a.steps; ++s) {
    const bool healthy = run.step();
    for (std::size_t side = 0; side < 2; ++side) {
      const auto& state = run.sides()[side];
      std::string row = std::to_string(run.steps());
      row.append(",").append(names[side]).append(",").append(actexp::lab::float_text(state.loss.back()));
      for (const int dead : state.dead.back()) row.append(",").append(std::to_string(dead));
      std::printf("%s\n", row.c_str());
    }
    if (!healthy) break;
  }
  if (!a.export_path.empty()) {
    std::ofstream file(a.export_path, std::ios::binary);
    file << actexp::lab::export_json(run);
    if (!file) return fail("could not write '" + a.export_path + "'");
  }
  if (!run.problem().empty()) {
    std::fprintf(stderr, "actviz: %s\n", run.problem().c_str());
    return 1;
  }
  return 0;
}

}  // namespace actviz
