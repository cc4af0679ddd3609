#pragma once

namespace actviz {

// actviz train: the dead-neuron lab on the command line (docs/lab.md).
int run_train(int argc, char** argv);

}  // namespace actviz
