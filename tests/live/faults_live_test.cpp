// Fault-injection live tests (issue 5, "Hardening"). Each fault runs in
// every mode it applies to: trace.py specs (`sctrace 'sys_getppid'`),
// `sctrace syscalls` and `sctrace count`. For each one the test checks
//  - the exact exit code of README's "Exit codes",
//  - a message that says what happened, why, and what to do,
//  - that partial results are still written and valid (every JSONL line
//    parses; the summary is there where the design puts it),
//  - that no bpftrace process and no BPF program is left behind: the
//    programs seen owned by this test's bpftrace are gone afterwards, and
//    no program is owned by any process of this test's process tree.
// Other people may run bpftrace on this machine at the same time, so
// programs are told apart by owner pid, never by a global count.
#include <fcntl.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <fstream>
#include <set>
#include <thread>

#include "live_util.h"

namespace sctrace::live {
namespace {

// Fewer instructions than this is a feature probe of bpftrace, not a
// program of the script: bpftrace 0.17's feature probes are 2 instructions
// (BPF_PROG_LOAD seen with strace -e trace=bpf), sctrace's programs dozens
// or more (the smallest of the stack test's program on 0.23: 57).
constexpr std::uint64_t kScriptInsns = 16;

using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

enum class Mode { Trace, Syscalls, Count };

std::string mode_name(Mode m) {
  switch (m) {
  case Mode::Trace:
    return "trace";
  case Mode::Syscalls:
    return "syscalls";
  case Mode::Count:
    return "count";
  }
  return "?";
}

// The message prefix of each mode's errors.
std::string error_prefix(Mode m) {
  switch (m) {
  case Mode::Trace:
    return "sctrace: error: ";
  case Mode::Syscalls:
    return "sctrace syscalls: error: ";
  case Mode::Count:
    return "sctrace count: error: ";
  }
  return "?";
}

// sctrace's arguments for mode, tracing getppid calls of pid into out
// (JSONL). count prints an interval every 0.2 s.
std::vector<std::string> pid_args(Mode m, int pid, const std::string& out) {
  std::string p = std::to_string(pid);
  switch (m) {
  case Mode::Trace:
    return {"--format", "jsonl", "-o", out, "-p", p, "sys_getppid"};
  case Mode::Syscalls:
    return {"syscalls", "-p",    p,    "-e", "trace=getppid",
            "--format", "jsonl", "-o", out};
  case Mode::Count:
    return {"count", "-p",       p,       "--syscalls", "getppid", "-i",
            "0.2",   "--format", "jsonl", "-o",         out};
  }
  return {};
}

// sctrace's arguments for mode, tracing getppid of `-- CMD...` into out.
std::vector<std::string> command_args(Mode m, const std::string& out,
                                      const std::vector<std::string>& extra,
                                      const std::vector<std::string>& cmd) {
  std::vector<std::string> a;
  switch (m) {
  case Mode::Trace:
    a = {"--format", "jsonl", "-o", out};
    break;
  case Mode::Syscalls:
    a = {"syscalls", "-e", "trace=getppid", "--format", "jsonl", "-o", out};
    break;
  case Mode::Count:
    a = {"count", "--syscalls", "getppid", "--format", "jsonl", "-o", out};
    break;
  }
  a.insert(a.end(), extra.begin(), extra.end());
  if (m == Mode::Trace)
    a.push_back("sys_getppid");
  a.push_back("--");
  a.insert(a.end(), cmd.begin(), cmd.end());
  return a;
}

// A traced process: sctrace_workload blocked_read, which calls getppid
// every 20 ms until 5 bytes arrive on its stdin, then exits 0 (or another
// workload mode reading a gate on stdin).
class Target {
public:
  explicit Target(std::vector<std::string> mode = {"blocked_read"}) {
    int p[2];
    if (::pipe2(p, O_CLOEXEC) != 0)
      return;
    pid_ = ::fork();
    if (pid_ == 0) {
      ::dup2(p[0], 0);
      int null = ::open("/dev/null", O_WRONLY);
      ::dup2(null, 1);
      std::vector<std::string> argv = {workload_bin()};
      argv.insert(argv.end(), mode.begin(), mode.end());
      std::vector<char*> a;
      for (auto& s : argv)
        a.push_back(s.data());
      a.push_back(nullptr);
      ::execv(a[0], a.data());
      ::_exit(127);
    }
    ::close(p[0]);
    gate_ = p[1];
  }
  ~Target() {
    if (pid_ > 0 && !reaped_) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
    if (gate_ >= 0)
      ::close(gate_);
  }
  int pid() const { return pid_; }
  // Lets it exit 0; returns its exit status.
  int finish() { return finish_with("done\n"); }
  int finish_with(const std::string& bytes) {
    (void)!::write(gate_, bytes.data(), bytes.size());
    int status = 0;
    ::waitpid(pid_, &status, 0);
    reaped_ = true;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  }

private:
  int pid_ = -1, gate_ = -1;
  bool reaped_ = false;
};

// sctrace started in the background, watched every 20 ms while it runs:
// its bpftrace (a descendant), the BPF programs that bpftrace holds, its
// own peak RSS.
struct RunOptions {
  std::vector<std::string> prefix; // e.g. unshare, setpriv, env
  int stdout_fd = -1;              // default: dir/stdout
};

class Sctrace {
public:
  using Options = RunOptions;
  Sctrace(const TempDir& dir, const std::vector<std::string>& args,
          Options o = {})
      : out_path_(dir.file("stdout")), err_path_(dir.file("stderr")) {
    std::vector<std::string> argv = o.prefix;
    argv.push_back(sctrace_bin());
    argv.insert(argv.end(), args.begin(), args.end());
    started_ = Clock::now();
    pid_ = ::fork();
    if (pid_ == 0) {
      int out = o.stdout_fd >= 0
                    ? o.stdout_fd
                    : ::open(out_path_.c_str(), O_WRONLY | O_CREAT, 0644);
      int err = ::open(err_path_.c_str(), O_WRONLY | O_CREAT, 0644);
      ::dup2(out, 1);
      ::dup2(err, 2);
      std::vector<char*> a;
      for (auto& s : argv)
        a.push_back(s.data());
      a.push_back(nullptr);
      ::execvp(a[0], a.data());
      ::_exit(127);
    }
  }
  ~Sctrace() {
    if (pid_ > 0 && exit_code_ < 0) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
  }
  int pid() const { return pid_; }
  int bpftrace() const { return bpftrace_; }
  const std::set<std::uint32_t>& programs() const { return programs_; }
  // Those of more than a few instructions: the script's, not bpftrace's
  // feature probes.
  const std::set<std::uint32_t>& script_programs() const {
    return script_programs_;
  }
  long peak_rss_kib() const { return peak_rss_kib_; }
  std::string out() const { return read_file(out_path_); }
  std::string err() const { return read_file(err_path_); }
  double seconds() const {
    return std::chrono::duration<double>(ended_ - started_).count();
  }

