// The sctrace syscalls program generator, over sctrace's built-in x86_64
// syscall catalog (no root, no tracefs needed).
#include <gtest/gtest.h>

#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "gen/builtin_catalog.h"
#include "gen/syscall_args.h"
#include "gen/syscall_table.h"
#include "gen/syscalls_program.h"
#include "gen_text.h"

namespace sctrace::gen {
namespace {

BpftraceVersion v(int minor) {
  BpftraceVersion b;
  b.minor = minor;
  return b;
}

GeneratedProgram make(const SyscallProgramOptions& o, int minor = 17,
                      GenOptions g = {}) {
  g.version = v(minor);
  auto p = generate_syscalls(o, BuiltinCatalog(), g);
  EXPECT_TRUE(p.ok()) << (p.ok() ? "" : p.error().message);
  return p.ok() ? *p : GeneratedProgram{};
}

// The $c slot the general exit program takes the path of syscall NR
// from (gen/syscalls_program.cpp's masks: bit NR & 31 of word NR >> 5),
// or 0 when its masks name none.
// The argument (1 = the first, 0 = none) the 0.23 program reads syscall
// NR's path from: the mask test that names NR, then the $aK it picks.
int path_arg(const std::string& text, int nr) {
  const std::string head =
      "if (($nr >> 5) == " + std::to_string(nr >> 5) + ") {\n";
  std::size_t at = text.find(head);
  if (at == std::string::npos)
    return 0;
  std::size_t end = text.find("    }", at + head.size());
  std::istringstream in(text.substr(at + head.size(), end - at - head.size()));
  std::string line;
  std::uint64_t mask = 0;
  while (std::getline(in, line)) {
    if (line.find("& $bit) {") != std::string::npos)
      mask = std::stoull(line.substr(line.find("0x")), nullptr, 16);
    else if (line.find("$p = $a") != std::string::npos &&
             (mask >> (nr & 31) & 1))
      return std::stoi(line.substr(line.find("$a") + 2)) + 1;
  }
  return 0;
}

TEST(SyscallTable, NumbersMatchTheKernelTable) {
  EXPECT_EQ(syscall_name(0), "read");
  EXPECT_EQ(syscall_name(257), "openat");
  EXPECT_EQ(syscall_name(435), "clone3");
  EXPECT_EQ(syscall_name(437), "openat2");
  EXPECT_EQ(syscall_name(462), "mseal");
  EXPECT_EQ(syscall_name(469), "file_setattr");
  EXPECT_EQ(syscall_name(999), "");
  EXPECT_EQ(syscall_display_name(999), "syscall_999");
  EXPECT_EQ(syscall_number("newfstat"), 5);
  EXPECT_EQ(syscall_number("fstat"), 5);
  EXPECT_EQ(syscall_number("umount2"), 166);
  EXPECT_EQ(syscall_number("nope"), std::nullopt);
  // Sorted and unique.
  const auto& t = syscall_table();
  for (std::size_t i = 1; i < t.size(); ++i)
    EXPECT_LT(t[i - 1].number, t[i].number) << t[i].name;
}

TEST(SyscallTable, EveryBuiltinTracepointHasANumber) {
  for (const auto& event : BuiltinCatalog().events("syscalls")) {
    if (!event.starts_with("sys_enter_"))
      continue;
    EXPECT_TRUE(syscall_number(event.substr(10)).has_value()) << event;
  }
}

TEST(SyscallArgs, PlansReadThePathsAndSockaddrs) {
  BuiltinCatalog c;
  auto fields = [&](const char* e) {
    return syscall_arg_fields(*c.tracepoint_fields("syscalls", e));
  };
  auto openat = args_plan("openat", fields("sys_enter_openat"));
  EXPECT_EQ(openat.main_string, 1);
  EXPECT_EQ(openat.second_string, -1);
  auto rename = args_plan("renameat2", fields("sys_enter_renameat2"));
  EXPECT_EQ(rename.main_string, 1);
  EXPECT_EQ(rename.second_string, 3);
  auto connect = args_plan("connect", fields("sys_enter_connect"));
  EXPECT_EQ(connect.sockaddr, 1);
  EXPECT_EQ(connect.sockaddr_len, 2);
  EXPECT_FALSE(connect.sockaddr_len_is_pointer);
  EXPECT_TRUE(args_plan("accept4", fields("sys_enter_accept4"))
                  .sockaddr_len_is_pointer);
  auto execve = args_plan("execve", fields("sys_enter_execve"));
  EXPECT_TRUE(execve.string_at_entry);
  EXPECT_EQ(execve.main_string, 0);
  // read's buffer and readlink's output are not paths.
  EXPECT_EQ(args_plan("read", fields("sys_enter_read")).main_string, -1);
  EXPECT_EQ(args_plan("readlink", fields("sys_enter_readlink")).main_string, 0);
  EXPECT_EQ(args_plan("readlink", fields("sys_enter_readlink")).second_string,
            -1);
}

// Start-up: bpftrace compiles and attaches each probe on its own, so the
// special syscalls share raw_syscalls:sys_exit programs by kind instead
// of one syscalls:sys_exit_* probe each (33 on this table). Every exit
// runs each of them, so sockaddr's and exec's kinds share one (0.17's
// stack fits that pair, not all three).
TEST(SyscallsProgram, AllSyscallsUseRawTracepointsAndOneProgramPerKind) {
  auto p = make({});
  EXPECT_EQ(occurrences(p.text, "tracepoint:raw_syscalls:sys_enter"), 1u);
  EXPECT_EQ(occurrences(p.text, "tracepoint:raw_syscalls:sys_exit"), 3u);
  EXPECT_EQ(occurrences(p.text, "tracepoint:syscalls:sys_exit_"), 0u);
  // Each program takes only its syscalls, by the tracepoint's id: the
  // pair both kinds', then each kind's branch its own.
  EXPECT_EQ(occurrences(p.text, "  if ($id == 42 || $id == 43 || $id == 44"),
            2u);
  EXPECT_EQ(occurrences(p.text, " || $id == 288 || $id == 59 || $id == 322) "
                                "{\n  if (1) {\n  $c = "),
            1u); // no target: every pid's
  EXPECT_EQ(occurrences(p.text, "  } else if (1) {\n  if (1) {\n  delete("),
            1u); // exec's branch: the numbers the sockaddr test left
  EXPECT_EQ(occurrences(p.text, " || $id == 316 || "), 1u); // renameat2
  // and the general program none of them.
  EXPECT_EQ(occurrences(p.text, "$nr != 42 && $nr != 43"), 1u);
  // Slots by syscall: sendto's sockaddr is its fifth argument, renameat2's
  // strings its second and fourth; no `||` (0.17's stack).
  EXPECT_NE(p.text.find("if ($id == 44) {\n      $a = $c.6;\n      $n = "
                        "$c.7;\n    } else "),
            std::string::npos);
  EXPECT_NE(p.text.find("$p = $c.3;\n      $q = $c.5;"), std::string::npos);
  // 0.17 finds the path's argument in a map (masks overflow its stack).
  EXPECT_NE(p.text.find("@sctrace_str[257] = 2;"), std::string::npos);
  EXPECT_EQ(p.text.find("$bit"), std::string::npos);
  EXPECT_NE(p.text.find("print(@sctrace_call);"), std::string::npos);
  EXPECT_EQ(p.text.find("@sctrace_want"), std::string::npos);
  // With special probes, 0.17's 512-byte stack fits 40-byte strings.
  EXPECT_EQ(p.string_size, 40);
  // The four syscall shapes, then the signal and exit layouts.
  ASSERT_EQ(p.layout.probes.size(), 6u);
  for (std::size_t i = 0; i < 4; ++i) {
    EXPECT_TRUE(p.layout.probes[i].expose_values);
    EXPECT_EQ(p.layout.probes[i].retval_index, kSlotReturn);
  }
  EXPECT_EQ(p.layout.probes[4].values.size(),
            static_cast<std::size_t>(kSignalSlots));
  EXPECT_EQ(p.layout.probes[5].values.size(), 1u);
  // + the sockaddr's three words and its length, + the string
  EXPECT_EQ(p.layout.probes[1].values.size(), 15u);
  EXPECT_EQ(p.layout.probes[2].values.size(), 12u); // + two strings
}

// On bpftrace 0.23 (tuples off the stack) every exit is one program: the
// special kinds are branches by number, and the rest is the last branch,
// which then needs no list of the special numbers.
TEST(SyscallsProgram, OnBpftrace023EveryExitIsOneProgram) {
  auto p = make({}, 23);
  EXPECT_EQ(occurrences(p.text, "rawtracepoint:sys_exit"), 1u);
  EXPECT_EQ(occurrences(p.text, "  if ($id == 42 || $id == 43 || $id == 44"),
            1u);
  EXPECT_EQ(occurrences(p.text, "  } else if ($id == 82 || "), 1u);
  EXPECT_EQ(occurrences(p.text, "  } else if ($id == 59 || $id == 322) {"), 1u);
  EXPECT_EQ(occurrences(p.text, "  } else if (1) {"), 1u);
  EXPECT_EQ(occurrences(p.text, "$nr != 42"), 0u);
  // Each of the four event shapes is printed once.
  for (const char* head :
       {"print((0, ", "print((1, ", "print((2, ", "print((3, "})
    EXPECT_GE(occurrences(p.text, head), 1u) << head;
  // A selection without special syscalls: the one branch.
  SyscallProgramOptions o;
  o.syscalls = {0};
  p = make(o, 23);
  EXPECT_EQ(occurrences(p.text, "$id =="), 0u);
  EXPECT_EQ(occurrences(p.text, "  // every other syscall\n  if (1) {\n"), 1u);
}

// The one exit program tests the target and reads the entry once, before
// its branches (bpftrace compiles that code once). exec's branch tests
// only the own pids, so its numbers pass the target's test too.
TEST(SyscallsProgram, OnBpftrace023TheExitReadsTheEntryOnce) {
  const std::string kExitNr = "(int64)((struct pt_regs *)arg0)->orig_ax";
  const std::string kLazyNr = "$nr = $c.0 != 0 ? $c.1 : " + kExitNr +
                              ";\n  // The number the branches test "
                              "(set_one_call, syscalls_program.cpp).\n"
                              "  $id = $nr;\n";
  SyscallProgramOptions o;
  o.target.pids = {41};
  o.target.follow_forks = true;
  GenOptions g;
  g.exclude_pids = {7};
  auto p = make(o, 23, g);
  // A pid target keeps its pid through exec: the target's test alone,
  // and the saved registers' number read only for a call without an
  // entry.
  EXPECT_EQ(occurrences(p.text, kLazyNr), 1u) << p.text;
  EXPECT_EQ(occurrences(p.text, kExitNr), 1u) << p.text;
  const std::string head = "rawtracepoint:sys_exit /pid != 7/\n"
                           "{\n  if ((pid == 41 || "
                           "@sctrace_follow[pid])) {\n"
                           "  $c = @sctrace_entry[tid];\n";
  EXPECT_NE(p.text.find(head), std::string::npos) << p.text;
  EXPECT_EQ(occurrences(p.text, "  // sockaddr: "), 1u);
  // 0.17 keeps a program per stack-sized group of kinds (sockaddr and
  // exec; two strings), each with its test and its read.
  EXPECT_EQ(occurrences(make(o, 17, g).text, "$nr = $c.0 != 0 ? $c.1 : $id;"),
            2u);
  // exec changes comm: a --comm target's exit reads the number first, so
  // that exec's calls pass the test (the entry stash decides for them).
  SyscallProgramOptions c;
  c.target.comm = "nginx";
  p = make(c, 23, g);
  EXPECT_NE(
      p.text.find("rawtracepoint:sys_exit /pid != 7/\n{\n  $id = " + kExitNr +
                  ";\n  if (($id == 59 || $id == 322) || comm == "
                  "\"nginx\") {\n  $c = "),
      std::string::npos)
      << p.text;
  EXPECT_EQ(occurrences(p.text, "$nr = $c.0 != 0 ? $c.1 : $id;"), 1u);
  EXPECT_EQ(occurrences(p.text, "  $id = $nr;"), 0u);
  // Only the own pids to leave out, which the probe's predicate does:
  // every call passes (each `pid` is a helper call).
  p = make({}, 23, g);
  EXPECT_NE(p.text.find("rawtracepoint:sys_exit /pid != 7/\n{\n"
                        "  if (1) {\n  $c = "),
            std::string::npos)
      << p.text;
  EXPECT_EQ(occurrences(p.text, kLazyNr), 1u) << p.text;
  // Nothing to leave out: no test.
  p = make({}, 23);
  EXPECT_NE(p.text.find("{\n  if (1) {\n  $c = "), std::string::npos);
}

// On bpftrace 0.23 (raw tracepoints) the entry stashes only the time, the
// number and where the thread's registers are saved; the exit reads the
// arguments from the registers, and only for a call it prints (sctrace
// slow's fast calls read none). exec's, which a successful exec clears,
// are kept at entry. A thread that ended inside its call, and the calls
// in flight at the end, read the registers their stash points to.
TEST(SyscallsProgram, OnBpftrace023ArgumentsComeFromTheRegistersAtExit) {
  SyscallProgramOptions o;
  o.min_duration_ns = 1000000;
  o.count_fast = true;
  const std::string t = make(o, 23).text;
  EXPECT_EQ(occurrences(t, "rawtracepoint:sys_enter"), 1u);
  EXPECT_EQ(occurrences(t, "args->args"), 0u);
  EXPECT_EQ(occurrences(t, "= args->id"), 0u);
  EXPECT_NE(t.find("  @sctrace_entry[tid] = (nsecs, $nr, arg0);\n"),
            std::string::npos);
  // Four branches load $a0..$a5, each after its duration test.
  EXPECT_EQ(occurrences(t, "    $a0 = "), 4u);
  for (std::size_t at = t.find("    $a0 = "); at != std::string::npos;
       at = t.find("    $a0 = ", at + 1)) {
    const std::size_t branch = t.rfind("  $duration = ", at);
    const std::size_t test = t.rfind("$duration >= 1000000) {", at);
    ASSERT_NE(test, std::string::npos);
    EXPECT_GT(test, branch);
  }
  EXPECT_EQ(occurrences(t, "    $regs = (struct pt_regs *)arg0;\n"
                           "    $a0 = $regs->di;\n"),
            3u);
  EXPECT_NE(t.find("@sctrace_entry_args[tid] = (((struct pt_regs "
                   "*)arg0)->di, ((struct pt_regs *)arg0)->si, "),
            std::string::npos);
  EXPECT_NE(t.find("    $e = @sctrace_entry_args[tid];\n"
                   "    delete(@sctrace_entry_args[tid]);\n"
                   "    $a0 = $e.0;\n"),
            std::string::npos);
  const std::string regs = "$regs->di, $regs->si, $regs->dx, $regs->r10, "
                           "$regs->r8, $regs->r9";
  EXPECT_NE(t.find("      $regs = (struct pt_regs *)$c.2;\n      print((0, "),
            std::string::npos);
  EXPECT_NE(t.find(", $c.1, 2, " + regs + ", 0, $duration, \"\"));"),
            std::string::npos);
  const std::size_t end =
      t.find("  for ($kv : @sctrace_entry) {\n"
             "    $regs = (struct pt_regs *)$kv.1.2;\n"
             "    @sctrace_call[$kv.0] = ($kv.1.0, $kv.1.1, " +
             regs + ");\n  }\n");
  ASSERT_NE(end, std::string::npos);
  EXPECT_LT(end, t.find("  print(@sctrace_call);"));
  // 0.17 (tracepoints) keeps the arguments in the entry's stash.
  const std::string t17 = make(o).text;
  EXPECT_EQ(occurrences(t17, "pt_regs"), 0u);
  EXPECT_NE(t17.find("@sctrace_call[tid] = (nsecs, $nr, args->args[0], "),
            std::string::npos);
}

// On bpftrace 0.23 the syscalls program counts its events per CPU
// (gen/layout.h SEQ) unless it prints user stacks (slow --stack), which
// are matched to their event by its number; 0.17 numbers every event.
TEST(SyscallsProgram, OnBpftrace023EventsAreCountedUnlessStacksAreMatched) {
  const std::string counted = "@sctrace_seq[cpu] = count();\n"
                              "    $sctrace_seq = 0;\n";
  SyscallProgramOptions o;
  GeneratedProgram p = make(o, 23);
  EXPECT_FALSE(p.layout.numbered);
  EXPECT_GE(occurrences(p.text, counted), 4u); // exit, signals, process exit
  EXPECT_EQ(occurrences(p.text, "@sctrace_seq[cpu] + 1"), 0u);
  EXPECT_TRUE(make(o).layout.numbered);
  EXPECT_EQ(occurrences(make(o).text, "count()"), 0u);
  o.user_stack = true;
  p = make(o, 23);
  EXPECT_TRUE(p.layout.numbered);
  EXPECT_EQ(occurrences(p.text, "@sctrace_seq[cpu] = count();"), 0u);
  EXPECT_GT(occurrences(p.text, "$sctrace_seq = @sctrace_seq[cpu] + 1;"), 0u);
}

// slow's count of calls under their threshold: on bpftrace 0.23 a zero
// creates each key first (Dialect::racy_key_creation), so a CPU that loses
// the race to create it drops only the zero.
TEST(SyscallsProgram, FastCallCountNeverLetsACallCreateAKey) {
  SyscallProgramOptions o;
  o.count_fast = true;
  o.min_duration_ns = 1000000;
  std::string t17 = make(o).text;
  EXPECT_GT(occurrences(t17, "@sctrace_fast[$nr] = count();"), 0u);
  EXPECT_EQ(occurrences(t17, "sum("), 0u);
  std::string t23 = make(o, 23).text;
  // count() only for the events' per-CPU count, keyed by the CPU that
  // adds: no two CPUs create one key (gen/layout.h SEQ).
  EXPECT_EQ(occurrences(t23, "count()"),
            occurrences(t23, "@sctrace_seq[cpu] = count();"));
  const std::size_t blocks =
      occurrences(t23, "@sctrace_fast[$nr] = sum(0);\n    @sctrace_fast[$nr] = "
                       "sum(1);");
  EXPECT_GT(blocks, 0u);
  EXPECT_EQ(blocks, occurrences(t17, "@sctrace_fast[$nr] = count();"));
}

TEST(SyscallsProgram, SmallSelectionsAreInlineLargeOnesAMap) {
  SyscallProgramOptions o;
  o.syscalls = {0, 257};
  auto p = make(o);
  EXPECT_NE(p.text.find("($nr == 0 || $nr == 257)"), std::string::npos);
  EXPECT_EQ(p.text.find("$id =="), std::string::npos);
  EXPECT_EQ(occurrences(p.text, "tracepoint:raw_syscalls:sys_exit"), 1u);
  EXPECT_EQ(p.string_size, 72);
  // No syscall with a path: no path map at all (bpftrace rejects clearing
  // a map that is never set).
  o.syscalls = {0};
  EXPECT_EQ(make(o).text.find("@sctrace_str"), std::string::npos);
  o.syscalls = {0, 257};
  for (int i = 0; i < 20; ++i)
    o.syscalls.push_back(i + 1);
  p = make(o);
  EXPECT_NE(p.text.find("@sctrace_want[$nr]"), std::string::npos);
  EXPECT_NE(p.text.find("@sctrace_want[20] = 1;"), std::string::npos);
}

TEST(SyscallsProgram, TargetsAndFiltersGoIntoTheKernel) {
  SyscallProgramOptions o;
  o.target.pids = {12, 34};
  o.only_failed = true;
  o.min_duration_ns = 5000;
  auto p = make(o);
  EXPECT_NE(p.text.find("/(pid == 12 || pid == 34)/"), std::string::npos);
  EXPECT_NE(p.text.find("$ret < 0 && $duration >= 5000)"), std::string::npos);
  // Calls that never returned have no result: dropped under -Z.
  EXPECT_NE(p.text.find("if (0) {"), std::string::npos);
  // The per-kind exit programs (0.17) test the syscall number before the
  // target: no predicate, the target inside the number test.
  EXPECT_EQ(occurrences(p.text, "tracepoint:raw_syscalls:sys_exit\n{\n"), 2u);
  EXPECT_EQ(
      occurrences(p.text, ") {\n  if ((pid == 12 || pid == 34)) {\n  $c = "),
      1u); // two strings
  // sockaddr's and exec's: exec tests no target at exit.
  EXPECT_EQ(occurrences(p.text, ") {\n  if (($id == 59 || $id == 322) || "
                                "((pid == 12 || pid == 34))) {\n  $c = "),
            1u);

  o = {};
  o.target.cgroup_ids = {4242};
  p = make(o);
  EXPECT_NE(p.text.find("/cgroup == 4242/"), std::string::npos);
  GenOptions g;
  g.follow_root = 777;
  g.exclude_pids = {1};
  p = make({}, 17, g);
  EXPECT_NE(p.text.find("@sctrace_follow[777] = 1;"), std::string::npos);
  EXPECT_NE(p.text.find("/pid != 1 && (pid == 777 || @sctrace_follow[pid])/"),
            std::string::npos);
  // exec's calls in the sockaddr program: sctrace's own pids left out.
  EXPECT_NE(p.text.find("  if ((pid != 1 && ($id == 59 || $id == 322)) || "
                        "(pid != 1 && (pid == 777 || @sctrace_follow[pid]))) "
                        "{\n  $c = "),
            std::string::npos)
      << p.text;
}

TEST(SyscallsProgram, CommIsAnEscapedLiteral) {
  SyscallProgramOptions o;
  o.target.comm = "a\"); system(\"id";
  auto p = make(o);
  EXPECT_EQ(p.text.find("system(\"id"), std::string::npos);
  EXPECT_NE(p.text.find("comm == \"a\\x22); system(\\x22id\""),
            std::string::npos)
      << p.text.substr(0, 2000);
}

TEST(SyscallsProgram, FollowedPidsStartTheFollowMapAndItsForksJoin) {
  SyscallProgramOptions o;
  o.target.pids = {41, 42};
  o.target.follow_forks = true;
  auto p = make(o);
  EXPECT_NE(p.text.find("@sctrace_follow[41] = 1;\n  @sctrace_follow[42] = 1;"),
            std::string::npos)
      << p.text.substr(0, 2000);
  // Several -p pids: the map alone (one may exit, and its pid be reused,
  // long before the others).
  EXPECT_NE(p.text.find("sys_enter /@sctrace_follow[pid]/"), std::string::npos);
  EXPECT_NE(p.text.find("tracepoint:sched:sched_process_fork "
                        "/@sctrace_follow[pid]/"),
            std::string::npos);
  EXPECT_EQ(p.text.find("pid == 41"), std::string::npos);
  EXPECT_NE(p.text.find("clear(@sctrace_follow);"), std::string::npos);
  // One: its pid by number first, so its calls skip the map lookup; the
  // trace stops when it exits.
  o.target.pids = {41};
  p = make(o);
  EXPECT_NE(p.text.find("sys_enter /(pid == 41 || @sctrace_follow[pid])/"),
            std::string::npos);
  EXPECT_NE(p.text.find("tracepoint:sched:sched_process_fork "
                        "/@sctrace_follow[pid]/"),
            std::string::npos);
  o.target.pids = {41, 42};
  // --no-follow: the pids, no map.
  o.target.follow_forks = false;
  p = make(o);
  EXPECT_NE(p.text.find("(pid == 41 || pid == 42)"), std::string::npos);
  EXPECT_EQ(p.text.find("@sctrace_follow"), std::string::npos);
}

TEST(SyscallsProgram, ProcessEventsAddSignalProbesAndTheExitRecord) {
  SyscallProgramOptions o;
  o.target.pids = {41};
  o.target.follow_forks = true;
  auto p = make(o);
  EXPECT_EQ(p.text.find("signal_deliver"), std::string::npos);
  EXPECT_EQ(p.layout.probes.size(), 6u); // the layouts are always there
  o.process_events = true;
  p = make(o);
  EXPECT_NE(p.text.find("tracepoint:signal:signal_generate"),
            std::string::npos);
  EXPECT_NE(p.text.find("tracepoint:signal:signal_deliver"), std::string::npos);
  EXPECT_NE(p.text.find("if ($sig != 9 && (pid == 41 || "
                        "@sctrace_follow[pid])) {"),
            std::string::npos)
      << p.text;
  EXPECT_NE(p.text.find("curtask->signal->live.counter == 0 && "
                        "(pid == 41 || @sctrace_follow[pid])"),
            std::string::npos);
  EXPECT_NE(p.text.find("clear(@sctrace_siginfo);"), std::string::npos);
  // The exit record comes before the follow block forgets the process.
  EXPECT_LT(p.text.find("curtask->signal->live.counter"),
            p.text.find("tracepoint:sched:sched_process_fork"));
}

// A kernel whose sched_process_exit has group_dead (6.x): the exit record
// tests that field, not curtask->signal (which makes bpftrace 0.23 build
// the signal_struct type at start-up, about 0.8 s).
class GroupDeadCatalog final : public KernelCatalog {
public:
  Result<std::vector<TracepointField>>
  tracepoint_fields(std::string_view category,
                    std::string_view event) const override {
    if (category == "sched" && event == "sched_process_exit")
      return std::vector<TracepointField>{{"pid_t", "pid", 4, true, 0},
                                          {"bool", "group_dead", 1, false, 0}};
    return builtin_.tracepoint_fields(category, event);
  }
  std::vector<std::string> events(std::string_view category) const override {
    return builtin_.events(category);
  }
  bool kprobes_available() const override { return false; }

private:
  BuiltinCatalog builtin_;
};

// 0.23 finds the path's argument through bit masks in if statements: no
// map filled in BEGIN (its updates cost about 55 ms of compiling), no
// lookup per call.
TEST(SyscallsProgram, PathArgumentsAreMasksOn023) {
  auto p = make({}, 23);
  // openat's path is its second argument, open's its first; read has none.
  EXPECT_EQ(path_arg(p.text, 257), 2);
  EXPECT_EQ(path_arg(p.text, 2), 1);
  EXPECT_EQ(path_arg(p.text, 89), 1);  // readlink
  EXPECT_EQ(path_arg(p.text, 263), 2); // unlinkat
  EXPECT_EQ(path_arg(p.text, 0), 0);
  EXPECT_EQ(p.text.find("@sctrace_str"), std::string::npos);
}

// No str() reads NULL (its fault cost more than the event): a sockaddr
// call without an address (send() is sendto() without one, recv() is
// recvfrom()) prints "" instead, on both versions.
TEST(SyscallsProgram, ACallWithoutAnAddressReadsNoString) {
  for (int minor : {17, 23}) {
    auto p = make({}, minor);
    EXPECT_EQ(occurrences(p.text, "    if ($a != 0) {\n      print((1, "), 1u)
        << minor;
    EXPECT_EQ(occurrences(p.text, "$x0, $x1, $x2, $n, \"\"));"), 1u) << minor;
    EXPECT_EQ(p.text.find(": 0))"), std::string::npos) << minor;
  }
}

TEST(SyscallsProgram, ExitRecordTestsGroupDeadWhenTheTracepointHasIt) {
  SyscallProgramOptions o;
  o.target.pids = {41};
  o.process_events = true;
  GenOptions g;
  g.version = v(23);
  auto p = generate_syscalls(o, GroupDeadCatalog(), g);
  ASSERT_TRUE(p.ok()) << p.error().message;
  EXPECT_NE(p->text.find("if (args->group_dead && "), std::string::npos)
      << p->text;
  EXPECT_EQ(p->text.find("live.counter"), std::string::npos);
}

// An ignored SIGCHLD is tested on its receiver, the sender's parent: the
// target's parts with the parent's pid, comm and cgroup, and printed in
// the parent's name. Hostile names stay string literals.
TEST(SyscallsProgram, IgnoredSigchldTestsTheParentAsTheTarget) {
  SyscallProgramOptions o;
  o.process_events = true;
  o.target.pids = {41};
  o.target.follow_forks = true;
  auto p = make(o);
  EXPECT_NE(p.text.find("if ($res == 1 && $gsig == 17) {"), std::string::npos)
      << p.text;
  EXPECT_NE(p.text.find("if (($rpid == 41 || @sctrace_follow[$rpid])) {"),
            std::string::npos);
  EXPECT_NE(p.text.find("print((4, $sctrace_seq, nsecs, $rpid, $rtid, cpu, "
                        "$rcomm, 17,"),
            std::string::npos);
  o.target.pids.clear();
  o.target.comm = "ng\"x";
  o.target.comm_prefix = true;
  p = make(o);
  EXPECT_NE(p.text.find("if (strncmp($rcomm, \"ng\\x22x\", 4) == 0) {"),
            std::string::npos);
  o.target.comm.clear();
  o.target.cgroup_ids = {7, 9};
  p = make(o);
  EXPECT_NE(p.text.find("((uint64)curtask->parent->cgroups->dfl_cgrp->kn->id "
                        "== 7 || "),
            std::string::npos);
}

TEST(SyscallsProgram, CommPrefixIsAStrncmpOfItsLength) {
  SyscallProgramOptions o;
  o.target.comm = "ng\"x";
  o.target.comm_prefix = true;
  auto p = make(o);
  EXPECT_NE(p.text.find("strncmp(comm, \"ng\\x22x\", 4) == 0"),
            std::string::npos)
      << p.text.substr(0, 2000);
  EXPECT_EQ(p.text.find("comm =="), std::string::npos);
}

TEST(SyscallsProgram, ConflictsAndSizesAreChecked) {
  SyscallProgramOptions o;
  o.only_success = o.only_failed = true;
  GenOptions g;
  EXPECT_FALSE(generate_syscalls(o, BuiltinCatalog(), g).ok());
  o = {};
  g.string_size = 200;
  auto big = generate_syscalls(o, BuiltinCatalog(), g);
  ASSERT_FALSE(big.ok());
  EXPECT_NE(big.error().message.find("takes 8 to 40"), std::string::npos);
  g.version = v(23);
  EXPECT_TRUE(generate_syscalls(o, BuiltinCatalog(), g).ok());
  g.string_size = 0;
  EXPECT_EQ(generate_syscalls(o, BuiltinCatalog(), g)->string_size, 256);
  g.string_size = 4096;
  EXPECT_EQ(generate_syscalls(o, BuiltinCatalog(), g)->string_size, 4096);
  EXPECT_EQ(generate_syscalls(o, BuiltinCatalog(), g)->env.front().first,
            "BPFTRACE_MAX_STRLEN");
}

// slow --stack: the user stack as addresses only, which sctrace
// symbolises (gen::stack_print): "ustack" on 0.17, "ustack(raw)" on 0.23.
TEST(SyscallsProgram, user_stacks_are_addresses_per_version) {
  SyscallProgramOptions o;
  o.user_stack = true;
  const std::string p17 = make(o, 17).text, p23 = make(o, 23).text;
  EXPECT_NE(p17.find("STACK U %d %d\\n%s\", cpu, $sctrace_seq, ustack);"),
            std::string::npos)
      << p17;
  EXPECT_NE(p23.find("STACK U %d %d\\n%s\", cpu, $sctrace_seq, "
                     "ustack(raw));"),
            std::string::npos)
      << p23;
  EXPECT_EQ(p17.find("ustack(perf"), std::string::npos);
  EXPECT_EQ(p23.find("ustack(perf"), std::string::npos);
  o.user_stack = false;
  EXPECT_EQ(make(o, 23).text.find("ustack"), std::string::npos);
}

} // namespace
} // namespace sctrace::gen

