// actviz train --dataset spiral --hidden 16,16 --fn leaky_relu --param alpha=0.01 --versus relu
//   --optimizer sgd --lr 0.1 --batch 32 --steps 300 --seed 7 --init he [--loss cross_entropy|mse]
//   [--samples N] [--noise S] [--versus-param NAME=VALUE] [--at-kink|--framework NAME] [--export run.json]
//   (--expr TEXT / --versus-expr TEXT: a side as a typed formula instead of --fn / --versus)
// prints CSV: step, side, loss (the batch's, before the update), dead units per hidden layer
// (over the whole training set, after the update). The names are the page's URL names.
#include "train_command.hpp"

#include <algorithm>
#include <cstdio>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "../core/catalog.hpp"
#include "../core/format.hpp"
#include "../core/registry.hpp"
#include "../formula/formula_entry.hpp"
#include "../lab/export.hpp"
#include "../lab/presets.hpp"
#include "../lab/summary.hpp"
#include "../lab/trainer.hpp"
#include "arguments.hpp"
#include "output_file.hpp"

namespace actviz {
namespace {

using actexp::lab::Activation;
using actexp::lab::RunConfig;

struct TrainArguments {
  RunConfig config;
  std::string function = "leaky_relu";
  std::string versus = "relu";
  std::vector<std::pair<std::string, double>> params, versus_params;
  std::optional<std::string> expr, versus_expr;  // a side as a typed formula instead
  bool function_given = false, versus_given = false;  // --fn, --versus on the command line
  // How many of params (versus_params) a preset set: its catalog function's, not a formula's.
  std::size_t preset_params = 0, preset_versus_params = 0;
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
      return "--hidden takes widths separated by commas, such as 16,16, got " + quoted(text);
    }
    widths.push_back(static_cast<int>(width));
    start = comma + 1;
  }
  return "";
}

std::string hidden_text(const std::vector<int>& widths) {
  std::string text;
  for (const int width : widths) text.append(text.empty() ? "" : ",").append(std::to_string(width));
  return text;
}

template <typename Table, typename Enum>
std::string pick(std::string_view flag, const Table& table, std::string_view value, Enum& out) {
  const int index = index_of(table, value);
  if (index < 0) return std::string(flag) + " takes one of " + names_of(table) + ", got " + quoted(value);
  out = static_cast<Enum>(index);
  return "";
}

template <typename Table, typename Enum>
std::string id_of(const Table& table, Enum value) {
  const auto& row = table[static_cast<std::size_t>(value)];
  if constexpr (requires { row.id; }) return std::string(row.id);
  else return std::string(row);
}

std::string whole(std::string_view flag, std::string_view value, long lo, long hi, long& out) {
  double number = 0;
  if (!parse_number(value, number) || number != static_cast<double>(static_cast<long>(number)) || number < static_cast<double>(lo) ||
      number > static_cast<double>(hi)) {
    return std::string(flag) + " takes a whole number from " + std::to_string(lo) + " to " + std::to_string(hi) + ", got " + quoted(value);
  }
  out = static_cast<long>(number);
  return "";
}

template <typename Int>
auto whole_into(long lo, long hi, Int& target) {
  return [lo, hi, &target](std::string_view flag, std::string_view value) {
    long number = 0;
    std::string error = whole(flag, value, lo, hi, number);
    if (error.empty()) target = static_cast<Int>(number);
    return error;
  };
}

// "alpha=0.01" for leaky_relu: the catalog's defaults of a function's parameters.
std::string parameter_defaults(std::string_view function) {
  const actexp::ActivationSpec* spec = actexp::find_function(function);
  if (spec == nullptr || spec->parameters.empty()) return "none";
  std::string text;
  for (const auto& p : spec->parameters) text.append(text.empty() ? "" : ",").append(p.id).append("=").append(actexp::format_number(p.default_value));
  return text;
}

// The regression sets (no classes), whose default loss is mse.
std::string regression_datasets() {
  std::string names;
  for (const auto& d : actexp::lab::datasets) {
    if (d.classes == 0) names.append(names.empty() ? "" : ", ").append(d.id);
  }
  return names;
}

// A preset's settings (cpp/lab/presets.cpp) in place of the arguments so far.
void apply_preset(const actexp::lab::LabPreset& preset, TrainArguments& a) {
  const auto settings = [](const actexp::lab::SidePreset& side) {
    std::vector<std::pair<std::string, double>> params;
    for (const auto& p : side.params) params.emplace_back(std::string(p.id), p.value);
    return params;
  };
  a.config = preset.config;
  a.function = preset.sides[0].function;
  a.params = settings(preset.sides[0]);
  a.versus = preset.sides[1].function;
  a.versus_params = settings(preset.sides[1]);
  a.at_kink = preset.at_kink;
  a.steps = preset.steps;
  a.loss_given = false;
  a.function_given = a.versus_given = false;  // the preset chose them; --expr after it may replace them
  a.preset_params = a.params.size();
  a.preset_versus_params = a.versus_params.size();
}

