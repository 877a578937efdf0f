// The quantile window (exporter/quantile_window.h): which snapshot a
// scrape's quantiles start from.
#include <gtest/gtest.h>

#include "exporter/quantile_window.h"

namespace sctrace::exporter {
namespace {

std::shared_ptr<const monitor::Snapshot> at(std::uint64_t seq, double seconds) {
  auto s = std::make_shared<monitor::Snapshot>();
  s->seq = seq;
  s->wall_ns = static_cast<std::int64_t>(seconds * 1e9);
  return s;
}

TEST(ExporterQuantileWindow, NoBaseUntilASecondSnapshot) {
  QuantileWindow w(60);
  auto first = at(1, 100);
  EXPECT_EQ(w.base(*first), nullptr);
  w.add(first);
  EXPECT_EQ(w.base(*first), nullptr);
  auto second = at(2, 115);
  w.add(second);
  EXPECT_EQ(w.base(*second), first);
}

TEST(ExporterQuantileWindow, BaseIsTheNewestSnapshotOutsideTheWindow) {
  QuantileWindow w(60);
  for (std::uint64_t i = 0; i <= 10; ++i)
    w.add(at(i + 1, 100 + 15.0 * static_cast<double>(i))); // 100 .. 250
  // The window of the one at 250 starts at 190: the base is the one at 190.
  auto latest = at(11, 250);
  auto base = w.base(*latest);
  ASSERT_NE(base, nullptr);
  EXPECT_EQ(base->wall_ns, static_cast<std::int64_t>(190e9));
}

TEST(ExporterQuantileWindow, IgnoresRepeatsAndNull) {
  QuantileWindow w(60);
  auto first = at(1, 100);
  w.add(first);
  w.add(first);
  w.add(nullptr);
  auto second = at(2, 101);
  w.add(second);
  w.add(at(1, 100));
  EXPECT_EQ(w.base(*second), first);
}

} // namespace
} // namespace sctrace::exporter
