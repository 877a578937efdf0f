// Live tests of trace.py's filtering and display options.
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <regex>

#include "live_util.h"

namespace sctrace::live {
namespace {

TEST(LiveOptions, cgroup_filter_keeps_only_processes_in_the_cgroup) {
  SCTRACE_REQUIRE_LIVE();
  const std::string root = "/sys/fs/cgroup/unified";
  if (::access((root + "/cgroup.procs").c_str(), W_OK) != 0)
    GTEST_SKIP() << "SKIP: no writable cgroup v2 hierarchy at " << root;
  std::string cg = root + "/sctrace-live-" + std::to_string(::getpid());
  ASSERT_EQ(::mkdir(cg.c_str(), 0755), 0);
  TempDir dir;
  std::string out = dir.file("events.jsonl");
  // Inside the cgroup: a shell that moves itself in, then runs 10 getppid
  // bursts of 1; outside: the same workload, untraced.
  std::string inside = "echo $$ > " + cg + "/cgroup.procs; sleep 2; " +
                       workload_bin() + " burst 10";
  pid_t in = ::fork();
  if (in == 0) {
    ::execl("/bin/sh", "sh", "-c", inside.c_str(), nullptr);
    ::_exit(127);
  }
  pid_t out_pid = ::fork();
  if (out_pid == 0) {
    std::string outside = "sleep 2; " + workload_bin() + " burst 10";
    ::execl("/bin/sh", "sh", "-c", outside.c_str(), nullptr);
    ::_exit(127);
  }
  auto r = sctrace({"--format", "jsonl", "-o", out, "-c", cg, "--duration", "4",
                    "sys_getppid"});
  int status;
  ::waitpid(in, &status, 0);
  ::waitpid(out_pid, &status, 0);
  ::rmdir(cg.c_str());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto o = parse_jsonl(read_file(out));
  EXPECT_EQ(o.events.size(), 10u);
  for (const auto& e : o.events)
    EXPECT_EQ(e["comm"], "sctrace_workloa");
}

TEST(LiveOptions, name_and_message_filters_apply_before_max_events) {
  SCTRACE_REQUIRE_LIVE();
  TempDir dir;
  std::string out = dir.file("events.jsonl");
  std::string path = dir.file("wanted");
  auto r =
      sctrace({"--format", "jsonl", "-o", out, "-n", "workl", "-f", "wanted",
               "-M", "5", "sys_openat \"%s\", arg2", "--", "/bin/sh", "-c",
               workload_bin() + " open 3 /etc/hostname; " + workload_bin() +
                   " open 20 " + path});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto o = parse_jsonl(read_file(out));
  ASSERT_EQ(o.events.size(), 5u);
  for (const auto& e : o.events) {
    EXPECT_EQ(e["message"], path);
    EXPECT_EQ(e["comm"], "sctrace_workloa");
  }
}

// Kernel stacks are symbolised; user stacks of a process that has exited
// before bpftrace prints them stay as addresses (bpftrace reads the
// process's maps at print time), so only their presence is checked.
TEST(LiveOptions, stacks_follow_their_event) {
  SCTRACE_REQUIRE_LIVE();
  TempDir dir;
  std::string out = dir.file("events.jsonl");
  auto r = sctrace({"--format", "jsonl", "-o", out, "-K", "-U",
                    "sys_openat (STRCMP(\"/etc/hostname\", arg2))", "--",
                    workload_bin(), "open", "4", "/etc/hostname"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto o = parse_jsonl(read_file(out));
  ASSERT_EQ(o.events.size(), 4u);
  for (const auto& e : o.events) {
    ASSERT_TRUE(e.contains("user_stack")) << e.dump();
    EXPECT_GE(e["user_stack"].size(), 1u);
    ASSERT_TRUE(e.contains("kernel_stack")) << e.dump();
    std::string frames = e["kernel_stack"].dump();
    EXPECT_NE(frames.find("do_syscall_64"), std::string::npos) << frames;
  }
}

TEST(LiveOptions, timestamp_and_cpu_columns) {
  SCTRACE_REQUIRE_LIVE();
  auto r = sctrace({"-t", "-C", "sys_openat (STRCMP(\"/etc/hostname\", arg2))",
                    "--", workload_bin(), "open", "2", "/etc/hostname"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::regex line(
      R"(\n[0-9]+\.[0-9]+ +[0-9]+ +[0-9]+ +[0-9]+ +sctrace_workloa +sys_openat)");
  EXPECT_TRUE(std::regex_search(r.out, line)) << r.out;
  EXPECT_EQ(r.out.rfind("TIME     CPU PID     TID     COMM", 0), 0u) << r.out;
}

} // namespace
} // namespace sctrace::live
