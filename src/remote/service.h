// The remote service: sctrace serve's server::Backend over a TraceManager,
// for seed 001's requests, asynchronous traces of every mode,
// capabilities and suggestions.
//
// POST /v1/traces bodies (trace_body.h):
//   {"mode": "trace", "program": {seed 001 program}}
//   {"mode": "syscalls", "input": {seed 000 trace_syscalls input}}
//   {"mode": "count" | "latency" | "slow", "input": {...}} (docs/remote.md)
// Contract: as server::Backend's. Remote input never runs a command: a
// syscalls input with a "command" target is refused. Bad input is a 400
// with {"error": {code, message, hint}}; an unknown or freed id a 404; a
// full manager a 503 "busy".
#pragma once

#include <memory>

#include "remote/capabilities.h"
#include "remote/ebpf_request.h"
#include "server/backend.h"

namespace sctrace::remote {

// GET /v1/capabilities adds what this service allows: "limits" (the
// manager's limits, max_programs, response_events) and "policy".

// A trace's state as GET /v1/traces/{id} returns it.
nlohmann::json info_json(const manager::Info& info);

class Service final : public server::Backend {
public:
  // ctx.manager and ctx.catalog must outlive the service; facts are the
  // machine's, read once at start (read_machine_facts, with_environment).
  Service(RequestContext ctx, MachineFacts facts)
      : ctx_(std::move(ctx)), facts_(std::move(facts)) {}

  server::Reply run_request(const nlohmann::json& body) override;
  server::Reply start_trace(const nlohmann::json& body) override;
  server::Reply list_traces() override;
  server::Reply get_trace(const std::string& id) override;
  server::Reply events(const std::string& id, std::uint64_t cursor,
                       std::size_t limit) override;
  server::Reply wait_events(const std::string& id, std::uint64_t cursor,
                            std::size_t limit,
                            std::chrono::milliseconds timeout) override;
  server::Reply stop_trace(const std::string& id) override;
  server::Reply capabilities() override;
  server::Reply suggest(const nlohmann::json& body) override;

private:
  RequestContext ctx_;
  MachineFacts facts_;
};

} // namespace sctrace::remote
