// Numbers in messages and CSV: the shortest text that reads back to the same double.
#pragma once

#include <string>

namespace actexp {

std::string format_number(double value);

}  // namespace actexp
