// Running traces for the MCP tools: start manager jobs, wait for their end
// while reporting progress about once a second, honour cancellation, and
// page their records.
//
// Contract:
//  - start_jobs() starts every job on the manager, or none: when one is
//    refused (the manager is full) the ones started are stopped and the
//    error is returned (code busy). A call already cancelled (its
//    connection closed) starts nothing.
//  - run_until_end() returns when every job has ended. Each second (each
//    tenth while the probes attach, so the moment they are live is
//    reported) it calls ctx.progress(elapsed seconds, duration, "trace
//    ID: attached|attaching, N events, X s of Y s") with the first job's
//    id, which get_trace_events pages, also after a cancellation; once
//    *ctx.cancelled is set it stops every job (a clean drain with exact loss
//    accounting) and waits for their ends. It also stops them after duration +
//    60 s, so it never hangs. It reports nothing after it returns.
//  - first_page() is the first `limit` records and the cursor after them
//    (null when every kept record is in the page).
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "manager/trace_manager.h"
#include "mcp/tool.h"

namespace sctrace::tools {

Result<std::vector<std::string>> start_jobs(manager::TraceManager& manager,
                                            std::vector<manager::Job> jobs,
                                            const mcp::ToolContext& ctx);

// The jobs' Infos once they ended (in the order of ids).
Result<std::vector<manager::Info>>
run_until_end(manager::TraceManager& manager,
              const std::vector<std::string>& ids, double duration,
              mcp::ToolContext& ctx);

struct FirstPage {
  nlohmann::json events = nlohmann::json::array();
  nlohmann::json next_cursor; // null when none
};

Result<FirstPage> first_page(const manager::TraceManager& manager,
                             const std::string& id, std::size_t limit);

// "completed", "stopped", "failed", ...: the info's status.
std::string status_of(const manager::Info& info);

} // namespace sctrace::tools
