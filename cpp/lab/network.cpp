#include "network.hpp"

namespace actexp::lab {

Weights<float> initial_weights(std::span<const int> sizes, Init init, Random& rng) {
  Weights<float> weights;
  for (std::size_t l = 0; l + 1 < sizes.size(); ++l) {
    const int in = sizes[l];
    const int out = sizes[l + 1];
    Layer<float> layer{in, out, std::vector<float>(static_cast<std::size_t>(in) * static_cast<std::size_t>(out)),
                       std::vector<float>(static_cast<std::size_t>(out), 0.0F)};
    const bool hidden = l + 2 < sizes.size();
    if (init == Init::glorot) {
      const double bound = std::sqrt(6.0 / (in + out));
      for (float& w : layer.w) w = static_cast<float>(rng.uniform(-bound, bound));
    } else {
      const double scale = std::sqrt(2.0 / in);
      for (float& w : layer.w) w = static_cast<float>(scale * rng.normal());
      if (init == Init::negative_bias && hidden) layer.b.assign(layer.b.size(), -1.0F);
    }
    weights.push_back(std::move(layer));
  }
  return weights;
}

}  // namespace actexp::lab
