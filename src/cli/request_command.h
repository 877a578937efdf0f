// `sctrace request [FILE|-]`: runs seed 001's request (a file, or standard
// input) on this machine and writes the response to standard output, with
// no server: for agents that reach a host over SSH. Same request, same
// response and same policy as POST /v1/requests (remote/ebpf_request.h).
// Exit codes: 0 once the request ran (each program's own status is in the
// response), 2 for a request that is not valid JSON or not a request,
// 3 when the machine cannot trace (not root, no bpftrace).
#pragma once

#include <CLI/CLI.hpp>

#include "cli/remote_options.h"

namespace sctrace::cli {

struct RequestCommand {
  std::string input = "-";
  bool pretty = false;
  RemoteOptions remote;
};

CLI::App* setup_request_command(CLI::App& app, RequestCommand& c);
int run_request_command(const RequestCommand& c);

} // namespace sctrace::cli
