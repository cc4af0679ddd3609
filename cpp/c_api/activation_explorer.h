/* Activation Explorer C ABI: the only surface the wasm module exports.
 *
 * Plain C types only, so JavaScript calls it with numbers and typed-array views on the
 * wasm heap (no embind: it needs eval, which a strict Content-Security-Policy forbids).
 * Errors are values: every call returns an AE_* status, and ae_last_error() says why.
 * Ownership: buffers passed in are the caller's and are never kept or freed here;
 * strings returned are the library's, valid until the next call into it. */
#ifndef ACTIVATION_EXPLORER_H
#define ACTIVATION_EXPLORER_H

#ifdef __cplusplus
extern "C" {
#endif

enum {
  AE_OK = 0,
  AE_UNKNOWN_FUNCTION = 1,
  AE_WRONG_PARAMETER_COUNT = 2,
  AE_PARAMETER_NOT_FINITE = 3,
  AE_PARAMETER_OUT_OF_RANGE = 4,
  AE_RANGE_NOT_FINITE = 5,
  AE_RANGE_EMPTY = 6,
  AE_SAMPLE_COUNT_OUT_OF_RANGE = 7,
  AE_CAPACITY_TOO_SMALL = 8,
  AE_NULL_BUFFER = 9,
  AE_UNKNOWN_CONVENTION = 10,
  AE_RANGE_TOO_NARROW = 11,
  AE_UNKNOWN_DTYPE = 12
};

/* The most parameters any function takes: a caller's parameter buffer of this many doubles fits
 * every function. A param_count above it is refused as AE_WRONG_PARAMETER_COUNT (it is more than
 * any function's count, which is checked before one parameter is read). */
enum { AE_MAX_PARAMETERS = 16 };

/* Conventions for f' at a kink (frameworks and versions), numbered as the catalog lists them. */
enum { AE_CONVENTION_COUNT = 4 };

/* Doubles per kink written by ae_kinks: x, f_left, f_right, f_at, df_left, df_right, then f'
 * at the kink as each convention returns it, in catalog order. The catalog JSON states the
 * same layout ("kinkRow"), which JavaScript reads. */
enum { AE_KINK_FIXED = 6, AE_KINK_STRIDE = AE_KINK_FIXED + AE_CONVENTION_COUNT, AE_MAX_KINKS = 4 };

/* The most kinks ae_kinks_in writes for one range, and the most points ae_sample adds to a grid:
 * a typed formula's ties (a periodic formula has as many as its range is wide). */
enum { AE_MAX_RANGE_KINKS = 32 };

/* The catalog (functions, parameters, presets, conventions, limits) as JSON. Library-owned. */
const char* ae_catalog_json(void);

/* The handle of the function with this id (a built-in's is its index in the catalog's
 * "functions"); AE_UNKNOWN_FUNCTION when there is none. Handles are never reused. */
int ae_function_handle(const char* id, int* handle);

/* One function as the catalog JSON lists it, by handle; NULL when there is none. Library-owned. */
const char* ae_function_json(int function);

/* Why the last failing call failed, in one sentence. Library-owned; "" after success. */
const char* ae_last_error(void);

/* Dtypes (the catalog's "dtypes" list, in this order). */
enum { AE_DTYPE_COUNT = 4 };

/* Samples function `function` (its handle: a built-in's catalog index) on numpy.linspace(from, to, n) plus the kinks
 * strictly inside (a formula's: its ties there, as ae_kinks_in finds them), into x, f, df and,
 * unless it is NULL, d2f (f'', NaN where it does not exist) (caller-owned, `capacity` doubles
 * each; n + AE_MAX_RANGE_KINKS is always enough, n + AE_MAX_KINKS for a built-in). n is a double so that any number JavaScript passes is checked, not
 * wrapped to 32 bits. Below float64 (dtype > 0) x is rounded to the dtype and f, f' are what
 * PyTorch's CPU kernels return in it. On AE_OK, *count points were written; on error nothing is written. */
int ae_sample(int function, const double* params, int param_count, int at_kink, int dtype, double from, double to,
              double n, double* x, double* f, double* df, double* d2f, int capacity, int* count);

/* Where f' is exactly 0 and f constant in a low-precision dtype (float32, bfloat16, float16):
 * writes 6 doubles, NaN where a tail does not exist: f' = 0 for x <= out[0] and for x >= out[1];
 * f = out[3] for x <= out[2]; f = out[5] for x >= out[4]. */
enum { AE_SATURATION_SIZE = 6 };
int ae_saturation(int function, const double* params, int param_count, int at_kink, int dtype, double* out);

/* Writes the kinks of `function` with these parameters, AE_KINK_STRIDE doubles each, into
 * `out` (caller-owned, room for `capacity` kinks) in increasing x; *count says how many. */
int ae_kinks(int function, const double* params, int param_count, double* out, int capacity, int* count);

/* The kinks of `function` in [from, to] (both included), rows as ae_kinks writes them, into `out`
 * (caller-owned, room for `capacity` kinks; AE_MAX_RANGE_KINKS is always enough) in increasing x;
 * *count says how many were written. A built-in's are its ae_kinks that lie there; a typed
 * formula's are its ties found from its primitives (docs/formulas.md, "Ties"), at most
 * AE_MAX_RANGE_KINKS from the left; *found (unless NULL) says how many there are in all. */
int ae_kinks_in(int function, const double* params, int param_count, double from, double to, double* out, int capacity,
                int* count, int* found);

/* A formula the reader typed (docs/formulas.md) that cannot be used: ae_last_error() says what
 * and where ("column 5: ..."). Numbered after the lab's statuses (activation_lab.h), so the codes
 * stay contiguous. */
enum { AE_FORMULA_INVALID = 15 };

/* Parses `text` (UTF-8) and registers it as a function whose id is `id` (NULL: "expr"), with one
 * parameter per name it uses (default 1, -10..10); *handle is its handle, which every call
 * taking a function accepts. Both strings are the caller's and copied. AE_FORMULA_INVALID names
 * the column; an id already taken is refused (AE_UNKNOWN_FUNCTION) and registers nothing. */
int ae_formula_register(const char* id, const char* text, int* handle);

/* Removes an entry registered at run time (a formula), freeing it unless a lab run still holds
 * it; its handle then finds nothing and is never given again. A built-in or an unknown handle is
 * refused (AE_UNKNOWN_FUNCTION). */
int ae_formula_unregister(int handle);

/* The formula language as JSON: functions, constants, operators, limits, the parameters' slider
 * and the examples (cpp/formula/grammar_json.hpp), for the page's grammar panel. Library-owned. */
const char* ae_formula_grammar_json(void);

/* MathML of f (which = 0) or f' (which = 1) with the parameters filled in; NULL on error.
 * Library-owned. */
const char* ae_formula(int function, const double* params, int param_count, int at_kink, int which);

#ifdef __cplusplus
}
#endif

#endif
