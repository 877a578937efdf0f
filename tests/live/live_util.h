// Helpers for live tests: run the real sctrace binary against the real
// kernel and read its output.
//
// Every live test starts with SCTRACE_REQUIRE_LIVE(), which skips the test
// with a printed reason when not root or when bpftrace is missing.
#pragma once

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

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

#define SCTRACE_REQUIRE_LIVE()                                                 \
  do {                                                                         \
    std::string reason_ = ::sctrace::live::live_skip_reason();                 \
    if (!reason_.empty())                                                      \
      GTEST_SKIP() << "SKIP live test: " << reason_;                           \
  } while (0)

// Runs argv (argv[0] is a path) with a timeout; kills it after timeout_s.
RunResult run(const std::vector<std::string>& argv, int timeout_s = 120);

// Runs sctrace with args.
RunResult sctrace(const std::vector<std::string>& args, int timeout_s = 120);

std::string sctrace_bin();
std::string workload_bin();

// A fresh temporary directory for one test, removed by the destructor.
class TempDir {
public:
  TempDir();
  ~TempDir();
  const std::string& path() const { return path_; }
  std::string file(const std::string& name) const { return path_ + "/" + name; }

private:
  std::string path_;
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