// Every flag of train, its default read from a default TrainArguments (RunConfig's own).
Command train_command(TrainArguments& a) {
  namespace lab = actexp::lab;
  const TrainArguments defaults;
  const auto n = [](auto value) { return actexp::format_number(static_cast<double>(value)); };
  Command command{
      .name = "train",
      .summary = "the dead-neuron lab: one network trained twice side by side, one activation each; CSV per step",
      .usage = "actviz train [flag ...]",
      .flags = {},
      .notes = "Prints CSV, one row per step and side: step, side, loss (the batch's mean loss before its update),\n"
               "dead_1 ... dead_L (units of each hidden layer whose f\u2032 is exactly 0 for every training input\n"
               "after the update). Training runs in float32 with the catalog's float32 kernels; a formula side\n"
               "(--expr, --versus-expr) rounds every operation to float32, its side named expr (expr2) in the CSV.\n"
               "Exit status: 0 done, 1 the run diverged or a file could not be written, 2 a bad flag or formula\n"
               "(named with its column). More in docs/lab.md and docs/formulas.md.",
      .examples = {"actviz train --preset dying_relu            # the page's preset: ReLU units dying, Leaky ReLU learning",
                   "actviz train --dataset circles --hidden 32,32,32 --fn leaky_relu --param alpha=0.1 --versus relu \\\n"
                   "    --optimizer adam --lr 0.01 --batch 16 --steps 400 --seed 3 --init negative_bias",
                   "actviz train --steps 100 --export run.json",
                   "actviz train --expr 'max(0.01*x, x)' --versus-expr 'where(x >= 0, x, 0.01*x)' --steps 200"},
      .function_flags = {{"--fn", "--param"}, {"--versus", "--versus-param"}},
  };
  auto& flags = command.flags;
  // First, so the flags after it change the preset, as the page's `preset=` is changed by the
  // other keys (flags apply in command-line order).
  flags.push_back({"--preset", "", "NAME", "start from a lab preset (the page's preset=): " + lab::preset_names() + "; later flags change it", "",
                   [&a](std::string_view flag, std::string_view value) -> std::string {
                     const lab::LabPreset* preset = lab::find_preset(value);
                     if (preset == nullptr) return std::string(flag) + " takes one of " + lab::preset_names() + ", got " + quoted(value);
                     // It would replace the formula typed before it, silently.
                     if (a.expr || a.versus_expr) {
                       return std::string(flag) + " sets both sides, so it comes before " + (a.expr ? "--expr" : "--versus-expr") +
                              ": give " + std::string(flag) + " first";
                     }
                     apply_preset(*preset, a);
                     return "";
                   }});
  flags.push_back({"--dataset", "", "NAME", names_of(lab::datasets), id_of(lab::datasets, defaults.config.dataset),
                   [&a](std::string_view flag, std::string_view value) { return pick(flag, lab::datasets, value, a.config.dataset); }});
  flags.push_back({"--samples", "", "N", "training points, " + n(lab::min_samples) + " to " + n(lab::max_samples), n(defaults.config.samples),
                   whole_into(1, 1'000'000, a.config.samples)});
  flags.push_back({"--noise", "", "S", "Gaussian noise on the points, 0 to " + n(lab::max_noise), n(defaults.config.noise), number_into(a.config.noise)});
  flags.push_back({"--hidden", "", "W,W,...", "hidden layer widths: 1 to " + n(lab::max_hidden_layers) + " layers of " + n(lab::min_width) + " to " +
                       n(lab::max_width) + " units", hidden_text(defaults.config.hidden),
                   [&a](std::string_view, std::string_view value) { return parse_hidden(value, a.config.hidden); }});
  flags.push_back({"--fn", "", "NAME", "the side under study: a catalog function (actviz list)", defaults.function,
                   [&a](std::string_view, std::string_view value) {
                     a.function = value;
                     a.function_given = true;
                     return std::string();
                   }});
  flags.push_back({"--expr", "", "TEXT", "the side under study as a formula in x instead of --fn (docs/formulas.md)", "",
                   [&a](std::string_view, std::string_view value) {
                     a.expr = std::string(value);
                     return std::string();
                   }});
  flags.push_back({"--param", "", "NAME=VALUE", "a parameter of --fn or of --expr's formula (1 unless set); repeat for more",
                   "the catalog's: " + parameter_defaults(defaults.function), setting_into(a.params)});
  flags.push_back({"--versus", "", "NAME", "the comparison side", defaults.versus, [&a](std::string_view, std::string_view value) {
                     a.versus = value;
                     a.versus_given = true;
                     return std::string();
                   }});
  flags.push_back({"--versus-expr", "", "TEXT", "the comparison side as a formula in x instead of --versus", "",
                   [&a](std::string_view, std::string_view value) {
                     a.versus_expr = std::string(value);
                     return std::string();
                   }});
  flags.push_back({"--versus-param", "", "NAME=VALUE", "a parameter of --versus or of --versus-expr's formula",
                   "the catalog's: " + parameter_defaults(defaults.versus), setting_into(a.versus_params)});
  flags.push_back({"--framework", "--at-kink", "NAME", "whose f\u2032 is used exactly at a kink: " + names_of(actexp::conventions),
                   id_of(actexp::conventions, defaults.at_kink),
                   [&a](std::string_view flag, std::string_view value) { return pick(flag, actexp::conventions, value, a.at_kink); }});
  flags.push_back({"--init", "", "NAME", "initial weights: " + names_of(lab::init_ids), id_of(lab::init_ids, defaults.config.init),
                   [&a](std::string_view flag, std::string_view value) { return pick(flag, lab::init_ids, value, a.config.init); }});
  flags.push_back({"--optimizer", "", "NAME", names_of(lab::optimizer_ids), id_of(lab::optimizer_ids, defaults.config.optimizer),
                   [&a](std::string_view flag, std::string_view value) { return pick(flag, lab::optimizer_ids, value, a.config.optimizer); }});
  flags.push_back({"--lr", "", "RATE", "learning rate, " + n(lab::min_learning_rate) + " to " + n(lab::max_learning_rate), n(defaults.config.lr), number_into(a.config.lr)});
  flags.push_back({"--batch", "", "N", "mini-batch size, 1 to the number of samples (unset: " + n(lab::default_batch) + ", or the samples if fewer)",
                   n(lab::default_batch),
                   whole_into(1, lab::max_samples, a.config.batch)});
  flags.push_back({"--steps", "", "N", "steps to train, 1 to " + n(lab::max_steps), n(defaults.steps), whole_into(1, lab::max_steps, a.steps)});
  flags.push_back({"--seed", "", "N", "one seed, one run: data, weights and batch order; 0 to " + n(lab::max_seed), n(defaults.config.seed),
                   whole_into(0, lab::max_seed, a.config.seed)});
  flags.push_back({"--loss", "", "NAME", names_of(lab::loss_ids),
                   id_of(lab::loss_ids, defaults.config.loss) + "; " + id_of(lab::loss_ids, lab::LossKind::mse) + " for " + regression_datasets(),
                   [&a](std::string_view flag, std::string_view value) {
                     a.loss_given = true;
                     return pick(flag, lab::loss_ids, value, a.config.loss);
                   }});
  flags.push_back({"--export", "", "FILE", "also write the whole run as JSON (docs/lab.md); the path is checked before training", "",
                   [&a](std::string_view flag, std::string_view value) -> std::string {
                     if (value.empty()) return std::string(flag) + " takes a file name, got an empty one";
                     a.export_path = value;
                     return "";
                   }});
  return command;
}

