// Helpers for the `sctrace syscalls` live tests (syscalls_*_live_test.cpp):
// strace as the reference, processes the tests start and steer through
// their stdin, reading events while sctrace still runs, and an RFC 4180
// splitter. Header-only: the live tests are globbed as *_test.cpp.
#pragma once

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <fstream>
#include <functional>
#include <future>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "live_util.h"

namespace sctrace::live::sc {

inline constexpr char kStrace[] = "/usr/bin/strace";
inline constexpr char kPython[] = "/usr/bin/python3";

// Why the syscalls live tests cannot run here (live_skip_reason, or no
// strace), or empty.
inline std::string syscalls_skip_reason() {
  std::string why = live_skip_reason();
  if (!why.empty())
    return why;
  if (::access(kStrace, X_OK) != 0)
    return "strace is not installed (apt-get install strace)";
  return {};
}

#define SCTRACE_REQUIRE_SYSCALLS_LIVE()                                        \
  do {                                                                         \
    std::string reason_ = ::sctrace::live::sc::syscalls_skip_reason();         \
    if (!reason_.empty())                                                      \
      SCTRACE_SKIP_MISSING(reason_);                                           \
  } while (0)

inline std::string python_skip_reason() {
  if (::access(kPython, X_OK) != 0)
    return "no /usr/bin/python3";
  if (run({kPython, "-c", "import jsonschema"}).exit_code != 0)
    return "python3-jsonschema is not installed (apt-get install "
           "python3-jsonschema)";
  return {};
}

// tests/live/validate_syscalls.py MODE FILE (json or jsonl).
inline RunResult validate_syscalls(const std::string& mode,
                                   const std::string& file) {
  return run({kPython, SCTRACE_LIVE_DIR "/validate_syscalls.py", mode, file});
}

// ---- sctrace and strace runs ----------------------------------------------

inline std::vector<std::string> concat(std::vector<std::string> a,
                                       const std::vector<std::string>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

// `sctrace syscalls ARGS` in the background.
inline std::future<RunResult>
sctrace_async(const std::vector<std::string>& args, int timeout_s = 60) {
  std::vector<std::string> full = concat({"syscalls"}, args);
  return std::async(std::launch::async,
                    [full, timeout_s] { return sctrace(full, timeout_s); });
}

struct Count {
  std::uint64_t calls = 0, errors = 0;
  bool operator==(const Count&) const = default;
};
using Counts = std::map<std::string, Count>;

// For gtest's messages.
inline void PrintTo(const Count& c, std::ostream* os) {
  *os << c.calls << " (" << c.errors << " errors)";
}

inline std::ostream& operator<<(std::ostream& os, const Counts& c) {
  for (const auto& [name, n] : c)
    os << "  " << name << " " << n.calls << " (" << n.errors << " errors)\n";
  return os;
}

// The table of `strace -c -U name,calls,errors`:
//   syscall              calls    errors
//   ---------------- --------- ---------
//   read                  5003
//   openat                  35        16
//   ...
//   total                10125        17
inline Counts parse_strace_c(const std::string& text) {
  Counts out;
  std::istringstream in(text);
  std::string line;
  static const std::regex row(R"(^(\w+)\s+(\d+)(?:\s+(\d+))?\s*$)");
  while (std::getline(in, line)) {
    std::smatch m;
    if (!std::regex_match(line, m, row) || m[1] == "total")
      continue;
    out[m[1]] = Count{std::stoull(m[2]), m[3].matched ? std::stoull(m[3]) : 0};
  }
  return out;
}

// Calls per syscall in strace's ordinary output (`strace -f -o FILE`): one
// per line that starts a call ("PID name(" or "name("); "<... resumed>",
// "+++ exited" and "--- SIG" lines are not calls.
inline std::map<std::string, std::uint64_t>
parse_strace_lines(const std::string& text) {
  std::map<std::string, std::uint64_t> out;
  std::istringstream in(text);
  std::string line;
  static const std::regex call(R"(^(?:\d+ +|\[pid +\d+\] )?(\w+)\()");
  while (std::getline(in, line)) {
    std::smatch m;
    if (std::regex_search(line, m, call))
      ++out[m[1]];
  }
  return out;
}

// Runs `strace -f -qq ARGS -o FILE -- CMD` and returns FILE's text.
inline std::string strace_output(const TempDir& dir,
                                 const std::vector<std::string>& options,
                                 const std::vector<std::string>& cmd) {
  std::string file = dir.file("strace.out");
  std::vector<std::string> argv = {kStrace, "-f", "-qq", "-o", file};
  argv = concat(argv, options);
  argv.push_back("--");
  argv = concat(argv, cmd);
  RunResult r = run(argv, 60);
  EXPECT_EQ(r.exit_code, 0) << "strace failed: " << r.err;
  return read_file(file);
}

inline Counts per_syscall(const nlohmann::json& summary) {
  Counts out;
  for (const auto& row : summary.at("per_syscall"))
    out[row.at("syscall").get<std::string>()] =
        Count{row.at("count").get<std::uint64_t>(),
              row.at("errors").get<std::uint64_t>()};
  return out;
}

inline Counts count_events(const std::vector<nlohmann::json>& events) {
  Counts out;
  for (const auto& e : events) {
    Count& c = out[e.at("syscall").get<std::string>()];
    ++c.calls;
    if (!e.at("error").is_null())
      ++c.errors;
  }
  return out;
}

inline std::map<std::string, std::uint64_t> calls_only(const Counts& c) {
  std::map<std::string, std::uint64_t> out;
  for (const auto& [name, n] : c)
    out[name] = n.calls;
  return out;
}

// Events of a JSONL file sctrace is still writing: complete lines only,
// the summary line left out.
inline std::vector<nlohmann::json> events_so_far(const std::string& path) {
  std::string text = read_file(path);
  auto end = text.rfind('\n');
  if (end == std::string::npos)
    return {};
  auto o = parse_jsonl(text.substr(0, end + 1));
  return o.events;
}

// Waits until the JSONL file has N events for which pred is true.
inline bool
wait_for_events(const std::string& path,
                const std::function<bool(const nlohmann::json&)>& pred,
                std::size_t n, int timeout_ms = 30000) {
  auto deadline =
      std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (std::chrono::steady_clock::now() < deadline) {
    std::size_t seen = 0;
    for (const auto& e : events_so_far(path))
      seen += pred(e) ? 1 : 0;
    if (seen >= n)
      return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(30));
  }
  return false;
}

// Waits until the JSONL file has an event for which pred is true.
inline bool
wait_for_event(const std::string& path,
               const std::function<bool(const nlohmann::json&)>& pred,
               int timeout_ms = 30000) {
  return wait_for_events(path, pred, 1, timeout_ms);
}

// ---- processes the tests steer ----------------------------------------------

// A process with its stdin and stdout connected to the test. Killed and
// reaped by the destructor if still running.
class Child {
public:
  explicit Child(const std::vector<std::string>& argv) {
    int in[2], out[2];
    if (::pipe2(in, O_CLOEXEC) != 0 || ::pipe2(out, O_CLOEXEC) != 0)
      return;
    std::vector<char*> args;
    for (const auto& a : argv)
      args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    pid_ = ::fork();
    if (pid_ == 0) {
      ::dup2(in[0], 0);
      ::dup2(out[1], 1);
      ::execv(args[0], args.data());
      ::_exit(127);
    }
    ::close(in[0]);
    ::close(out[1]);
    in_ = in[1];
    out_ = out[0];
  }
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;
  ~Child() {
    if (pid_ > 0 && !reaped_) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
    if (in_ >= 0)
      ::close(in_);
    if (out_ >= 0)
      ::close(out_);
  }
  pid_t pid() const { return pid_; }
  bool send(const std::string& data) {
    return ::write(in_, data.data(), data.size()) ==
           static_cast<ssize_t>(data.size());
  }
  // Closes its stdin (a commanded workload exits at EOF).
  void close_stdin() {
    if (in_ >= 0)
      ::close(in_);
    in_ = -1;
  }
  // One line of its stdout, without the newline; empty on timeout or EOF.
  std::string read_line(int timeout_ms = 10000) {
    auto deadline = std::chrono::steady_clock::now() +
                    std::chrono::milliseconds(timeout_ms);
    for (;;) {
      auto nl = buf_.find('\n');
      if (nl != std::string::npos) {
        std::string line = buf_.substr(0, nl);
        buf_.erase(0, nl + 1);
        return line;
      }
      int left = static_cast<int>(
          std::chrono::duration_cast<std::chrono::milliseconds>(
              deadline - std::chrono::steady_clock::now())
              .count());
      if (left <= 0)
        return {};
      pollfd p = {out_, POLLIN, 0};
      if (::poll(&p, 1, left) <= 0)
        return {};
      char chunk[4096];
      ssize_t n = ::read(out_, chunk, sizeof chunk);
      if (n <= 0)
        return {};
      buf_.append(chunk, static_cast<std::size_t>(n));
    }
  }
  // Exit code (128 + signal), or -1 if it did not end in time (then it is
  // killed).
  int wait(int timeout_ms = 10000) {
    auto deadline = std::chrono::steady_clock::now() +
                    std::chrono::milliseconds(timeout_ms);
    int status = 0;
    while (::waitpid(pid_, &status, WNOHANG) == 0) {
      if (std::chrono::steady_clock::now() >= deadline) {
        ::kill(pid_, SIGKILL);
        ::waitpid(pid_, nullptr, 0);
        reaped_ = true;
        return -1;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    reaped_ = true;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  }

private:
  pid_t pid_ = -1;
  int in_ = -1, out_ = -1;
  bool reaped_ = false;
  std::string buf_;
};

// ---- CSV
// ----------------------------------------------------------------------

// RFC 4180: records end with a newline outside quotes, fields are split
// at commas outside quotes, "" inside quotes is one quote.
inline std::vector<std::vector<std::string>>
parse_csv(const std::string& text) {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  std::string field;
  bool quoted = false, in_row = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    in_row = true;
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      row.push_back(std::move(field));
      field.clear();
    } else if (c == '\n') {
      row.push_back(std::move(field));
      field.clear();
      rows.push_back(std::move(row));
      row.clear();
      in_row = false;
    } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
      // CRLF: the '\n' ends the record
    } else {
      field += c;
    }
  }
  if (in_row) {
    row.push_back(std::move(field));
    rows.push_back(std::move(row));
  }
  return rows;
}

