// ae_abi_json: the C ABI's numbers as one JSON document (abi_layout.h). Each entry is the C
// constant, and each C constant is tied here to the C++ constant it mirrors, so a change on one
// side that is not made on the other does not compile.
#include "abi_layout.h"

#include <array>
#include <climits>
#include <cstddef>
#include <string_view>

#include "../core/activation_spec.hpp"
#include "../core/catalog_json.hpp"
#include "../core/convention.hpp"
#include "../core/saturation.hpp"
#include "../core/status.hpp"
#include "abi_layout.hpp"
#include "activation_explorer.h"
#include "activation_lab.h"

namespace {

using actexp::Status;

struct NamedCode {
  std::string_view name;
  int code;
};

// Every status either ABI returns, by the name JavaScript uses, in code order.
constexpr std::array<NamedCode, 16> statuses{{
    {"ok", AE_OK},
    {"unknownFunction", AE_UNKNOWN_FUNCTION},
    {"wrongParameterCount", AE_WRONG_PARAMETER_COUNT},
    {"parameterNotFinite", AE_PARAMETER_NOT_FINITE},
    {"parameterOutOfRange", AE_PARAMETER_OUT_OF_RANGE},
    {"rangeNotFinite", AE_RANGE_NOT_FINITE},
    {"rangeEmpty", AE_RANGE_EMPTY},
    {"sampleCountOutOfRange", AE_SAMPLE_COUNT_OUT_OF_RANGE},
    {"capacityTooSmall", AE_CAPACITY_TOO_SMALL},
    {"nullBuffer", AE_NULL_BUFFER},
    {"unknownConvention", AE_UNKNOWN_CONVENTION},
    {"rangeTooNarrow", AE_RANGE_TOO_NARROW},
    {"unknownDtype", AE_UNKNOWN_DTYPE},
    {"labNotStarted", AE_LAB_NOT_STARTED},
    {"labDiverged", AE_LAB_DIVERGED},
    {"formulaInvalid", AE_FORMULA_INVALID},
}};

constexpr bool codes_in_order() {
  for (std::size_t i = 0; i < statuses.size(); ++i) {
    if (statuses[i].code != static_cast<int>(i)) return false;
  }
  return true;
}
static_assert(codes_in_order(), "one name per status code, none skipped");
// The core's statuses end where the lab's begin.
static_assert(statuses[static_cast<std::size_t>(Status::unknown_dtype)].code == static_cast<int>(Status::unknown_dtype));
static_assert(AE_UNKNOWN_DTYPE + 1 == AE_LAB_NOT_STARTED);
// The formula's status follows the lab's.
static_assert(AE_LAB_DIVERGED + 1 == AE_FORMULA_INVALID);

static_assert(AE_MAX_PARAMETERS == actexp::max_parameters);
static_assert(AE_MAX_KINKS == actexp::max_kinks);
static_assert(AE_MAX_RANGE_KINKS == actexp::max_range_kinks);
static_assert(AE_KINK_FIXED == actexp::kink_row_fixed);
static_assert(AE_KINK_STRIDE == actexp::kink_row_fixed + actexp::at_kink_count);

// The kink row's named fields (then f' per convention), in the order ae_kinks writes them.
constexpr std::array<std::string_view, AE_KINK_FIXED> kink_fields{"x", "fLeft", "fRight", "fAt", "dfLeft", "dfRight"};
// ae_saturation's doubles, in the order of actexp::Saturation's members.
constexpr std::array<std::string_view, AE_SATURATION_SIZE> saturation_fields{
    "dfZeroUpTo", "dfZeroFrom", "fConstantUpTo", "fLeft", "fConstantFrom", "fRight"};
static_assert(AE_SATURATION_SIZE * sizeof(double) == sizeof(actexp::Saturation));
static_assert(offsetof(actexp::Saturation, df_zero_up_to) == 0 * sizeof(double) &&
              offsetof(actexp::Saturation, df_zero_from) == 1 * sizeof(double) &&
              offsetof(actexp::Saturation, f_constant_up_to) == 2 * sizeof(double) &&
              offsetof(actexp::Saturation, f_left) == 3 * sizeof(double) &&
              offsetof(actexp::Saturation, f_constant_from) == 4 * sizeof(double) &&
              offsetof(actexp::Saturation, f_right) == 5 * sizeof(double));

constexpr std::array<NamedCode, 2> formula_kinds{{
    {"value", static_cast<int>(actexp::Formula::value)},
    {"derivative", static_cast<int>(actexp::Formula::derivative)},
}};

// A row made of sections, each `perUnit` values per hidden unit, `perLayer` per hidden layer and
// `extra` more, back to back in this order: JavaScript computes offsets from it.
struct Section {
  std::string_view name;
  int per_unit;
  int per_layer;
  int extra;
};
constexpr std::array<Section, 3> history_row{{
    {"loss", 0, 0, AE_LAB_HISTORY_FIXED},
    {"dead", 0, 1, 0},
    {"nearlyDead", 0, 1, 0},
}};
static_assert(history_row[1].per_layer + history_row[2].per_layer == AE_LAB_HISTORY_PER_LAYER);
constexpr std::array<Section, 2> units_layout{{
    {"activity", 1, 0, 0},
    {"gradientNorms", 0, 1, AE_LAB_UNITS_EXTRA_NORMS},
}};

// The table is written at compile time into a char array: the module carries its bytes, not the
// code that would write them.
inline void abi_json_buffer_too_small() {}  // not constexpr: reaching it fails the compile

template <std::size_t Capacity>
struct JsonText {
  std::array<char, Capacity> chars{};
  std::size_t size = 0;

