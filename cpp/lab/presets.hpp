// The lab's defaults and presets, stated once: the page reads them from the lab's tables JSON
// (ae_lab_catalog_json), actviz train --preset and the tests from here.
#pragma once

#include <array>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "../core/status.hpp"
#include "../core/json_writer.hpp"
#include "trainer.hpp"

namespace actexp::lab {

struct ParameterValue {
  std::string_view id;  // the catalog's parameter id
  double value;
};

// One side of a preset: a catalog function; parameters not listed take the catalog's defaults.
struct SidePreset {
  std::string_view function;
  std::vector<ParameterValue> params;
};

struct LabPreset {
  std::string_view id;           // preset=… in the URL, actviz train --preset …
  std::string_view label;        // the page's button
  std::string_view description;  // one sentence: what the reader sees
  RunConfig config;
  std::array<SidePreset, 2> sides;  // the activation under study, then the comparison
  int steps = 2000;                 // the page's "stop after", actviz train --steps
  AtKink at_kink = AtKink::pytorch;
};

// The lab's settings when nothing is chosen: RunConfig's defaults, Leaky ReLU (α = 0.01) against
// ReLU, 2,000 steps.
const LabPreset& lab_defaults();

// Every preset, the one the explorer links to (dying_relu) first.
std::span<const LabPreset> presets();

// The preset with this id, or null.
const LabPreset* find_preset(std::string_view id);

// "dying_relu or born_dead", for messages that name the choices.
std::string preset_names();

// A side's activation: the function with its defaults, then the preset's values.
Outcome side_activation(const SidePreset& side, AtKink at_kink, Activation& out);

// The settings as the page names them (lab-url.js): {"dataset":"spiral","samples":300,…,
// "sides":[{"functionId":"leaky_relu","params":{"alpha":0.01}},…]}. loss is null when it is the
// dataset's own (cross-entropy, or squared error for the regression).
std::string settings_json(const LabPreset& preset);
void write_settings_json(JsonWriter& json, const LabPreset& preset);

// [{"id":…,"label":…,"description":…,"settings":{…}},…] for the lab's tables.
std::string presets_json();
void write_presets_json(JsonWriter& json);

}  // namespace actexp::lab
