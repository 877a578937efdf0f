// bpftrace never symbolises user addresses; sctrace does (gen::stack_print,
// events/symbols.h). libbcc before 0.33 leaves ModulePath's fd
// uninitialised on its /tmp/perf-PID.map path and close()s that junk value
// (bcc PR 5193): a run where it hit bpftrace's own epoll fd ended bpftrace
// after one event. bpftrace runs here under strace (attached to a wrapper
// shell that then execs bpftrace, so its pid and signals are sctrace's
// own), which must see bpftrace open neither /tmp/perf-PID.map nor
// /proc/PID/maps of the traced process, while sctrace still names the
// slow read's frame.
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <thread>

#include "stats_live_util.h"

namespace sctrace::live {
namespace {

// Sets SCTRACE_BPFTRACE for the scope; restores it after.
class BpftraceOverride {
public:
  explicit BpftraceOverride(const std::string& path) {
    if (const char* v = std::getenv("SCTRACE_BPFTRACE"))
      old_ = v;
    ::setenv("SCTRACE_BPFTRACE", path.c_str(), 1);
  }
  ~BpftraceOverride() {
    if (old_.empty())
      ::unsetenv("SCTRACE_BPFTRACE");
    else
      ::setenv("SCTRACE_BPFTRACE", old_.c_str(), 1);
  }

private:
  std::string old_;
};

// A bpftrace wrapper: strace attaches to the shell (its openat calls and
// its children's go to DIR/strace.PID), then the shell execs the bpftrace
// the tests run (SCTRACE_BPFTRACE, else bpftrace from PATH).
std::string strace_wrapper(const TempDir& dir) {
  const char* real = std::getenv("SCTRACE_BPFTRACE");
  const std::string path = dir.file("bpftrace-strace");
  std::ofstream(path) << "#!/bin/sh\n"
                      << "strace -f -q -e trace=open,openat -o '" << dir.path()
                      << "/strace.'$$ -p $$ 2>/dev/null &\n"
                      << "while ! grep -q '^TracerPid:[[:space:]]*[1-9]' "
                         "/proc/$$/status; do sleep 0.01; done\n"
                      << "exec " << (real && *real ? real : "bpftrace")
                      << " \"$@\"\n";
  std::filesystem::permissions(path, std::filesystem::perms::owner_all);
  return path;
}

// The strace logs of DIR, each once its traced process has ended (strace
// writes "PID  +++ exited with N +++" last); waits up to 60 s for that.
std::string strace_logs(const TempDir& dir) {
  std::string all;
  for (const auto& entry : std::filesystem::directory_iterator(dir.path())) {
    const std::string name = entry.path().filename();
    if (!name.starts_with("strace."))
      continue;
    const std::regex ended("(^|\n)" + name.substr(7) + " +\\+\\+\\+ ");
    std::string text;
    for (int i = 0; i < 600; ++i) {
      text = read_file(entry.path());
      if (std::regex_search(text, ended))
        break;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    EXPECT_TRUE(std::regex_search(text, ended)) << text;
    all += text;
  }
  return all;
}

TEST(LiveUserSymbols, bpftrace_never_reads_the_traced_process_symbols) {
  SCTRACE_REQUIRE_SYSCALLS_LIVE();
  TempDir dir;
  const std::string out = dir.file("out.jsonl");
  RunResult r;
  {
    BpftraceOverride bpftrace(strace_wrapper(dir));
    r = sctrace({"slow", "--threshold", "read=30ms", "--stack", "--format",
                 "jsonl", "-o", out, "--", workload_bin(), "slow_fifo",
                 dir.file("slow.fifo")});
  }
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto o = parse_jsonl(read_file(out));
  ASSERT_EQ(o.events.size(), 1u) << o.summary;
  const auto& stack = o.events[0]["user_stack"];
  ASSERT_TRUE(stack.is_array() && !stack.empty()) << o.events[0];
  EXPECT_TRUE(std::regex_search(stack[0].get<std::string>(),
                                std::regex(R"(^(__libc_)?read\+\d+$)")))
      << stack;
  const std::string pid = std::to_string(o.events[0]["pid"].get<int>());
  const std::string logs = strace_logs(dir);
  // strace saw bpftrace open its program (/proc/self/fd/N, the memfd).
  EXPECT_NE(logs.find("\"/proc/self/fd/"), std::string::npos) << logs;
  EXPECT_EQ(logs.find("/tmp/perf-" + pid + ".map"), std::string::npos) << logs;
  EXPECT_EQ(logs.find("/proc/" + pid + "/maps"), std::string::npos) << logs;
}

} // namespace
} // namespace sctrace::live