  constexpr JsonText& put(char c) {
    if (size + 1 >= Capacity) abi_json_buffer_too_small();
    chars[size++] = c;
    return *this;
  }
  constexpr JsonText& raw(std::string_view text) {
    for (const char c : text) put(c);
    return *this;
  }
  constexpr JsonText& quoted(std::string_view text) { return put('"').raw(text).put('"'); }
  constexpr JsonText& number(long long value) {
    if (value < 0) {
      put('-');
      value = -value;
    }
    char digits[20] = {};
    int count = 0;
    do {
      digits[count++] = static_cast<char>('0' + value % 10);
      value /= 10;
    } while (value > 0);
    while (count > 0) put(digits[--count]);
    return *this;
  }
  // "key": with a comma before it unless it opens its object.
  constexpr JsonText& key(std::string_view name) {
    if (size > 0 && chars[size - 1] != '{' && chars[size - 1] != '[') put(',');
    return quoted(name).put(':');
  }
  constexpr JsonText& item() {
    if (size > 0 && chars[size - 1] != '[') put(',');
    return *this;
  }
};

template <std::size_t Capacity>
constexpr void codes(JsonText<Capacity>& out, const auto& named) {
  out.put('{');
  for (const NamedCode& n : named) out.key(n.name).number(n.code);
  out.put('}');
}

template <std::size_t Capacity>
constexpr void names(JsonText<Capacity>& out, const auto& fields) {
  out.put('[');
  for (const std::string_view name : fields) out.item().quoted(name);
  out.put(']');
}

template <std::size_t Capacity>
constexpr void sections(JsonText<Capacity>& out, const auto& row) {
  out.put('[');
  for (const Section& s : row) {
    out.item().put('{').key("name").quoted(s.name).key("perUnit").number(s.per_unit);
    out.key("perLayer").number(s.per_layer).key("extra").number(s.extra).put('}');
  }
  out.put(']');
}

template <std::size_t Capacity>
constexpr JsonText<Capacity> abi_json() {
  JsonText<Capacity> out;
  out.put('{').key("statuses");
  codes(out, statuses);
  out.key("maxParameters").number(AE_MAX_PARAMETERS).key("maxKinks").number(AE_MAX_KINKS);
  out.key("maxRangeKinks").number(AE_MAX_RANGE_KINKS);
  out.key("kinkRow").put('{').key("fields");
  names(out, kink_fields);
  out.key("dfAtOffset").number(AE_KINK_FIXED).key("stride").number(AE_KINK_STRIDE).put('}');
  out.key("saturation").put('{').key("fields");
  names(out, saturation_fields);
  out.put('}').key("formulaKinds");
  codes(out, formula_kinds);
  out.key("labHistoryRow");
  sections(out, history_row);
  out.key("labUnits");
  sections(out, units_layout);
  out.key("labConfig").put('{');
  for (const auto& [name, index] : actexp::abi::lab_config_slots) out.key(name).number(index);
  out.put('}');
  // Bytes of the C types the calls read and write on the heap, and the largest size malloc
  // takes (its argument is a 32-bit int in wasm).
  out.key("sizes").put('{').key("double").number(sizeof(double)).key("int").number(sizeof(int));
  out.key("largestAllocation").number(INT_MAX).put('}');
  return out.put('}');
}

// Written once with room to spare to learn its length, then into an array of exactly that size.
constexpr std::size_t abi_json_size = abi_json<2048>().size;
constexpr JsonText<abi_json_size + 1> abi_json_text = abi_json<abi_json_size + 1>();

}  // namespace

extern "C" const char* ae_abi_json(void) { return abi_json_text.chars.data(); }
