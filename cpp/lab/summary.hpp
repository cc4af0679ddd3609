// The lab's one-sentence summary of a run, with what its numbers mean: the page shows it under
// the charts and actviz train prints it at the end, so both say the same.
#pragma once

#include <array>
#include <string>

#include "trainer.hpp"

namespace actexp::lab {

struct SummarySide {
  std::string label;    // "Leaky ReLU (α = 0.01)"
  int dead = 0;         // units with f' = 0 for every training input
  int nearly_dead = 0;  // |f'| below nearly_dead_fraction of its largest value for every input
  double loss = 0;      // the last step's batch loss
};

struct SummaryNumbers {
  int steps = 0;
  int units = 0;    // hidden units of one side
  int classes = 0;  // 0: a regression (no chance level to compare with)
  std::array<SummarySide, 2> sides;
};

// "After 1,500 steps: ReLU has 70 of 128 units dead (55 %; a no-break space before %), Leaky ReLU (α = 0.01) none; loss 1.1
// against 0.16: ReLU's is ln 3, no better than guessing among 3 classes. A dead unit passes no
// gradient back, so its weights never change again."
std::string summary_sentence(const SummaryNumbers& numbers);

// The same from a run: its labels, its last step's losses and dead units.
std::string summary_sentence(const Run& run);

// "Leaky ReLU (α = 0.01)": the function's name and its parameters.
std::string side_label(const Activation& activation);

}  // namespace actexp::lab
