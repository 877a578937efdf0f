#include "run/event_list.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace sctrace::run {
namespace {

using Names = std::vector<std::string>;

TEST(ProgramTracepoints, NamesEveryAttachPointOnce) {
  auto got = program_tracepoints(
      "BEGIN { }\n"
      "tracepoint:raw_syscalls:sys_enter /pid == 1/ { }\n"
      "tracepoint:raw_syscalls:sys_exit,t:sched:sched_process_exit\n"
      "{ }\n"
      "t:sched:sched_process_exit { }\n"
      "tracepoint:syscalls:sys_enter_getcpu /pid == 2/ { }\n");
  ASSERT_TRUE(got);
  EXPECT_EQ(*got,
            (Names{"raw_syscalls:sys_enter", "raw_syscalls:sys_exit",
                   "sched:sched_process_exit", "syscalls:sys_enter_getcpu"}));
}

TEST(ProgramTracepoints, AWildcardNameStandsForItsCategory) {
  auto got = program_tracepoints("t:syscalls:sys_enter_open* { }\n"
                                 "tracepoint:block:block_rq_[ic]* { }\n");
  ASSERT_TRUE(got);
  EXPECT_EQ(*got, (Names{"block:*", "syscalls:*"}));
}

TEST(ProgramTracepoints, NoListForWildcardCategoriesOrRawTracepointsOrNone) {
  EXPECT_FALSE(program_tracepoints("tracepoint:sys*:sys_enter_read { }"));
  EXPECT_FALSE(program_tracepoints("t:*:foo { }"));
  EXPECT_FALSE(program_tracepoints("t:sched:sched_switch { }\n"
                                   "rawtracepoint:sched_* { }"));
  EXPECT_FALSE(program_tracepoints("t:sched:sched_switch { }\n"
                                   "rt:vmlinux:sys_e* { }"));
  EXPECT_FALSE(program_tracepoints("rt:sys_enter { }"));
  EXPECT_FALSE(program_tracepoints("uprobe:/bin/bash:readline { }"));
  EXPECT_FALSE(program_tracepoints("BEGIN { printf(\"t: %d\\n\", 1); }"));
}

// bpftrace 0.23 finds a named raw tracepoint in BTF: the program's
// tracepoints still get their short list (the syscalls and latency
// programs on 0.23).
TEST(ProgramTracepoints, NamedRawTracepointsNeedNoLine) {
  auto got = program_tracepoints("rawtracepoint:sys_enter /pid == 1/ { }\n"
                                 "rt:vmlinux:sys_exit { }\n"
                                 "tracepoint:sched:sched_process_exit { }");
  ASSERT_TRUE(got);
  EXPECT_EQ(*got, (Names{"sched:sched_process_exit"}));
}

TEST(ProgramTracepoints, ATracepointWordInsideAnotherWordIsNotOne) {
  auto got = program_tracepoints("// mytracepoint:a:b and at:c:d\n"
                                 "t:e:f { }");
  ASSERT_TRUE(got);
  EXPECT_EQ(*got, (Names{"e:f"}));
}

TEST(FilterEventList, KeepsNamedLinesAndWholeCategoriesInOrder) {
  std::string all = "sched:sched_switch\nsyscalls:sys_enter_read\n"
                    "raw_syscalls:sys_exit\nsyscalls:sys_exit_read\n"
                    "raw_syscalls:sys_enter\nsched:sched_wakeup\n";
  EXPECT_EQ(filter_event_list(all, {"raw_syscalls:sys_exit", "syscalls:*"}),
            "syscalls:sys_enter_read\nraw_syscalls:sys_exit\n"
            "syscalls:sys_exit_read\n");
  EXPECT_EQ(filter_event_list(all, {"nope:nothing"}), "");
}

TEST(TracefsEventLists, EveryTracefsMountDecoded) {
  std::string mi =
      "23 1 0:21 / /sys rw,relatime shared:7 - sysfs sysfs rw\n"
      "45 23 0:13 / /sys/kernel/tracing rw,relatime shared:19 - tracefs "
      "tracefs rw\n"
      "59 47 0:13 / /srv/my\\040root/sys/kernel/tracing rw,relatime - "
      "tracefs tracefs rw\n"
      "60 27 0:6 / /dev rw - devtmpfs devtmpfs rw\n";
  EXPECT_EQ(tracefs_event_lists(mi),
            (Names{"/sys/kernel/tracing/available_events",
                   "/srv/my root/sys/kernel/tracing/available_events"}));
  EXPECT_TRUE(tracefs_event_lists("").empty());
  EXPECT_TRUE(tracefs_event_lists("garbage without fields\n").empty());
}

TEST(EventListOverlay, AnEmptyOneHasNoBindsAndIgnoresPrograms) {
  EventListOverlay o;
  o.show_only("t:sched:sched_switch { }");
  EXPECT_TRUE(o.binds().empty());
  o.remove_file();
}

} // namespace
} // namespace sctrace::run
