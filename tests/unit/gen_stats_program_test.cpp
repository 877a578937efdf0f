// The count and latency program generator: the options become predicates,
// keys and probes; the two bpftrace versions differ only where the
// Dialect says; bad combinations are refused.
#include <gtest/gtest.h>

#include "gen/builtin_catalog.h"
#include "gen/stats_program.h"

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
  EXPECT_TRUE(has(p->text, "@sctrace_count[pid, comm, $nr] = count();"));
  EXPECT_EQ(stats_map_keys(o), 65536);
  ASSERT_EQ(p->env.size(), 1u);
  EXPECT_EQ(p->env[0], (std::pair<std::string, std::string>{
                           "BPFTRACE_MAP_KEYS_MAX", "65536"}));
  auto p23 = gen(o, 23);
  ASSERT_TRUE(p23.ok());
  EXPECT_EQ(p23->env[0].first, "BPFTRACE_MAX_MAP_KEYS");
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
  EXPECT_TRUE(has(t, "sys_enter /@sctrace_follow[pid]/")) << t;
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
  // 0.23: raw tracepoints, the number from pt_regs.
  std::string t23 = text(o, 23);
  EXPECT_TRUE(has(t23, "rawtracepoint:sys_enter /pid == 7/"));
  EXPECT_TRUE(has(t23, "rawtracepoint:sys_exit /pid == 7/"));
  EXPECT_TRUE(has(t23, "(int64)((struct pt_regs *)arg0)->orig_ax"));
  EXPECT_FALSE(has(t23, "args->id"));
  EXPECT_FALSE(has(t23, "args->ret"));
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

} // namespace
} // namespace sctrace::gen
