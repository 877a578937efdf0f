// Live test of issue 12, case 3: a probe that fails to attach after the
// others must never let `-- CMD` run untraced. The kernel runs at most 64
// BPF programs on one tracepoint, counting every tool's; another bpftrace
// holds 58 of them on sys_enter_getppid, so sctrace's 8 fail at the 7th.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include <gmock/gmock.h>

#include "live_util.h"

namespace sctrace::live {
namespace {

using ::testing::HasSubstr;

constexpr int kHeld = 58;

// A system bpftrace holding kHeld programs on sys_enter_getppid until it
// is destroyed.
class TracepointHolder {
public:
  explicit TracepointHolder(const TempDir& dir) {
    std::string program = dir.file("hold.bt");
    std::ofstream bt(program);
    for (int i = 0; i < kHeld; ++i)
      bt << "tracepoint:syscalls:sys_enter_getppid { @c = count(); }\n";
    bt.close();
    pid_ = ::fork();
    if (pid_ == 0) {
      std::freopen("/dev/null", "w", stdout);
      std::freopen("/dev/null", "w", stderr);
      ::execlp("bpftrace", "bpftrace", program.c_str(), nullptr);
      ::_exit(127);
    }
  }
  ~TracepointHolder() {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }
  // Waits up to 60 s until every program is attached.
  bool wait_attached() const {
    for (int i = 0; i < 600; ++i) {
      if (static_cast<int>(bpf_programs_of(pid_).size()) >= kHeld)
        return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return false;
  }

private:
  pid_t pid_ = -1;
};

TEST(LiveAttachLimit,
     probe_failing_after_others_attached_never_runs_the_command) {
  SCTRACE_REQUIRE_LIVE();
  TempDir dir;
  TracepointHolder holder(dir);
  ASSERT_TRUE(holder.wait_attached());
  std::string flag = dir.file("command-ran");
  std::vector<std::string> args(8, "sys_getppid");
  args.insert(args.end(), {"--", "/bin/sh", "-c", "echo > '" + flag + "'"});
  RunResult r = sctrace(args);
  EXPECT_EQ(r.exit_code, 3) << r.err; // the system cannot run it now
  EXPECT_FALSE(std::filesystem::exists(flag));
  EXPECT_THAT(r.err, HasSubstr("command not started"));
  EXPECT_THAT(r.err, HasSubstr("limit of 64 BPF programs"));
  EXPECT_THAT(r.err, HasSubstr("Argument list too long"));
}

} // namespace
} // namespace sctrace::live
