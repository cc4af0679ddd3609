// Where PyTorch's float32/bfloat16 answer depends on the path a tensor takes (one element or a
// batch, a vectorised CPU build or not, oneDNN or not). The kernels compute the batch path on
// an x86 AVX2 build; each note names the other path, what it gives and the source. The page's
// dtype view and `actviz saturation` show them (docs/conventions.md, "The float32 kernels").
#pragma once

#include <array>
#include <string_view>

#include "dtype.hpp"

namespace actexp {

struct KernelPath {
  std::string_view function;     // catalog id
  std::array<bool, dtype_count> dtypes;  // indexed by DType
  std::string_view note;         // one or two sentences for the reader
};

inline constexpr std::array<KernelPath, 3> kernel_paths{{
    {"tanh",
     {false, true, false, false},
     "Shown: PyTorch's vectorised CPU kernel (AVX2, AVX-512), Sleef's tanhf, which is exactly ±1 for "
     "|x| > 8.664. A build without vectorisation (ATEN_CPU_CAPABILITY=default) calls the C library's "
     "tanhf, exactly ±1 only from |x| ≥ 9.011 (aten/src/ATen/cpu/vec/vec256/vec256_float.h)."},
    {"gelu",
     {false, true, true, false},
     "Shown: a tensor of two elements or more, which PyTorch's CPU GELU hands to oneDNN (f′ exactly 0 "
     "from x ≤ −6.15). A one-element tensor, float16, or a build or CPU without oneDNN takes ATen's "
     "kernel instead, whose f′ is exactly 0 only from x ≤ −14.3 in float32 and −13.8 in bfloat16 "
     "(aten/src/ATen/native/Activation.cpp, use_mkldnn)."},
    {"mish",
     {false, true, false, false},
     "Shown: PyTorch's vectorised CPU kernel, whose Sleef log1pf turns e^x at its smallest (x ≤ "
     "−102.875) into 0. A build without vectorisation calls the C library's log1pf, where f′ is "
     "exactly 0 only from x ≤ −103.97 (aten/src/ATen/native/cpu/Activation.cpp, mish_backward_kernel)."},
}};

// The note for a function in a dtype, or an empty view.
constexpr std::string_view kernel_path_note(std::string_view function, DType dtype) {
  for (const KernelPath& path : kernel_paths) {
    if (path.function == function && path.dtypes[static_cast<std::size_t>(dtype)]) return path.note;
  }
  return {};
}

}  // namespace actexp
