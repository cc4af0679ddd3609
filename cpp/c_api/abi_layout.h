/* The C ABI's layouts as data, so that JavaScript restates none of them.
 *
 * ae_abi_json() describes, as JSON, every number a caller of activation_explorer.h and
 * activation_lab.h needs besides the catalogs: the status codes by name, the parameter slots, the
 * rows ae_kinks, ae_saturation, ae_lab_history and ae_lab_units write, the lab's config slots,
 * the formula kinds and the sizes of the C types on the heap. Each number is the C constant it
 * names, tied by static_assert to the C++ constant it mirrors (abi_layout.cpp). Both wasm
 * modules export it; web/engine/ reads it once per instance. */
#ifndef ACTIVATION_ABI_LAYOUT_H
#define ACTIVATION_ABI_LAYOUT_H

#ifdef __cplusplus
extern "C" {
#endif

/* The layout table as JSON (docs in abi_layout.cpp). Library-owned, valid for the module's life. */
const char* ae_abi_json(void);

#ifdef __cplusplus
}
#endif

#endif
