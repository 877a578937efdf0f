// Helpers for the live tests of the remote API (docs/remote.md): one real
// `sctrace serve` on a free loopback port, driven by the real curl binary.
// Every process (server, curl, workloads) is a sctrace::run::Process.
#pragma once

#include <poll.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "live_util.h"
#include "run/process.h"

namespace sctrace::live::remote {

using Clock = std::chrono::steady_clock;
using nlohmann::json;

inline double seconds_since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

// Starts argv with stdin/stdout/stderr redirected to files ("" = inherited
// stdin, or /dev/null for output). Fails the test when it cannot start.
inline std::optional<run::Process> start(const std::vector<std::string>& argv,
                                         const std::string& out_file = "",
                                         const std::string& err_file = "",
                                         const std::string& in_file = "") {
  run::SpawnOptions o;
  o.argv = argv;
  o.stdin_file = in_file.empty() ? "/dev/null" : in_file;
  o.stdout_file = out_file.empty() ? "/dev/null" : out_file;
  o.stderr_file = err_file.empty() ? "/dev/null" : err_file;
  o.close_other_fds = true;
  auto p = run::Process::spawn(o);
  if (!p.ok() || !p.value().release().ok()) {
    ADD_FAILURE() << "cannot start " << argv[0];
    return std::nullopt;
  }
  return std::move(p.value());
}

// True once p has exited (or cannot be waited for).
inline bool exited_now(run::Process& p) {
  auto r = p.wait(0);
  return !r.ok() || r.value();
}

// Waits up to timeout_ms; SIGKILLs on timeout. Exit code or 128 + signal.
inline int finish(run::Process& p, int timeout_ms) {
  auto done = p.wait(timeout_ms);
  if (!done.ok() || !done.value()) {
    ADD_FAILURE() << p.name() << " did not end within " << timeout_ms << " ms";
    (void)p.signal(SIGKILL);
    (void)p.wait(std::nullopt);
  }
  if (p.exit_code())
    return *p.exit_code();
  return 128 + p.term_signal().value_or(0);
}

// Runs argv to its end (at most timeout_ms): exit code, stdout, stderr.
inline RunResult run_to_end(const std::vector<std::string>& argv,
                            const TempDir& dir, int timeout_ms = 30000,
                            const std::string& in_file = "") {
  static int n = 0;
  std::string out = dir.file("run" + std::to_string(++n) + ".out");
  std::string err = out + ".err";
  RunResult r;
  auto p = start(argv, out, err, in_file);
  if (!p)
    return r;
  r.exit_code = finish(*p, timeout_ms);
  r.out = read_file(out);
  r.err = read_file(err);
  return r;
}

// A copy of the workload whose comm is name.
inline std::string workload_named(const TempDir& dir, const std::string& name) {
  std::string path = dir.file(name);
  std::filesystem::copy_file(workload_bin(), path,
                             std::filesystem::copy_options::overwrite_existing);
  return path;
}

struct Reply {
  int status = 0;
  double seconds = 0; // curl's time_total
  std::string headers, body;
  json doc; // the body parsed, or discarded when it is not JSON
};

inline Reply parse_reply(const RunResult& r) {
  Reply reply;
  // Output: -i headers, body, then "\n" and the status from -w.
  auto nl = r.out.rfind('\n');
  if (nl == std::string::npos)
    return reply;
  reply.status = std::atoi(r.out.c_str() + nl + 1);
  if (auto sp = r.out.find(' ', nl); sp != std::string::npos)
    reply.seconds = std::atof(r.out.c_str() + sp + 1);
  std::string all = r.out.substr(0, nl);
  auto sep = all.find("\r\n\r\n");
  reply.headers = all.substr(0, sep == std::string::npos ? all.size() : sep);
  reply.body = sep == std::string::npos ? "" : all.substr(sep + 4);
  reply.doc = json::parse(reply.body, nullptr, false);
  return reply;
}

// One `sctrace serve --listen 127.0.0.1:0` with a token file in its own
// temporary directory; stop() sends SIGINT.
class Server {
public:
  explicit Server(const std::vector<std::string>& extra = {}) {
    std::vector<std::string> argv = {sctrace_bin(),  "serve",
                                     "--listen",     "127.0.0.1:0",
                                     "--token-file", dir_.file("token")};
    argv.insert(argv.end(), extra.begin(), extra.end());
    // The tests poll: lift the default rate limit (20/s) unless set.
    if (std::find(extra.begin(), extra.end(), "--rate") == extra.end())
      argv.insert(argv.end(), {"--rate", "100000", "--burst", "100000"});
    proc_ = start(argv, "", dir_.file("serve.err"));
    auto deadline = Clock::now() + std::chrono::seconds(15);
    const std::string key = "listening on http://";
    while (proc_ && Clock::now() < deadline && port_.empty()) {
      std::string err = read_file(dir_.file("serve.err"));
      if (auto at = err.find(key); at != std::string::npos)
        port_ = err.substr(err.rfind(':', err.find('\n', at)) + 1,
                           err.find('\n', at) -
                               err.rfind(':', err.find('\n', at)) - 1);
      else if (exited_now(*proc_))
        break;
      else
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    token_ = read_file(dir_.file("token"));
    while (!token_.empty() && (token_.back() == '\n' || token_.back() == ' '))
      token_.pop_back();
  }
  bool ok() const { return !port_.empty() && !token_.empty(); }
  std::string url(const std::string& path) const {
    return "http://127.0.0.1:" + port_ + path;
  }
  const std::string& token() const { return token_; }
  const TempDir& dir() const { return dir_; }
  int pid() const { return proc_ ? proc_->pid() : 0; }
  std::string log() const { return read_file(dir_.file("serve.err")); }
  run::Process& process() { return *proc_; }

  // curl args for one request: method, path, body ("" = none), token
  // (nullopt: the server's; "": no Authorization header).
  std::vector<std::string>
  curl_args(const std::string& method, const std::string& path,
            const std::string& body = "",
            const std::optional<std::string>& token = std::nullopt,
            int max_time_s = 30) const {
    std::vector<std::string> a = {"/usr/bin/curl",
                                  "-sS",
                                  "-i",
                                  "--max-time",
                                  std::to_string(max_time_s),
                                  "-X",
                                  method,
                                  "-w",
                                  "\n%{http_code} %{time_total}",
                                  "-H",
                                  "Expect:"};
    std::string t = token.value_or(token_);
    if (!t.empty())
      a.insert(a.end(), {"-H", "Authorization: Bearer " + t});
    if (!body.empty()) {
      static int n = 0;
      std::string file = dir_.file("body" + std::to_string(++n) + ".json");
      std::ofstream(file, std::ios::binary) << body;
      a.insert(a.end(), {"-H", "Content-Type: application/json",
                         "--data-binary", "@" + file});
    }
    a.push_back(url(path));
    return a;
  }

  Reply http(const std::string& method, const std::string& path,
             const std::string& body = "",
             const std::optional<std::string>& token = std::nullopt) const {
    return parse_reply(
        run_to_end(curl_args(method, path, body, token), dir_, 40000));
  }
  Reply get(const std::string& path) const { return http("GET", path); }
  Reply post(const std::string& path, const json& body) const {
    return http("POST", path, body.dump());
  }

  // SIGINT, then the exit code (at most 20 s).
  int stop() {
    if (!proc_)
      return -1;
    (void)proc_->signal(SIGINT);
    int rc = finish(*proc_, 20000);
    proc_.reset();
    return rc;
  }
  ~Server() {
    if (proc_)
      stop();
  }

private:
  TempDir dir_;
  std::optional<run::Process> proc_;
  std::string port_, token_;
};

// Polls GET /v1/traces/{id} (every 10 ms, at most timeout_s) until pred
// holds for its trace_info; returns the last one.
template <class Pred>
json poll_trace(const Server& s, const std::string& id, Pred pred,
                double timeout_s = 20) {
  auto t0 = Clock::now();
  json info;
  while (seconds_since(t0) < timeout_s) {
    Reply r = s.get("/v1/traces/" + id);
    info = r.doc;
    if (r.status == 200 && pred(info))
      return info;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ADD_FAILURE() << "trace " << id << " poll timed out; last: " << info.dump();
  return info;
}

inline json wait_attached(const Server& s, const std::string& id) {
  json info = poll_trace(
      s, id, [](const json& i) { return i.value("attached", false); });
  EXPECT_EQ(info["status"], "running") << info.dump();
  return info;
}

inline bool finished_status(const json& i) {
  std::string st = i.value("status", "");
  return st != "running" && st != "queued" && !st.empty();
}

inline json wait_finished(const Server& s, const std::string& id,
                          double timeout_s = 30) {
  return poll_trace(s, id, finished_status, timeout_s);
}

// Every record of a trace, paged with cursor (limit per page).
inline std::vector<json> page_all(const Server& s, const std::string& id,
                                  int limit = 5000) {
  std::vector<json> all;
  long cursor = 0;
  for (int page = 0; page < 100000; ++page) {
    Reply r =
        s.get("/v1/traces/" + id + "/events?cursor=" + std::to_string(cursor) +
              "&limit=" + std::to_string(limit));
    if (r.status != 200 || !r.doc.is_object()) {
      ADD_FAILURE() << "events page: " << r.status << " " << r.body;
      break;
    }
    for (auto& e : r.doc["events"])
      all.push_back(e);
    cursor = r.doc.value("next_cursor", cursor);
    if (r.doc.value("done", false))
      break;
  }
  return all;
}

// The bpftrace processes below pid.
inline std::vector<int> bpftraces_below(int pid) {
  std::vector<int> out;
  for (int d : descendants(pid))
    if (read_file("/proc/" + std::to_string(d) + "/comm") == "bpftrace\n")
      out.push_back(d);
  return out;
}

// The perf event fds pid holds (bpftrace's attached probes).
inline std::size_t perf_event_fds(int pid) {
  std::size_t n = 0;
  std::error_code ec;
  std::string dir = "/proc/" + std::to_string(pid) + "/fd";
  for (const auto& e : std::filesystem::directory_iterator(dir, ec)) {
    std::error_code ec2;
    auto target = std::filesystem::read_symlink(e.path(), ec2).string();
    n += target == "anon_inode:[perf_event]";
  }
  return n;
}

// Polls (at most timeout_s) until every pid is gone.
inline bool all_gone(const std::vector<int>& pids, double timeout_s = 10) {
  auto t0 = Clock::now();
  while (seconds_since(t0) < timeout_s) {
    bool gone = true;
    for (int p : pids)
      gone = gone && process_gone(p);
    if (gone)
      return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return false;
}

// Validates each document in files against the schema file (specs/) with
// tests/live/validate_remote.py. Empty when valid, else the errors.
inline std::string schema_errors(const std::string& schema,
                                 const std::vector<json>& docs,
                                 const TempDir& dir) {
  std::vector<std::string> argv = {"/usr/bin/python3",
                                   SCTRACE_LIVE_DIR "/validate_remote.py",
                                   SCTRACE_SPECS_DIR, schema};
  static int n = 0;
  for (const auto& d : docs) {
    std::string f = dir.file("doc" + std::to_string(++n) + ".json");
    std::ofstream(f) << d.dump();
    argv.push_back(f);
  }
  RunResult r = run_to_end(argv, dir, 60000);
  return r.exit_code == 0
             ? ""
             : "exit " + std::to_string(r.exit_code) + ": " + r.err;
}

} // namespace sctrace::live::remote
