// run/perf_mute.h on the real kernel: while sctrace runs a program on a
// classic tracepoint, the perf subsystem's own events on that tracepoint
// see nothing (its sample path is skipped), and they see every call again
// once sctrace has ended; SCTRACE_KEEP_PERF_SAMPLES=1 leaves them alone.
// Seen through a counting perf event of this test's thread on
// raw_syscalls:sys_exit, around a known number of getppid() calls.
#include <linux/perf_event.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <fstream>
#include <thread>

#include "live_util.h"

namespace sctrace::live {
namespace {

using namespace std::chrono_literals;

constexpr char kSpec[] = "t:raw_syscalls:sys_exit \"x\"";

std::uint64_t sys_exit_id() {
  for (const char* root :
       {"/sys/kernel/tracing", "/sys/kernel/debug/tracing"}) {
    std::ifstream in(std::string(root) + "/events/raw_syscalls/sys_exit/id");
    std::uint64_t id = 0;
    if (in >> id)
      return id;
  }
  return 0;
}

// How many exits of this thread a counting perf event on
// raw_syscalls:sys_exit counted around CALLS getppid() calls: CALLS + 1
// (the ioctl that enables it returns after it is enabled), or 0 when muted;
// -1 when it cannot be opened.
std::int64_t perf_counted_exits(int calls) {
  perf_event_attr attr{};
  attr.type = PERF_TYPE_TRACEPOINT;
  attr.size = sizeof attr;
  attr.config = sys_exit_id();
  attr.disabled = 1;
  const long fd =
      ::syscall(__NR_perf_event_open, &attr, 0, -1, -1, PERF_FLAG_FD_CLOEXEC);
  if (fd < 0)
    return -1;
  ::ioctl(static_cast<int>(fd), PERF_EVENT_IOC_ENABLE, 0);
  for (int i = 0; i < calls; ++i)
    ::syscall(SYS_getppid);
  ::ioctl(static_cast<int>(fd), PERF_EVENT_IOC_DISABLE, 0);
  std::int64_t count = -1;
  if (::read(static_cast<int>(fd), &count, sizeof count) != sizeof count)
    count = -1;
  ::close(static_cast<int>(fd));
  return count;
}

pid_t start_sleeper() {
  pid_t pid = ::fork();
  if (pid == 0) {
    ::execl("/bin/sleep", "sleep", "60", static_cast<char*>(nullptr));
    ::_exit(127);
  }
  return pid;
}

// The perf counts of 200 getppid() calls, sampled every 20 ms while
// `sctrace -p SLEEPER --duration 3 kSpec` (with ENV in front) runs; its
// result in RESULT.
std::vector<std::int64_t> counts_while_sctrace_runs(const std::string& env,
                                                    RunResult& result) {
  pid_t sleeper = start_sleeper();
  std::atomic<bool> done{false};
  std::thread t([&] {
    result = run({"/usr/bin/env", "SCTRACE_DEBUG=1", env, sctrace_bin(), "-p",
                  std::to_string(sleeper), "--duration", "3", kSpec},
                 60);
    done = true;
  });
  std::vector<std::int64_t> counts;
  while (!done) {
    counts.push_back(perf_counted_exits(200));
    std::this_thread::sleep_for(20ms);
  }
  t.join();
  ::kill(sleeper, SIGKILL);
  ::waitpid(sleeper, nullptr, 0);
  return counts;
}

TEST(LivePerfMute,
     perf_sees_no_event_of_a_muted_tracepoint_while_sctrace_runs) {
  SCTRACE_REQUIRE_LIVE();
  ASSERT_GT(sys_exit_id(), 0u) << "no raw_syscalls:sys_exit in tracefs";
  ASSERT_EQ(perf_counted_exits(1000), 1001) << "before sctrace runs";
  RunResult r;
  auto counts = counts_while_sctrace_runs("SCTRACE_KEEP_PERF_SAMPLES=0", r);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("perf's sample path muted on raw_syscalls:sys_exit"),
            std::string::npos)
      << r.err;
  // Muted before bpftrace starts, until sctrace exits: most samples see
  // nothing (the first ones may precede the mute).
  std::size_t zero = 0;
  for (auto c : counts)
    zero += c == 0;
  EXPECT_GT(zero, counts.size() / 2) << "of " << counts.size() << " samples";
  EXPECT_EQ(perf_counted_exits(1000), 1001) << "after sctrace ended";
}

TEST(LivePerfMute, keep_perf_samples_leaves_perf_every_event) {
  SCTRACE_REQUIRE_LIVE();
  ASSERT_GT(sys_exit_id(), 0u) << "no raw_syscalls:sys_exit in tracefs";
  RunResult r;
  auto counts = counts_while_sctrace_runs("SCTRACE_KEEP_PERF_SAMPLES=1", r);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err.find("muted"), std::string::npos) << r.err;
  ASSERT_GT(counts.size(), 20u);
  for (auto c : counts)
    EXPECT_EQ(c, 201);
}

} // namespace
} // namespace sctrace::live
