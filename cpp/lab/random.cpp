#include "random.hpp"

#include "../core/portable_math.hpp"

namespace actexp::lab {

double Random::normal() {
  for (;;) {
    const double u = uniform(-1, 1);
    const double v = uniform(-1, 1);
    const double s = u * u + v * v;
    if (s > 0 && s < 1) return u * std::sqrt(-2 * portable::log(s) / s);
  }
}

}  // namespace actexp::lab