  // One look at the process tree (and, every 200 ms, at bpftool).
  void watch() {
    if (exit_code_ >= 0)
      return;
    int b = bpftrace_below(pid_);
    if (b > 0)
      bpftrace_ = b;
    std::ifstream status("/proc/" + std::to_string(pid_) + "/status");
    std::string line;
    while (std::getline(status, line))
      if (line.rfind("VmHWM:", 0) == 0)
        peak_rss_kib_ = std::max(peak_rss_kib_, std::atol(line.c_str() + 6));
    if (bpftrace_ > 0)
      for (std::uint32_t id : bpf_programs_of(bpftrace_))
        programs_.insert(id);
    if (bpftrace_ > 0)
      for (std::uint32_t id : bpf_programs_of(bpftrace_, kScriptInsns))
        script_programs_.insert(id);
  }
  // Watches until pred() holds; false after timeout or if sctrace exited.
  template <typename Pred> bool wait_until(Pred pred, double timeout_s) {
    auto end = Clock::now() + std::chrono::duration<double>(timeout_s);
    while (Clock::now() < end) {
      watch();
      if (pred())
        return true;
      if (reap(false))
        return pred();
      std::this_thread::sleep_for(20ms);
    }
    return false;
  }
  // Until bpftrace has loaded its programs.
  bool wait_loaded(double timeout_s = 60) {
    return wait_until([&] { return !programs_.empty(); }, timeout_s);
  }
  // Waits for sctrace to exit (SIGKILL after timeout_s); its exit status,
  // or 128 + signal.
  int wait(double timeout_s = 120) {
    auto end = Clock::now() + std::chrono::duration<double>(timeout_s);
    while (!reap(false)) {
      if (Clock::now() > end) {
        ADD_FAILURE() << "sctrace did not end within " << timeout_s << " s";
        ::kill(pid_, SIGKILL);
        reap(true);
        break;
      }
      watch();
      std::this_thread::sleep_for(20ms);
    }
    return exit_code_;
  }
  int exit_code() const { return exit_code_; }

private:
  bool reap(bool block) {
    if (exit_code_ >= 0)
      return true;
    int status = 0;
    if (::waitpid(pid_, &status, block ? 0 : WNOHANG) != pid_)
      return false;
    ended_ = Clock::now();
    exit_code_ =
        WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return true;
  }

