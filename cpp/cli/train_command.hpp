#pragma once

#include <span>

#include "flags.hpp"

namespace actviz {

// actviz train: the dead-neuron lab on the command line (docs/lab.md). The arguments after "train".
int run_train(std::span<char* const> arguments);

// train's flags and help, for `actviz help train` and the command list.
Command train_help();

}  // namespace actviz
