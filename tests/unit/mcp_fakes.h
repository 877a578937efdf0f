// Fakes for the protocol layer's tests: a few small tools whose behaviour
// the tests control, and a thread-safe capture of everything a
// Connection sends.
#pragma once

#include <atomic>
#include <chrono>
#include <cmath>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "mcp/connection.h"

namespace sctrace::mcp::testing {

using nlohmann::json;

// Everything sent, in order; safe to use from several threads.
class Capture {
public:
  Out out() {
    return [this](const json& m) {
      std::lock_guard lock(mutex_);
      messages_.push_back(m);
    };
  }
  std::vector<json> messages() const {
    std::lock_guard lock(mutex_);
    return messages_;
  }
  void clear() {
    std::lock_guard lock(mutex_);
    messages_.clear();
  }

private:
  mutable std::mutex mutex_;
  std::vector<json> messages_;
};

// What the "wait" tool saw, for the cancellation tests.
struct WaitProbe {
  std::atomic<bool> started{false};
  std::atomic<bool> saw_cancel{false};
};

inline Tool make_tool(std::string name,
                      std::function<ToolResult(const json&, ToolContext&)> f) {
  Tool t;
  t.name = name;
  t.title = "The " + name + " tool";
  t.description = "a fake tool: " + name;
  t.input_schema = {{"type", "object"}};
  t.output_schema = {{"type", "object"}};
  t.annotations = {{"readOnlyHint", true}};
  t.call = std::move(f);
  return t;
}

// echo: structured {"args": ARGS}; progress: reports args.values (with
// total args.total); wait: runs until cancelled (10 s at most); throws;
// not_object: a structured result that is an array; bad_utf8: text that
// is not UTF-8.
inline ToolSet fake_tools(WaitProbe& probe) {
  ToolSet tools;
  tools.push_back(make_tool("echo", [](const json& args, ToolContext&) {
    ToolResult r;
    r.structured = {{"args", args}};
    r.text = "echoed " + std::to_string(args.size()) + " arguments";
    return r;
  }));
  tools.push_back(make_tool("progress", [](const json& args, ToolContext& c) {
    std::optional<double> total;
    if (args.contains("total"))
      total = args["total"].get<double>();
    for (const auto& v : args.value("values", json::array()))
      c.progress(v.is_number() ? v.get<double>() : std::nan(""), total,
                 "step " + v.dump());
    return ToolResult{};
  }));
  tools.push_back(make_tool("wait", [&probe](const json&, ToolContext& c) {
    probe.started = true;
    auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!*c.cancelled && std::chrono::steady_clock::now() < until)
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    probe.saw_cancel = c.cancelled->load();
    ToolResult r;
    r.structured = {{"cancelled", probe.saw_cancel.load()}};
    return r;
  }));
  tools.push_back(
      make_tool("throws", [](const json&, ToolContext&) -> ToolResult {
        throw std::runtime_error("boom in the fake tool");
      }));
  tools.push_back(make_tool("not_object", [](const json&, ToolContext&) {
    ToolResult r;
    r.structured = json::array({1, 2});
    return r;
  }));
  tools.push_back(make_tool("bad_utf8", [](const json&, ToolContext&) {
    ToolResult r;
    r.text = "\xff\xfe not UTF-8";
    return r;
  }));
  return tools;
}

inline json request(const json& id, const std::string& method,
                    json params = json::object()) {
  return {{"jsonrpc", "2.0"},
          {"id", id},
          {"method", method},
          {"params", std::move(params)}};
}

inline json initialize_request(const std::string& version, json id = 0) {
  return request(id, "initialize",
                 {{"protocolVersion", version},
                  {"capabilities", json::object()},
                  {"clientInfo", {{"name", "test"}, {"version", "1"}}}});
}

// The one message C sends for TEXT.
inline json one(Connection& c, const std::string& text) {
  Capture cap;
  c.handle_text(text, cap.out());
  auto m = cap.messages();
  if (m.size() != 1)
    throw std::runtime_error("expected one message for " + text + ", got " +
                             std::to_string(m.size()));
  return m[0];
}

inline json one(Connection& c, const json& message) {
  return one(c, message.dump());
}

inline void initialize(Connection& c, const std::string& version) {
  auto r = one(c, initialize_request(version));
  if (!r.contains("result"))
    throw std::runtime_error("initialize failed: " + r.dump());
}

} // namespace sctrace::mcp::testing
