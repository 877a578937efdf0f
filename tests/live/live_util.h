// Helpers for live tests: run the real sctrace binary against the real
// kernel and read its output.
//
// Every live test starts with SCTRACE_REQUIRE_LIVE(), which skips the test
// with a printed reason when not root or when bpftrace is missing. As root
// under CI or scripts/test (prerequisites_required()), a missing
// prerequisite fails the test instead: there, a skip would hide that the
// live or compat suite did not run.
#pragma once

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "../unit/temp_dir.h"

namespace sctrace::live {

struct RunResult {
  int exit_code = -1;   // exit status, or 128 + signal
  std::string out, err; // captured stdout and stderr
};

// True when the tests run against another bpftrace (SCTRACE_BPFTRACE set:
// the bpftrace 0.23 chroot of the compat label).
bool compat_mode();

// Why live tests cannot run here, or empty when they can.
std::string live_skip_reason();

// True when a missing prerequisite (bpftrace, the 0.23 chroot, or a tool
// scripts/setup installs) must fail a test rather than skip it: running as
// root with CI set to anything but "" / "0" / "false" (CI services set
// CI=true), or with SCTRACE_LIVE_REQUIRED=1 (scripts/test sets it as root).
// Never when not root: live tests cannot run at all then.
bool prerequisites_required();

// True when name is an executable in PATH (run::find_executable).
bool have_command(const std::string& name);

// Skips the current test with reason, or fails it when
// prerequisites_required(). Returns from the calling (void) function.
#define SCTRACE_SKIP_MISSING(reason)                                           \
  do {                                                                         \
    if (::sctrace::live::prerequisites_required())                             \
      GTEST_FAIL() << "missing prerequisite: " << (reason)                     \
                   << " (a failure, not a skip, as root under CI or "          \
                      "scripts/test)";                                         \
    GTEST_SKIP() << "SKIP live test: " << (reason);                            \
  } while (0)

#define SCTRACE_REQUIRE_LIVE()                                                 \
  do {                                                                         \
    std::string reason_ = ::sctrace::live::live_skip_reason();                 \
    if (!reason_.empty())                                                      \
      SCTRACE_SKIP_MISSING(reason_);                                           \
  } while (0)

// Runs argv (argv[0] is a path) with a timeout; kills it after timeout_s.
RunResult run(const std::vector<std::string>& argv, int timeout_s = 120);

// Runs sctrace with args.
RunResult sctrace(const std::vector<std::string>& args, int timeout_s = 120);

std::string sctrace_bin();
std::string workload_bin();

// A fresh temporary directory for one test, removed by the destructor.
// tests/unit/temp_dir.h's, named sctrace-live-XXXXXX.
class TempDir : public test::TempDir {
public:
  TempDir() : test::TempDir("sctrace-live") {}
};

std::string read_file(const std::string& path);

// Parses JSONL output: every line must be valid JSON; the events and the
// final {"summary": ...} line are split apart.
struct JsonlOutput {
  std::vector<nlohmann::json> events;
  nlohmann::json summary;
};
JsonlOutput parse_jsonl(const std::string& text);

} // namespace sctrace::live

#include <cstdint>

namespace sctrace::live {

// BPF programs loaded on the machine and the processes that hold them
// (`bpftool prog show -j`, whose "pids" lists the owners).
struct BpfProgram {
  std::uint32_t id = 0;
  std::string name;
  std::vector<int> owner_pids;
};
// Empty when bpftool is missing or fails (bpftool_available() says which).
// owner_pids is empty when bpftool was built without pid iterators (as
// Debian 12's bpftool 7.1 is): use bpf_programs_of() then.
std::vector<BpfProgram> bpf_programs();
bool bpftool_available();

// The ids of the BPF programs pid holds an fd to, from /proc/PID/fdinfo
// ("prog_id:"), the source of bpftool's own "pids". MIN_INSNS leaves out
// programs the verifier saw fewer instructions of ("verified_insns:"):
// bpftrace 0.17 loads two-instruction programs to probe kernel features
// before it compiles the script.
std::vector<std::uint32_t> bpf_programs_of(int pid,
                                           std::uint64_t min_insns = 0);

// Every process below root in the process tree (not root itself).
std::vector<int> descendants(int root);

// The first process named bpftrace below root (other than a `bpftrace
// --version`), or 0.
int bpftrace_below(int root);

// True when pid no longer exists, or exists only as a zombie.
bool process_gone(int pid);

} // namespace sctrace::live
