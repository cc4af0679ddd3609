#include "dataset.hpp"

#include <numbers>

#include "random.hpp"
#include "../core/portable_math.hpp"

namespace actexp::lab {
namespace {

void add_point(Dataset& d, double a, double b, int label) {
  d.x.push_back(static_cast<float>(a));
  d.x.push_back(static_cast<float>(b));
  d.label.push_back(label);
}

}  // namespace

Dataset make_dataset(DatasetKind kind, int samples, double noise, std::uint64_t seed) {
  const DatasetInfo& info = datasets[static_cast<std::size_t>(kind)];
  Dataset d;
  d.kind = kind;
  d.inputs = info.inputs;
  d.classes = info.classes;
  d.outputs = info.classes == 0 ? 1 : info.classes;
  Random rng(seed, 1);  // stream 1: the data; the weights and batches draw from their own streams
  constexpr double tau = 2 * std::numbers::pi;
  switch (kind) {
    case DatasetKind::spiral: {
      // Karpathy's CS231n spiral: radius 0 → 1, angle 4 radians per arm plus noise.
      const int per_class = samples / 3;
      for (int c = 0; c < 3; ++c) {
        for (int i = 0; i < per_class; ++i) {
          const double r = per_class > 1 ? static_cast<double>(i) / (per_class - 1) : 0;
          const double t = c * 4.0 + 4.0 * r + noise * rng.normal();
          add_point(d, r * portable::sin(t), r * portable::cos(t), c);
        }
      }
      break;
    }
    case DatasetKind::circles: {
      for (int i = 0; i < samples; ++i) {
        const int c = i % 2;
        const double r = c == 0 ? rng.uniform(0, 0.5) : rng.uniform(0.7, 1.0);
        const double t = rng.uniform(0, tau);
        // One draw per statement: the order of a call's arguments is unspecified (GCC and
        // Clang differ), and the same seed must give the same points in both builds.
        const double dx = noise * rng.normal();
        const double dy = noise * rng.normal();
        add_point(d, r * portable::cos(t) + dx, r * portable::sin(t) + dy, c);
      }
      break;
    }
    case DatasetKind::xor_quadrants: {
      for (int i = 0; i < samples; ++i) {
        // Away from the axes by 0.05, so the label is the quadrant's before noise.
        double a = rng.uniform(0.05, 1.0);
        if (rng.below(2) == 0) a = -a;
        double b = rng.uniform(0.05, 1.0);
        if (rng.below(2) == 0) b = -b;
        const int c = (a > 0) == (b > 0) ? 0 : 1;
        a += noise * rng.normal();
        b += noise * rng.normal();
        add_point(d, a, b, c);
      }
      break;
    }
    case DatasetKind::blobs: {
      constexpr double centres[3][2] = {{-0.5, -0.4}, {0.5, -0.4}, {0.0, 0.5}};
      for (int i = 0; i < samples; ++i) {
        const int c = i % 3;
        const double dx = (0.2 + noise) * rng.normal();
        const double dy = (0.2 + noise) * rng.normal();
        add_point(d, centres[c][0] + dx, centres[c][1] + dy, c);
      }
      break;
    }
    case DatasetKind::sine: {
      for (int i = 0; i < samples; ++i) {
        const double x = rng.uniform(-std::numbers::pi, std::numbers::pi);
        d.x.push_back(static_cast<float>(x));
        d.target.push_back(static_cast<float>(portable::sin(x) + noise * rng.normal()));
      }
      break;
    }
  }
  return d;
}

}  // namespace actexp::lab
