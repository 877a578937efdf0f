// The count and latency program generator: the options become predicates,
// keys and probes; the two bpftrace versions differ only where the
// Dialect says (probes, the map-size variable); bad combinations and
// out-of-range values are refused; every map is cleared in END.
#include <gtest/gtest.h>

#include <regex>
#include <set>

#include "gen/builtin_catalog.h"
#include "gen/stats_program.h"
#include "gen/syscall_table.h"
#include "gen_text.h"

namespace sctrace::gen {
namespace {

Result<GeneratedProgram> gen(const StatsProgramOptions& o, int minor = 17,
                             GenOptions g = {}) {
  g.version.minor = minor;
  return generate_stats(o, BuiltinCatalog(), g);
}

std::string text(const StatsProgramOptions& o, int minor = 17,
                 GenOptions g = {}) {
  auto p = gen(o, minor, g);
  EXPECT_TRUE(p.ok()) << (p.ok() ? "" : p.error().message);
  return p.ok() ? p->text : "";
}

bool has(const std::string& t, const std::string& what) {
  return t.find(what) != std::string::npos;
}

TEST(GenStatsProgram, count_keys_by_syscall_and_counts_errors) {
  StatsProgramOptions o;
  o.target.pids = {1234};
  std::string t = text(o);
  EXPECT_TRUE(has(t, "tracepoint:raw_syscalls:sys_exit /pid == 1234/")) << t;
  EXPECT_TRUE(has(t, "@sctrace_count[$nr] = count();"));
  EXPECT_TRUE(has(t, "if ($ret < 0 && $ret >= -4095) {\n      "
                     "@sctrace_errors[$nr] = count();"));
  EXPECT_FALSE(has(t, "sys_enter")); // count needs no entry probe
  EXPECT_FALSE(has(t, "interval:"));
  // Snapshots: from BEGIN and END, END marked.
  EXPECT_TRUE(has(t, "@sctrace_end = 1;"));
  std::size_t snapshots = 0;
  for (auto at = t.find("print(@sctrace_snapshot);"); at != std::string::npos;
       at = t.find("print(@sctrace_snapshot);", at + 1))
    ++snapshots;
  EXPECT_EQ(snapshots, 2u);
}

TEST(GenStatsProgram, per_process_key_and_more_map_keys) {
  StatsProgramOptions o;
  o.target.pids = {1};
  EXPECT_EQ(stats_map_keys(o), 4096);
  o.per_process = true;
  auto p = gen(o);
  ASSERT_TRUE(p.ok());
  EXPECT_TRUE(has(p->text,
                  "@sctrace_count[pid, curtask->group_leader->start_time, "
                  "comm, $nr] = count();"));
  EXPECT_EQ(stats_map_keys(o), 65536);
  ASSERT_EQ(p->env.size(), 1u);
  EXPECT_EQ(p->env[0], (std::pair<std::string, std::string>{
                           "BPFTRACE_MAP_KEYS_MAX", "65536"}));
  auto p23 = gen(o, 23);
  ASSERT_TRUE(p23.ok());
  EXPECT_EQ(p23->env[0].first, "BPFTRACE_MAX_MAP_KEYS");
}

// bpftrace 0.23 drops the update that loses a race to create a per-CPU
// key (Dialect::racy_key_creation): count's per-syscall count keys are
// created in BEGIN, every number of the table and -1, and counted with
// sum(1). Errors keys (a second seeded map would cost about 30 ms of
// verifying) and per-process keys are each created by a sum(0) just
// before the sum(1); 0.17 needs no seeds.
TEST(GenStatsProgram, count_seeds_its_keys_where_bpftrace_races) {
  StatsProgramOptions o;
  o.target.pids = {1234};
  std::string t = text(o, 23);
  const std::string last = std::to_string(syscall_table().back().number);
  EXPECT_TRUE(has(t, "$sctrace_nr = -1;\n  while ($sctrace_nr <= " + last +
                         ") {\n    @sctrace_count[$sctrace_nr] = sum(0);\n"
                         "    $sctrace_nr++;"))
      << t;
  EXPECT_FALSE(has(t, "@sctrace_errors[$sctrace_nr]"));
  EXPECT_FALSE(has(t, "@sctrace_count[$nr] = sum(0);"));
  EXPECT_TRUE(has(t, "@sctrace_count[$nr] = sum(1);"));
  EXPECT_TRUE(has(t, "@sctrace_errors[$nr] = sum(0);\n"
                     "      @sctrace_errors[$nr] = sum(1);"))
      << t;
  EXPECT_FALSE(has(t, "count()"));
  // The seeds come before the first snapshot prints the maps.
  EXPECT_LT(t.find("= sum(0);"), t.find("print(@sctrace_count);"));

  o.syscalls = {110};
  EXPECT_TRUE(has(text(o, 23), "@sctrace_count[$sctrace_nr] = sum(0);"));
  EXPECT_FALSE(has(text(o, 17), "sum("));
  // -P: each key created by a sum(0) just before the sum(1).
  o.per_process = true;
  std::string p = text(o, 23);
  EXPECT_FALSE(has(p, "$sctrace_nr")) << p;
  EXPECT_TRUE(has(p,
                  "@sctrace_count[pid, curtask->group_leader->start_time, "
                  "comm, $nr] = sum(0);\n"
                  "    @sctrace_count[pid, curtask->group_leader->start_time, "
                  "comm, $nr] = sum(1);"));
  EXPECT_TRUE(has(p,
                  "@sctrace_errors[pid, curtask->group_leader->start_time, "
                  "comm, $nr] = sum(0);\n"
                  "      @sctrace_errors[pid, "
                  "curtask->group_leader->start_time, comm, $nr] = sum(1);"));
  EXPECT_TRUE(has(text(o, 17),
                  "@sctrace_count[pid, curtask->group_leader->start_time, "
                  "comm, $nr] = count();"));
  // Too few map keys to hold the seeds and the calls: created as -P's are.
  o.per_process = false;
  o.map_keys = 512;
  std::string small = text(o, 23);
  EXPECT_FALSE(has(small, "$sctrace_nr")) << small;
  EXPECT_TRUE(has(small, "@sctrace_count[$nr] = sum(0);\n"
                         "    @sctrace_count[$nr] = sum(1);"));
}

// latency on 0.23: the first call of each (syscall, bucket) creates its
// keys with a zero (or the same min/max), @sctrace_made says they exist,
// and every call then updates each map once; the histogram is a sum per
// (syscall, bucket of hist()).
TEST(GenStatsProgram,
     latency_creates_keys_before_it_counts_where_bpftrace_races) {
  StatsProgramOptions l;
  l.kind = StatsKind::Latency;
  std::string t = text(l, 23);
  const std::string create = "      if (@sctrace_made[$nr, $b] == 0) {\n"
                             "        @sctrace_hist[$nr, $b] = sum(0);\n"
                             "        @sctrace_total[$nr] = sum(0);\n"
                             "        @sctrace_min[$nr] = min($d);\n"
                             "        @sctrace_max[$nr] = max($d);\n"
                             "        @sctrace_made[$nr, $b] = 1;\n"
                             "      }\n"
                             "      @sctrace_hist[$nr, $b] = sum(1);\n"
                             "      @sctrace_total[$nr] = sum($d);\n"
                             "      @sctrace_min[$nr] = min($d);\n"
                             "      @sctrace_max[$nr] = max($d);\n";
  EXPECT_TRUE(has(t, create)) << t;
  // Each counting update once, after the creating block.
  EXPECT_EQ(occurrences(t, "@sctrace_hist[$nr, $b] = sum(1);"), 1u) << t;
  EXPECT_EQ(occurrences(t, "@sctrace_total[$nr] = sum($d);"), 1u) << t;
  // Errors (failed calls only) still create their key just before.
  EXPECT_TRUE(has(t, "@sctrace_errors[$nr] = sum(0);\n        "
                     "@sctrace_errors[$nr] = sum(1);"))
      << t;
  EXPECT_TRUE(has(t, "clear(@sctrace_made);")) << t;
  EXPECT_FALSE(has(t, "= hist(")) << t;
  std::string t17 = text(l, 17);
  EXPECT_TRUE(has(t17, "@sctrace_hist[$nr] = hist($d / 1000);"));
  EXPECT_FALSE(has(t17, "sum(0)"));
  EXPECT_FALSE(has(t17, "@sctrace_made"));
}

TEST(GenStatsProgram, failure_filters) {
  StatsProgramOptions o;
  o.target.pids = {1};
  o.only_failed = true;
  EXPECT_TRUE(has(text(o), "if ($ret < 0 && $ret >= -4095 && !($ret == 0"));
  o.only_failed = false;
  o.errno_value = 2;
  EXPECT_TRUE(has(text(o), "if ($ret == -2 && !($ret == 0"));
  o.only_failed = true;
  EXPECT_FALSE(gen(o).ok()); // -x and -e overlap
  o.only_failed = false;
  for (int bad : {0, -1, 4096}) {
    o.errno_value = bad;
    EXPECT_FALSE(gen(o).ok()) << bad;
  }
}

TEST(GenStatsProgram, selection_inline_or_map_and_rt_sigreturn_exit_id) {
  StatsProgramOptions o;
  o.target.pids = {1};
  o.syscalls = {0, 1};
  EXPECT_TRUE(has(text(o), "if (($nr == 0 || $nr == 1) && !("));
  o.syscalls = {15};
  // rt_sigreturn exits as -1 on x86_64.
  EXPECT_TRUE(has(text(o), "($nr == 15 || $nr == -1)"));
  o.syscalls.clear();
  for (int i = 0; i < 20; ++i)
    o.syscalls.push_back(i);
  std::string t = text(o);
  EXPECT_TRUE(has(t, "@sctrace_want[19] = 1;"));
  EXPECT_TRUE(has(t, "if (@sctrace_want[$nr] && !("));
}

TEST(GenStatsProgram, interval_probe) {
  StatsProgramOptions o;
  o.target.pids = {1};
  o.interval_ms = 500;
  EXPECT_TRUE(has(text(o), "interval:ms:500\n"));
  o.interval_ms = 5;
  EXPECT_FALSE(gen(o).ok());
}

TEST(GenStatsProgram, command_is_counted_from_its_execve) {
  StatsProgramOptions o;
  GenOptions g;
  g.follow_root = 4321;
  std::string t = text(o, 17, g);
  EXPECT_TRUE(has(t, "@sctrace_follow[4321] = 2;"));
  EXPECT_TRUE(has(t, "tracepoint:sched:sched_process_exec "
                     "/@sctrace_follow[pid] == 2/"));
  EXPECT_TRUE(has(t, "/@sctrace_follow[pid] == 1/"));
  // latency times execve itself: its entry is taken before the exec.
  o.kind = StatsKind::Latency;
  t = text(o, 17, g);
  // Its pid by number first: sctrace has not reaped it, so it is not
  // reused.
  EXPECT_TRUE(has(t, "sys_enter /(pid == 4321 || @sctrace_follow[pid])/")) << t;
  EXPECT_TRUE(has(t, "sys_exit /@sctrace_follow[pid] == 1/")) << t;
}

TEST(GenStatsProgram, latency_maps_and_version_dialects) {
  StatsProgramOptions o;
  o.kind = StatsKind::Latency;
  o.target.pids = {7};
  std::string t = text(o);
  EXPECT_TRUE(has(t, "@sctrace_start[tid] = nsecs;"));
  EXPECT_TRUE(has(t, "@sctrace_hist[$nr] = hist($d / 1000);"));
  EXPECT_TRUE(has(t, "@sctrace_total[$nr] = sum($d);"));
  EXPECT_TRUE(has(t, "@sctrace_min[$nr] = min($d);"));
  EXPECT_TRUE(has(t, "@sctrace_max[$nr] = max($d);"));
  EXPECT_TRUE(has(t, "tracepoint:raw_syscalls:sys_enter /pid == 7/"));
  EXPECT_TRUE(has(t, "$nr = args->id;"));
  // 0.23: raw tracepoints; the number kept with the start, since the
  // exit's would be a read of the saved registers (orig_ax).
  std::string t23 = text(o, 23);
  for (const char* want :
       {"rawtracepoint:sys_enter /pid == 7/",
        "rawtracepoint:sys_exit /pid == 7/",
        "@sctrace_start[tid] = (nsecs, $nr);",
        "  $s = @sctrace_start[tid];\n  $start = $s.0;\n", "    $nr = $s.1;\n",
        "if (@sctrace_start[tid].0 != 0) {"})
    EXPECT_TRUE(has(t23, want)) << want;
  for (const char* never : {"orig_ax", "args->id", "args->ret"})
    EXPECT_FALSE(has(t23, never)) << never;
  EXPECT_FALSE(has(t, "@sctrace_start[tid].0"));
  // One process: 8192 thread starts; the whole system: 65536.
  EXPECT_EQ(stats_map_keys(o), 8192);
  o.target.pids.clear();
  EXPECT_EQ(stats_map_keys(o), 65536);
}

TEST(GenStatsProgram, latency_refuses_count_options) {
  StatsProgramOptions o;
  o.kind = StatsKind::Latency;
  o.per_process = true;
  auto p = gen(o);
  ASSERT_FALSE(p.ok());
  EXPECT_NE(p.error().message.find("options of sctrace count"),
            std::string::npos);
}

TEST(GenStatsProgram, comm_target_is_a_quoted_literal) {
  StatsProgramOptions o;
  o.target.comm = "a\"b";
  std::string t = text(o);
  EXPECT_TRUE(has(t, "comm == \"a\\x22b\"")) << t;
}

// The body of the first probe whose header line contains `header`, from
// its "{" line to the "}" that closes it at column 0.
std::string block(const std::string& t, const std::string& header) {
  auto at = t.find(header);
  if (at == std::string::npos)
    return "";
  auto open = t.find("\n{\n", at);
  auto close = t.find("\n}", open);
  if (open == std::string::npos || close == std::string::npos)
    return "";
  return t.substr(open, close - open + 2);
}

TEST(GenStatsProgram, map_size_variable_follows_the_version) {
  StatsProgramOptions o;
  o.target.pids = {1};
  auto p17 = gen(o, 17);
  auto p23 = gen(o, 23);
  ASSERT_TRUE(p17.ok());
  ASSERT_TRUE(p23.ok());
  using Env = std::vector<std::pair<std::string, std::string>>;
  // count: one key per syscall number; bpftrace's default of 4096.
  EXPECT_EQ(p17->env, (Env{{"BPFTRACE_MAP_KEYS_MAX", "4096"}}));
  EXPECT_EQ(p23->env, (Env{{"BPFTRACE_MAX_MAP_KEYS", "4096"}}));
  o.map_keys = 100;
  EXPECT_EQ(gen(o, 23)->env, (Env{{"BPFTRACE_MAX_MAP_KEYS", "100"}}));
  // A command: latency sizes for one process tree.
  StatsProgramOptions l;
  l.kind = StatsKind::Latency;
  l.follow_command = true;
  EXPECT_EQ(stats_map_keys(l), 8192);
}

TEST(GenStatsProgram, errno_and_interval_bounds) {
  StatsProgramOptions o;
  o.target.pids = {1};
  for (int ok : {1, 4095}) {
    o.errno_value = ok;
    EXPECT_TRUE(has(text(o), "$ret == -" + std::to_string(ok) + " && ")) << ok;
  }
  o.errno_value = 4096;
  auto bad = gen(o);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("errno 4096 is out of range (1 to 4095)"),
            std::string::npos)
      << bad.error().message;
  o.errno_value.reset();
  o.interval_ms = 10; // the least
  EXPECT_TRUE(has(text(o), "interval:ms:10\n"));
  o.interval_ms = 9;
  auto slow = gen(o);
  ASSERT_FALSE(slow.ok());
  EXPECT_NE(slow.error().message.find("at least 10 ms"), std::string::npos);
}

TEST(GenStatsProgram, latency_refuses_every_count_only_option) {
  StatsProgramOptions o;
  o.kind = StatsKind::Latency;
  o.only_failed = true;
  EXPECT_FALSE(gen(o).ok());
  o.only_failed = false;
  o.errno_value = 2;
  EXPECT_FALSE(gen(o).ok());
}

TEST(GenStatsProgram, selection_of_twelve_is_inline_thirteen_a_map) {
  StatsProgramOptions o;
  o.target.pids = {1};
  for (int i = 0; i < 12; ++i)
    o.syscalls.push_back(i);
  std::string t = text(o);
  EXPECT_TRUE(has(t, "$nr == 0 || ") && has(t, " || $nr == 11)")) << t;
  EXPECT_FALSE(has(t, "@sctrace_want"));
  // rt_sigreturn brings its exit id -1 along: 13 values, a map.
  o.syscalls.back() = *syscall_number("rt_sigreturn");
  t = text(o);
  EXPECT_TRUE(has(t, "@sctrace_want[15] = 1;")) << t;
  EXPECT_TRUE(has(t, "@sctrace_want[-1] = 1;")) << t;
  EXPECT_TRUE(has(t, "if (@sctrace_want[$nr] && !("));
  EXPECT_TRUE(has(block(t, "\nEND"), "clear(@sctrace_want);"));
}

TEST(GenStatsProgram, selection_is_sorted_and_deduplicated) {
  StatsProgramOptions o;
  o.target.pids = {1};
  o.syscalls = {3, 1, 3, 0};
  EXPECT_TRUE(has(text(o), "if (($nr == 0 || $nr == 1 || $nr == 3) && !("));
}

TEST(GenStatsProgram, failure_filters_keep_the_selection) {
  StatsProgramOptions o;
  o.target.pids = {1};
  o.syscalls = {0, 1};
  o.only_failed = true;
  EXPECT_TRUE(has(text(o), "if (($nr == 0 || $nr == 1) && $ret < 0 && "
                           "$ret >= -4095 && !("));
  o.only_failed = false;
  o.errno_value = 11;
  EXPECT_TRUE(has(text(o), "if (($nr == 0 || $nr == 1) && $ret == -11 && !("));
}

TEST(GenStatsProgram, clone_children_are_the_kernel_table_numbers) {
  // The child's return of 0 from clone, fork, vfork and clone3 is left
  // out; the numbers must be those syscalls', from the syscall table.
  StatsProgramOptions o;
  o.target.pids = {1};
  std::string t = text(o);
  std::string want = "!($ret == 0 && ($nr == ";
  want += std::to_string(*syscall_number("clone")) + " || $nr == ";
  want += std::to_string(*syscall_number("fork")) + " || $nr == ";
  want += std::to_string(*syscall_number("vfork")) + " ||\n      $nr == ";
  want += std::to_string(*syscall_number("clone3")) + "))";
  EXPECT_TRUE(has(t, want)) << t;
}

TEST(GenStatsProgram, latency_selection_applies_at_entry_and_exit) {
  StatsProgramOptions o;
  o.kind = StatsKind::Latency;
  o.target.pids = {1};
  o.syscalls = {0, 1};
  std::string t = text(o);
  EXPECT_TRUE(has(block(t, "raw_syscalls:sys_enter"),
                  "if (($nr == 0 || $nr == 1)) {\n"
                  "    @sctrace_start[tid] = nsecs;"))
      << t;
  EXPECT_TRUE(has(block(t, "raw_syscalls:sys_exit"),
                  "if (($nr == 0 || $nr == 1)) {\n"
                  "      @sctrace_hist[$nr]"))
      << t;
}

TEST(GenStatsProgram, excluded_pids_and_drain_markers) {
  StatsProgramOptions o;
  o.target.pids = {1};
  GenOptions g;
  g.exclude_pids = {77};
  g.marker_pid = 88;
  std::string t = text(o, 17, g);
  // `pid == 1` already leaves sctrace (77) out.
  EXPECT_TRUE(has(t, "sys_exit /pid == 1/")) << t;
  o.target.pids = {1, 77};
  EXPECT_TRUE(has(text(o, 17, g), "sys_exit /pid != 77 && (pid == 1 || "
                                  "pid == 77)/"));
  // Followed forks can reach any pid: the exclusion stays.
  o.target.pids = {1};
  o.target.follow_forks = true;
  EXPECT_TRUE(
      has(text(o, 17, g), "pid != 77 && (pid == 1 || @sctrace_follow[pid])"));
  // sctrace's own pid named with followed forks: not by number.
  o.target.pids = {77};
  EXPECT_TRUE(has(text(o, 17, g), "pid != 77 && @sctrace_follow[pid]"));
  o.target.follow_forks = false;
  o.target.pids.clear();
  o.target.comm = "nginx";
  EXPECT_TRUE(has(text(o, 17, g), "sys_exit /pid != 77 && comm == "));
  o.target.comm.clear();
  o.target.pids = {1};
  EXPECT_TRUE(has(t, "tracepoint:syscalls:sys_enter_getcpu /pid == 88 && "
                     "((uint64)args->unused >> 32) == 0/"));
  EXPECT_TRUE(has(t, "@sctrace_seq[0] = 0;"));
  // No marker pid: no marker probe.
  EXPECT_FALSE(has(text(o), "sys_enter_getcpu"));
  // Without a command there is nothing to gate at exec.
  EXPECT_FALSE(has(text(o), "@sctrace_follow"));
  EXPECT_FALSE(has(text(o), "sched_process_exec"));
}

TEST(GenStatsProgram, every_snapshot_prints_the_maps_then_the_time) {
  for (auto kind : {StatsKind::Count, StatsKind::Latency}) {
    StatsProgramOptions o;
    o.kind = kind;
    o.target.pids = {1};
    o.interval_ms = 1000;
    std::string t = text(o);
    // BEGIN, the interval and END.
    EXPECT_EQ(occurrences(t, "print(@sctrace_snapshot);"), 3u);
    std::string interval = block(t, "interval:ms:1000");
    const std::vector<std::string> maps =
        kind == StatsKind::Count
            ? std::vector<std::string>{"@sctrace_count", "@sctrace_errors"}
            : std::vector<std::string>{"@sctrace_hist", "@sctrace_total",
                                       "@sctrace_min", "@sctrace_max",
                                       "@sctrace_errors"};
    std::size_t last = 0;
    for (const auto& m : maps) {
      auto at = interval.find("print(" + m + ");");
      ASSERT_NE(at, std::string::npos) << m;
      EXPECT_GT(at, last) << m;
      last = at;
    }
    EXPECT_GT(interval.find("print(@sctrace_snapshot);"), last);
    // The maps stay cumulative: nothing is cleared while tracing.
    EXPECT_FALSE(has(interval, "clear(")) << interval;
    // END marks its snapshot before printing it.
    std::string end = block(t, "\nEND");
    EXPECT_LT(end.find("print(@sctrace_end);"),
              end.find("print(@sctrace_snapshot);"));
  }
}

TEST(GenStatsProgram, end_clears_every_map_so_none_is_printed_at_exit) {
  // bpftrace prints every non-empty map when it exits, after END: a map
  // left there would arrive after the final snapshot.
  const std::regex map_name("@sctrace_[a-z]+");
  GenOptions g;
  g.follow_root = 5;
  g.marker_pid = 6;
  for (auto kind : {StatsKind::Count, StatsKind::Latency}) {
    StatsProgramOptions o;
    o.kind = kind;
    for (int i = 0; i < 20; ++i)
      o.syscalls.push_back(i); // the selection map too
    std::string t = text(o, 17, g);
    std::set<std::string> maps;
    for (std::sregex_iterator it(t.begin(), t.end(), map_name), e; it != e;
         ++it)
      maps.insert(it->str());
    EXPECT_GE(maps.size(), 6u);
    std::string end = block(t, "\nEND");
    for (const auto& m : maps)
      EXPECT_TRUE(has(end, "clear(" + m + ");")) << m;
  }
}

// Regression (templates/latency.tmpl, the sys_exit probe): the exit read
// @sctrace_start[tid] and kept it ("the thread's next entry overwrites
// it"). When bpftrace 0.17 stops,
// sys_enter is detached before sys_exit, so for tens of milliseconds every
// exit is timed from the thread's last entry: `sctrace latency -p PID -d 2
// --syscalls getpid` on a process calling getpid in a loop reported
// 190,700 calls taking 78.3 s in 2.7 s, max 45.5 ms, p99 20.1 ms (0.23: max
// 69 us). tests/data/stats/latency_0.17.ndjson shows it in END: every
// syscall's max near 41 ms. The exit must consume the start it uses
// (delete it), so a start is never used twice.
TEST(GenStatsProgram, latency_exit_consumes_its_start) {
  for (int minor : {17, 23}) {
    StatsProgramOptions o;
    o.kind = StatsKind::Latency;
    o.target.pids = {1};
    std::string exit = block(text(o, minor), "sys_exit /pid == 1/");
    ASSERT_FALSE(exit.empty());
    auto read = exit.find("@sctrace_start[tid]");
    ASSERT_NE(read, std::string::npos) << exit;
    EXPECT_NE(exit.find("delete(@sctrace_start[tid])", read), std::string::npos)
        << "bpftrace 0." << minor << ":\n"
        << exit;
  }
}

} // namespace
} // namespace sctrace::gen
