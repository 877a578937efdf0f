// Issue 16 items 3 and 6, live on the kernel (and under the compat label
// on bpftrace 0.23): char[N] tracepoint fields, -Z, -a, -A, -B and -L.
#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <future>
#include <regex>

#include "../testprogs/forged_frame.h"
#include "syscalls_live_util.h"

namespace sctrace::live {
namespace {

const char kWorkloadComm[] = "sctrace_workloa";

// sched_switch's prev_comm is a char[16]: bpftrace refused str() of it.
// Sleeping switches the workload out at least once; the filter compares
// the array too.
TEST(LiveTraceKinds, char_array_field_prints_the_exact_comm) {
  SCTRACE_REQUIRE_LIVE();
  TempDir dir;
  std::string out = dir.file("events.jsonl");
  auto r = sctrace({"--format", "jsonl", "-o", out,
                    "t:sched:sched_switch (args->prev_comm == "
                    "\"sctrace_workloa\") \"%s|%d\", args->prev_comm, "
                    "args->prev_pid",
                    "--", workload_bin(), "sleep", "300"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto o = parse_jsonl(read_file(out));
  ASSERT_GE(o.events.size(), 1u);
  for (const auto& e : o.events) {
    EXPECT_EQ(e["message"], std::string(kWorkloadComm) + "|" +
                                std::to_string(e["tid"].get<int>()));
    EXPECT_EQ(e["comm"], kWorkloadComm);
    EXPECT_EQ(e["function"], "sched_switch");
  }
}

// -Z N shows N characters of a string (it showed N - 1, and refused
// N < 8). The filter's literal must fit: its prefix is compared.
TEST(LiveTraceOptions, string_size_shows_exactly_n_characters) {
  SCTRACE_REQUIRE_LIVE();
  TempDir dir;
  for (const char* z : {"10", "12"}) {
    std::string out = dir.file(std::string("events-") + z + ".jsonl");
    std::string prefix = std::string("/etc/hostname").substr(0, std::atoi(z));
    auto r = sctrace({"--format", "jsonl", "-o", out, "-Z", z,
                      "sys_openat (STRCMP(\"" + prefix +
                          "\", arg2)) \"%s\", "
                          "arg2",
                      "--", workload_bin(), "open", "3", "/etc/hostname"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    auto o = parse_jsonl(read_file(out));
    ASSERT_EQ(o.events.size(), 3u) << z;
    for (const auto& e : o.events)
      EXPECT_EQ(e["message"],
                std::string("/etc/hostname").substr(0, std::atoi(z)));
  }
}

// -a: every kernel frame starts with its address ("%16x ", trace.py).
TEST(LiveTraceOptions, address_flag_prefixes_stack_frames) {
  SCTRACE_REQUIRE_LIVE();
  TempDir dir;
  std::string out = dir.file("events.txt");
  auto r = sctrace({"-o", out, "-K", "-a", "sys_getppid", "--", workload_bin(),
                    "burst", "3"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::string text = read_file(out);
  std::regex frame(
      R"(\n        ffffffff[0-9a-f]{8} [A-Za-z_][\w.]*\+0x[0-9a-f]+ \[kernel\]\n)");
  std::regex event(R"(\n\d+ +\d+ +sctrace_workloa +sys_getppid)");
  auto frames =
      std::distance(std::sregex_iterator(text.begin(), text.end(), frame), {});
  auto events =
      std::distance(std::sregex_iterator(text.begin(), text.end(), event), {});
  EXPECT_EQ(events, 3) << text;
  EXPECT_GE(frames, 3) << text;
  EXPECT_NE(text.find("do_syscall_64+"), std::string::npos) << text;
}

// -U -a: every user frame starts with its address ("%16x ", trace.py),
// then the symbol sctrace resolved (bpftrace sends addresses only) and
// its module: the workload's forged_frame function, whose process lingers
// a second after its calls (symbols need the process alive).
TEST(LiveTraceOptions, address_flag_prefixes_user_stack_frames) {
  SCTRACE_REQUIRE_LIVE();
  TempDir dir;
  std::string out = dir.file("events.txt");
  auto r = sctrace({"-o", out, "-U", "-a", "sys_getppid", "--", workload_bin(),
                    "forged_frame", "3"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::string text = read_file(out);
  std::regex frame(R"(\n        [ 0-9a-f]{16} )" SCTRACE_FORGED_FRAME_NAME
                   R"(\+0x[0-9a-f]+ \[sctrace_workload\]\n)");
  auto frames =
      std::distance(std::sregex_iterator(text.begin(), text.end(), frame), {});
  EXPECT_EQ(frames, 3) << text;
}

// -A -M N: N identical events, printed once with their count.
TEST(LiveTraceOptions, aggregate_prints_each_event_once_with_its_count) {
  SCTRACE_REQUIRE_LIVE();
  TempDir dir;
  std::string out = dir.file("events.txt");
  auto r = sctrace({"-o", out, "-A", "-M", "6", "sys_getppid \"x\"", "--",
                    workload_bin(), "burst", "6"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::string text = read_file(out);
  std::regex line(
      R"(\n\d+ +\d+ +sctrace_workloa +sys_getppid +x\n-->COUNT 6\n\n$)");
  EXPECT_TRUE(std::regex_search(text, line)) << text;
  EXPECT_EQ(text.find("-->COUNT"), text.rfind("-->COUNT")) << text;
}

// -B: STRCMP of a byte list; a NUL as the last compared byte makes it an
// exact match, so /etc/hostname matches and /etc/hostname2 does not.
TEST(LiveTraceOptions, binary_strcmp_matches_bytes) {
  SCTRACE_REQUIRE_LIVE();
  TempDir dir;
  std::string path = dir.file("host");
  std::string longer = path + "2";
  std::string list = "{";
  for (char c : path) {
    char hex[8];
    std::snprintf(hex, sizeof hex, "0x%02x,", static_cast<unsigned char>(c));
    list += hex;
  }
  list += "0x00,0x00}";
  std::string out = dir.file("events.jsonl");
  auto r = sctrace({"--format", "jsonl", "-o", out, "-B",
                    "sys_openat (STRCMP(\"" + list + "\", arg2)) \"%s\", arg2",
                    "--", "/bin/sh", "-c",
                    workload_bin() + " open 4 " + longer + "; " +
                        workload_bin() + " open 3 " + path});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto o = parse_jsonl(read_file(out));
  EXPECT_EQ(o.events.size(), 3u);
  for (const auto& e : o.events)
    EXPECT_EQ(e["message"], path);
}

// -L TID: the trace ends by itself once that thread exits, while its
// process lives on (as -p ends with its process).
TEST(LiveTraceOptions, tid_trace_ends_when_the_thread_exits) {
  SCTRACE_REQUIRE_LIVE();
  TempDir dir;
  sc::Child child({workload_bin(), "thread_exit", "5"});
  std::string line = child.read_line();
  ASSERT_EQ(line.rfind("tid ", 0), 0u) << line;
  const std::string tid = line.substr(4);
  std::string out = dir.file("events.jsonl");
  auto trace = std::async(std::launch::async, [&] {
    return sctrace({"--format", "jsonl", "-o", out, "-L", tid, "sys_getuid",
                    "sys_getppid"},
                   90);
  });
  ASSERT_TRUE(sc::wait_for_event(
      out,
      [](const nlohmann::json& e) { return e["function"] == "sys_getuid"; }))
      << "no heartbeat from thread " << tid;
  ASSERT_TRUE(child.send("go\n"));
  EXPECT_EQ(child.read_line(), "joined");
  auto r = trace.get();
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(::kill(child.pid(), 0), 0) << "the process must still live";
  auto o = parse_jsonl(read_file(out));
  int getppid = 0;
  for (const auto& e : o.events) {
    EXPECT_EQ(std::to_string(e["tid"].get<int>()), tid);
    if (e["function"] == "sys_getppid")
      ++getppid;
  }
  EXPECT_EQ(getppid, 5);
  EXPECT_EQ(o.summary["stop_reason"], "target_exited");
}

} // namespace
} // namespace sctrace::live
