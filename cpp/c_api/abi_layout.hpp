// The lab's config slots by name, shared by the lab's tables (ae_lab_catalog_json) and the ABI
// layout table (ae_abi_json), so the list is written once.
#pragma once

#include <array>
#include <cstddef>
#include <string_view>
#include <utility>

#include "activation_lab.h"

namespace actexp::abi {

inline constexpr std::array<std::pair<std::string_view, int>, 17> lab_config_slots{{
    {"dataset", AE_LAB_DATASET}, {"samples", AE_LAB_SAMPLES}, {"noise", AE_LAB_NOISE}, {"loss", AE_LAB_LOSS},
    {"optimizer", AE_LAB_OPTIMIZER}, {"lr", AE_LAB_LR}, {"beta1", AE_LAB_BETA1}, {"beta2", AE_LAB_BETA2},
    {"eps", AE_LAB_EPS}, {"batch", AE_LAB_BATCH}, {"seed", AE_LAB_SEED}, {"init", AE_LAB_INIT},
    {"atKink", AE_LAB_AT_KINK}, {"layers", AE_LAB_LAYERS}, {"track", AE_LAB_TRACK}, {"widths", AE_LAB_WIDTHS},
    {"size", AE_LAB_CONFIG_SIZE},
}};

// Every slot up to the widths is named once, in order, then the size: a new setting cannot be left out.
constexpr bool names_every_slot() {
  for (std::size_t i = 0; i + 1 < lab_config_slots.size(); ++i) {
    if (lab_config_slots[i].second != static_cast<int>(i)) return false;
  }
  return lab_config_slots.back().second == AE_LAB_CONFIG_SIZE;
}
static_assert(names_every_slot());

}  // namespace actexp::abi