// The activation of one side: the catalog function with its defaults and the given parameters.
std::string activation(const std::string& id, const std::vector<std::pair<std::string, double>>& given, actexp::AtKink at_kink,
                       Activation& out) {
  std::string error;
  out.function = resolve_function(id, given, out.params, error);
  out.at_kink = at_kink;
  return error;
}

// A formula's parameters: 1 each, then each NAME=VALUE given; or an error naming the one it lacks.
std::string formula_parameters(const actexp::ActivationSpec& spec, const std::vector<std::pair<std::string, double>>& given,
                               std::string_view flag, std::vector<double>& params) {
  params.clear();
  std::vector<std::string_view> names;
  for (const auto& p : spec.parameters) {
    params.push_back(p.default_value);
    names.push_back(p.id);
  }
  for (const auto& [name, value] : given) {
    const auto found = std::find(names.begin(), names.end(), name);
    if (found == names.end()) {
      return std::string(flag) + "'s formula has no parameter " + quoted(name) +
             (names.empty() ? std::string(" (it has none)") : " (its parameters: " + names_of(names) + ")");
    }
    params[static_cast<std::size_t>(found - names.begin())] = value;
  }
  return "";
}

// A side typed as a formula: parsed, registered under `id` (expr, expr2) and given its
// parameters; a bad formula is named with its column.
std::string formula_activation(std::string_view flag, const std::string& text, std::string_view id,
                               const std::vector<std::pair<std::string, double>>& given, actexp::AtKink at_kink, Activation& out) {
  namespace formula = actexp::formula;
  const std::string where = std::string(flag) + " " + quoted(text) + ": ";
  actexp::ActivationSpec spec;
  if (const formula::ParseError error = formula::make_formula_spec(text, spec, id); !error.message.empty()) return where + error.message;
  actexp::FunctionHandle handle = actexp::no_function;
  if (auto outcome = actexp::function_registry().add(std::move(spec), handle); !outcome.ok()) return where + outcome.message;
  out.function = actexp::FunctionRef(handle);
  out.at_kink = at_kink;
  if (auto problem = formula_parameters(*out.function, given, flag, out.params); !problem.empty()) return problem;
  // A catalog call's parameter computed from the formula's (leaky_relu(x, a) with a = 2) is checked now, not as NaN in training.
  const auto& kernels = static_cast<const formula::FormulaKernels&>(*out.function->kernels);  // made by make_formula_spec above
  if (const formula::ParseError error = formula::check_catalog_calls(kernels.parsed(), out.params, false); !error.message.empty()) {
    return where + error.message;
  }
  return "";
}

