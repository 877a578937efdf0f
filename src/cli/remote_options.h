// What sctrace serve and sctrace request share: the options that bound
// and widen remote tracing, and the runtime they build from them (the
// machine's environment, the kernel catalog, the TraceManager and the
// remote policy).
//
// Contract: make_remote_runtime resolves the environment once (root,
// tracefs, bpftrace; each failure says what to do) and never runs a
// trace. The runtime's manager stops and waits for every trace when the
// runtime is destroyed, so no bpftrace outlives it.
#pragma once

#include <CLI/CLI.hpp>

#include <memory>

#include "engine/environment.h"
#include "gen/tracefs.h"
#include "manager/trace_manager.h"
#include "remote/ebpf_request.h"

namespace sctrace::cli {

struct RemoteOptions {
  remote::RemotePolicy policy;
  manager::Limits limits;
  std::size_t max_programs = 16;
  std::size_t response_events = 1000;
  std::string bpftrace;
};

void add_remote_options(CLI::App& app, RemoteOptions& options);

struct RemoteRuntime {
  engine::Environment environment;
  std::unique_ptr<gen::TracefsCatalog> catalog;
  std::unique_ptr<manager::TraceManager> manager;
  remote::RequestContext context(const RemoteOptions& options) const;
};

Result<std::unique_ptr<RemoteRuntime>>
make_remote_runtime(const RemoteOptions& options);

} // namespace sctrace::cli
