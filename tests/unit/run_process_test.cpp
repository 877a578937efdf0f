// Process supervision with real child processes (no root needed).
#include <fcntl.h>
#include <gtest/gtest.h>
#include <set>
#include <sstream>

#include <poll.h>
#include <signal.h>
#include <unistd.h>

#include <string>

#include "run/bpftrace.h"
#include "run/process.h"

namespace sctrace::run {
namespace {

std::string read_all(int fd) {
  std::string out;
  char buf[4096];
  ssize_t n;
  while ((n = ::read(fd, buf, sizeof buf)) > 0)
    out.append(buf, static_cast<std::size_t>(n));
  return out;
}

TEST(Process, runs_paused_until_released_and_reports_exit_code) {
  SpawnOptions o;
  o.argv = {"/bin/sh", "-c", "echo \"$SCTRACE_TEST_VAR\"; exit 3"};
  o.env = {{"SCTRACE_TEST_VAR", "quoted 'value'"}};
  o.capture_stdout = true;
  auto p = Process::spawn(o);
  ASSERT_TRUE(p.ok()) << p.error().message;
  // Paused: it has not exited before release().
  auto early = p->wait(100);
  ASSERT_TRUE(early.ok());
  EXPECT_FALSE(*early);
  ASSERT_TRUE(p->release().ok());
  EXPECT_EQ(read_all(p->stdout_fd()), "quoted 'value'\n");
  auto done = p->wait(std::nullopt);
  ASSERT_TRUE(done.ok());
  EXPECT_TRUE(*done);
  EXPECT_EQ(p->exit_code(), 3);
  EXPECT_FALSE(p->term_signal());
}

TEST(Process, missing_executable_is_an_error_before_fork) {
  SpawnOptions o;
  o.argv = {"sctrace-no-such-program"};
  auto p = Process::spawn(o);
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.error().kind, ErrorKind::NotFound);
  EXPECT_NE(p.error().message.find("was not found in PATH"), std::string::npos);
}

TEST(Process, failed_exec_is_reported_by_release) {
  SpawnOptions o;
  o.argv = {"/etc/hostname"}; // exists, but is not executable
  auto p = Process::spawn(o);
  if (p.ok()) {
    auto r = p->release();
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.error().message.find("spawn \"/etc/hostname\" failed"),
              std::string::npos);
  } else {
    EXPECT_EQ(p.error().kind, ErrorKind::NotFound);
  }
}

TEST(Process, signal_termination_is_reported) {
  SpawnOptions o;
  o.argv = {"/bin/sleep", "30"};
  auto p = Process::spawn(o);
  ASSERT_TRUE(p.ok());
  ASSERT_TRUE(p->release().ok());
  ASSERT_TRUE(p->signal(SIGTERM).ok());
  ASSERT_TRUE(p->wait(std::nullopt).ok());
  EXPECT_EQ(p->term_signal(), SIGTERM);
  EXPECT_FALSE(p->exit_code());
}

TEST(Process, pidfd_becomes_readable_at_exit) {
  SpawnOptions o;
  o.argv = {"/bin/true"};
  auto p = Process::spawn(o);
  ASSERT_TRUE(p.ok());
  ASSERT_GE(p->pidfd(), 0);
  ASSERT_TRUE(p->release().ok());
  pollfd fd{p->pidfd(), POLLIN, 0};
  EXPECT_EQ(::poll(&fd, 1, 5000), 1);
  auto done = p->wait(0);
  ASSERT_TRUE(done.ok());
  EXPECT_TRUE(*done);
  EXPECT_EQ(p->exit_code(), 0);
}

TEST(Process, destructor_kills_a_running_child_and_moves_transfer_it) {
  pid_t pid;
  {
    SpawnOptions o;
    o.argv = {"/bin/sleep", "30"};
    auto p = Process::spawn(o);
    ASSERT_TRUE(p.ok());
    Process moved = std::move(*p); // the moved-from object must not kill it
    ASSERT_TRUE(moved.release().ok());
    pid = moved.pid();
    EXPECT_EQ(::kill(pid, 0), 0);
  }
  EXPECT_NE(::kill(pid, 0), 0); // killed and reaped
}

TEST(BpftraceErrors, are_classified_with_advice) {
  auto stack = classify_bpftrace_failure(
      "ERROR: couldn't set RLIMIT_MEMLOCK\nerror: ... Looks like the BPF stack "
      "limit of 512 bytes is exceeded.\n",
      1);
  // LLVM's stack limit, at compile time: the spec does not fit (exit 2).
  EXPECT_EQ(stack.kind, ErrorKind::Invalid);
  EXPECT_NE(stack.message.find("does not fit the 512-byte BPF stack"),
            std::string::npos);
  EXPECT_NE(stack.message.find("-Z"), std::string::npos);
  EXPECT_EQ(stack.message.find("RLIMIT_MEMLOCK"), std::string::npos);
  auto verifier = classify_bpftrace_failure(
      "ERROR: Error loading program: tracepoint:syscalls:sys_enter_read\n", 1);
  EXPECT_EQ(verifier.kind, ErrorKind::Child);
  EXPECT_NE(verifier.message.find("verifier rejected the program"),
            std::string::npos);
  auto root = classify_bpftrace_failure(
      "ERROR: bpftrace currently only supports running as the root user.\n", 1);
  EXPECT_EQ(root.kind, ErrorKind::Permission);
  auto probe = classify_bpftrace_failure(
      "stdin:1:1-20: ERROR: uprobe target file '/x' does not exist or is not "
      "executable\n",
      1);
  EXPECT_EQ(probe.kind, ErrorKind::NotFound);
  auto other = classify_bpftrace_failure("something odd\n", 7);
  EXPECT_NE(other.message.find("exit code 7"), std::string::npos);
  EXPECT_NE(other.message.find("something odd"), std::string::npos);
}

TEST(BpftraceVersion, parses_debian_versions) {
  auto v17 = gen::parse_bpftrace_version("bpftrace v0.17.0");
  ASSERT_TRUE(v17.ok());
  EXPECT_EQ(v17->minor, 17);
  auto v23 = gen::parse_bpftrace_version("bpftrace v0.23.2-1");
  ASSERT_TRUE(v23.ok());
  EXPECT_TRUE(v23->at_least(0, 21));
  EXPECT_FALSE(gen::parse_bpftrace_version("garbage").ok());
}

} // namespace
} // namespace sctrace::run
