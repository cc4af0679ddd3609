#include "summary.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <numeric>

#include "../core/format.hpp"

namespace actexp::lab {
namespace {

// 12,345 (appended digit by digit: GCC 12 reports a false -Wrestrict on string::insert).
std::string with_thousands(int n) {
  const std::string digits = std::to_string(n);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && digits[i - 1] != '-' && (digits.size() - i) % 3 == 0) out.push_back(',');
    out.push_back(digits[i]);
  }
  return out;
}

// Two significant digits: 0.41, 1.1, 0.0033.
std::string two_digits(double value) {
  if (!std::isfinite(value)) return format_number(value);
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1e", value);
  return format_number(std::strtod(buffer, nullptr));
}

std::string part(const SummarySide& s, int units) {
  if (s.dead > 0) {
    const long percent = std::lround(100.0 * s.dead / std::max(units, 1));
    return s.label + " has " + std::to_string(s.dead) + " of " + std::to_string(units) + " units dead (" + std::to_string(percent) + "\u00a0%)";  // no line break before %
  }
  if (s.nearly_dead == 0) return s.label + " none";
  return s.label + " none (" + std::to_string(s.nearly_dead) + " nearly dead: |f′| below 1/1000 of its largest value for every input)";
}

// A classifier that learned nothing predicts 1/classes for each and scores ln(classes): a loss
// within 10 % of it (a batch's loss is noisy; not far above it: a diverging side is worse than guessing, not at chance).
bool at_chance(double loss, int classes) {
  return classes > 1 && std::fabs(loss - std::log(classes)) <= 0.1 * std::log(classes);
}

std::string chance_clause(const SummarySide& first, const SummarySide& second, int classes) {
  if (classes < 2) return "";
  const std::string ln = "ln " + std::to_string(classes);
  const std::string guessing = classes == 2 ? "a coin toss" : "a guess among " + std::to_string(classes) + " classes";
  const bool a = at_chance(first.loss, classes);
  const bool b = at_chance(second.loss, classes);
  if (a && b) return " (both are " + ln + ": " + guessing + ")";
  if (a || b) return " (" + (a ? first : second).label + "'s is " + ln + ": " + guessing + ")";
  return " (" + ln + " = " + two_digits(std::log(classes)) + " would be " + guessing + ")";
}

}  // namespace

std::string summary_sentence(const SummaryNumbers& n) {
  // The page shows this before the first step; the CLI never prints it.
  if (n.steps == 0) return "Not trained yet: press Play or Step.";
  const auto& [a, b] = n.sides;
  // The side with deaths is named first, as the sentence reads best that way.
  const SummarySide& first = b.dead > a.dead ? b : a;
  const SummarySide& second = b.dead > a.dead ? a : b;
  std::string out = "After " + with_thousands(n.steps) + (n.steps == 1 ? " step: " : " steps: ");
  out.append(part(first, n.units)).append(", ").append(part(second, n.units));
  // The losses in the order the sides were named: which is which, in few words.
  out.append("; last-batch loss ").append(two_digits(first.loss)).append(" and ").append(two_digits(second.loss)).append(", in that order");
  out.append(chance_clause(first, second, n.classes)).append(".");
  if (first.dead > 0) out.append(" A dead unit gets no gradient; only a shift in the layers below (or Adam's momentum) revives it.");
  return out;
}

std::string summary_sentence(const Run& run) {
  SummaryNumbers n;
  n.steps = run.steps();
  n.units = std::accumulate(run.config().hidden.begin(), run.config().hidden.end(), 0);
  n.classes = run.data().classes;
  for (std::size_t s = 0; s < 2; ++s) {
    const Side& side = run.sides()[s];
    SummarySide& out = n.sides[s];
    out.label = side_label(side.activation);
    if (!side.loss.empty()) out.loss = side.loss.back();
    // Counted after every step when the run tracks units, else measured now.
    const bool tracked = !side.dead.empty() && side.dead.size() == side.loss.size();
    if (tracked) {
      const auto dead = side.dead.back();
      const auto nearly = side.nearly_dead.back();
      out.dead = std::accumulate(dead.begin(), dead.end(), 0);
      out.nearly_dead = std::accumulate(nearly.begin(), nearly.end(), 0);
    } else {
      const UnitStats stats = run.unit_stats(static_cast<int>(s));
      out.dead = std::accumulate(stats.dead.begin(), stats.dead.end(), 0);
      out.nearly_dead = std::accumulate(stats.nearly_dead.begin(), stats.nearly_dead.end(), 0);
    }
  }
  return summary_sentence(n);
}

std::string side_label(const Activation& activation) {
  const ActivationSpec& spec = *activation.function;
  std::string out(spec.name);
  for (std::size_t i = 0; i < spec.parameters.size() && i < activation.params.size(); ++i) {
    out.append(i == 0 ? " (" : ", ").append(spec.parameters[i].symbol).append(" = ").append(format_number(activation.params[i]));
  }
  return spec.parameters.empty() ? out : out + ")";
}

}  // namespace actexp::lab
