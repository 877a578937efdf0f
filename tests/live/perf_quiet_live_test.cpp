// run/perf_quiet.h on the real kernel, through sctrace on a classic
// tracepoint (raw_syscalls:sys_exit):
//  - bpftrace's own perf event on it stops counting calls made on CPU 0
//    once the trace runs (its sample path is off), while its program goes
//    on tracing; SCTRACE_KEEP_PERF_SAMPLES=1 leaves the event counting;
//  - a perf event of another process (this test's) on the same tracepoint
//    counts every call before, during and after the trace.
#include <linux/bpf.h>
#include <linux/perf_event.h>
#include <sched.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
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

// How many exits of this thread a counting perf event of its own on
// raw_syscalls:sys_exit counted around CALLS getppid() calls: CALLS + 1
// (the ioctl that enables it returns after it is enabled); -1 when it
// cannot be opened.
std::int64_t own_counted_exits(int calls) {
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

// A copy of the perf event on raw_syscalls:sys_exit that bpftrace (under
// the sctrace this process runs) holds, or -1.
int bpftrace_sys_exit_event() {
  const int bt = bpftrace_below(::getpid());
  if (bt == 0)
    return -1;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(
           "/proc/" + std::to_string(bt) + "/fd", ec)) {
    char name[64] = {};
    bpf_attr attr{};
    attr.task_fd_query.pid = static_cast<__u32>(bt);
    attr.task_fd_query.fd = std::stoul(e.path().filename());
    attr.task_fd_query.buf = reinterpret_cast<std::uintptr_t>(name);
    attr.task_fd_query.buf_len = sizeof name - 1;
    if (::syscall(__NR_bpf, BPF_TASK_FD_QUERY, &attr, sizeof attr) != 0 ||
        attr.task_fd_query.fd_type != BPF_FD_TYPE_TRACEPOINT ||
        std::string(name) != "sys_exit")
      continue;
    const int pidfd = static_cast<int>(::syscall(SYS_pidfd_open, bt, 0));
    const long copy =
        ::syscall(SYS_pidfd_getfd, pidfd, attr.task_fd_query.fd, 0);
    ::close(pidfd);
    return static_cast<int>(copy);
  }
  return -1;
}

// EVENT's count: the first value read() gives, whatever read_format
// bpftrace chose; -1 when it cannot be read.
std::int64_t event_count(int event) {
  std::int64_t values[8] = {};
  return ::read(event, values, sizeof values) >= 8 ? values[0] : -1;
}

// How much EVENT's count grew around 200 getppid() calls of this thread,
// made on CPU 0 (where bpftrace opens its events).
std::int64_t event_growth_on_cpu0(int event) {
  cpu_set_t cpus, was;
  CPU_ZERO(&cpus);
  CPU_SET(0, &cpus);
  ::sched_getaffinity(0, sizeof was, &was);
  ::sched_setaffinity(0, sizeof cpus, &cpus);
  const std::int64_t before = event_count(event);
  for (int i = 0; i < 200; ++i)
    ::syscall(SYS_getppid);
  const std::int64_t after = event_count(event);
  ::sched_setaffinity(0, sizeof was, &was);
  return before < 0 || after < 0 ? -1 : after - before;
}

struct Samples {
  std::vector<std::int64_t> own;      // own_counted_exits(200)
  std::vector<std::int64_t> bpftrace; // event_growth_on_cpu0, once found
};

// Samples every 20 ms while `sctrace -p SLEEPER --duration 3 kSpec` (ENV in
// front) runs; its result in RESULT.
Samples sample_while_sctrace_runs(const std::string& env, RunResult& result) {
  pid_t sleeper = ::fork();
  if (sleeper == 0) {
    ::execl("/bin/sleep", "sleep", "60", static_cast<char*>(nullptr));
    ::_exit(127);
  }
  std::atomic<bool> done{false};
  std::thread t([&] {
    result = run({"/usr/bin/env", "SCTRACE_DEBUG=1", env, sctrace_bin(), "-p",
                  std::to_string(sleeper), "--duration", "3", kSpec},
                 60);
    done = true;
  });
  Samples s;
  int event = -1;
  while (!done) {
    s.own.push_back(own_counted_exits(200));
    if (event < 0)
      event = bpftrace_sys_exit_event();
    if (event >= 0)
      s.bpftrace.push_back(event_growth_on_cpu0(event));
    std::this_thread::sleep_for(20ms);
  }
  t.join();
  if (event >= 0)
    ::close(event);
  ::kill(sleeper, SIGKILL);
  ::waitpid(sleeper, nullptr, 0);
  return s;
}

TEST(LivePerfQuiet, bpftraces_events_stop_sampling_and_others_count_all) {
  SCTRACE_REQUIRE_LIVE();
  ASSERT_GT(sys_exit_id(), 0u) << "no raw_syscalls:sys_exit in tracefs";
  ASSERT_EQ(own_counted_exits(1000), 1001) << "before sctrace runs";
  RunResult r;
  Samples s = sample_while_sctrace_runs("SCTRACE_KEEP_PERF_SAMPLES=0", r);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // bpftrace 0.17 also has sctrace's drain marker on sys_enter_getcpu.
  const auto note = r.err.find("perf's sample path off for ");
  ASSERT_NE(note, std::string::npos) << r.err;
  EXPECT_NE(r.err.substr(note, r.err.find('\n', note) - note)
                .find("tracepoint events: sys_exit"),
            std::string::npos)
      << r.err;
  ASSERT_GT(s.own.size(), 20u);
  for (auto c : s.own)
    EXPECT_EQ(c, 201) << "this test's own event, while sctrace runs";
  // Found once bpftrace opened it; quiet from the moment the trace runs
  // (arming takes part of the 3 s) to the end.
  ASSERT_GT(s.bpftrace.size(), 10u) << "bpftrace's sys_exit event not found";
  for (auto g : s.bpftrace)
    ASSERT_GE(g, 0) << "bpftrace's sys_exit event cannot be read";
  std::size_t quiet = 0;
  for (auto g : s.bpftrace)
    quiet += g == 0;
  EXPECT_GT(quiet, s.bpftrace.size() / 2) << "of " << s.bpftrace.size();
  EXPECT_EQ(s.bpftrace.back(), 0);
  EXPECT_EQ(own_counted_exits(1000), 1001) << "after sctrace ended";
}

TEST(LivePerfQuiet, keep_perf_samples_leaves_bpftraces_events_counting) {
  SCTRACE_REQUIRE_LIVE();
  ASSERT_GT(sys_exit_id(), 0u) << "no raw_syscalls:sys_exit in tracefs";
  RunResult r;
  Samples s = sample_while_sctrace_runs("SCTRACE_KEEP_PERF_SAMPLES=1", r);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err.find("sample path off"), std::string::npos) << r.err;
  // Counting from when bpftrace enables its event until it disables it at
  // exit: most of the trace.
  ASSERT_GT(s.bpftrace.size(), 10u) << "bpftrace's sys_exit event not found";
  const auto counting = std::count_if(s.bpftrace.begin(), s.bpftrace.end(),
                                      [](std::int64_t g) { return g >= 200; });
  EXPECT_GT(counting, static_cast<long>(s.bpftrace.size() / 2))
      << "of " << s.bpftrace.size() << " samples";
  for (auto c : s.own)
    EXPECT_EQ(c, 201);
}

} // namespace
} // namespace sctrace::live
