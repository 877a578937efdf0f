// SnapshotCollector on real bpftrace 0.17 and 0.23 output
// (tests/data/stats/*.ndjson, see its README), fed through the same
// events::OutputParser as `sctrace count` and `sctrace latency`. The
// expected numbers come from what record/workload.py does per 10 ms loop
// (21 getpid, 1 failing openat, 1 kill, 1 rt_sigreturn, 1 clock_nanosleep
// of 10 ms), never from the collector's output.
#include <gtest/gtest.h>

#include <fstream>
#include <set>

#include "events/bpftrace_parser.h"
#include "gen/bpftrace_version.h"
#include "gen/syscall_table.h"
#include "modes/stats/snapshot.h"

namespace sctrace::stats {
namespace {

constexpr long kRead = 0, kGetpid = 39, kKill = 62, kOpenat = 257,
               kNanosleep = 230, kRtSigreturn = 15;

class SnapshotSink : public events::EventSink {
public:
  void on_event(const events::TraceEvent&) override { ++events; }
  bool on_map(const events::MapRecord& map) override {
    if (auto s = collector.add(map))
      snapshots.push_back(std::move(*s));
    return true;
  }
  explicit SnapshotSink(bool escaped_keys) : collector(escaped_keys) {}
  SnapshotCollector collector;
  std::vector<Snapshot> snapshots;
  int events = 0;
};

std::vector<Snapshot> collect(const std::string& name) {
  const std::string path = std::string(SCTRACE_TEST_DATA) + "/stats/" + name;
  std::ifstream in(path);
  EXPECT_TRUE(in) << path;
  auto parser = events::OutputParser::create(gen::ProgramLayout{}, 0);
  EXPECT_TRUE(parser.ok());
  // Recorded with bpftrace 0.17 or 0.23, as the file name says.
  gen::BpftraceVersion version;
  version.minor = name.find("0.23") != std::string::npos ? 23 : 17;
  SnapshotSink sink(gen::dialect_for(version).escaped_map_keys);
  for (std::string line; std::getline(in, line);)
    parser->feed(line, sink);
  if (auto s = sink.collector.finish())
    sink.snapshots.push_back(std::move(*s));
  EXPECT_EQ(parser->stats().malformed_lines, 0u) << name;
  EXPECT_EQ(sink.events, 0) << name;
  return std::move(sink.snapshots);
}

std::uint64_t count_of(const Snapshot& s, long nr) {
  auto it = s.syscalls.find(nr);
  return it == s.syscalls.end() ? 0 : it->second.count;
}

// Snapshots come from BEGIN, each 1 s interval (-i 1) of a 3 s run, and
// END: cumulative, in kernel time order, only the last one final.
void expect_snapshot_sequence(const std::vector<Snapshot>& snaps) {
  ASSERT_GE(snaps.size(), 2u);
  for (std::size_t i = 0; i < snaps.size(); ++i) {
    EXPECT_EQ(snaps[i].final, i + 1 == snaps.size()) << i;
    EXPECT_EQ(snaps[i].bad_keys, 0u) << i;
    if (i) {
      EXPECT_GT(snaps[i].kernel_ns, snaps[i - 1].kernel_ns) << i;
      // The intervals are 1 s apart (interval:ms:1000).
      if (!snaps[i].final && i > 1) {
        EXPECT_NEAR(snaps[i].kernel_ns - snaps[i - 1].kernel_ns, 1e9, 5e7);
      }
    }
  }
}

// One loop's calls, in counts: every loop kills itself once, so the kill
// count is the number of loops (each number may be off by one loop when a
// snapshot lands mid-loop).
void expect_workload_mix(const Snapshot& d, const std::string& where) {
  const std::uint64_t loops = count_of(d, kKill);
  ASSERT_GT(loops, 20u) << where; // about 98 a second
  EXPECT_NEAR(count_of(d, kGetpid), 21.0 * loops, 21) << where;
  EXPECT_NEAR(count_of(d, kOpenat), loops, 1) << where;
  EXPECT_NEAR(count_of(d, kNanosleep), loops, 1) << where;
  // The handler's return: reported by the kernel as exit id -1, named
  // back to rt_sigreturn; no -1 key is left.
  EXPECT_NEAR(count_of(d, kRtSigreturn), loops, 1) << where;
  EXPECT_FALSE(d.syscalls.contains(-1)) << where;
  EXPECT_FALSE(d.syscalls.contains(kRead)) << where;
  // Only the openat of a missing file fails, every time.
  for (const auto& [nr, s] : d.syscalls)
    if (nr == kOpenat)
      EXPECT_NEAR(s.errors, s.count, 1) << where;
    else
      EXPECT_EQ(s.errors, 0u) << where << " nr " << nr;
}

class RecordedCount : public testing::TestWithParam<std::string> {};

TEST_P(RecordedCount, snapshots_count_the_workload) {
  auto snaps = collect(GetParam());
  expect_snapshot_sequence(snaps);
  ASSERT_GE(snaps.size(), 3u);
  EXPECT_TRUE(snaps.back().processes.empty());
  // Five syscalls, five keys in the largest map; bpftrace 0.23's program
  // seeds every syscall number's key, 0 to the table's last and -1
  // (gen/stats_program.h), and the zero ones are not calls.
  const bool seeded = GetParam().find("0.23") != std::string::npos;
  EXPECT_EQ(snaps.back().largest_map,
            seeded ? gen::syscall_table().back().number + 2u : 5u);
  for (std::size_t i = 1; i < snaps.size(); ++i)
    expect_workload_mix(difference(snaps[i], snaps[i - 1]),
                        GetParam() + " interval " + std::to_string(i));
  expect_workload_mix(difference(snaps.back(), snaps.front()),
                      GetParam() + " total");
}

INSTANTIATE_TEST_SUITE_P(Versions, RecordedCount,
                         testing::Values("count_0.17.ndjson",
                                         "count_0.23.ndjson"));

// -P: one process, keyed (pid, comm, nr), and a comm with commas and a
// quote (workload.py sets it with prctl) comes back whole.
void expect_per_process(const std::string& name, const std::string& comm) {
  auto snaps = collect(name);
  expect_snapshot_sequence(snaps);
  ASSERT_GE(snaps.size(), 2u);
  Snapshot total = difference(snaps.back(), snaps.front());
  EXPECT_TRUE(total.syscalls.empty());
  ASSERT_FALSE(total.processes.empty());
  const std::uint32_t pid = total.processes.begin()->first.pid;
  EXPECT_GT(pid, 1u);
  Snapshot by_nr; // the per-process keys folded into per-syscall counts
  std::set<std::string> comms;
  for (const auto& [key, s] : total.processes) {
    EXPECT_EQ(key.pid, pid);
    comms.insert(key.comm);
    by_nr.syscalls[key.nr].count += s.count;
    by_nr.syscalls[key.nr].errors += s.errors;
  }
  EXPECT_EQ(comms, std::set<std::string>{comm}) << name;
  expect_workload_mix(by_nr, name);
}

TEST(RecordedPerProcess, comm_with_commas_and_a_quote_0_17) {
  expect_per_process("count_per_process_0.17.ndjson", "a,1,\"b");
}

// The kernel's comm is q " \ newline 0xff , e-acute. Records are made
// valid UTF-8 by the parser: 0xff becomes U+FFFD (EF BF BD), the valid
// two-byte e-acute stays.
const std::string kHostileComm = "q\"\\\n\xEF\xBF\xBD,\xC3\xA9";

TEST(RecordedPerProcess, hostile_comm_keeps_its_bytes_0_17) {
  expect_per_process("count_hostile_comm_0.17.ndjson", kHostileComm);
}

// Regression: bpftrace 0.23 escapes a map key's text a second time in
// -f json (the comm a,1,"b arrives as a,1,\"b after JSON decoding; see
// count_per_process_0.23.ndjson and count_hostile_comm_0.23.ndjson). The
// collector took that text as the comm, so `count -P` on 0.23 showed stray
// backslashes and literal \uffffffXX; it now decodes it
// (Dialect::escaped_map_keys).
TEST(RecordedPerProcess, comm_with_commas_and_a_quote_0_23) {
  expect_per_process("count_per_process_0.23.ndjson", "a,1,\"b");
}

TEST(RecordedPerProcess, hostile_comm_keeps_its_bytes_0_23) {
  expect_per_process("count_hostile_comm_0.23.ndjson", kHostileComm);
}

class RecordedLatency : public testing::TestWithParam<std::string> {};

// Latency snapshots taken while tracing (not END's, see the README about
// 0.17's teardown): histogram buckets are log2 of microseconds, and every
// count agrees with the ns sums and extremes bpftrace keeps apart.
TEST_P(RecordedLatency, histograms_agree_with_sums_and_extremes) {
  auto snaps = collect(GetParam());
  expect_snapshot_sequence(snaps);
  ASSERT_GE(snaps.size(), 3u);
  for (std::size_t i = 1; i + 1 < snaps.size(); ++i) {
    const Snapshot& s = snaps[i];
    const std::string where = GetParam() + " snapshot " + std::to_string(i);
    // count comes from the histogram; counts and errors as for count.
    expect_workload_mix(difference(s, snaps.front()), where);
    for (const auto& [nr, st] : s.syscalls) {
      ASSERT_FALSE(st.buckets.empty()) << where << " nr " << nr;
      std::uint64_t n = 0;
      double low = 0, high = 0;
      int first = -1, last = -1;
      for (std::size_t b = 0; b < st.buckets.size(); ++b) {
        if (!st.buckets[b])
          continue;
        n += st.buckets[b];
        low += double(st.buckets[b]) * double(bucket_low_ns(int(b)));
        high += double(st.buckets[b]) * double(bucket_high_ns(int(b)));
        if (first < 0)
          first = int(b);
        last = int(b);
      }
      EXPECT_EQ(n, st.count) << where << " nr " << nr;
      // sum($d) in ns lies between the buckets' bounds, so the buckets
      // are in microseconds (a factor 1000 off would break this).
      EXPECT_GE(double(st.total_ns), low) << where << " nr " << nr;
      EXPECT_LT(double(st.total_ns), high) << where << " nr " << nr;
      // min($d) and max($d) fall in the lowest and highest used bucket.
      EXPECT_GE(st.min_ns, bucket_low_ns(first)) << where << " nr " << nr;
      EXPECT_LT(st.min_ns, bucket_high_ns(first)) << where << " nr " << nr;
      EXPECT_GE(st.max_ns, bucket_low_ns(last)) << where << " nr " << nr;
      EXPECT_LT(st.max_ns, bucket_high_ns(last)) << where << " nr " << nr;
    }
    // A 10 ms sleep: every call in [8.192, 16.384) ms, bucket 14.
    const SyscallStats& sleep = s.syscalls.at(kNanosleep);
    EXPECT_EQ(sleep.buckets.size(), 15u) << where;
    EXPECT_EQ(sleep.buckets.back(), sleep.count) << where;
    EXPECT_GE(sleep.min_ns, 10'000'000u) << where;
  }
}

INSTANTIATE_TEST_SUITE_P(Versions, RecordedLatency,
                         testing::Values("latency_0.17.ndjson",
                                         "latency_0.23.ndjson"));

} // namespace
} // namespace sctrace::stats
