// What the HTTP server serves: every route but /healthz is one call of a
// Backend, which takes parsed JSON and returns a status and a JSON body.
// The server owns the protocol (TLS, the bearer token, body size, rate,
// JSON parsing, errors as {"error": {"code", "message", "hint"}}); the
// Backend owns the meaning. sctrace serve wires a Backend over the
// TraceManager (cli/); tests may wire a fake one.
//
// Contract: every member is thread-safe, never throws, and returns a JSON
// object body. run_request may block for the length of the longest
// program (at most the manager's maximum duration); wait_events for at
// most `timeout`; every other member returns promptly.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

namespace sctrace::server {

struct Reply {
  int status = 200;
  nlohmann::json body = nlohmann::json::object();
};

// {"error": {"code": code, "message": message, "hint": hint}} with status.
Reply error_reply(int status, std::string code, std::string message,
                  std::string hint);

class Backend {
public:
  virtual ~Backend() = default;
  // POST /v1/requests: seed 001's request; the response when every
  // program ended.
  virtual Reply run_request(const nlohmann::json& body) = 0;
  // POST /v1/traces: starts one trace; 202 {"id", "status", ...}.
  virtual Reply start_trace(const nlohmann::json& body) = 0;
  // GET /v1/traces: {"traces": [...]}, every trace still kept.
  virtual Reply list_traces() = 0;
  // GET /v1/traces/{id}: status and summary.
  virtual Reply get_trace(const std::string& id) = 0;
  // GET /v1/traces/{id}/events: {"events": [...], "next_cursor": N,
  // "done": bool}; wait_events waits up to timeout for a record past
  // cursor or the end (follow).
  virtual Reply events(const std::string& id, std::uint64_t cursor,
                       std::size_t limit) = 0;
  virtual Reply wait_events(const std::string& id, std::uint64_t cursor,
                            std::size_t limit,
                            std::chrono::milliseconds timeout) = 0;
  // DELETE /v1/traces/{id}: stops it cleanly.
  virtual Reply stop_trace(const std::string& id) = 0;
  // GET /v1/capabilities (the server adds its own limits under "limits").
  virtual Reply capabilities() = 0;
  // POST /v1/suggest {"description": "..."}.
  virtual Reply suggest(const nlohmann::json& body) = 0;
};

} // namespace sctrace::server
