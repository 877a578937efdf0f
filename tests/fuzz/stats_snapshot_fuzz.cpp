// Fuzz target: the count/latency map-record parser (stats::SnapshotCollector)
// and what is computed from its snapshots (difference, make_report, JSON).
//
// Input: bpftrace `-f json` lines, each parsed into an events::MapRecord and
// handed to the collector as sctrace does (lines that are no map are
// skipped, as OutputParser counts them malformed). Invariants, for every
// snapshot:
//  - no bucket index beyond kMaxBuckets;
//  - difference(s, s) is empty, and difference(s, {}) keeps every syscall
//    with calls or errors;
//  - the report's percentiles are ordered (p50 <= p90 <= p99) and within
//    the observed min and max when those are known, and its JSON (count
//    and latency) is valid strict UTF-8 and round-trips.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "events/map_record.h"
#include "fuzz_check.h"
#include "modes/stats/output.h"
#include "modes/stats/report.h"
#include "modes/stats/snapshot.h"

using namespace sctrace;

namespace {

void check_report_json(const stats::Report& report, gen::StatsKind kind) {
  std::string out;
  stats::append_report_json(out, report, kind);
  auto j = nlohmann::json::parse(out, nullptr, false);
  FUZZ_REQUIRE(!j.is_discarded(), "report JSON is not valid: " + out);
  auto again = nlohmann::json::parse(j.dump(), nullptr, false);
  FUZZ_REQUIRE(again == j, "report JSON does not round-trip");
}

void check_snapshot(const stats::Snapshot& s, const stats::Snapshot& before) {
  std::size_t with_calls = 0;
  for (const auto& [nr, st] : s.syscalls) {
    FUZZ_REQUIRE(st.buckets.size() <= stats::kMaxBuckets,
                 "more buckets than kMaxBuckets for syscall " +
                     std::to_string(nr));
    with_calls += st.count || st.errors;
  }
  auto none = stats::difference(s, s);
  FUZZ_REQUIRE(none.syscalls.empty() && none.processes.empty(),
               "a snapshot minus itself is not empty");
  auto all = stats::difference(s, stats::Snapshot{});
  FUZZ_REQUIRE(all.syscalls.size() == with_calls,
               "a snapshot minus nothing lost syscalls");
  auto delta = stats::difference(s, before);
  auto report = stats::make_report(delta, 1.0, {});
  for (const auto& row : report.rows) {
    FUZZ_REQUIRE(row.p50_ns <= row.p90_ns && row.p90_ns <= row.p99_ns,
                 "percentiles out of order for " + row.name + ": " +
                     std::to_string(row.p50_ns) + " " +
                     std::to_string(row.p90_ns) + " " +
                     std::to_string(row.p99_ns));
    const auto& st = row.stats;
    // Bounds hold when min, max and the buckets agree (as bpftrace's maps
    // always do); hostile numbers may contradict each other.
    bool consistent = st.min_ns && st.max_ns && st.min_ns <= st.max_ns;
    std::uint64_t calls = 0;
    for (std::size_t i = 0; consistent && i < st.buckets.size(); ++i) {
      consistent = !st.buckets[i] ||
                   (stats::bucket_low_ns(static_cast<int>(i)) <= st.max_ns &&
                    stats::bucket_high_ns(static_cast<int>(i)) > st.min_ns);
      calls += st.buckets[i];
    }
    if (consistent && calls > 0 && row.stats.count > 0)
      FUZZ_REQUIRE(row.p99_ns <= st.max_ns && row.p50_ns >= st.min_ns,
                   "percentiles outside min/max for " + row.name + ": p50 " +
                       std::to_string(row.p50_ns) + " p99 " +
                       std::to_string(row.p99_ns) + " min " +
                       std::to_string(st.min_ns) + " max " +
                       std::to_string(st.max_ns));
  }
  check_report_json(report, gen::StatsKind::Count);
  check_report_json(report, gen::StatsKind::Latency);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  auto taken = fuzz::take_input(data, size, 65536);
  if (!taken)
    return 0;
  std::string_view input = *taken;
  stats::SnapshotCollector collector;
  stats::Snapshot before;
  std::size_t pos = 0;
  while (pos <= input.size()) {
    std::size_t end = input.find('\n', pos);
    if (end == std::string_view::npos)
      end = input.size();
    auto map = events::parse_map_record(input.substr(pos, end - pos));
    pos = end + 1;
    if (!map.ok())
      continue;
    if (auto snap = collector.add(*map)) {
      check_snapshot(*snap, before);
      before = std::move(*snap);
    }
  }
  if (auto snap = collector.finish())
    check_snapshot(*snap, before);
  return 0;
}
