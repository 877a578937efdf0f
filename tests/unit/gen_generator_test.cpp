// Generator tests over a recorded tracefs tree (tests/data/tracefs): no root,
// no kernel. Live tests prove that bpftrace loads what is generated.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "gen/builtin_catalog.h"
#include "gen/generator.h"
#include "spec/parser.h"

namespace sctrace::gen {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

const TracefsCatalog& catalog() {
  static TracefsCatalog c(std::string(SCTRACE_TEST_DATA) + "/tracefs");
  return c;
}

Result<GeneratedProgram> gen_specs(const std::vector<std::string>& texts,
                                   GenOptions opt = {}) {
  std::vector<spec::TraceSpec> specs;
  for (const auto& t : texts) {
    auto s = spec::parse_probe(t);
    if (!s.ok())
      return s.error();
    specs.push_back(*s);
  }
  return generate(specs, catalog(), opt);
}

GeneratedProgram must_gen(const std::vector<std::string>& texts,
                          GenOptions opt = {}) {
  auto p = gen_specs(texts, opt);
  EXPECT_TRUE(p.ok()) << (p.ok() ? "" : p.error().message);
  return p.ok() ? *p : GeneratedProgram{};
}

std::string gen_error(const std::vector<std::string>& texts) {
  auto p = gen_specs(texts);
  EXPECT_FALSE(p.ok());
  return p.ok() ? "" : p.error().message;
}

// Issue 12: the kernel runs at most 64 BPF programs on one tracepoint; a
// 65th fails in bpftrace with "Argument list too long" after the others
// attached. It is refused before bpftrace runs, with the reason.
TEST(Generator, more_than_64_programs_on_one_tracepoint_are_refused) {
  std::vector<std::string> specs(64, "sys_close");
  EXPECT_TRUE(gen_specs(specs).ok());
  specs.push_back("sys_close");
  std::string e = gen_error(specs);
  EXPECT_THAT(e, HasSubstr("65 BPF programs would attach to "
                           "tracepoint:syscalls:sys_enter_close"));
  EXPECT_THAT(e, HasSubstr("at most 64"));
  // A return probe loads two, its entry stash on sys_enter_close too.
  std::vector<std::string> mixed(33, "r::sys_close");
  mixed.resize(65, "sys_close");
  EXPECT_THAT(gen_error(mixed), HasSubstr("65 BPF programs would attach to "
                                          "tracepoint:syscalls:sys_enter_"
                                          "close"));
}

TEST(Generator, syscall_names_map_to_syscall_tracepoints) {
  for (const char* name : {"sys_read", "__x64_sys_read", "sys_enter_read",
                           "__se_sys_read", "__do_sys_read"}) {
    auto p = must_gen({name});
    EXPECT_THAT(p.text, HasSubstr("tracepoint:syscalls:sys_enter_read\n"))
        << name;
    ASSERT_EQ(p.layout.probes.size(), 1u);
    EXPECT_EQ(p.layout.probes[0].function, "sys_read");
  }
}

TEST(Generator, argn_maps_to_the_nth_tracepoint_field) {
  auto p = must_gen({"sys_read (arg3 > 1024) \"read %d from %d\", arg3, arg1"});
  EXPECT_THAT(p.text, HasSubstr("/(args->count > 1024)/"));
  EXPECT_THAT(p.text, HasSubstr("print((0, $sctrace_seq, nsecs, pid, tid, "
                                "cpu, comm, args->count, args->fd, "
                                "curtask->group_leader->start_time));"));
  const auto& l = p.layout.probes[0];
  ASSERT_EQ(l.values.size(), 3u);
  EXPECT_EQ(l.values[0].name, "arg3");
  EXPECT_EQ(l.values[1].name, "arg1");
  EXPECT_EQ(l.format, "read %d from %d");
  EXPECT_EQ(l.retval_index, -1);
}

TEST(Generator, char_pointer_arguments_are_read_as_strings) {
  auto p = must_gen({"sys_openat \"%s\", arg2"});
  EXPECT_THAT(p.text, HasSubstr("str(args->filename)"));
  EXPECT_EQ(p.layout.probes[0].values[0].kind, ValueKind::String);
}

// Issue 16.4: a %s read through a pointer may fail unseen; a literal
// cannot. Issue 16.7: %K/%U also send their address, after the format
// arguments, for trace.py's "sym+0xoff [module]".
TEST(Generator, marks_pointer_strings_and_sends_symbol_addresses) {
  auto p = must_gen({"sys_read \"%s %K %s\", arg2, arg2, \"lit\""});
  EXPECT_THAT(p.text, HasSubstr("comm, str(args->buf), ksym(args->buf), "
                                "\"lit\", (uint64)(args->buf), "
                                "curtask->group_leader->start_time));"));
  const auto& v = p.layout.probes[0].values;
  ASSERT_EQ(v.size(), 5u);
  EXPECT_TRUE(v[0].read_may_fail);
  EXPECT_EQ(v[0].address_index, -1);
  EXPECT_FALSE(v[1].read_may_fail);
  EXPECT_EQ(v[1].address_index, 3);
  EXPECT_FALSE(v[2].read_may_fail);
  EXPECT_EQ(v[3].kind, ValueKind::Int);
  EXPECT_EQ(v[3].name, "arg2@address");
  EXPECT_EQ(p.layout.probes[0].format_args, 3u);
}

// %U is its address alone: bpftrace must never symbolise user addresses
// (libbcc before 0.33 closes a junk fd doing it, bcc PR 5193); the parser
// resolves it (events/symbols.h).
TEST(Generator, user_symbols_send_the_address_only) {
  for (int minor : {17, 23}) {
    GenOptions opt;
    opt.version.minor = minor;
    auto p = must_gen({"r::sys_read \"%U %d\", retval, retval"}, opt);
    EXPECT_THAT(p.text, Not(HasSubstr("usym(")));
    EXPECT_THAT(p.text, HasSubstr("comm, (uint64)(args->ret), args->ret, "
                                  "curtask->group_leader->start_time));"));
    const auto& l = p.layout.probes[0];
    ASSERT_EQ(l.values.size(), 3u);
    EXPECT_EQ(l.values[0].kind, ValueKind::Int);
    EXPECT_EQ(l.values[0].address_index, -1);
    EXPECT_EQ(l.retval_index, 1);
  }
}

TEST(Generator, return_probe_stashes_arguments_and_reads_strings_at_exit) {
  auto p = must_gen({"r::sys_openat ((int)retval < 0) \"%s\", arg2"});
  EXPECT_THAT(p.text, HasSubstr("tracepoint:syscalls:sys_enter_openat"));
  EXPECT_THAT(p.text, HasSubstr("@sctrace_a0_arg2[tid] = args->filename;"));
  EXPECT_THAT(p.text, HasSubstr("tracepoint:syscalls:sys_exit_openat "
                                "/@sctrace_in_0[tid]/"));
  EXPECT_THAT(p.text, HasSubstr("if ((((int32)args->ret) < 0)) {"));
  EXPECT_THAT(p.text, HasSubstr("str(uptr($sctrace_aarg2)), args->ret, "
                                "curtask->group_leader->start_time));"));
  EXPECT_THAT(p.text, HasSubstr("delete(@sctrace_a0_arg2[tid]);"));
  const auto& l = p.layout.probes[0];
  ASSERT_EQ(l.values.size(), 3u);
  EXPECT_EQ(l.retval_index, 1);
  EXPECT_EQ(l.format_args, 1u);
}

TEST(Generator, retval_as_a_format_argument_is_not_added_twice) {
  auto p = must_gen({"r::sys_read \"%d\", retval"});
  ASSERT_EQ(p.layout.probes[0].values.size(), 2u);
  EXPECT_EQ(p.layout.probes[0].retval_index, 0);
}

// Issue 12.7: every trace probe carries the process start time in its
// last value slot, so top_processes can key processes by (pid, start).
TEST(Generator, every_probe_ends_with_the_process_start_slot) {
  auto p = must_gen({"sys_read \"%d\", arg3", "r::sys_openat \"%s\", arg2",
                     "t:syscalls:sys_enter_close"});
  ASSERT_EQ(p.layout.probes.size(), 3u);
  for (const auto& l : p.layout.probes) {
    ASSERT_FALSE(l.values.empty()) << l.probe;
    EXPECT_EQ(l.start_index, static_cast<int>(l.values.size() - 1)) << l.probe;
    EXPECT_EQ(l.values.back().name, "process_start");
    EXPECT_EQ(l.values.back().kind, ValueKind::Int);
  }
}

TEST(Generator, tracepoint_fields_and_builtins) {
  auto p = must_gen({"t:syscalls:sys_enter_openat ($tgid == 42 && $pid != 7 "
                     "&& $uid == 0) \"%s\", args->filename"});
  EXPECT_THAT(p.text, HasSubstr("tracepoint:syscalls:sys_enter_openat"));
  EXPECT_THAT(p.text, HasSubstr("(((pid == 42) && (tid != 7)) && (uid == 0))"));
  EXPECT_EQ(p.layout.probes[0].function, "sys_enter_openat");
}

TEST(Generator, strcmp_is_a_prefix_match_on_the_string) {
  auto p = must_gen({"sys_openat (STRCMP(\"/etc\", arg2))"});
  EXPECT_THAT(p.text,
              HasSubstr("(strncmp(str(args->filename), \"/etc\", 4) == 0)"));
}

TEST(Generator, in_kernel_filters_and_exclusions) {
  auto s = spec::parse_probe("sys_write");
  ASSERT_TRUE(s.ok());
  spec::SessionOptions session;
  session.pid = 10;
  session.uid = 0;
  session.process_name = "nginx";
  session.cgroup = "/sys/fs/cgroup/unified/app";
  GenOptions opt;
  opt.exclude_pids = {100, 101};
  auto p = generate({*s}, catalog(), opt, session);
  ASSERT_TRUE(p.ok()) << p.error().message;
  EXPECT_THAT(p->text, HasSubstr("/pid == 10 && uid == 0 "
                                 "&& comm == \"nginx\" && cgroup == "
                                 "cgroupid(\"/sys/fs/cgroup/unified/app\")/"));
}

TEST(Generator, own_pids_are_excluded_unless_the_pid_test_leaves_them_out) {
  auto s = spec::parse_probe("sys_write");
  ASSERT_TRUE(s.ok());
  GenOptions opt;
  opt.exclude_pids = {100, 101};
  spec::SessionOptions session;
  session.uid = 0;
  auto p = generate({*s}, catalog(), opt, session);
  ASSERT_TRUE(p.ok()) << p.error().message;
  EXPECT_THAT(p->text, HasSubstr("/pid != 100 && pid != 101 && uid == 0/"));
  // `pid == 10` already leaves 100 and 101 out: one test less per call.
  session.pid = 10;
  p = generate({*s}, catalog(), opt, session);
  ASSERT_TRUE(p.ok()) << p.error().message;
  EXPECT_THAT(p->text, HasSubstr("/pid == 10 && uid == 0/"));
  // Tracing sctrace's own pid still traces nothing of sctrace.
  session.pid = 101;
  p = generate({*s}, catalog(), opt, session);
  ASSERT_TRUE(p.ok()) << p.error().message;
  EXPECT_THAT(p->text, HasSubstr("/pid != 101 && pid == 101 && uid == 0/"));
}

TEST(Generator, follow_and_marker_blocks) {
  GenOptions opt;
  opt.follow_root = 1234;
  opt.marker_pid = 99;
  opt.marker_token = 7;
  auto p = must_gen({"sys_write"}, opt);
  // 2 until the command's exec: the launcher's own calls (its execve of
  // the command, under the comm sctrace) are not the command's events.
  EXPECT_THAT(p.text, HasSubstr("@sctrace_follow[1234] = 2;"));
  EXPECT_THAT(p.text, HasSubstr("tracepoint:sched:sched_process_exec "
                                "/@sctrace_follow[pid] == 2/\n{\n  "
                                "@sctrace_follow[pid] = 1;"));
  EXPECT_THAT(p.text, HasSubstr("sys_enter_write /@sctrace_follow[pid] == 1/"));
  EXPECT_THAT(p.text, HasSubstr("tracepoint:sched:sched_process_fork "
                                "/@sctrace_follow[pid]/"));
  // Only this session's markers: its pid, and its token in the upper 32
  // bits of getcpu()'s third argument.
  EXPECT_THAT(p.text, HasSubstr("tracepoint:syscalls:sys_enter_getcpu /pid == "
                                "99 && ((uint64)args->unused >> 32) == 7/"));
  EXPECT_THAT(
      p.text,
      HasSubstr("print((-1, @sctrace_seq[cpu], cpu, (uint64)args->unused));"));
}

TEST(Generator, stacks_are_emitted_before_the_event) {
  auto s = spec::parse_probe("sys_write");
  ASSERT_TRUE(s.ok());
  spec::SessionOptions session;
  session.kernel_stack = true;
  session.user_stack = true;
  auto p = generate({*s}, catalog(), {}, session);
  ASSERT_TRUE(p.ok());
  auto k = p->text.find("printf(\"\\x1eSTACK K %d %d\\n%s\", cpu, "
                        "$sctrace_seq, kstack);");
  auto u = p->text.find("STACK U");
  auto e = p->text.find("print((0,");
  ASSERT_NE(k, std::string::npos);
  EXPECT_LT(k, e);
  EXPECT_LT(u, e);
}

// User stacks are addresses only: "ustack" on 0.17 (which the session runs
// with BPFTRACE_NO_USER_SYMBOLS=1), "ustack(raw)" on 0.23; never
// ustack(perf), which symbolises.
TEST(Generator, user_stacks_are_printed_as_addresses_per_version) {
  auto s = spec::parse_probe("sys_write");
  ASSERT_TRUE(s.ok());
  spec::SessionOptions session;
  session.user_stack = true;
  for (bool a : {false, true}) {
    session.stack_addresses = a;
    const std::string tag = a ? "STACK u" : "STACK U";
    GenOptions v17, v23;
    v23.version = {0, 23, 2};
    auto p17 = generate({*s}, catalog(), v17, session);
    auto p23 = generate({*s}, catalog(), v23, session);
    ASSERT_TRUE(p17.ok() && p23.ok());
    EXPECT_THAT(p17->text, HasSubstr(tag + " %d %d\\n%s\", cpu, "
                                           "$sctrace_seq, ustack);"));
    EXPECT_THAT(p23->text, HasSubstr(tag + " %d %d\\n%s\", cpu, "
                                           "$sctrace_seq, ustack(raw));"));
    EXPECT_THAT(p17->text, Not(HasSubstr("ustack(perf")));
    EXPECT_THAT(p23->text, Not(HasSubstr("ustack(perf")));
  }
}

// bpftrace 0.23 counts a program's events per CPU in a count() (an add in
// place), where numbering each one costs a map update: SEQ 0, and the
// layout says so (gen/layout.h). Stacks are matched to their event by its
// number, so -K/-U programs stay numbered, as every 0.17 program does.
TEST(Generator, events_are_counted_on_023_unless_stacks_need_their_number) {
  auto s = spec::parse_probe("sys_write");
  ASSERT_TRUE(s.ok());
  const std::string counted = "  @sctrace_seq[cpu] = count();\n"
                              "  $sctrace_seq = 0;\n";
  const std::string numbered = "  $sctrace_seq = @sctrace_seq[cpu] + 1;\n"
                               "  @sctrace_seq[cpu] = $sctrace_seq;\n";
  spec::SessionOptions session;
  GenOptions v17, v23;
  v23.version = {0, 23, 2};
  auto p17 = generate({*s}, catalog(), v17, session);
  auto p23 = generate({*s}, catalog(), v23, session);
  ASSERT_TRUE(p17.ok() && p23.ok());
  EXPECT_TRUE(p17->layout.numbered);
  EXPECT_THAT(p17->text, HasSubstr(numbered));
  EXPECT_THAT(p17->text, Not(HasSubstr("count()")));
  EXPECT_FALSE(p23->layout.numbered);
  EXPECT_THAT(p23->text, HasSubstr(counted));
  EXPECT_THAT(p23->text, Not(HasSubstr("@sctrace_seq[cpu] + 1")));
  for (bool kernel : {false, true}) {
    session.kernel_stack = kernel;
    session.user_stack = !kernel;
    p23 = generate({*s}, catalog(), v23, session);
    ASSERT_TRUE(p23.ok());
    EXPECT_TRUE(p23->layout.numbered);
    EXPECT_THAT(p23->text, HasSubstr(numbered));
    EXPECT_THAT(p23->text, Not(HasSubstr("count()")));
  }
}

TEST(Generator, unknown_syscall_suggests_close_names) {
  EXPECT_EQ(gen_error({"sys_opnat"}),
            "unknown syscall 'opnat' (from sys_opnat): there is no tracepoint "
            "syscalls:sys_enter_opnat; did you mean sys_openat?");
}

TEST(Generator, kprobes_unavailable_points_to_the_tracepoint) {
  EXPECT_EQ(gen_error({"do_sys_openat"}),
            "cannot trace kernel function 'do_sys_openat': kprobes are not "
            "available on this kernel (CONFIG_KPROBES is off); trace the "
            "syscall through its tracepoint instead: sys_openat or "
            "t:syscalls:sys_enter_openat");
}

TEST(Generator, missing_argument_and_field_are_explained) {
  EXPECT_EQ(gen_error({"sys_read \"%d\", arg4"}),
            "sys_read has 3 arguments (fd, buf, count); arg4 does not exist");
  EXPECT_EQ(gen_error({"t:syscalls:sys_enter_read \"%d\", args->cnt"}),
            "syscalls:sys_enter_read has no field 'cnt'; did you mean "
            "args->count?");
  EXPECT_THAT(gen_error({"t:syscalls:sys_enter_reed"}),
              HasSubstr("did you mean syscalls:sys_enter_read?"));
}

TEST(Generator, string_budget_is_enforced_per_bpftrace_version) {
  GenOptions opt; // 0.17 by default
  opt.string_size = 150;
  auto p = gen_specs({"sys_openat \"%s %s\", arg2, arg2"}, opt);
  ASSERT_FALSE(p.ok());
  EXPECT_THAT(p.error().message, HasSubstr("do not fit the 160-byte string "
                                           "budget"));
  auto auto_size = must_gen({"sys_openat \"%s %s\", arg2, arg2"});
  EXPECT_EQ(auto_size.string_size, 80);
  EXPECT_EQ(auto_size.env, (std::vector<std::pair<std::string, std::string>>{
                               {"BPFTRACE_STRLEN", "80"}}));
  GenOptions v23;
  v23.version = {0, 23, 2};
  auto p23 = must_gen({"sys_openat \"%s %s\", arg2, arg2"}, v23);
  EXPECT_EQ(p23.env[0].first, "BPFTRACE_MAX_STRLEN");
}

TEST(Generator, multiple_probes_get_their_own_ids_and_errors_name_the_probe) {
  auto p = must_gen({"sys_read", "r::sys_write", "t:syscalls:sys_enter_close"});
  ASSERT_EQ(p.layout.probes.size(), 3u);
  EXPECT_THAT(p.text, HasSubstr("print((2, $sctrace_seq"));
  EXPECT_THAT(gen_error({"sys_read", "sys_nope"}), HasSubstr("probe 2: "));
}

// Injection: user text is data, never code.
TEST(GeneratorInjection, string_literals_are_escaped_byte_by_byte) {
  auto p = must_gen(
      {"sys_openat (arg2 == \"\\\"); system(\\\"id\\\"); printf(\\\"\")"});
  // The whole payload stays inside one string literal: every quote in it
  // is \x22, so the literal cannot end early.
  EXPECT_THAT(p.text, HasSubstr("(str(args->filename) == "
                                "\"\\x22); system(\\x22id\\x22); "
                                "printf(\\x22\")"));
  auto braces = must_gen({"sys_openat (arg2 == \"} BEGIN { exit() }\\n\")"});
  EXPECT_THAT(braces.text, HasSubstr("\"} BEGIN { exit() }\\x0a\""));
}

TEST(GeneratorInjection, format_strings_never_reach_the_program) {
  auto p = must_gen({"sys_read \"\\\"); system(\\\"id\\\"); //%d\", arg1"});
  EXPECT_THAT(p.text, Not(HasSubstr("system")));
  EXPECT_EQ(p.layout.probes[0].format, "\"); system(\"id\"); //%d");
}

TEST(GeneratorInjection, hostile_names_and_filters_are_rejected) {
  for (const char* bad :
       {"sys_read\n} BEGIN { system(\"id\") }", "p:/tmp/x y:f",
        "t:syscalls:sys_enter_read\" { }", "sys_read (arg1 == 1) ; exit()",
        "#include <x>", "sys_read (arg1 == 1\x00)"}) {
    auto p = gen_specs({bad});
    EXPECT_FALSE(p.ok()) << bad;
  }
  auto s = spec::parse_probe("sys_read");
  ASSERT_TRUE(s.ok());
  spec::SessionOptions session;
  session.process_name = "a\"; system(\"id";
  EXPECT_FALSE(generate({*s}, catalog(), {}, session).ok());
  session.process_name = "";
  session.cgroup = "/sys/fs/cgroup/x\")";
  EXPECT_FALSE(generate({*s}, catalog(), {}, session).ok());
}

TEST(GeneratorInjection, programs_never_need_unsafe) {
  auto p = must_gen({"sys_read", "r::sys_openat \"%s\", arg2",
                     "t:syscalls:sys_enter_execve \"%s\", args->filename"});
  for (const char* unsafe : {"system(", "cat(", "signal(", "override("})
    EXPECT_THAT(p.text, Not(HasSubstr(unsafe)));
}

TEST(BuiltinCatalog, knows_every_syscall_and_its_fields) {
  BuiltinCatalog c;
  auto f = c.tracepoint_fields("syscalls", "sys_enter_openat");
  ASSERT_TRUE(f.ok());
  ASSERT_EQ(f->size(), 5u); // __syscall_nr, dfd, filename, flags, mode
  EXPECT_EQ((*f)[2].name, "filename");
  EXPECT_TRUE((*f)[2].is_string());
  EXPECT_GT(c.events("syscalls").size(), 600u);
  EXPECT_FALSE(c.kprobes_available());
}

} // namespace
} // namespace sctrace::gen
