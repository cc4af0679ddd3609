// Where a low-precision kernel's gradient is exactly zero and its value constant: the tails
// where "saturation kills gradients" stops being a figure of speech. Measured on the values the
// dtype can hold, by the same kernels the sampler uses.
#pragma once

#include <span>

#include "activation_spec.hpp"
#include "status.hpp"

namespace actexp {

// Bounds are values of the dtype; NaN where the tail does not exist. A tail covering every
// value has its bound at the far end (f' = 0 everywhere: zero_up_to is the largest value).
struct Saturation {
  double df_zero_up_to;    // f' is exactly 0 for every x <= this
  double df_zero_from;     // ... and for every x >= this
  double f_constant_up_to; // f is exactly f_left for every x <= this (two values or more)
  double f_left;
  double f_constant_from;  // f is exactly f_right for every x >= this
  double f_right;
};

// bfloat16 and float16: every finite value is evaluated. float32: every value bfloat16 can hold
// (a subset of float32's), then every float32 between the last two such values either side of
// each boundary. float64 is refused (the tails are where double underflows; nothing to show).
Outcome saturation(const ActivationSpec& function, std::span<const double> params, AtKink at_kink, DType dtype,
                   Saturation& out);

}  // namespace actexp
