#include "registry.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <utility>

#include "functions.hpp"

namespace actexp {
namespace {

// The built-ins in display order; the position is the handle, and so the C ABI's number.
// Constant data: nothing runs before the registry is first used.
constexpr const BuiltinFunction* builtins[] = {
    &leaky_relu_builtin, &relu_builtin, &elu_builtin, &selu_builtin,
    &celu_builtin, &gelu_builtin, &gelu_tanh_builtin, &silu_builtin,
    &mish_builtin, &softplus_builtin, &sigmoid_builtin, &tanh_builtin,
    &hardtanh_builtin, &relu6_builtin, &hardsigmoid_builtin, &hardswish_builtin,
    &softsign_builtin, &logsigmoid_builtin, &tanhshrink_builtin, &softshrink_builtin,
    &hardshrink_builtin, &heaviside_builtin,
};

Outcome refuse(const std::string& message) { return Outcome::failure(Status::unknown_function, message); }

Outcome check_parameter(const ActivationSpec& spec, const ParameterSpec& p) {
  const std::string where = "Parameter \"" + p.id + "\" of \"" + spec.id + "\"";
  if (p.id.empty()) return refuse("A parameter of \"" + spec.id + "\" has no id.");
  if (!std::isfinite(p.min) || !std::isfinite(p.max) || !(p.min <= p.max)) return refuse(where + " needs finite min <= max.");
  if (!(p.default_value >= p.min && p.default_value <= p.max)) return refuse(where + " has its default outside [min, max].");
  if (!(p.step > 0) || !std::isfinite(p.step)) return refuse(where + " needs a finite step above 0.");
  if (p.slider && !(p.slider->min >= p.min && p.slider->min < p.slider->max && p.slider->max <= p.max)) {
    return refuse(where + " needs min <= sliderMin < sliderMax <= max.");
  }
  return Outcome::success();
}

Outcome check_entry(const ActivationSpec& spec) {
  if (spec.id.empty()) return refuse("A function needs an id.");
  if (!spec.kernels) return refuse("The function \"" + spec.id + "\" has no kernels.");
  if (spec.parameters.size() > max_parameters) {
    return refuse("The function \"" + spec.id + "\" has " + std::to_string(spec.parameters.size()) +
                  " parameters; at most " + std::to_string(max_parameters) + " are allowed.");
  }
  for (std::size_t i = 0; i < spec.parameters.size(); ++i) {
    if (auto outcome = check_parameter(spec, spec.parameters[i]); !outcome.ok()) return outcome;
    for (std::size_t j = 0; j < i; ++j) {
      if (spec.parameters[j].id == spec.parameters[i].id) {
        return refuse("The function \"" + spec.id + "\" names the parameter \"" + spec.parameters[i].id + "\" twice.");
      }
    }
  }
  return Outcome::success();
}

}  // namespace

FunctionRegistry::FunctionRegistry() {
  for (const BuiltinFunction* builtin : builtins) append(next_handle_++, std::make_shared<const ActivationSpec>(builtin_spec(*builtin)));
  builtin_count_ = slots_.size();
}

namespace {
// A built-in's entry: it sits at its handle, and built-ins are never removed.
const ActivationSpec& builtin_entry(const BuiltinFunction& builtin) {
  const FunctionRegistry& registry = function_registry();
  for (FunctionHandle handle = 0; registry.is_builtin(handle); ++handle) {
    if (builtins[handle] == &builtin) return *registry.find(handle);
  }
  return *registry.find(builtin.id);  // unreachable: every built-in is in the table
}
}  // namespace

const ActivationSpec& leaky_relu_spec() { return builtin_entry(leaky_relu_builtin); }
const ActivationSpec& relu_spec() { return builtin_entry(relu_builtin); }
const ActivationSpec& elu_spec() { return builtin_entry(elu_builtin); }
const ActivationSpec& selu_spec() { return builtin_entry(selu_builtin); }
const ActivationSpec& celu_spec() { return builtin_entry(celu_builtin); }
const ActivationSpec& gelu_spec() { return builtin_entry(gelu_builtin); }
const ActivationSpec& gelu_tanh_spec() { return builtin_entry(gelu_tanh_builtin); }
const ActivationSpec& silu_spec() { return builtin_entry(silu_builtin); }
const ActivationSpec& mish_spec() { return builtin_entry(mish_builtin); }
const ActivationSpec& softplus_spec() { return builtin_entry(softplus_builtin); }
const ActivationSpec& sigmoid_spec() { return builtin_entry(sigmoid_builtin); }
const ActivationSpec& tanh_spec() { return builtin_entry(tanh_builtin); }
const ActivationSpec& hardtanh_spec() { return builtin_entry(hardtanh_builtin); }
const ActivationSpec& relu6_spec() { return builtin_entry(relu6_builtin); }
const ActivationSpec& hardsigmoid_spec() { return builtin_entry(hardsigmoid_builtin); }
const ActivationSpec& hardswish_spec() { return builtin_entry(hardswish_builtin); }
const ActivationSpec& softsign_spec() { return builtin_entry(softsign_builtin); }
const ActivationSpec& logsigmoid_spec() { return builtin_entry(logsigmoid_builtin); }
const ActivationSpec& tanhshrink_spec() { return builtin_entry(tanhshrink_builtin); }
const ActivationSpec& softshrink_spec() { return builtin_entry(softshrink_builtin); }
const ActivationSpec& hardshrink_spec() { return builtin_entry(hardshrink_builtin); }
const ActivationSpec& heaviside_spec() { return builtin_entry(heaviside_builtin); }


void FunctionRegistry::append(FunctionHandle handle, std::shared_ptr<const ActivationSpec> spec) {
  live_.push_back(spec.get());
  slots_.push_back({handle, std::move(spec)});
  ++generation_;
}

Outcome FunctionRegistry::add(ActivationSpec spec, FunctionHandle& handle) {
  if (auto outcome = check_entry(spec); !outcome.ok()) return outcome;
  if (find(spec.id) != nullptr) return refuse("A function with the id \"" + spec.id + "\" exists already.");
  if (next_handle_ == std::numeric_limits<FunctionHandle>::max()) return refuse("No function handles are left.");
  handle = next_handle_++;
  append(handle, std::make_shared<const ActivationSpec>(std::move(spec)));
  return Outcome::success();
}

Outcome FunctionRegistry::remove(FunctionHandle handle) {
  if (is_builtin(handle)) {
    return refuse("The built-in function \"" + slots_[static_cast<std::size_t>(handle)].spec->id + "\" cannot be removed.");
  }
  const Slot* found = slot(handle);
  if (found == nullptr) return refuse("Unknown activation function #" + std::to_string(handle) + ".");
  const auto at = static_cast<std::size_t>(found - slots_.data());
  slots_.erase(slots_.begin() + static_cast<std::ptrdiff_t>(at));
  live_.erase(live_.begin() + static_cast<std::ptrdiff_t>(at));
  ++generation_;
  return Outcome::success();
}

const FunctionRegistry::Slot* FunctionRegistry::slot(FunctionHandle handle) const {
  if (handle < 0) return nullptr;
  // Built-ins sit at their handle; run-time entries follow in increasing handle.
  if (is_builtin(handle)) return &slots_[static_cast<std::size_t>(handle)];
  const auto it = std::lower_bound(slots_.begin() + static_cast<std::ptrdiff_t>(builtin_count_), slots_.end(), handle,
                                   [](const Slot& s, FunctionHandle h) { return s.handle < h; });
  return it != slots_.end() && it->handle == handle ? &*it : nullptr;
}

bool FunctionRegistry::is_builtin(FunctionHandle handle) const {
  return handle >= 0 && static_cast<std::size_t>(handle) < builtin_count_;
}

const ActivationSpec* FunctionRegistry::find(FunctionHandle handle) const {
  const Slot* found = slot(handle);
  return found != nullptr ? found->spec.get() : nullptr;
}

const ActivationSpec* FunctionRegistry::find(std::string_view id) const {
  for (const ActivationSpec* spec : live_) {
    if (spec->id == id) return spec;
  }
  return nullptr;
}

FunctionHandle FunctionRegistry::handle_of(std::string_view id) const {
  for (const Slot& s : slots_) {
    if (s.spec->id == id) return s.handle;
  }
  return no_function;
}

FunctionHandle FunctionRegistry::handle_of(const ActivationSpec* spec) const {
  for (const Slot& s : slots_) {
    if (s.spec.get() == spec) return s.handle;
  }
  return no_function;
}

std::shared_ptr<const ActivationSpec> FunctionRegistry::share(FunctionHandle handle) const {
  const Slot* found = slot(handle);
  return found != nullptr ? found->spec : nullptr;
}

FunctionRegistry& function_registry() {
  static FunctionRegistry registry;
  return registry;
}

FunctionRef::FunctionRef(const ActivationSpec* spec) {
  if (spec == nullptr) return;
  const FunctionRegistry& registry = function_registry();
  handle_ = registry.handle_of(spec);
  spec_ = handle_ != no_function ? registry.share(handle_) : std::shared_ptr<const ActivationSpec>(std::shared_ptr<void>(), spec);
}

FunctionRef::FunctionRef(FunctionHandle handle) : spec_(function_registry().share(handle)) {
  if (spec_) handle_ = handle;
}

}  // namespace actexp
