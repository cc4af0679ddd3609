// The built-ins' float32 kernels on floats, by handle, for training: the lab calls them directly
// (no round trip through doubles); entries made at run time use their own evaluate_float.
#pragma once

#include "../core/functions.hpp"
#include "../core/registry.hpp"

namespace actexp::lab {

// The built-in's direct float kernel, or null for a handle that is not a built-in's.
EvaluateFloatFn builtin_float_kernel(FunctionHandle handle);

}  // namespace actexp::lab
