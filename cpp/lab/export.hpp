// A run as JSON that any framework can replay (docs/lab.md): the data, the initial weights,
// the batch order as its seed and shuffle rule, the loss and optimiser, and per side the losses,
// dead units and final weights. float32 values are written as the shortest text that reads back to the same float.
#pragma once

#include <string>

#include "trainer.hpp"

namespace actexp::lab {

std::string export_json(const Run& run);

// The shortest decimal that reads back (strtof) as exactly this float.
std::string float_text(float value);

}  // namespace actexp::lab
