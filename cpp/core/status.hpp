// Outcome of every core call: errors are values with a readable message.
#pragma once

#include <string>
#include <utility>

namespace actexp {

// Numbers are part of the C ABI (activation_explorer.h mirrors them); never renumber.
enum class Status : int {
  ok = 0,
  unknown_function = 1,
  wrong_parameter_count = 2,
  parameter_not_finite = 3,
  parameter_out_of_range = 4,
  range_not_finite = 5,
  range_empty = 6,
  sample_count_out_of_range = 7,
  capacity_too_small = 8,
  null_buffer = 9,
  unknown_convention = 10,
  range_too_narrow = 11,
  unknown_dtype = 12,
};

struct Outcome {
  Status status = Status::ok;
  std::string message;

  [[nodiscard]] bool ok() const { return status == Status::ok; }
  static Outcome success() { return {}; }
  static Outcome failure(Status status, std::string message) { return {status, std::move(message)}; }
};

}  // namespace actexp
