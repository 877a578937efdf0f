// Errors of the MCP tools: a tool answers bad input and failed traces as
// a result with is_error set and {"error": {code, message, hint[, line,
// column]}}, never as an exception.
//
// Contract: code is one of not_root, no_such_process, unknown_syscall,
// kprobes_unavailable, invalid_spec, invalid_argument, refused_by_policy,
// busy, not_found, bpftrace_failed, unsupported, internal (a
// bug: an exception inside a tool). tool_code() refines the
// remote layer's ErrorKind (remote/error_json.h) by what the message says
// (an unknown syscall, a process that does not exist, missing kprobes,
// missing privileges). hint says what to do next with the tools. Never
// throws.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "mcp/tool.h"
#include "util/result.h"

namespace sctrace::tools {

std::string tool_code(const Error& e);

// {"code", "message", "hint"} plus "line" and "column" when e has a
// position.
nlohmann::json tool_error_json(const Error& e);

mcp::ToolResult error_result(const Error& e);
mcp::ToolResult error_result(std::string code, std::string message,
                             std::string hint);

// The "error" object of an error result, as JSON Schema.
nlohmann::json error_schema();

} // namespace sctrace::tools