  std::string out_path_, err_path_;
  pid_t pid_ = -1;
  int bpftrace_ = 0;
  int exit_code_ = -1;
  long peak_rss_kib_ = 0;
  std::set<std::uint32_t> programs_;
  std::set<std::uint32_t> script_programs_;
  Clock::time_point started_, ended_;
};

// No bpftrace of this test is alive, none of the programs its bpftrace
// owned is still loaded, and no process of this test's tree owns a BPF
// program.
void expect_nothing_left(const Sctrace& s) {
  if (s.bpftrace() > 0) {
    auto end = Clock::now() + 1s;
    while (!process_gone(s.bpftrace()) && Clock::now() < end)
      std::this_thread::sleep_for(10ms);
    EXPECT_TRUE(process_gone(s.bpftrace()))
        << "bpftrace " << s.bpftrace() << " is still running";
  }
  EXPECT_EQ(bpftrace_below(::getpid()), 0) << "a bpftrace of this test lives";
  std::vector<int> mine = descendants(::getpid());
  mine.push_back(::getpid());
  // Closing the last fd frees a program asynchronously (RCU): allow a
  // moment before calling it left behind.
  std::vector<std::string> left;
  for (int attempt = 0; attempt < 50; ++attempt) {
    left.clear();
    for (const auto& p : bpf_programs()) {
      if (s.programs().count(p.id))
        left.push_back("program " + std::to_string(p.id) + " (" + p.name +
                       ") of bpftrace " + std::to_string(s.bpftrace()));
      for (int owner : p.owner_pids) // when bpftool reports owners
        if (std::find(mine.begin(), mine.end(), owner) != mine.end())
          left.push_back("program " + std::to_string(p.id) + " (" + p.name +
                         ") owned by pid " + std::to_string(owner));
    }
    for (int pid : mine)
      for (std::uint32_t id : bpf_programs_of(pid))
        left.push_back("program " + std::to_string(id) + " held by pid " +
                       std::to_string(pid));
    if (left.empty())
      break;
    std::this_thread::sleep_for(20ms);
  }
  for (const auto& l : left)
    ADD_FAILURE() << "left behind: " << l;
}

// sctrace refused to start for a reason of its environment: exit 3 within
// timeout_s, `message` after the mode's error prefix on stderr, no
// bpftrace started and nothing left.
void expect_environment_error(Sctrace& s, Mode mode, const std::string& message,
                              int timeout_s = 60) {
  EXPECT_EQ(s.wait(timeout_s), 3) << s.err();
  EXPECT_NE(s.err().find(error_prefix(mode) + message), std::string::npos)
      << s.err();
  EXPECT_EQ(s.bpftrace(), 0) << "bpftrace was started";
  expect_nothing_left(s);
}

// Every line of a JSONL output, each of which must parse. `summary` is the
// last line's "summary" object (all three modes end with one), if any.
struct Jsonl {
  std::vector<nlohmann::json> records; // events, or count's reports
  nlohmann::json summary;
};
Jsonl parse_lines(const std::string& text) {
  Jsonl j;
  std::size_t start = 0, n = 0;
  while (start < text.size()) {
    auto nl = text.find('\n', start);
    EXPECT_NE(nl, std::string::npos)
        << "line " << n + 1
        << " is cut (no newline): " << text.substr(start, 200);
    if (nl == std::string::npos)
      break;
    std::string line = text.substr(start, nl - start);
    start = nl + 1;
    ++n;
    auto doc = nlohmann::json::parse(line, nullptr, false);
    EXPECT_FALSE(doc.is_discarded())
        << "line " << n << " is not JSON: " << line.substr(0, 200);
    if (doc.is_discarded())
      continue;
    if (doc.contains("summary") && doc["summary"].is_object())
      j.summary = doc["summary"];
    else
      j.records.push_back(std::move(doc));
  }
  return j;
}

// Events (trace, syscalls) or interval reports (count) in a JSONL output.
std::size_t records_of(Mode m, const Jsonl& j) {
  std::size_t n = 0;
  for (const auto& r : j.records)
    if (m != Mode::Count || r.value("type", "") == "interval")
      ++n;
  return n;
}

// getppid calls a count report says happened.
std::uint64_t count_getppid(const nlohmann::json& report) {
  std::uint64_t n = 0;
  for (const auto& row : report["report"]["syscalls"])
    if (row.value("syscall", "") == "getppid")
      n += row.value("count", 0ull);
  return n;
}

// Seconds since the epoch of an RFC 3339 UTC timestamp with ns.
double epoch_seconds(const std::string& ts) {
  std::tm tm{};
  const char* rest = ::strptime(ts.c_str(), "%Y-%m-%dT%H:%M:%S", &tm);
  double frac = rest && *rest == '.' ? std::atof(rest) : 0;
  return static_cast<double>(::timegm(&tm)) + frac;
}

double now_epoch() {
  timespec t{};
  ::clock_gettime(CLOCK_REALTIME, &t);
  return static_cast<double>(t.tv_sec) + t.tv_nsec / 1e9;
}

// A pid that does not exist: a child that has been reaped (pids are not
// reused before the counter wraps around).
int dead_pid() {
  pid_t p = ::fork();
  if (p == 0)
    ::_exit(0);
  ::waitpid(p, nullptr, 0);
  return p;
}

class LiveFaults : public ::testing::TestWithParam<Mode> {
protected:
  void SetUp() override {
    SCTRACE_REQUIRE_LIVE();
    if (!bpftool_available())
      SCTRACE_SKIP_MISSING("bpftool is not installed (apt-get install "
                           "bpftool)");
  }
  Mode mode() const { return GetParam(); }
  // Waits until s has loaded its program and written n records to out.
  bool has_records(Sctrace& s, const std::string& out, std::size_t n) {
    return s.wait_loaded() &&
           s.wait_until(
               [&] {
                 return records_of(mode(), parse_lines(read_file(out))) >= n;
               },
               30);
  }
};

// bpftrace killed with SIGKILL mid-trace: exit 1, a message that names the
// signal, the results so far kept with a summary.
TEST_P(LiveFaults, bpftrace_killed_mid_trace) {
  TempDir dir;
  Target target;
  std::string out = dir.file("out.jsonl");
  Sctrace s(dir, pid_args(mode(), target.pid(), out));
  // Some results first: events, or count's intervals.
  ASSERT_TRUE(has_records(s, out, 2)) << s.err();
  ASSERT_GT(s.bpftrace(), 0);
  ::kill(s.bpftrace(), SIGKILL);
  EXPECT_EQ(s.wait(30), 1) << s.err();
  std::string err = s.err();
  EXPECT_NE(err.find(error_prefix(mode()) + "bpftrace exited unexpectedly "
                                            "(killed by signal 9)"),
            std::string::npos)
      << err;
  Jsonl j = parse_lines(read_file(out));
  EXPECT_GE(records_of(mode(), j), 2u);
  ASSERT_TRUE(j.summary.is_object()) << read_file(out);
  EXPECT_EQ(j.summary["stop_reason"], "bpftrace_exited");
  expect_nothing_left(s);
}

// sctrace killed with SIGKILL: its bpftrace is gone within 1 s (it has
// PR_SET_PDEATHSIG), with every program; what was flushed stays valid.
TEST_P(LiveFaults, sctrace_killed_leaves_nothing_within_one_second) {
  TempDir dir;
  Target target;
  std::string out = dir.file("out.jsonl");
  Sctrace s(dir, pid_args(mode(), target.pid(), out));
  ASSERT_TRUE(has_records(s, out, 1)) << s.err();
  int b = s.bpftrace();
  ASSERT_GT(b, 0);
  ::kill(s.pid(), SIGKILL);
  EXPECT_EQ(s.wait(10), 128 + SIGKILL);
  auto t0 = Clock::now();
  while (!process_gone(b) && Clock::now() - t0 < 1s)
    std::this_thread::sleep_for(5ms);
  EXPECT_TRUE(process_gone(b))
      << "bpftrace " << b << " outlived sctrace by 1 s";
  Jsonl j = parse_lines(read_file(out)); // whole lines only
  EXPECT_GE(records_of(mode(), j), 1u);
  expect_nothing_left(s);
}

// The -p target exits mid-trace: the trace ends (as strace -p does), drained,
// with stop_reason target_exited and exit 0.
TEST_P(LiveFaults, target_exit_ends_the_trace) {
  TempDir dir;
  Target target;
  std::string out = dir.file("out.jsonl");
  Sctrace s(dir, pid_args(mode(), target.pid(), out));
  ASSERT_TRUE(has_records(s, out, 1)) << s.err();
  ASSERT_EQ(target.finish(), 0);
  auto exited = Clock::now();
  EXPECT_EQ(s.wait(60), 0) << s.err();
  double after = std::chrono::duration<double>(Clock::now() - exited).count();
  EXPECT_LT(after, 20) << "the trace went on after its target exited";
  Jsonl j = parse_lines(read_file(out));
  ASSERT_TRUE(j.summary.is_object()) << read_file(out);
  EXPECT_EQ(j.summary["stop_reason"], "target_exited");
  EXPECT_EQ(s.err().find("error:"), std::string::npos) << s.err();
  expect_nothing_left(s);
}

// -p of a process that does not exist: exit 2 (invalid input), in every
// mode, before any bpftrace is started.
TEST_P(LiveFaults, missing_pid_is_refused_before_bpftrace_starts) {
  TempDir dir;
  int pid = dead_pid();
  Sctrace s(dir, pid_args(mode(), pid, dir.file("out.jsonl")));
  EXPECT_EQ(s.wait(60), 2) << s.err();
  EXPECT_EQ(s.bpftrace(), 0) << "a bpftrace was started";
  EXPECT_NE(s.err().find(error_prefix(mode()) + "process " +
                         std::to_string(pid) + " does not exist"),
            std::string::npos)
      << s.err();
  EXPECT_NE(s.err().find("ps -e"), std::string::npos) << s.err();
  expect_nothing_left(s);
}

// --duration 1 on a command that runs for 10 s: the trace ends after 1 s,
// the command gets SIGTERM (its status, 143, is sctrace's exit code, as
// documented for -- CMD), and the summary says stop_reason duration.
TEST_P(LiveFaults, duration_ends_the_trace_and_terminates_the_command) {
  TempDir dir;
  std::string out = dir.file("out.jsonl");
  std::vector<std::string> a;
  std::vector<std::string> cmd = {workload_bin(), "sleep", "10000"};
  switch (mode()) {
  case Mode::Trace:
    a = {"--format",
         "jsonl",
         "-o",
         out,
         "--duration",
         "1",
         "sys_clock_nanosleep",
         "--"};
    a.insert(a.end(), cmd.begin(), cmd.end());
    break;
  case Mode::Syscalls:
    a = command_args(mode(), out, {"-d", "1"}, cmd);
    a[2] = "trace=clock_nanosleep";
    break;
  case Mode::Count:
    a = command_args(mode(), out, {"-d", "1"}, cmd);
    break;
  }
  Sctrace s(dir, a);
  EXPECT_EQ(s.wait(60), 128 + SIGTERM) << s.err();
  double ended = now_epoch();
  Jsonl j = parse_lines(read_file(out));
  ASSERT_TRUE(j.summary.is_object()) << read_file(out);
  EXPECT_EQ(j.summary["stop_reason"], "duration");
  EXPECT_EQ(j.summary["command_exit_code"], 128 + SIGTERM);
  double d = j.summary["duration_seconds"].get<double>();
  EXPECT_GE(d, mode() == Mode::Count ? 0.95 : 1.0);
  // count's numbers run from bpftrace's BEGIN, before the marker round
  // that arms the trace, so its duration also holds the arming.
  EXPECT_LT(d, mode() == Mode::Count ? 4.0 : 2.0);
  if (mode() != Mode::Count) {
    // The command's sleep started right after the trace did: from it to
    // sctrace's exit is the duration plus the stop.
    ASSERT_EQ(j.records.size(), 1u) << read_file(out);
    double began = mode() == Mode::Trace
                       ? j.records[0]["timestamp_ns"].get<double>() / 1e9
                       : epoch_seconds(j.records[0]["timestamp"]);
    EXPECT_GE(ended - began, 0.9);
    EXPECT_LT(ended - began, 4.0) << "the trace ran well past its duration";
  }
  expect_nothing_left(s);
}

// tracefs not mounted (in a private mount namespace): sctrace mounts it
// and traces as usual.
TEST_P(LiveFaults, unmounted_tracefs_is_mounted_by_sctrace) {
  TempDir dir;
  std::string out = dir.file("out.jsonl");
  // Exit 99 if tracefs is still mounted after the umounts.
  Sctrace::Options o;
  o.prefix = {"unshare",
              "-m",
              "--propagation",
              "private",
              "/bin/sh",
              "-c",
              "umount /sys/kernel/debug/tracing 2>/dev/null; "
              "umount /sys/kernel/tracing 2>/dev/null; "
              "test -e /sys/kernel/tracing/events && exit 99; "
              "exec \"$0\" \"$@\""};
  Sctrace s(dir, command_args(mode(), out, {}, {workload_bin(), "burst", "7"}),
            o);
  EXPECT_EQ(s.wait(120), 0) << s.err();
  Jsonl j = parse_lines(read_file(out));
  ASSERT_TRUE(j.summary.is_object()) << read_file(out);
  if (mode() == Mode::Count) {
    std::uint64_t calls = 0;
    for (const auto& r : j.records)
      if (r.value("type", "") == "total")
        calls = count_getppid(r);
    EXPECT_EQ(calls, 7u) << read_file(out);
  } else {
    EXPECT_EQ(j.records.size(), 7u) << read_file(out);
  }
  expect_nothing_left(s);
}

// tracefs not mounted and no way to mount it (/sys/kernel hidden under an
// empty read-only tmpfs): exit 3 with what to do.
TEST_P(LiveFaults, tracefs_that_cannot_be_mounted_is_an_environment_error) {
  TempDir dir;
  Sctrace::Options o;
  o.prefix = {"unshare",
              "-m",
              "--propagation",
              "private",
              "/bin/sh",
              "-c",
              "mount -t tmpfs -o ro,size=4k sctrace-test /sys/kernel && "
              "exec \"$0\" \"$@\""};
  Sctrace s(
      dir,
      command_args(mode(), dir.file("out"), {}, {workload_bin(), "burst", "1"}),
      o);
  expect_environment_error(s, mode(),
                           "tracefs is not mounted and mounting it on "
                           "/sys/kernel/tracing failed: No such file or "
                           "directory; mount it with `mount -t tracefs "
                           "tracefs /sys/kernel/tracing`");
}

// bpftrace missing from PATH: exit 3, with how to install it.
TEST_P(LiveFaults, missing_bpftrace_is_an_environment_error) {
  TempDir dir;
  Sctrace::Options o;
  o.prefix = {"env", "-u", "SCTRACE_BPFTRACE", "PATH=/nonexistent"};
  Sctrace s(dir, command_args(mode(), dir.file("out"), {}, {"/bin/true"}), o);
  expect_environment_error(s, mode(), "bpftrace is not installed");
  EXPECT_NE(s.err().find("apt-get install bpftrace"), std::string::npos)
      << s.err();
}

// Not root (setpriv to nobody, every capability dropped): exit 3.
TEST_P(LiveFaults, not_root_is_an_environment_error) {
  TempDir dir;
  ::chmod(dir.path().c_str(), 0777);
  Sctrace::Options o;
  o.prefix = {"setpriv",        "--reuid=65534",   "--regid=65534",
              "--clear-groups", "--inh-caps=-all", "--bounding-set=-all"};
  Sctrace s(dir, command_args(mode(), dir.file("out"), {}, {"/bin/true"}), o);
  expect_environment_error(s, mode(),
                           "sctrace needs root to load BPF programs (it runs "
                           "as uid 65534); run it with sudo");
}

// Root without capabilities (setpriv drops them all, as in a confined
// container): bpftrace would fail with misleading messages (no BTF, maps
// not permitted), so sctrace checks its capabilities first: exit 3, with
// what it needs, before any bpftrace starts.
TEST_P(LiveFaults, root_without_capabilities_is_an_environment_error) {
  TempDir dir;
  Sctrace::Options o;
  o.prefix = {"setpriv", "--inh-caps=-all", "--bounding-set=-all"};
  Sctrace s(dir, command_args(mode(), dir.file("out"), {}, {"/bin/true"}), o);
  expect_environment_error(
      s, mode(),
      "sctrace runs as root but without the capabilities BPF tracing needs "
      "(CAP_BPF and CAP_PERFMON, or CAP_SYS_ADMIN; its effective set is 0, "
      "as in a confined container or under setpriv/capsh); run it with them",
      120);
}

// A tmpfs of `size` bytes mounted on a fresh directory, unmounted by the
// destructor.
class SmallFs {
public:
  SmallFs(const std::string& dir, const std::string& size) : dir_(dir) {
    ::mkdir(dir.c_str(), 0755);
    mounted_ = ::mount("sctrace-test", dir.c_str(), "tmpfs", 0,
                       ("size=" + size).c_str()) == 0;
  }
  ~SmallFs() {
    if (mounted_)
      ::umount2(dir_.c_str(), MNT_DETACH);
  }
  bool mounted() const { return mounted_; }
  // Fills it up but for `keep` bytes.
  void fill(std::size_t total, std::size_t keep) {
    std::ofstream f(dir_ + "/filler", std::ios::binary);
    std::string block(total - keep, 'f');
    f << block;
  }

private:
  std::string dir_;
  bool mounted_ = false;
};

// The output file's disk fills up: exit 4, a message naming the file and
// ENOSPC, the trace stopped at once (bpftrace gone), whole lines kept.
TEST_P(LiveFaults, full_disk_stops_the_trace_with_exit_4) {
  TempDir dir;
  SmallFs fs(dir.file("small"), "64k");
  ASSERT_TRUE(fs.mounted()) << std::strerror(errno);
  std::string out = dir.file("small/out.jsonl");
  std::vector<std::string> a;
  if (mode() == Mode::Count) {
    // count writes little: intervals every 20 ms into the last 4 KiB.
    fs.fill(64 * 1024, 4096);
    a = command_args(mode(), out, {"-i", "0.02"},
                     {workload_bin(), "sleep", "60000"});
  } else {
    a = command_args(mode(), out, {},
                     {workload_bin(), "burst_threads", "1", "1000000"});
  }
  Sctrace s(dir, a);
  EXPECT_EQ(s.wait(120), 4) << s.err();
  std::string err = s.err();
  EXPECT_NE(err.find(error_prefix(mode()) + "writing to " + out +
                     " failed: No space left on device (ENOSPC); the trace "
                     "was stopped"),
            std::string::npos)
      << err;
  EXPECT_NE(err.find("Free some space, or write elsewhere with -o FILE."),
            std::string::npos)
      << err;
  EXPECT_LT(s.seconds(), 60) << "the trace went on after the disk was full";
  Jsonl j = parse_lines(read_file(out)); // cut at the last complete line
  EXPECT_GE(records_of(mode(), j), 1u);
  expect_nothing_left(s);
}

// The reader of standard output goes away (`sctrace ... | head -1`): the
// trace stops at once, quietly, with exit 0, as `yes | head -1` does.
TEST_P(LiveFaults, closed_pipe_ends_the_trace_quietly) {
  TempDir dir;
  Target target;
  int p[2];
  ASSERT_EQ(::pipe2(p, O_CLOEXEC), 0);
  Sctrace::Options o;
  o.stdout_fd = p[1];
  std::vector<std::string> a = pid_args(mode(), target.pid(), "-");
  // No -o: standard output.
  auto dash = std::find(a.begin(), a.end(), "-o");
  a.erase(dash, dash + 2);
  Sctrace s(dir, a, o);
  ::close(p[1]);
  std::string first;
  char c;
  while (::read(p[0], &c, 1) == 1 && c != '\n')
    first.push_back(c);
  ::close(p[0]); // head -1 exits
  EXPECT_FALSE(nlohmann::json::parse(first, nullptr, false).is_discarded())
      << first;
  auto closed = Clock::now();
  EXPECT_EQ(s.wait(60), 0) << s.err();
  EXPECT_LT(std::chrono::duration<double>(Clock::now() - closed).count(), 20);
  EXPECT_EQ(s.err().find("error:"), std::string::npos) << s.err();
  expect_nothing_left(s);
}

// The event rate exceeds what sctrace can take (2 threads of getppid, the
// smallest buffers): the drops are counted exactly (received + dropped =
// the calls made), and sctrace's own memory stays bounded. count counts
// in the kernel, so it misses nothing.
// Attached by pid, the target starts a 500 000-call burst as soon as its
// first tick (a getpid every millisecond) shows in the output, so the
// arming round's markers (re-fired every 500 ms) can still be behind the
// backlog when the trace stops. One of them used to be taken for the
// drain's: bpftrace 0.23 was stopped with its ring full, and 222 000 to
// 434 000 calls arrived with 0 counted as lost (about one run in three).
// Every call must arrive or be counted. syscalls mode only: it is the one
// that shows the ticks, so the burst starts once tracing has.
TEST_P(LiveFaults, burst_started_while_arming_is_delivered_or_counted) {
  if (mode() != Mode::Syscalls)
    GTEST_SKIP() << "SKIP: only syscalls mode shows the target's ticks";
  const std::uint64_t calls = 500000;
  for (int rep = 0; rep < 3; ++rep) {
    TempDir dir;
    std::string out = dir.file("out.jsonl");
    Target target({"gated_burst", std::to_string(calls)});
    Sctrace s(dir, {"syscalls", "-p", std::to_string(target.pid()), "-e",
                    "trace=getppid,getpid", "--format", "jsonl", "-o", out});
    ASSERT_TRUE(s.wait_until(
        [&] {
          return read_file(out).find("\"syscall\":\"getpid\"") !=
                 std::string::npos;
        },
        60))
        << s.err();
    EXPECT_EQ(target.finish_with("x"), 0);
    EXPECT_EQ(s.wait(180), 0) << s.err();
    Jsonl j = parse_lines(read_file(out));
    ASSERT_TRUE(j.summary.is_object()) << s.err();
    EXPECT_EQ(j.summary["stop_reason"], "target_exited");
    std::uint64_t getppid = 0;
    for (const auto& r : j.records)
      if (r.value("syscall", "") == "getppid")
        ++getppid;
    const auto dropped =
        j.summary["tool_stats"]["events_dropped"].get<std::uint64_t>();
    EXPECT_LE(getppid, calls);
    EXPECT_GE(getppid + dropped, calls)
        << "received " << getppid << " getppid, dropped " << dropped << "\n"
        << s.err();
    if (dropped == 0) {
      EXPECT_EQ(getppid, calls);
    }
    std::printf("rep %d: %llu getppid received, %llu events dropped\n", rep,
                static_cast<unsigned long long>(getppid),
                static_cast<unsigned long long>(dropped));
    expect_nothing_left(s);
  }
}

TEST_P(LiveFaults, overload_counts_every_drop_and_memory_stays_bounded) {
  TempDir dir;
  std::string out = dir.file("out.jsonl");
  const long threads = 2, calls = 150000, total = threads * calls;
  std::vector<std::string> extra;
  if (mode() == Mode::Trace)
    extra = {"-b", "1"};
  if (mode() == Mode::Syscalls)
    extra = {"--buffer-pages", "1"};
  Sctrace s(dir,
            command_args(mode(), out, extra,
                         {workload_bin(), "burst_threads",
                          std::to_string(threads), std::to_string(calls)}));
  EXPECT_EQ(s.wait(120), 0) << s.err();
  Jsonl j = parse_lines(read_file(out));
  ASSERT_TRUE(j.summary.is_object()) << s.err();
  switch (mode()) {
  case Mode::Trace: {
    auto got = j.summary["total_events"].get<long>();
    auto dropped = j.summary["events_dropped"].get<long>();
    EXPECT_EQ(got, static_cast<long>(j.records.size()));
    EXPECT_EQ(got + dropped, total)
        << "received " << got << ", dropped " << dropped;
    EXPECT_GT(dropped, 0) << "the test did not overload sctrace";
    EXPECT_NE(s.err().find("sctrace: warning: " + std::to_string(dropped) +
                           " events were dropped"),
              std::string::npos)
        << s.err();
    break;
  }
  case Mode::Syscalls: {
    const auto& t = j.summary["tool_stats"];
    auto got = t["events_captured"].get<long>();
    auto dropped = t["events_dropped"].get<long>();
    EXPECT_EQ(got, static_cast<long>(j.records.size()));
    EXPECT_EQ(got + dropped, total)
        << "received " << got << ", dropped " << dropped;
    EXPECT_GT(dropped, 0) << "the test did not overload sctrace";
    EXPECT_NE(s.err().find("sctrace syscalls: warning: " +
                           std::to_string(dropped) + " events were dropped"),
              std::string::npos)
        << s.err();
    break;
  }
  case Mode::Count: {
    std::uint64_t n = 0;
    for (const auto& r : j.records)
      if (r.value("type", "") == "total")
        n = count_getppid(r);
    EXPECT_EQ(n, static_cast<std::uint64_t>(total));
    break;
  }
  }
  // sctrace itself (not bpftrace): parser, writer and pipe buffers only.
  EXPECT_GT(s.peak_rss_kib(), 0);
  EXPECT_LT(s.peak_rss_kib(), 64 * 1024) << "sctrace's peak RSS in KiB";
  std::printf("%s: sctrace peak RSS %ld KiB\n", mode_name(mode()).c_str(),
              s.peak_rss_kib());
  expect_nothing_left(s);
}

// A program bpftrace cannot load. sctrace refuses up front what it can
// count: %s arguments over the per-probe string budget (exit 2, no
// bpftrace started).
TEST(LiveFaultsProgram, strings_over_the_budget_are_refused_up_front) {
  SCTRACE_REQUIRE_LIVE();
  TempDir dir;
  // 2 x 100 bytes > 160 on bpftrace 0.17; 2 x 2100 > 4096 on 0.21+.
  std::string size = compat_mode() ? "2100" : "100";
  Sctrace s(dir, {"-Z", size, "--format", "jsonl", "-o", dir.file("out"),
                  "r::sys_openat \"%s %s\", arg2, arg2", "--", workload_bin(),
                  "open", "1", "/etc/hostname"});
  EXPECT_EQ(s.wait(120), 2) << s.err();
  EXPECT_NE(s.err().find("sctrace: error: 2 string arguments of " + size +
                         " characters (and a NUL) do not fit the"),
            std::string::npos)
      << s.err();
  EXPECT_NE(s.err().find("use fewer %s arguments per probe or a smaller -Z"),
            std::string::npos)
      << s.err();
  EXPECT_EQ(s.bpftrace(), 0);
  expect_nothing_left(s);
}

// What sctrace cannot count exactly (how LLVM lays out the stack: here a
// return probe with two 80-byte strings (-Z 79) and a filter that compares a
// third) fits the budget but not bpftrace 0.17's 512-byte BPF stack.
// bpftrace refuses to compile it; sctrace says why and what to do, exit 2
// like the budget check, with a valid (empty) result and nothing loaded.
// bpftrace 0.21+ keeps strings off the stack and runs it.
TEST(LiveFaultsProgram, program_over_the_bpf_stack_says_what_to_do) {
  SCTRACE_REQUIRE_LIVE();
  TempDir dir;
  std::string out = dir.file("out.jsonl");
  // -Z 79: two strings of 79 characters and their NULs, 160 bytes.
  Sctrace s(dir, {"-Z", "79", "--format", "jsonl", "-o", out,
                  "r::sys_openat (arg2 == \"/etc/hostname\") \"%s %s = %d\", "
                  "arg2, arg2, retval",
                  "--", workload_bin(), "open", "1", "/etc/hostname"});
  int rc = s.wait(120);
  Jsonl j = parse_lines(read_file(out));
  ASSERT_TRUE(j.summary.is_object()) << read_file(out);
  if (compat_mode()) {
    EXPECT_EQ(rc, 0) << s.err();
    ASSERT_EQ(j.records.size(), 1u) << read_file(out);
    // The fd number depends on the fds the test process hands down.
    int fd = j.records[0]["retval"].get<int>();
    EXPECT_GE(fd, 3);
    EXPECT_EQ(j.records[0]["message"],
              "/etc/hostname /etc/hostname = " + std::to_string(fd));
  } else {
    EXPECT_EQ(rc, 2) << s.err();
    EXPECT_NE(s.err().find("sctrace: error: the program does not fit the "
                           "512-byte BPF stack, so bpftrace could not "
                           "compile it"),
              std::string::npos)
        << s.err();
    EXPECT_NE(s.err().find("read shorter strings (-Z, e.g. -Z 40)"),
              std::string::npos)
        << s.err();
    EXPECT_NE(s.err().find("BPF stack limit of 512 bytes is exceeded"),
              std::string::npos)
        << "bpftrace's own words are quoted: " << s.err();
    EXPECT_TRUE(j.records.empty());
    EXPECT_EQ(j.summary["stop_reason"], "bpftrace_exited");
    // (bpftrace 0.17 loads feature probes of 2 instructions first.)
    EXPECT_TRUE(s.script_programs().empty()) << "bpftrace loaded a program";
  }
  expect_nothing_left(s);
}

// Issue 12, case 2: `--duration 2 -- sh -c 'trap "" TERM; exec sleep 30'`
// took the command's 30 s: the command ignores the SIGTERM at the end of
// the trace, and sctrace waited for it. It now gets SIGKILL after the 2 s
// grace (128 + 9 is the exit code), and the summary is written.
TEST_P(LiveFaults, command_ignoring_sigterm_is_killed_after_the_grace) {
  TempDir dir;
  std::string out = dir.file("out.jsonl");
  Sctrace s(dir,
            command_args(mode(), out,
                         {mode() == Mode::Trace ? "--duration" : "-d", "2"},
                         {"/bin/sh", "-c", "trap '' TERM; exec sleep 30"}));
  EXPECT_EQ(s.wait(60), 128 + SIGKILL) << s.err();
  EXPECT_LT(s.seconds(), 20) << "sctrace waited for the command's 30 s";
  Jsonl j = parse_lines(read_file(out));
  ASSERT_TRUE(j.summary.is_object()) << read_file(out) << s.err();
  EXPECT_EQ(j.summary["stop_reason"], "duration");
  EXPECT_EQ(j.summary["command_exit_code"], 128 + SIGKILL);
  expect_nothing_left(s);
}

// Issue 12, case 4: with too few file descriptors bpftrace aborts
// (`FATAL: open("/dev/null"): Too many open files`, then SIGABRT); the
// error said only "killed by signal 6". It now carries bpftrace's reason
// (or sctrace's own, when sctrace runs out first) and what to do.
TEST_P(LiveFaults, too_few_file_descriptors_say_why_and_what_to_do) {
  for (const char* limit : {"18", "10"}) {
    TempDir dir;
    std::string out = dir.file("out.jsonl");
    RunOptions o;
    o.prefix = {"/bin/sh", "-c",
                std::string("ulimit -n ") + limit + " && exec \"$@\"", "sh"};
    Sctrace s(dir, command_args(mode(), out, {}, {"/bin/true"}), o);
    int code = s.wait(60);
    std::string err = s.err();
    EXPECT_TRUE(code == 1 || code == 3) << "ulimit -n " << limit << ": " << err;
    EXPECT_NE(err.find(error_prefix(mode())), std::string::npos) << err;
    // bpftrace 0.17 and sctrace say "Too many open files"; bpftrace 0.23
    // only "Error loading BPF program", and sctrace names the limit.
    EXPECT_TRUE(err.find("Too many open files") != std::string::npos ||
                err.find("ran out of file descriptors") != std::string::npos)
        << "ulimit -n " << limit << ": " << err;
    EXPECT_NE(err.find("ulimit -n"), std::string::npos) << err;
    EXPECT_EQ(err.find("cannot read the bpftrace version"), std::string::npos)
        << err;
    expect_nothing_left(s);
  }
}

INSTANTIATE_TEST_SUITE_P(Modes, LiveFaults,
                         ::testing::Values(Mode::Trace, Mode::Syscalls,
                                           Mode::Count),
                         [](const auto& info) {
                           return mode_name(info.param);
                         });

} // namespace
} // namespace sctrace::live
