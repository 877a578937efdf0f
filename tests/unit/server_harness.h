// The server's tests: a fake Backend that records its calls, a Server on
// 127.0.0.1 (port 0) on a thread, and the real curl run through
// run::Process. Every wait is bounded.
#pragma once

#include <poll.h>
#include <stdlib.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "run/process.h"
#include "server/server.h"
#include "temp_dir.h"

namespace sctrace::server::test {

inline const std::string kToken = "test-token-0123456789";

// Canned replies; wait_events yields one event a call for cursors 0, 1
// and 2 (next_cursor advancing), then done.
class FakeBackend : public Backend {
public:
  struct Call {
    std::string name;
    nlohmann::json args;
  };
  std::vector<Call> calls() {
    std::lock_guard lock(mutex_);
    return calls_;
  }
  std::size_t count() { return calls().size(); }

  Reply run_request(const nlohmann::json& body) override {
    record("run_request", body);
    if (body.contains("throw"))
      throw std::runtime_error("fake backend failure");
    return Reply{200, {{"results", nlohmann::json::array()}, {"echo", body}}};
  }
  Reply start_trace(const nlohmann::json& body) override {
    record("start_trace", body);
    return Reply{202, {{"id", "t1"}, {"status", "running"}}};
  }
  Reply list_traces() override {
    record("list_traces", nlohmann::json::object());
    return Reply{200, {{"traces", {{{"id", "t1"}}}}}};
  }
  Reply get_trace(const std::string& id) override {
    record("get_trace", {{"id", id}});
    if (id == "weird")
      return Reply{0, {{"status", 0}}}; // not an HTTP status
    if (id != "t1")
      return error_reply(404, "no_such_trace", "no trace " + id, "list them");
    return Reply{200, {{"id", id}, {"status", "running"}}};
  }
  Reply events(const std::string& id, std::uint64_t cursor,
               std::size_t limit) override {
    record("events", {{"id", id}, {"cursor", cursor}, {"limit", limit}});
    return Reply{200,
                 {{"events", nlohmann::json::array()},
                  {"next_cursor", cursor},
                  {"done", false}}};
  }
  Reply wait_events(const std::string& id, std::uint64_t cursor,
                    std::size_t limit,
                    std::chrono::milliseconds timeout) override {
    record("wait_events", {{"id", id},
                           {"cursor", cursor},
                           {"limit", limit},
                           {"timeout_ms", timeout.count()}});
    nlohmann::json events = nlohmann::json::array();
    if (cursor < 3)
      events.push_back({{"seq", cursor}, {"syscall", "openat"}});
    return Reply{200,
                 {{"events", events},
                  {"next_cursor", cursor < 3 ? cursor + 1 : cursor},
                  {"done", cursor >= 3}}};
  }
  Reply stop_trace(const std::string& id) override {
    record("stop_trace", {{"id", id}});
    return Reply{200, {{"id", id}, {"status", "stopping"}}};
  }
  Reply capabilities() override {
    record("capabilities", nullptr);
    return Reply{200, {{"version", "test"}}};
  }
  Reply suggest(const nlohmann::json& body) override {
    record("suggest", body);
    return Reply{200, {{"suggestion", "sctrace syscalls"}}};
  }

private:
  void record(std::string name, nlohmann::json args) {
    std::lock_guard lock(mutex_);
    calls_.push_back({std::move(name), std::move(args)});
  }
  std::mutex mutex_;
  std::vector<Call> calls_;
};

inline ServerOptions test_options() {
  ServerOptions o;
  o.host = "127.0.0.1";
  o.port = 0;
  o.token = kToken;
  o.rate_per_second = 1000;
  o.rate_burst = 1000;
  o.threads = 4;
  o.follow_max = std::chrono::seconds(10);
  return o;
}

// A Server with a FakeBackend, serving on a thread until destroyed.
class RunningServer {
public:
  explicit RunningServer(ServerOptions options = test_options())
      : server_(std::move(options), backend) {
    auto bound = server_.bind();
    if (!bound.ok())
      throw std::runtime_error("bind: " + bound.error().message);
    port = *bound;
    thread_ = std::thread([this] { server_.run(); });
  }
  ~RunningServer() {
    server_.stop();
    thread_.join();
  }
  std::string url(const std::string& path, bool https = false) const {
    return (https ? "https://127.0.0.1:" : "http://127.0.0.1:") +
           std::to_string(port) + path;
  }
  Server& server() { return server_; }

  FakeBackend backend;
  int port = 0;

private:
  Server server_;
  std::thread thread_;
};

struct Output {
  int exit_code = -1;
  std::string out;
};

// Runs argv with stdout captured; at most timeout_ms in all.
inline Output run_program(std::vector<std::string> argv,
                          int timeout_ms = 15000) {
  run::SpawnOptions options;
  options.argv = std::move(argv);
  options.capture_stdout = true;
  auto process = run::Process::spawn(options);
  if (!process.ok() || !process->release().ok())
    return {};
  Output result;
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  char buf[4096];
  while (std::chrono::steady_clock::now() < deadline) {
    pollfd pfd{process->stdout_fd(), POLLIN, 0};
    if (::poll(&pfd, 1, 100) <= 0)
      continue;
    const ssize_t n = ::read(process->stdout_fd(), buf, sizeof buf);
    if (n <= 0)
      break;
    result.out.append(buf, static_cast<std::size_t>(n));
  }
  auto waited = process->wait(2000);
  if (waited.ok() && *waited && process->exit_code())
    result.exit_code = *process->exit_code();
  return result;
}

// One response of curl -i: status, headers (names lowercased), body.
struct Response {
  int exit_code = -1;
  int status = 0;
  std::map<std::string, std::string> headers;
  std::string body;
  nlohmann::json json() const {
    return nlohmann::json::parse(body, nullptr, false);
  }
  std::string header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? "" : it->second;
  }
};

inline void parse_head(const std::string& head, Response& r) {
  std::size_t start = head.find("\r\n");
  r.status = std::stoi(head.substr(head.find(' ') + 1, 3));
  while (start != std::string::npos && start + 2 < head.size()) {
    const std::size_t end = head.find("\r\n", start + 2);
    const std::string line = head.substr(start + 2, end - start - 2);
    const std::size_t colon = line.find(':');
    if (colon != std::string::npos) {
      std::string name = line.substr(0, colon);
      for (char& c : name)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      std::size_t v = line.find_first_not_of(' ', colon + 1);
      r.headers[name] = v == std::string::npos ? "" : line.substr(v);
    }
    start = end;
  }
}

// curl -sS -i ARGS...; interim 1xx responses are skipped.
inline Response curl(std::vector<std::string> args) {
  std::vector<std::string> argv = {"curl", "-sS", "-i", "--max-time", "10"};
  argv.insert(argv.end(), args.begin(), args.end());
  const Output output = run_program(argv);
  Response r;
  r.exit_code = output.exit_code;
  std::string rest = output.out;
  while (rest.rfind("HTTP/", 0) == 0) {
    const std::size_t end = rest.find("\r\n\r\n");
    if (end == std::string::npos)
      break;
    parse_head(rest.substr(0, end + 2), r);
    rest = rest.substr(end + 4);
    if (r.status >= 200)
      break;
  }
  r.body = rest;
  return r;
}

inline std::string bearer(const std::string& token = kToken) {
  return "Authorization: Bearer " + token;
}

using ::sctrace::test::TempDir;

} // namespace sctrace::server::test