// One side from --fn or --expr (--versus or --versus-expr): never both.
std::string side_activation(const TrainArguments& a, bool versus, Activation& out) {
  const std::string_view fn_flag = versus ? "--versus" : "--fn";
  const std::string_view expr_flag = versus ? "--versus-expr" : "--expr";
  const std::optional<std::string>& expr = versus ? a.versus_expr : a.expr;
  const auto& given = versus ? a.versus_params : a.params;
  if (!expr) return activation(versus ? a.versus : a.function, given, a.at_kink, out);
  // A formula replaces the preset's function, and with it the preset's parameters of that function.
  const auto from_preset = static_cast<std::ptrdiff_t>(versus ? a.preset_versus_params : a.preset_params);
  const std::vector<std::pair<std::string, double>> typed(given.begin() + from_preset, given.end());
  if (versus ? a.versus_given : a.function_given) {
    return std::string(fn_flag) + " and " + std::string(expr_flag) + " each choose the " + (versus ? "comparison side" : "side under study") +
           ": give one of them";
  }
  const std::string id = versus ? std::string(actexp::formula::default_formula_id) + "2" : std::string(actexp::formula::default_formula_id);
  return formula_activation(expr_flag, *expr, id, typed, a.at_kink, out);
}

}  // namespace

Command train_help() {
  static TrainArguments unused;  // the help's flags are never applied
  return train_command(unused);
}

int run_train(std::span<char* const> arguments) {
  TrainArguments a;
  const Command command = train_command(a);
  std::string error;
  switch (parse_flags(command, arguments, error)) {
    case Parsed::help: print_help(command, stdout); return 0;
    case Parsed::error: return fail(error);
    case Parsed::ok: break;
  }
  // The regression set trains with mean squared error unless told otherwise.
  if (!a.loss_given && actexp::lab::datasets[static_cast<std::size_t>(a.config.dataset)].classes == 0) {
    a.config.loss = actexp::lab::LossKind::mse;
  }
  Activation first;
  Activation second;
  if (auto problem = side_activation(a, false, first); !problem.empty()) return fail(problem);
  if (auto problem = side_activation(a, true, second); !problem.empty()) return fail(problem);
  if (auto outcome = actexp::lab::validate(a.config, first, second); !outcome.ok()) return fail(outcome.message);
  // Before training: a run of hours must not end in "cannot write".
  OutputFile exported;
  if (!a.export_path.empty()) {
    if (auto problem = exported.open(a.export_path); !problem.empty()) return fail_io(problem);
  }

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
  print_to(stdout, "%s\n", header.c_str());
  for (long s = 0; s < a.steps; ++s) {
    const bool healthy = run.step();
    for (std::size_t side = 0; side < 2; ++side) {
      const auto& state = run.sides()[side];
      std::string row = std::to_string(run.steps());
      row.append(",").append(names[side]).append(",").append(actexp::lab::float_text(state.loss.back()));
      for (const int dead : state.dead.back()) row.append(",").append(std::to_string(dead));
      print_to(stdout, "%s\n", row.c_str());
    }
    // Each step's rows leave at once: a reader sees progress, and a full disk or > /dev/full
    // stops the run at its first step rather than hours later (main says why).
    if (standard_output_failed()) return io_error;
    if (!healthy) break;
  }
  if (!a.export_path.empty()) {
    const auto write = [&run](std::ostream& out) { out << actexp::lab::export_json(run); };
    if (auto problem = exported.commit(write); !problem.empty()) return fail_io(problem);
  }
  if (!run.problem().empty()) return fail_io(run.problem());
  // What the numbers mean, in the page's words (cpp/lab/summary.cpp), after the CSV; a diverged
  // run's losses mean nothing, so it gets only the message above.
  std::fprintf(stderr, "%s\n", actexp::lab::summary_sentence(run).c_str());
  return 0;
}

}  // namespace actviz
