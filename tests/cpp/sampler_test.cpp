// The sampler: numpy.linspace grid, kinks always present, every bad request refused unwritten.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <vector>

#include "core/catalog.hpp"
#include "core/functions.hpp"
#include "core/rectifiers.hpp"
#include "core/sampler.hpp"

namespace actexp {
namespace {

constexpr double sentinel = -12345.678;
constexpr double inf = std::numeric_limits<double>::infinity();
constexpr double nan = std::numeric_limits<double>::quiet_NaN();

// Buffers larger than the capacity handed to the sampler, so writes past it are seen.
struct GuardedBuffers {
  static constexpr std::size_t guard = 16;
  std::vector<double> x, f, df;
  std::size_t capacity;
  explicit GuardedBuffers(std::size_t cap)
      : x(cap + guard, sentinel), f(cap + guard, sentinel), df(cap + guard, sentinel), capacity(cap) {}
  SampleBuffers view() { return {.x = x.data(), .f = f.data(), .df = df.data(), .capacity = capacity}; }
  [[nodiscard]] bool untouched_from(std::size_t first) const {
    const auto clean = [&](const std::vector<double>& v) {
      return std::all_of(v.begin() + static_cast<std::ptrdiff_t>(first), v.end(), [](double d) { return d == sentinel; });
    };
    return clean(x) && clean(f) && clean(df);
  }
};

const double default_alpha = 0.01;

SampleRequest leaky(double from, double to, std::size_t n, double alpha = default_alpha) {
  static double stored_alpha;
  stored_alpha = alpha;
  return {.function = &leaky_relu_spec(), .params = {&stored_alpha, 1}, .at_kink = AtKink::pytorch, .from = from, .to = to, .n = n};
}

std::size_t run(const SampleRequest& request, GuardedBuffers& buffers) {
  std::size_t count = 0;
  const Outcome outcome = sample(request, buffers.view(), count);
  EXPECT_TRUE(outcome.ok()) << outcome.message;
  return count;
}

TEST(Sampler, GridIsNumpyLinspaceAndContainsZero) {
  GuardedBuffers b(201 + max_kinks);
  ASSERT_EQ(run(leaky(-10, 10, 201), b), 201U);
  const double step = 20.0 / 200.0;
  for (std::size_t i = 0; i < 200; ++i) EXPECT_EQ(b.x[i], static_cast<double>(i) * step + -10.0) << i;
  EXPECT_EQ(b.x[200], 10.0);
  EXPECT_EQ(b.x[100], 0.0);
  EXPECT_EQ(b.df[100], default_alpha);
  EXPECT_TRUE(b.untouched_from(201));
}

TEST(Sampler, InsertsTheKinkWhenTheGridMissesIt) {
  GuardedBuffers b(200 + max_kinks);
  ASSERT_EQ(run(leaky(-10, 10, 200), b), 201U);
  const auto zero = std::find(b.x.begin(), b.x.begin() + 201, 0.0);
  ASSERT_NE(zero, b.x.begin() + 201);
  EXPECT_TRUE(std::is_sorted(b.x.begin(), b.x.begin() + 201, std::less_equal<>()));
  EXPECT_EQ(b.x[0], -10.0);
  EXPECT_EQ(b.x[200], 10.0);
}

TEST(Sampler, TwoSamplesAcrossZeroStillShowTheKink) {
  GuardedBuffers b(2 + max_kinks);
  ASSERT_EQ(run(leaky(-1, 1, 2), b), 3U);
  EXPECT_EQ(b.x[0], -1.0);
  EXPECT_EQ(b.x[1], 0.0);
  EXPECT_EQ(b.x[2], 1.0);
}

TEST(Sampler, SnapsAGridPointThatMissesZeroOnlyByRounding) {
  GuardedBuffers b(1001 + max_kinks);
  // 0.3 is no multiple of the binary step, so the grid point near 0 comes out as ~1e-17.
  ASSERT_EQ(run(leaky(-0.3, 0.7, 1001), b), 1001U);
  EXPECT_NE(std::find(b.x.begin(), b.x.begin() + 1001, 0.0), b.x.begin() + 1001);
  EXPECT_TRUE(std::is_sorted(b.x.begin(), b.x.begin() + 1001, std::less_equal<>()));
}

// Found by the fuzzer: a kink a hair inside the range was snapped onto the endpoint itself.
TEST(Sampler, AKinkBesideAnEndpointIsInsertedAndTheEndpointStays) {
  GuardedBuffers b(11 + max_kinks);
  const double from = -1e-12;
  ASSERT_EQ(run(leaky(from, 1e3, 11), b), 12U);
  EXPECT_EQ(b.x[0], from);
  EXPECT_EQ(b.x[1], 0.0);
  EXPECT_EQ(b.x[11], 1e3);
}

// Two kinks within rounding of one grid point: the first moves the point, the second is
// inserted after it, even though the unmoved grid point lay above both.
TEST(Sampler, TwoKinksAtOneGridPointStayInOrder) {
  const std::array<double, 2> clamp{-1, 1};
  const SampleRequest request{.function = &hardtanh_spec(), .params = clamp, .from = 2 - 1e10, .to = 2 + 1e10, .n = 3};
  GuardedBuffers b(3 + max_kinks);
  ASSERT_EQ(run(request, b), 4U);
  EXPECT_EQ(b.x[0], 2 - 1e10);
  EXPECT_EQ(b.x[1], -1.0);
  EXPECT_EQ(b.x[2], 1.0);
  EXPECT_EQ(b.x[3], 2 + 1e10);
}

TEST(Sampler, KinkOutsideOrAtAnEndAddsNoPoint) {
  GuardedBuffers b(11 + max_kinks);
  EXPECT_EQ(run(leaky(1, 5, 11), b), 11U);
  EXPECT_EQ(run(leaky(0, 5, 11), b), 11U);
  EXPECT_EQ(b.x[0], 0.0);
  EXPECT_EQ(b.df[0], default_alpha);
  EXPECT_EQ(run(leaky(-5, 0, 11), b), 11U);
  EXPECT_EQ(b.x[10], 0.0);
}

TEST(Sampler, ValuesFollowTheChosenConvention) {
  GuardedBuffers b(3 + max_kinks);
  SampleRequest request = leaky(-1, 1, 3, 0.3);
  request.at_kink = AtKink::jax;
  ASSERT_EQ(run(request, b), 3U);
  EXPECT_EQ(b.f[0], -0.3);
  EXPECT_EQ(b.df[0], 0.3);
  EXPECT_EQ(b.df[1], 1.0);
  EXPECT_EQ(b.df[2], 1.0);
}

TEST(Sampler, LargestRangeAndSampleCountWork) {
  GuardedBuffers b(max_samples + max_kinks);
  EXPECT_EQ(run(leaky(-8e307, 8e307, max_samples), b), max_samples + 1);
  EXPECT_TRUE(std::is_sorted(b.x.begin(), b.x.begin() + max_samples + 1, std::less_equal<>()));
  EXPECT_TRUE(b.untouched_from(max_samples + 1));
}

TEST(Sampler, SampleCountPredictsWhatSampleWrites) {
  for (const std::size_t n : {2UL, 3UL, 200UL, 201UL, 1000UL}) {
    std::size_t predicted = 0;
    ASSERT_TRUE(sample_count(leaky(-10, 10, n), predicted).ok());
    GuardedBuffers b(n + max_kinks);
    EXPECT_EQ(run(leaky(-10, 10, n), b), predicted);
  }
}

struct BadRequest {
  const char* what;
  SampleRequest request;
  std::size_t capacity;
  Status expected;
};

TEST(Sampler, EveryInvalidArgumentIsRefusedAndNothingIsWritten) {
  static const double nan_alpha = nan;
  static const double big_alpha = 1.5;
  static const double negative_alpha = -0.1;
  static const double two_params[2] = {0.1, 0.2};
  SampleRequest base = leaky(-10, 10, 201);
  auto with = [&](auto change) {
    SampleRequest r = base;
    change(r);
    return r;
  };
  const std::vector<BadRequest> cases{
      {"no function", with([](SampleRequest& r) { r.function = nullptr; }), 300, Status::unknown_function},
      {"bad convention", with([](SampleRequest& r) { r.at_kink = static_cast<AtKink>(7); }), 300, Status::unknown_convention},
      {"no parameters", with([](SampleRequest& r) { r.params = {}; }), 300, Status::wrong_parameter_count},
      {"two parameters", with([](SampleRequest& r) { r.params = two_params; }), 300, Status::wrong_parameter_count},
      {"NaN alpha", with([](SampleRequest& r) { r.params = {&nan_alpha, 1}; }), 300, Status::parameter_not_finite},
      {"alpha above max", with([](SampleRequest& r) { r.params = {&big_alpha, 1}; }), 300, Status::parameter_out_of_range},
      {"alpha below min", with([](SampleRequest& r) { r.params = {&negative_alpha, 1}; }), 300, Status::parameter_out_of_range},
      {"NaN from", with([](SampleRequest& r) { r.from = nan; }), 300, Status::range_not_finite},
      {"infinite to", with([](SampleRequest& r) { r.to = inf; }), 300, Status::range_not_finite},
      {"span overflows", with([](SampleRequest& r) { r.from = -1e308; r.to = 1e308; }), 300, Status::range_not_finite},
      {"from equals to", with([](SampleRequest& r) { r.from = 3; r.to = 3; }), 300, Status::range_empty},
      {"from above to", with([](SampleRequest& r) { r.from = 5; r.to = -5; }), 300, Status::range_empty},
      {"n = 0", with([](SampleRequest& r) { r.n = 0; }), 300, Status::sample_count_out_of_range},
      {"n = 1", with([](SampleRequest& r) { r.n = 1; }), 300, Status::sample_count_out_of_range},
      {"n too large", with([](SampleRequest& r) { r.n = max_samples + 1; }), 300, Status::sample_count_out_of_range},
      {"range too narrow", with([](SampleRequest& r) { r.from = 1; r.to = 1 + 4e-16; r.n = 10; }), 300, Status::range_too_narrow},
      // Found by the fuzzer: a subnormal step rounds by up to half itself and x overshoots `to`.
      {"subnormal step", with([](SampleRequest& r) { r.from = 0; r.to = 1.0968257337675673e-321; r.n = 35; }), 300,
       Status::range_too_narrow},
      {"capacity one short", with([](SampleRequest& r) { r.n = 200; }), 200, Status::capacity_too_small},
      {"capacity zero", base, 0, Status::capacity_too_small},
  };
  for (const auto& c : cases) {
    GuardedBuffers b(c.capacity);
    std::size_t count = 999;
    const Outcome outcome = sample(c.request, b.view(), count);
    EXPECT_EQ(outcome.status, c.expected) << c.what << ": " << outcome.message;
    EXPECT_FALSE(outcome.message.empty()) << c.what;
    EXPECT_EQ(count, 999U) << c.what;
    EXPECT_TRUE(b.untouched_from(0)) << c.what;
  }
}

TEST(Sampler, MissingBufferIsRefused) {
  GuardedBuffers b(300);
  SampleBuffers view = b.view();
  view.df = nullptr;
  std::size_t count = 0;
  EXPECT_EQ(sample(leaky(-1, 1, 5), view, count).status, Status::null_buffer);
  EXPECT_TRUE(b.untouched_from(0));
}

TEST(Sampler, MessagesNameTheProblem) {
  GuardedBuffers b(300);
  std::size_t count = 0;
  EXPECT_EQ(sample(leaky(5, -5, 11), b.view(), count).message, "The x-range needs from < to, got from 5 to -5.");
  EXPECT_EQ(sample(leaky(-1, 1, 11, 2.0), b.view(), count).message, "\u03b1 must be between 0 and 1, got 2.");
}

}  // namespace
}  // namespace actexp
