// The lab's training sets: four 2-D classification sets and one 1-D regression, generated
// from a seed with the project's own random numbers (random.hpp), so the same seed gives the
// same data natively and in wasm.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

namespace actexp::lab {

enum class DatasetKind : int { spiral = 0, circles = 1, xor_quadrants = 2, blobs = 3, sine = 4 };

struct DatasetInfo {
  std::string_view id;     // URL and CLI value
  std::string_view label;  // the page's menu
  int inputs;
  int classes;  // 0: regression of one output
};

inline constexpr std::array<DatasetInfo, 5> datasets{{
    {"spiral", "Spiral (3 classes)", 2, 3},
    {"circles", "Two circles", 2, 2},
    {"xor", "XOR quadrants", 2, 2},
    {"blobs", "Gaussian blobs (3 classes)", 2, 3},
    {"sine", "Regression: sin x", 1, 0},
}};

struct Dataset {
  DatasetKind kind = DatasetKind::spiral;
  int inputs = 2;
  int classes = 3;
  int outputs = 3;  // classes, or 1 for regression
  std::vector<float> x;       // samples × inputs, row-major
  std::vector<int> label;     // class index per sample (classification)
  std::vector<float> target;  // samples × outputs (regression)
  [[nodiscard]] int size() const { return static_cast<int>(x.size()) / inputs; }
};

// `samples` points in total (split evenly between classes), Gaussian noise of `noise`.
Dataset make_dataset(DatasetKind kind, int samples, double noise, std::uint64_t seed);

}  // namespace actexp::lab