// ---- strings
// ------------------------------------------------------------------

// What JSON output makes of raw bytes: valid UTF-8 kept, every byte that
// does not start a complete valid sequence replaced by U+FFFD.
inline std::string utf8_sanitized(const std::string& s) {
  std::string out;
  std::size_t i = 0;
  auto cont = [&](std::size_t k) {
    return k < s.size() && (static_cast<unsigned char>(s[k]) & 0xC0) == 0x80;
  };
  while (i < s.size()) {
    auto c = static_cast<unsigned char>(s[i]);
    std::size_t len = c < 0x80                   ? 1
                      : (c >= 0xC2 && c <= 0xDF) ? 2
                      : (c >= 0xE0 && c <= 0xEF) ? 3
                      : (c >= 0xF0 && c <= 0xF4) ? 4
                                                 : 0;
    bool ok = len > 0;
    for (std::size_t k = 1; ok && k < len; ++k)
      ok = cont(i + k);
    if (ok) {
      out.append(s, i, len);
      i += len;
    } else {
      out += "\xEF\xBF\xBD";
      ++i;
    }
  }
  return out;
}

// A process-unique name for cgroups and the like.
inline std::string unique_name(const std::string& prefix) {
  static int counter = 0;
  return prefix + std::to_string(::getpid()) + "-" + std::to_string(++counter) +
         "-" +
         std::to_string(
             std::chrono::steady_clock::now().time_since_epoch().count() %
             1000000);
}

} // namespace sctrace::live::sc
