// The functions this process knows, by handle: the built-ins, registered at start in display
// order (so a built-in's handle is its catalog index, the C ABI's function number), and entries
// added at run time (a formula the reader typed). A handle is never reused while the process
// lives, even after its entry is removed, so a stale handle finds nothing instead of another
// function. Not synchronised: entries are added and removed only while no other thread reads.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string_view>
#include <vector>

#include "activation_spec.hpp"
#include "status.hpp"

namespace actexp {

using FunctionHandle = int;
inline constexpr FunctionHandle no_function = -1;

// The most parameters an entry may have is max_parameters (activation_spec.hpp): the page's and
// the C ABI's parameter arrays hold that many (AE_MAX_PARAMETERS, static_assert-ed in abi_layout.cpp).

class FunctionRegistry {
 public:
  FunctionRegistry();  // registers the built-ins

  // Adds a run-time entry and says its handle; refuses (with a message) an entry with no id,
  // an id already taken, no kernels, or parameters whose range, default or step make no sense.
  Outcome add(ActivationSpec spec, FunctionHandle& handle);
  // Removes a run-time entry; a built-in or an unknown handle is refused. Whoever still holds
  // the entry (a FunctionRef in a lab run) keeps it alive until they let go.
  Outcome remove(FunctionHandle handle);

  [[nodiscard]] const ActivationSpec* find(FunctionHandle handle) const;
  [[nodiscard]] const ActivationSpec* find(std::string_view id) const;
  [[nodiscard]] FunctionHandle handle_of(std::string_view id) const;  // no_function when unknown
  [[nodiscard]] FunctionHandle handle_of(const ActivationSpec* spec) const;
  // A share of the entry, which stays valid after the entry is removed; null when unknown.
  [[nodiscard]] std::shared_ptr<const ActivationSpec> share(FunctionHandle handle) const;
  [[nodiscard]] bool is_builtin(FunctionHandle handle) const;

  // Every entry in increasing handle; valid until the next add or remove.
  [[nodiscard]] std::span<const ActivationSpec* const> functions() const { return live_; }
  // Changes with every add and remove, so a cache of the catalog knows when it is stale.
  [[nodiscard]] std::uint64_t generation() const { return generation_; }

 private:
  struct Slot {
    FunctionHandle handle;
    std::shared_ptr<const ActivationSpec> spec;
  };
  [[nodiscard]] const Slot* slot(FunctionHandle handle) const;
  void append(FunctionHandle handle, std::shared_ptr<const ActivationSpec> spec);

  std::vector<Slot> slots_;  // in increasing handle; only live entries, so memory follows them
  std::vector<const ActivationSpec*> live_;
  FunctionHandle next_handle_ = 0;
  std::size_t builtin_count_ = 0;
  std::uint64_t generation_ = 0;
};

// The process's registry, built on first use.
FunctionRegistry& function_registry();

// An entry held by whoever computes with it (a lab run): its handle and a share of the entry.
// Removing the entry from the registry while a run holds it does not free it: the run keeps the
// function it started with, and only new lookups of the handle fail. Made from a pointer, it
// finds the pointer's entry in the registry; a spec that was never registered (a test's own) is
// held without ownership and must outlive it.
class FunctionRef {
 public:
  FunctionRef() = default;
  FunctionRef(const ActivationSpec* spec);  // NOLINT(google-explicit-constructor): a pointer reads as a reference
  explicit FunctionRef(FunctionHandle handle);

  [[nodiscard]] FunctionHandle handle() const { return handle_; }
  [[nodiscard]] const ActivationSpec* get() const { return spec_.get(); }
  const ActivationSpec* operator->() const { return spec_.get(); }
  const ActivationSpec& operator*() const { return *spec_; }
  operator const ActivationSpec*() const { return spec_.get(); }  // NOLINT(google-explicit-constructor)

 private:
  FunctionHandle handle_ = no_function;
  std::shared_ptr<const ActivationSpec> spec_;
};

}  // namespace actexp
