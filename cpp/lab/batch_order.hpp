// A run's mini-batch order, regenerated from its seed instead of stored (docs/lab.md, "The batch
// order"), so a run's memory does not grow with its steps: PCG32 (random.hpp) on its own stream;
// before each epoch a Fisher–Yates shuffle of the previous epoch's order (for i from n − 1 down
// to 1, swap i with below(i + 1)), starting from 0, 1, …, n − 1; the batches are consecutive
// slices of the order, an epoch's last one the remainder, as PyTorch's DataLoader(shuffle=True)
// gives them.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <numeric>
#include <span>
#include <vector>

#include "random.hpp"

namespace actexp::lab {

// The batch order's random stream (the data draw from stream 1, the initial weights from 2).
inline constexpr std::uint64_t batch_stream = 3;

class BatchOrder {
 public:
  BatchOrder(int samples, int batch, std::uint64_t seed)
      : rng_(seed, batch_stream), order_(static_cast<std::size_t>(samples)), batch_(static_cast<std::size_t>(batch)), cursor_(order_.size()) {
    std::iota(order_.begin(), order_.end(), 0);
  }

  // The next step's batch: indices into the training set, valid until the next call.
  std::span<const int> next() {
    if (order_.empty()) return {};
    if (cursor_ >= order_.size()) {
      for (std::size_t i = order_.size() - 1; i > 0; --i) std::swap(order_[i], order_[rng_.below(static_cast<std::uint32_t>(i + 1))]);
      cursor_ = 0;
    }
    const std::size_t begin = cursor_;
    cursor_ = std::min(order_.size(), cursor_ + batch_);
    return std::span<const int>(order_).subspan(begin, cursor_ - begin);
  }

 private:
  Random rng_;
  std::vector<int> order_;
  std::size_t batch_;
  std::size_t cursor_;
};

}  // namespace actexp::lab
