// The wasm module's translation unit. Everything it exports is the C ABI in
// activation_explorer.h, listed in cmake/wasm.cmake; this file only anchors the link.
#include "activation_explorer.h"
#include "activation_lab.h"
