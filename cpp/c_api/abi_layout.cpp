// ae_abi_json: the C ABI's numbers as one JSON document (abi_layout.h). Each entry is the C
// constant, and each C constant is tied here to the C++ constant it mirrors, so a change on one
// side that is not made on the other does not compile.
#include "abi_layout.h"

#include <array>
#include <climits>
#include <cstddef>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

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
constexpr std::array<NamedCode, 15> statuses{{
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

static_assert(AE_MAX_PARAMETERS == actexp::max_parameters);
static_assert(AE_MAX_KINKS == actexp::max_kinks);
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

std::string quoted(std::string_view text) {
  std::string out(1, '"');
  out.append(text).push_back('"');
  return out;
}

template <typename List, typename Write>
std::string list(const List& items, char open, char close, Write write) {
  std::string out(1, open);
  for (const auto& item : items) {
    if (out.size() > 1) out += ",";
    out += write(item);
  }
  return out + close;
}

std::string codes(const auto& named) {
  return list(named, '{', '}', [](const auto& n) { return quoted(n.name).append(":").append(std::to_string(n.code)); });
}

std::string names(const auto& fields) {
  return list(fields, '[', ']', [](std::string_view name) { return quoted(name); });
}

std::string sections(const auto& row) {
  return list(row, '[', ']', [](const Section& s) {
    return std::string("{\"name\":").append(quoted(s.name)).append(",\"perUnit\":").append(std::to_string(s.per_unit))
        .append(",\"perLayer\":").append(std::to_string(s.per_layer)).append(",\"extra\":").append(std::to_string(s.extra))
        .append("}");
  });
}

// {"key":value,...} from pairs whose values are JSON text already.
std::string object(std::initializer_list<std::pair<std::string_view, std::string>> members) {
  return list(members, '{', '}', [](const auto& m) { return quoted(m.first).append(":").append(m.second); });
}

std::string abi_json() {
  const auto number = [](auto value) { return std::to_string(value); };
  return object({
      {"statuses", codes(statuses)},
      {"maxParameters", number(AE_MAX_PARAMETERS)},
      {"maxKinks", number(AE_MAX_KINKS)},
      {"kinkRow", object({{"fields", names(kink_fields)}, {"dfAtOffset", number(AE_KINK_FIXED)}, {"stride", number(AE_KINK_STRIDE)}})},
      {"saturation", object({{"fields", names(saturation_fields)}})},
      {"formulaKinds", codes(formula_kinds)},
      {"labHistoryRow", sections(history_row)},
      {"labUnits", sections(units_layout)},
      {"labConfig", list(actexp::abi::lab_config_slots, '{', '}',
                         [](const auto& slot) { return quoted(slot.first).append(":").append(std::to_string(slot.second)); })},
      // Bytes of the C types the calls read and write on the heap, and the largest size malloc
      // takes (its argument is a 32-bit int in wasm).
      {"sizes", object({{"double", number(sizeof(double))}, {"int", number(sizeof(int))}, {"largestAllocation", number(INT_MAX)}})},
  });
}

}  // namespace

extern "C" const char* ae_abi_json(void) {
  static const std::string json = abi_json();
  return json.c_str();
}
