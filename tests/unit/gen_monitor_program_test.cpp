// The monitor program generator (gen/monitor_program.h), checked by its
// properties rather than a golden text: the maps it prints, thresholds
// and interval as validated numbers, the slow event's tuple matching its
// layout, the two dialects, and every map cleared in END.
#include <gtest/gtest.h>

#include <regex>
#include <set>

#include "gen/expr_render.h"
#include "gen/monitor_program.h"
#include "gen/syscall_table.h"
#include "gen_text.h"

namespace sctrace::gen {
namespace {

Result<GeneratedProgram> gen(const MonitorProgramOptions& o, int minor = 17) {
  GenOptions g;
  g.version.minor = minor;
  return generate_monitor(o, g);
}

std::string text(const MonitorProgramOptions& o, int minor = 17) {
  auto p = gen(o, minor);
  EXPECT_TRUE(p.ok()) << (p.ok() ? "" : p.error().message);
  return p.ok() ? p->text : "";
}

bool has(const std::string& t, const std::string& what) {
  return t.find(what) != std::string::npos;
}

MonitorProgramOptions basic() {
  MonitorProgramOptions o;
  o.target.pids = {4321};
  o.default_threshold_ns = 10'000'000;
  return o;
}

TEST(GenMonitorProgram, prints_every_map_in_each_snapshot_and_clears_it) {
  for (int minor : {17, 23}) {
    MonitorProgramOptions o = basic();
    o.by_comm = true;
    std::string t = text(o, minor);
    for (const char* m :
         {"@sctrace_calls", "@sctrace_errno", "@sctrace_total", "@sctrace_hist",
          "@sctrace_slow", "@sctrace_full", "@sctrace_comm"}) {
      // BEGIN and the interval each print a snapshot; END clears.
      EXPECT_EQ(occurrences(t, std::string("print(") + m + ");"), 2u)
          << m << " on 0." << minor;
      EXPECT_TRUE(has(t, std::string("clear(") + m + ");")) << m;
    }
    EXPECT_EQ(occurrences(t, "print(@sctrace_snapshot);"), 2u);
    EXPECT_TRUE(has(t, "interval:ms:1000\n"));
    EXPECT_TRUE(has(t, "@sctrace_end = 1;"));
    EXPECT_TRUE(has(t, "/pid == 4321/")) << t;
  }
}

TEST(GenMonitorProgram, dialects_differ_in_how_they_add) {
  std::string old = text(basic(), 17);
  EXPECT_TRUE(has(old, "@sctrace_hist[$nr] = hist($d);"));
  EXPECT_TRUE(has(old, "@sctrace_calls[$nr] = count();"));
  EXPECT_TRUE(has(old, "@sctrace_errno[$nr, -$ret] = count();"));
  EXPECT_FALSE(has(old, "sum(0)"));
  std::string racy = text(basic(), 23);
  EXPECT_FALSE(has(racy, "= hist("));
  // count() only for the slow events' per-CPU count, keyed by the CPU
  // that adds: no two CPUs create one key (gen/layout.h SEQ). BEGIN then
  // declares no @sctrace_seq of another type.
  EXPECT_EQ(occurrences(racy, "count()"), 1u);
  EXPECT_EQ(occurrences(racy, "@sctrace_seq[cpu] = count();"), 1u);
  GenOptions g;
  g.marker_pid = 99;
  auto marked17 = generate_monitor(basic(), g);
  g.version.minor = 23;
  auto marked23 = generate_monitor(basic(), g);
  ASSERT_TRUE(marked17.ok() && marked23.ok());
  EXPECT_TRUE(has(marked17->text, "@sctrace_seq[0] = 0;"));
  EXPECT_FALSE(has(marked23->text, "@sctrace_seq[0] = 0;"));
  EXPECT_TRUE(marked17->layout.numbered);
  EXPECT_FALSE(marked23->layout.numbered);
  // Every counted key is created by a zero first: calls, hist and total
  // on a (syscall, bucket)'s first call, under @sctrace_made, and then
  // updated once; the rarer keys just before each update.
  EXPECT_TRUE(has(racy, "    if (@sctrace_made[$nr, $b] == 0) {\n"
                        "      @sctrace_calls[$nr] = sum(0);\n"
                        "      if ($b >= 0) {\n"
                        "        @sctrace_hist[$nr, $b] = sum(0);\n"
                        "        @sctrace_total[$nr] = sum(0);\n"
                        "      }\n"
                        "      @sctrace_made[$nr, $b] = 1;\n"
                        "    }\n"
                        "    @sctrace_calls[$nr] = sum(1);\n"))
      << racy;
  for (const char* key :
       {"@sctrace_calls[$nr]", "@sctrace_hist[$nr, $b]", "@sctrace_total[$nr]"})
    EXPECT_EQ(occurrences(racy, std::string(key) + " = sum(0);"), 1u) << key;
  for (const char* key : {"@sctrace_errno[$nr, -$ret]", "@sctrace_slow[$nr]"})
    EXPECT_TRUE(has(racy, std::string(key) + " = sum(0);\n")) << key;
  EXPECT_FALSE(has(old, "@sctrace_made"));
  // Durations in ns, not us.
  EXPECT_FALSE(has(racy, "/ 1000"));
  EXPECT_FALSE(has(old, "/ 1000"));
}

// 0.23 attaches to the raw tracepoints (gen/raw_syscalls.h), which skip
// the tracepoint's copy of the arguments: the first argument comes from the
// saved registers, and a timed call's number from its entry's stash (the
// exit reads orig_ax only for a call not timed). 0.17 has only the
// tracepoints.
TEST(GenMonitorProgram, dialects_differ_in_how_they_attach) {
  std::string old = text(basic(), 17);
  EXPECT_TRUE(has(old, "tracepoint:raw_syscalls:sys_enter /pid == 4321/"));
  EXPECT_TRUE(has(old, "tracepoint:raw_syscalls:sys_exit /pid == 4321/"));
  EXPECT_TRUE(has(old, "@sctrace_start[tid] = (nsecs, args->args[0]);"));
  EXPECT_FALSE(has(old, "pt_regs"));
  std::string raw = text(basic(), 23);
  EXPECT_TRUE(has(raw, "rawtracepoint:sys_enter /pid == 4321/"));
  EXPECT_TRUE(has(raw, "rawtracepoint:sys_exit /pid == 4321/"));
  EXPECT_TRUE(has(raw, "  $nr = (int64)arg1;\n"));
  EXPECT_TRUE(has(raw, "@sctrace_start[tid] = (nsecs, ((struct pt_regs "
                       "*)arg0)->di, $nr);"));
  EXPECT_TRUE(has(raw, "@sctrace_start[tid] = (nsecs, (uint64)0, (int64)0);"));
  EXPECT_TRUE(has(raw, "  $nr = $c.0 != 0 ? $c.2 : (int64)((struct pt_regs "
                       "*)arg0)->orig_ax;\n  $ret = (int64)arg1;\n"));
  EXPECT_EQ(occurrences(raw, "orig_ax"), 1u);
  EXPECT_TRUE(has(old, "  $nr = args->id;\n  $ret = args->ret;\n"
                       "  $c = @sctrace_start[tid];\n"));
  EXPECT_FALSE(has(raw, "raw_syscalls:"));
  EXPECT_FALSE(has(raw, "= args->"));
}

TEST(GenMonitorProgram, slow_event_matches_its_layout) {
  auto p = gen(basic());
  ASSERT_TRUE(p.ok());
  ASSERT_EQ(p->layout.probes.size(), 1u);
  EXPECT_EQ(p->layout.probes[0].values.size(),
            static_cast<std::size_t>(kMonitorSlots));
  EXPECT_TRUE(p->layout.probes[0].expose_values);
  EXPECT_TRUE(has(p->text, "print((0, $sctrace_seq, nsecs, pid, tid, cpu, "
                           "comm, $nr, $d, $ret, $c.1));"))
      << p->text;
  EXPECT_TRUE(has(p->text, "if ($t != 0 && $d >= (uint64)$t) {"));
}

TEST(GenMonitorProgram, thresholds_are_numbers_per_syscall_and_default) {
  MonitorProgramOptions o = basic();
  o.thresholds = {{0, 50'000'000}, {202, 0}};
  std::string t = text(o);
  EXPECT_TRUE(has(t, "@sctrace_thr[0] = 50000000;"));
  EXPECT_TRUE(has(t, "@sctrace_thr[202] = 1;")); // 0 ns: every call
  EXPECT_TRUE(has(t, "$t = 10000000;"));
  EXPECT_TRUE(has(t, "clear(@sctrace_thr);"));
  // Only per-syscall thresholds: the others are not watched.
  o.default_threshold_ns.reset();
  t = text(o);
  EXPECT_FALSE(has(t, "$t = 10000000;"));
  // Only a default: no threshold map at all.
  o = basic();
  t = text(o);
  EXPECT_FALSE(has(t, "@sctrace_thr"));
  EXPECT_TRUE(has(t, "$t = 0;"));
}

TEST(GenMonitorProgram, selection_and_map_keys) {
  MonitorProgramOptions o = basic();
  o.syscalls = {39, 110};
  std::string t = text(o);
  EXPECT_TRUE(has(t, "($nr == 39 || $nr == 110)")) << t;
  auto p = gen(o);
  ASSERT_TRUE(p.ok());
  ASSERT_EQ(p->env.size(), 1u);
  EXPECT_EQ(p->env[0].second, "8192");
  o.target.pids.clear();
  EXPECT_EQ(monitor_map_keys(o), 65536);
}

TEST(GenMonitorProgram, refuses_out_of_range_values) {
  MonitorProgramOptions o = basic();
  o.interval_ms = 5;
  EXPECT_FALSE(gen(o).ok());
  o.interval_ms = 60001;
  EXPECT_FALSE(gen(o).ok());
  o = basic();
  o.thresholds = {{99999, 1}};
  EXPECT_FALSE(gen(o).ok());
  o = basic();
  o.syscalls = {-5};
  EXPECT_FALSE(gen(o).ok());
}

TEST(GenMonitorProgram, comm_reaches_the_program_only_as_a_literal) {
  MonitorProgramOptions o;
  o.default_threshold_ns = 1;
  o.target.comm = "benign";
  const std::string benign = text(o);
  const std::string payload = "a\"); system(\"id\"); printf(\"\n}";
  o.target.comm = payload;
  std::string t = text(o);
  // The same program, the literal aside.
  const std::string lit = bpftrace_string_literal(payload);
  for (auto at = t.find(lit); at != std::string::npos; at = t.find(lit))
    t.replace(at, lit.size(), bpftrace_string_literal("benign"));
  EXPECT_EQ(t, benign);
}

TEST(GenMonitorProgram, every_identifier_is_the_programs_own) {
  MonitorProgramOptions o = basic();
  o.by_comm = true;
  o.thresholds = {{0, 1}};
  for (int minor : {17, 23}) {
    std::string t = text(o, minor);
    std::set<std::string> maps;
    std::regex map_re("@[a-z_]+");
    for (std::sregex_iterator it(t.begin(), t.end(), map_re), end; it != end;
         ++it)
      maps.insert(it->str());
    for (const auto& m : maps)
      EXPECT_EQ(m.rfind("@sctrace_", 0), 0u) << m;
  }
}

} // namespace
} // namespace sctrace::gen