namespace sctrace::gen {
namespace {

// The casts in a program's code (comments left out): `(TYPE)` and
// `(TYPE *)` for bpftrace's integer types.
std::vector<std::string> casts_in(const std::string& text) {
  static const std::regex cast(R"(\((u?int(8|16|32|64))( \*)?\))");
  std::vector<std::string> out;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    const std::size_t comment = line.find("//");
    const std::string code = line.substr(0, comment);
    for (auto m = std::sregex_iterator(code.begin(), code.end(), cast);
         m != std::sregex_iterator(); ++m)
      out.push_back(m->str());
  }
  return out;
}

// bpftrace 0.17 looks every cast's type up in the kernel's BTF at
// start-up, a scan of every type (about 1 ms each): zeros, BEGIN's
// declarations and the signal map's keys take their types from values,
// so only pointer reads (and curtask's address) are cast. Every shape of
// the program: a command, -p with its forks, and the signals.
TEST(SyscallsProgram, OnBpftrace017OnlyPointerReadsAreCast) {
  SyscallProgramOptions o;
  o.target.pids = {41};
  o.target.follow_forks = true;
  o.process_events = true;
  GenOptions g;
  g.exclude_pids = {7};
  g.marker_pid = 7;
  const std::string t = make(o, 17, g).text;
  const auto casts = casts_in(t);
  for (const std::string& c : casts)
    EXPECT_TRUE(c.ends_with(" *)") || c == "(uint64)") << c;
  EXPECT_EQ(t.find("(uint64)0"), std::string::npos) << t;
  EXPECT_EQ(t.find("(int64)"), std::string::npos) << t;
  // (uint64) only before a pointer read's deref or curtask.
  for (std::size_t at = t.find("(uint64)"); at != std::string::npos;
       at = t.find("(uint64)", at + 1))
    EXPECT_TRUE(t.compare(at + 8, 1, "*") == 0 ||
                t.compare(at + 8, 7, "curtask") == 0)
        << t.substr(at, 40);
  // The sockaddr's reads (seven), and curtask's address for the task's
  // members (this catalog has no offsets: curtask-> paths).
  EXPECT_LE(casts.size(), 9u) << t;
}

} // namespace
} // namespace sctrace::gen
