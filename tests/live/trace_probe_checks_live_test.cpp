// Live tests of the probe checks sctrace makes before bpftrace starts
// (issue 16): USDT probes read from the binary's SDT notes (exact events
// and arguments, names with '-', a missing probe, an argument beyond the
// probe's count, u::probe -p PID), and old SyS_X kernel names.
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <future>
#include <set>
#include <sstream>
#include <thread>

#include "gen/usdt_notes.h"
#include "live_util.h"

namespace sctrace::live {
namespace {

using namespace std::chrono_literals;

std::vector<std::string> messages_of(const std::vector<nlohmann::json>& events,
                                     const std::string& function) {
  std::vector<std::string> out;
  for (const auto& e : events)
    if (e["function"] == function)
      out.push_back(e["message"]);
  return out;
}

// The error line sctrace ends with (after its summary of 0 events).
std::string error_line(const RunResult& r) {
  std::size_t at = r.err.rfind("sctrace: error: ");
  return at == std::string::npos ? r.err : r.err.substr(at);
}

TEST(LiveProbeChecks, usdt_probes_with_dashes_trace_exact_arguments) {
  SCTRACE_REQUIRE_LIVE();
  TempDir dir;
  std::string out = dir.file("events.jsonl");
  std::string bin = workload_bin();
  auto r = sctrace({"--format", "jsonl", "-o", out,
                    "u:" + bin + ":sctrace-test:test-probe \"%d\", arg1",
                    "u:" + bin + ":sctrace_test:tick \"%d %d\", arg1, arg2",
                    "--", bin, "usdt", "20"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto o = parse_jsonl(read_file(out));
  std::vector<std::string> dashes, ticks;
  for (long i = 0; i < 20; ++i) {
    dashes.push_back(std::to_string(i * 3));
    ticks.push_back(std::to_string(i) + " " + std::to_string(i * 2));
  }
  EXPECT_EQ(messages_of(o.events, "sctrace-test:test-probe"), dashes);
  EXPECT_EQ(messages_of(o.events, "sctrace_test:tick"), ticks);
  EXPECT_EQ(o.events.size(), 40u);
  EXPECT_EQ(o.summary["events_dropped"], 0);
}

TEST(LiveProbeChecks, a_missing_usdt_probe_is_an_error_listing_the_probes) {
  SCTRACE_REQUIRE_LIVE();
  std::string bin = workload_bin();
  auto r = sctrace({"u:" + bin + ":tock", "--", bin, "usdt", "3"});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_EQ(error_line(r), "sctrace: error: USDT probe 'tock' is not in " +
                               bin +
                               "; its 2 probes are: sctrace-test:test-probe, "
                               "sctrace_test:tick\n");
  EXPECT_EQ(r.out, ""); // neither the command nor bpftrace ran
}

TEST(LiveProbeChecks, a_library_without_sdt_notes_says_so) {
  SCTRACE_REQUIRE_LIVE();
  const std::string lib = "/usr/lib/x86_64-linux-gnu/libpthread.so.0";
  auto probes = gen::elf_usdt_probes(lib);
  if (!probes.ok() || !probes->empty())
    GTEST_SKIP() << lib << " is missing or has USDT probes on this system";
  auto r =
      sctrace({"u:pthread:pthread_create \"%llx\", arg3", "--duration", "1"});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_EQ(error_line(r),
            "sctrace: error: " + lib +
                " has no USDT probes (no .note.stapsdt notes: it was "
                "built without <sys/sdt.h> probes); trace one of its "
                "functions with p:" +
                lib + ":FUNCTION instead\n");
}

TEST(LiveProbeChecks, a_usdt_argument_beyond_the_count_is_an_error) {
  SCTRACE_REQUIRE_LIVE();
  std::string bin = workload_bin();
  auto r = sctrace(
      {"u:" + bin + ":tick \"%d %d\", arg1, arg3", "--", bin, "usdt", "3"});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  // Pointed at in the spec, under arg3.
  EXPECT_EQ(r.err.substr(r.err.find("sctrace: error: ")),
            "sctrace: error: spec:1:" + std::to_string(bin.size() + 24) +
                ": error: USDT probe sctrace_test:tick has 2 arguments; arg3 "
                "does not exist\n  u:" +
                bin + ":tick \"%d %d\", arg1, arg3\n" +
                std::string(bin.size() + 25, ' ') + "^\n");
}

// sctrace_workload gate_usdt N: fires the USDT probes N times once a byte
// arrives on its stdin.
class GatedUsdt {
public:
  explicit GatedUsdt(long n) {
    int p[2];
    if (::pipe2(p, O_CLOEXEC) != 0)
      return;
    pid_ = ::fork();
    if (pid_ == 0) {
      ::dup2(p[0], 0);
      std::string bin = workload_bin(), count = std::to_string(n);
      ::execl(bin.c_str(), bin.c_str(), "gate_usdt", count.c_str(),
              static_cast<char*>(nullptr));
      ::_exit(127);
    }
    ::close(p[0]);
    gate_ = p[1];
  }
  ~GatedUsdt() {
    if (gate_ >= 0)
      ::close(gate_);
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
  }
  int pid() const { return pid_; }
  void open_gate() { EXPECT_EQ(::write(gate_, "g", 1), 1); }

private:
  int pid_ = -1;
  int gate_ = -1;
};

TEST(LiveProbeChecks, usdt_probe_of_a_pid_is_found_in_its_binaries) {
  SCTRACE_REQUIRE_LIVE();
  TempDir dir;
  std::string out = dir.file("events.txt");
  GatedUsdt target(15);
  std::string pid = std::to_string(target.pid());
  auto run = std::async(std::launch::async, [&] {
    return sctrace({"-o", out, "-p", pid, "--duration", "100",
                    "u::tick \"v=%d/%d\", arg1, arg2"});
  });
  // The header is written once the probes are attached.
  auto end = std::chrono::steady_clock::now() + 60s;
  while (read_file(out).empty() && std::chrono::steady_clock::now() < end &&
         run.wait_for(20ms) != std::future_status::ready) {
  }
  ASSERT_FALSE(read_file(out).empty()) << "sctrace did not attach";
  target.open_gate(); // 15 ticks, then the target exits and the trace ends
  RunResult r = run.get();
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::vector<std::string> got;
  std::istringstream lines(read_file(out));
  std::string line;
  while (std::getline(lines, line))
    if (auto at = line.find(" v="); at != std::string::npos)
      got.push_back(line.substr(at + 3));
  std::vector<std::string> want;
  for (long i = 0; i < 15; ++i)
    want.push_back(std::to_string(i) + "/" + std::to_string(i * 2));
  EXPECT_EQ(got, want) << read_file(out);
}

TEST(LiveProbeChecks, usdt_probe_missing_from_a_pid_is_an_error) {
  SCTRACE_REQUIRE_LIVE();
  GatedUsdt target(1);
  std::string pid = std::to_string(target.pid());
  // Until exec has mapped the workload, the process maps sctrace's parent.
  auto end = std::chrono::steady_clock::now() + 10s;
  while (read_file("/proc/" + pid + "/maps").find("sctrace_workload") ==
             std::string::npos &&
         std::chrono::steady_clock::now() < end)
    std::this_thread::sleep_for(10ms);
  auto r = sctrace({"-p", pid, "u::tock"});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("no file that process " + pid +
                       " maps declares USDT probe 'tock' (searched its "),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find(workload_bin()), std::string::npos) << r.err;
}

TEST(LiveProbeChecks, old_SyS_write_name_traces_exact_writes) {
  SCTRACE_REQUIRE_LIVE();
  TempDir dir;
  std::string out = dir.file("events.jsonl");
  auto r = sctrace({"--format", "jsonl", "-o", out,
                    "SyS_write (arg1 == 1) \"%d bytes\", arg3", "--",
                    workload_bin(), "write", "40", "77"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto o = parse_jsonl(read_file(out));
  ASSERT_EQ(o.events.size(), 40u);
  for (const auto& e : o.events) {
    EXPECT_EQ(e["function"], "sys_write");
    EXPECT_EQ(e["message"], "77 bytes");
  }
  EXPECT_EQ(r.out, std::string(40 * 77, 'x'));
}

} // namespace
} // namespace sctrace::live
