// The entry probe of the programs on raw_syscalls (gen/raw_syscalls.h):
// with a session marker, the drain marker is taken there, so no program
// with an entry probe attaches to syscalls:sys_enter_getcpu (which would
// enable the kernel's per-syscall perf handler for every process).
#include <gtest/gtest.h>

#include <functional>

#include "gen/builtin_catalog.h"
#include "gen/monitor_program.h"
#include "gen/raw_syscalls.h"
#include "gen/stats_program.h"
#include "gen/syscall_table.h"
#include "gen/syscalls_program.h"
#include "gen_text.h"

namespace sctrace::gen {
namespace {

using Make = std::function<std::string(const GenOptions&)>;

GenOptions options(int minor, std::int64_t marker_pid) {
  GenOptions g;
  g.version.minor = minor;
  g.marker_pid = marker_pid;
  g.marker_token = 5;
  if (marker_pid > 0)
    g.exclude_pids = {marker_pid};
  return g;
}

std::string text_of(Result<GeneratedProgram> p) {
  EXPECT_TRUE(p.ok()) << (p.ok() ? "" : p.error().message);
  return p.ok() ? p->text : "";
}

std::string syscalls_text(const GenOptions& g) {
  SyscallProgramOptions o;
  o.target.pids = {4321};
  o.target.follow_forks = true;
  return text_of(generate_syscalls(o, BuiltinCatalog(), g));
}

std::string latency_text(const GenOptions& g) {
  StatsProgramOptions o;
  o.kind = StatsKind::Latency;
  o.target.pids = {4321};
  return text_of(generate_stats(o, BuiltinCatalog(), g));
}

std::string monitor_text(const GenOptions& g) {
  MonitorProgramOptions o;
  o.target.pids = {4321};
  o.default_threshold_ns = 10'000'000;
  return text_of(generate_monitor(o, g));
}

const std::pair<const char*, Make> kPrograms[] = {{"syscalls", syscalls_text},
                                                  {"latency", latency_text},
                                                  {"monitor", monitor_text}};

// The entry probe's text: from its attach point to the next probe.
std::string entry_probe(const std::string& t, const RawSyscalls& rs) {
  const std::size_t at = t.find("\n" + rs.enter_probe());
  if (at == std::string::npos)
    return "";
  return t.substr(at + 1, t.find("\n}\n", at) - at);
}

TEST(RawSyscallsEntry, TheDrainMarkerIsTakenInTheEntryProbe) {
  const std::string getcpu = std::to_string(*syscall_number("getcpu"));
  for (int minor : {17, 23}) {
    const RawSyscalls rs{minor >= 23};
    for (const auto& [name, make] : kPrograms) {
      const std::string t = make(options(minor, 88));
      const std::string entry = entry_probe(t, rs);
      SCOPED_TRACE(std::string(name) + " on 0." + std::to_string(minor));
      EXPECT_EQ(t.find("tracepoint:syscalls:sys_enter_getcpu"),
                std::string::npos)
          << t;
      const std::string head = entry.substr(0, entry.find('\n'));
      EXPECT_EQ(head.rfind(rs.enter_probe() + " /", 0), 0u) << entry;
      EXPECT_TRUE(head.ends_with(" || pid == 88/")) << entry;
      EXPECT_NE(entry.find("  if (pid == 88) {\n    if ($nr == " + getcpu +
                           ") {\n      $sctrace_marker = " + rs.entry_arg(2) +
                           ";\n"),
                std::string::npos)
          << entry;
      const std::size_t token =
          entry.find("if (($sctrace_marker >> 32) == 5) {");
      ASSERT_NE(token, std::string::npos) << entry;
      EXPECT_LT(entry.find("print((-1, @sctrace_seq[cpu], cpu, "
                           "$sctrace_marker));",
                           token),
                entry.find("  } else {\n"))
          << entry;
      // Everything the probe did before is the else branch: the marker's
      // own calls stash nothing.
      const std::size_t branch = entry.find("  } else {\n");
      const std::size_t stash = entry.find("[tid] = ");
      ASSERT_NE(branch, std::string::npos) << entry;
      EXPECT_LT(branch, stash) << entry;
      EXPECT_EQ(occurrences(entry, "{"), occurrences(entry, "}") + 1) << entry;
    }
  }
}

// The first marker round arms the trace, so the probe that answers it is
// attached last: bpftrace attaches in declaration order. BEGIN gives the
// maps the entry fills their types, since the probes above it read them.
TEST(RawSyscallsEntry, TheEntryProbeIsDeclaredLast) {
  for (int minor : {17, 23}) {
    const RawSyscalls rs{minor >= 23};
    for (const auto& [name, make] : kPrograms) {
      const std::string t = make(options(minor, 88));
      SCOPED_TRACE(std::string(name) + " on 0." + std::to_string(minor));
      const std::size_t entry = t.find("\n" + rs.enter_probe());
      ASSERT_NE(entry, std::string::npos) << t;
      const std::size_t after = t.find("\n}\n", entry);
      // Nothing but comments and END after it.
      const std::string rest = t.substr(after + 3);
      EXPECT_NE(rest.find("END\n{"), std::string::npos) << rest;
      for (const char* probe : {"tracepoint:", "rawtracepoint:", "interval:"})
        EXPECT_EQ(rest.find(probe), std::string::npos) << probe << rest;
      const std::size_t begin = t.find("BEGIN\n{\n");
      ASSERT_NE(begin, std::string::npos);
      EXPECT_LT(t.find("  if (0) {\n    @sctrace_", begin),
                t.find("\n}\n", begin))
          << t;
    }
  }
}

// The exits attach before the entry: an exit without its entry prints
// (STATE 1, started_before_trace) only once the session's first marker
// has set @sctrace_armed; the calls made while the probes attached do
// not. Only the syscalls program prints such exits.
TEST(RawSyscallsEntry, ExitsWithoutAnEntryWaitForTheArmingMarker) {
  const std::string gate = "($c.0 != 0 || @sctrace_armed)";
  for (int minor : {17, 23}) {
    const RawSyscalls rs{minor >= 23};
    SCOPED_TRACE("0." + std::to_string(minor));
    const std::string t = syscalls_text(options(minor, 88));
    const std::string entry = entry_probe(t, rs);
    const std::size_t token = entry.find("if (($sctrace_marker >> 32) == 5)");
    EXPECT_LT(token, entry.find("@sctrace_armed = 1;")) << entry;
    EXPECT_LT(entry.find("@sctrace_armed = 1;"), entry.find("  } else {\n"));
    // Every exit probe's filter (the general one and each special kind)
    // has the gate, except exec's, which prints only calls with an entry.
    std::size_t exits = 0;
    const std::string state = "$state = $c.0 == 0 ? 1 : 0;";
    for (std::size_t at = t.find(state); at != std::string::npos;
         at = t.find(state, at + 1), ++exits) {
      const std::size_t test = t.find("  if (", at);
      const std::string line = t.substr(test, t.find('\n', test) - test);
      EXPECT_TRUE(line.find(gate) != std::string::npos ||
                  line.find("if ($c.0 != 0) {") != std::string::npos)
          << line;
    }
    EXPECT_GE(exits, 2u);
    EXPECT_NE(t.find("clear(@sctrace_armed);"), std::string::npos);
    // Without a marker nothing would arm it: every such exit prints.
    EXPECT_EQ(syscalls_text(options(minor, 0)).find("@sctrace_armed"),
              std::string::npos);
    for (const Make& other : {Make(latency_text), Make(monitor_text)})
      EXPECT_EQ(other(options(minor, 88)).find("@sctrace_armed"),
                std::string::npos);
  }
}

TEST(RawSyscallsEntry, WithoutAMarkerTheEntryProbeIsAsBefore) {
  for (int minor : {17, 23}) {
    const RawSyscalls rs{minor >= 23};
    for (const auto& [name, make] : kPrograms) {
      const std::string entry = entry_probe(make(options(minor, 0)), rs);
      SCOPED_TRACE(std::string(name) + " on 0." + std::to_string(minor));
      EXPECT_EQ(entry.find("$sctrace_marker"), std::string::npos) << entry;
      EXPECT_EQ(entry.find("pid == 88"), std::string::npos) << entry;
      // The target's test alone: the pid, or the followed pid (by number,
      // then the map), without the marker's own pid ahead of it.
      const std::string head = entry.substr(0, entry.find('\n'));
      const std::string predicate = head.substr(head.find(" /") + 2);
      EXPECT_TRUE(predicate == "pid == 4321/" ||
                  predicate == "(pid == 4321 || @sctrace_follow[pid])/")
          << head;
    }
  }
}

// The target's test comes first; the marker's own exclusion is implied by
// admitting the marker (pid == 88 || (pid != 88 && X) is X || pid == 88),
// so it is left out and a target's call reads its pid once. Exclusions of
// other pids stay.
TEST(RawSyscallsEntry, PredicateAdmitsTheMarkerOnlyWhereOneIsNeeded) {
  const RawSyscalls rs{false};
  kainjow::mustache::data d;
  set_entry_probe(d, rs, 88, {"pid == 4321"});
  EXPECT_EQ(d.get("entry_predicate")->string_value(),
            "pid == 4321 || pid == 88");
  kainjow::mustache::data own;
  set_entry_probe(own, rs, 88, {"pid != 88", "pid != 89", "@f[pid]"});
  EXPECT_EQ(own.get("entry_predicate")->string_value(),
            "(pid != 89 && @f[pid]) || pid == 88");
  // Only the marker's exclusion (-a): every process enters, none needed.
  kainjow::mustache::data all;
  set_entry_probe(all, rs, 88, {"pid != 88"});
  EXPECT_EQ(all.get("entry_predicate"), nullptr);
  EXPECT_TRUE(all.get("marker_enter")->is_true());
  kainjow::mustache::data none;
  set_entry_probe(none, rs, 0, {"pid == 4321"});
  EXPECT_EQ(none.get("entry_predicate")->string_value(), "pid == 4321");
  EXPECT_EQ(none.get("marker_enter"), nullptr);
}

// count has no entry probe. On 0.17 its marker keeps its own probe (the
// exit tracepoint has no arguments); on 0.23 the exit probe takes it from
// the registers, so no syscalls:* perf event makes the kernel run its perf
// handler on every syscall of every process.
TEST(RawSyscallsEntry, CountTakesItsMarkerInTheExitOnRawTracepoints) {
  StatsProgramOptions o;
  o.target.pids = {4321};
  const std::string t17 =
      text_of(generate_stats(o, BuiltinCatalog(), options(17, 88)));
  EXPECT_NE(t17.find("tracepoint:syscalls:sys_enter_getcpu /pid == 88"),
            std::string::npos);
  EXPECT_EQ(t17.find("$sctrace_marker"), std::string::npos);
  const std::string t23 =
      text_of(generate_stats(o, BuiltinCatalog(), options(23, 88)));
  EXPECT_EQ(t23.find("tracepoint:syscalls:sys_enter_getcpu"),
            std::string::npos);
  const auto exit = t23.find("rawtracepoint:sys_exit /pid == 4321 || "
                             "pid == 88/");
  ASSERT_NE(exit, std::string::npos) << t23;
  const auto marker =
      t23.find("$sctrace_marker = ((struct pt_regs *)arg0)->dx;", exit);
  ASSERT_NE(marker, std::string::npos);
  // The marker's branch comes before the counting, which is its else.
  EXPECT_LT(marker, t23.find("@sctrace_count[$nr] = sum(1);", exit));
  EXPECT_NE(t23.find("  } else {", marker), std::string::npos);
}

} // namespace
} // namespace sctrace::gen
