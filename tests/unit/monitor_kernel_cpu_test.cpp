// KernelCpuClock against the kernel's own accounting: the system time it
// reads from /proc agrees with getrusage's, a process that exits keeps
// what it counted, and a target without a source says so.
#include "modes/monitor/kernel_cpu.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include <gtest/gtest.h>

using sctrace::monitor::KernelCpuClock;
using sctrace::targets::TargetOptions;

namespace {

// System time this process has used, from getrusage (not /proc).
std::uint64_t rusage_system_ns() {
  rusage u{};
  ::getrusage(RUSAGE_SELF, &u);
  return static_cast<std::uint64_t>(u.ru_stime.tv_sec) * 1'000'000'000ULL +
         static_cast<std::uint64_t>(u.ru_stime.tv_usec) * 1000ULL;
}

// Spends about `ms` of CPU mostly in the kernel: 4 KiB reads of /dev/zero.
void burn_kernel(int ms) {
  int fd = ::open("/dev/zero", O_RDONLY);
  char buf[4096];
  auto end = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
  while (std::chrono::steady_clock::now() < end)
    for (int i = 0; i < 64; ++i)
      (void)!::read(fd, buf, sizeof buf);
  ::close(fd);
}

const std::uint64_t kTickNs = 1'000'000'000ULL / ::sysconf(_SC_CLK_TCK);

} // namespace

TEST(KernelCpuClock, pid_source_agrees_with_getrusage) {
  TargetOptions t;
  t.pids = {::getpid()};
  KernelCpuClock clock = KernelCpuClock::for_target(t);
  ASSERT_TRUE(clock.has_source());
  auto first = clock.sample();
  std::uint64_t before = rusage_system_ns();
  ASSERT_TRUE(first);
  EXPECT_EQ(*first, 0u); // the first sample is the baseline
  burn_kernel(300);
  auto second = clock.sample();
  std::uint64_t used = rusage_system_ns() - before;
  ASSERT_TRUE(second);
  EXPECT_GT(used, 0u);
  // /proc counts in ticks: within two ticks of what getrusage says.
  EXPECT_NEAR(static_cast<double>(*second), static_cast<double>(used),
              2.0 * kTickNs);
}

TEST(KernelCpuClock, system_source_counts_this_process_at_least) {
  TargetOptions t;
  t.all = true;
  KernelCpuClock clock = KernelCpuClock::for_target(t);
  ASSERT_TRUE(clock.sample());
  std::uint64_t before = rusage_system_ns();
  burn_kernel(200);
  std::uint64_t used = rusage_system_ns() - before;
  auto after = clock.sample();
  ASSERT_TRUE(after);
  EXPECT_GE(*after + 2 * kTickNs, used);
}

// A child named kcpu-<pid> burns kernel time until killed.
pid_t start_burner(const std::string& comm) {
  pid_t pid = ::fork();
  if (pid == 0) {
    ::prctl(PR_SET_NAME, comm.c_str());
    for (;;)
      burn_kernel(1000);
  }
  return pid;
}

TEST(KernelCpuClock, comm_source_keeps_the_time_of_a_process_that_exits) {
  const std::string comm = "kcpu-" + std::to_string(::getpid());
  pid_t child = start_burner(comm);
  ASSERT_GT(child, 0);
  TargetOptions t;
  t.comm = comm;
  KernelCpuClock clock = KernelCpuClock::for_target(t);
  std::this_thread::sleep_for(std::chrono::milliseconds(50)); // renamed
  ASSERT_TRUE(clock.sample());
  std::this_thread::sleep_for(std::chrono::milliseconds(400));
  auto alive = clock.sample();
  ::kill(child, SIGKILL);
  ::waitpid(child, nullptr, 0);
  auto gone = clock.sample();
  ASSERT_TRUE(alive && gone);
  EXPECT_GT(*alive, 0u) << "the burner's kernel time was not seen";
  EXPECT_GE(*gone, *alive) << "an exited process's time was taken back";
}

TEST(KernelCpuClock, a_command_target_has_no_source) {
  TargetOptions t;
  t.command = {"true"};
  KernelCpuClock clock = KernelCpuClock::for_target(t);
  EXPECT_FALSE(clock.has_source());
  EXPECT_FALSE(clock.sample());
}

TEST(KernelCpuClock, a_cgroup_source_reads_its_cpu_stat) {
  TargetOptions t;
  t.cgroup = "/"; // the root group: cpu.stat exists on every cgroup2 mount
  KernelCpuClock clock = KernelCpuClock::for_target(t);
  ASSERT_TRUE(clock.has_source()) << "no cgroup2 mount: sctrace needs one";
  ASSERT_TRUE(clock.sample());
  burn_kernel(200);
  auto after = clock.sample();
  ASSERT_TRUE(after);
  EXPECT_GT(*after, 0u);
}
