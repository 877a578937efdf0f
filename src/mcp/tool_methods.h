// tools/list and tools/call as MCP defines them, over a ToolSet.
//
// Contract:
//  - list_tools: every tool's name, description and inputSchema, plus
//    title, outputSchema (2025-06-18 and later) and annotations
//    (2025-03-26 and later) in versions that have them. One page: no
//    nextCursor; a "cursor" param is one this server never gave out, so
//    it is -32602.
//  - parse_call: params must be an object with a string "name" naming a
//    tool (else -32602, as the spec says for unknown tools), "arguments"
//    an object when present, and _meta.progressToken a string or an
//    integer when present.
//  - run_tool never throws: a tool that throws gets a result with
//    is_error and {"error": {code "internal", message, hint}}.
//  - call_result: {content: [{type text, text}], isError} plus
//    structuredContent where the version has it; older versions get the
//    structured JSON as a second text block instead. A result that
//    breaks Tool's contract (structured not an object, text not UTF-8)
//    is a -32603 internal error, never sent half-formed.
#pragma once

#include <string>
#include <variant>

#include <nlohmann/json.hpp>

#include "mcp/reply.h"
#include "mcp/tool.h"

namespace sctrace::mcp {

Reply list_tools(const ToolSet& tools, const std::string& version,
                 const nlohmann::json& params);

struct CallRequest {
  const Tool* tool = nullptr;
  nlohmann::json arguments = nlohmann::json::object();
  nlohmann::json progress_token; // null: no progress wanted
};

std::variant<CallRequest, Failure> parse_call(const ToolSet& tools,
                                              const nlohmann::json& params);

ToolResult run_tool(const Tool& tool, const nlohmann::json& arguments,
                    ToolContext& ctx);

Reply call_result(const ToolResult& result, const std::string& version);

// A result with is_error and {"error": {code, message, hint}}.
ToolResult error_result(const std::string& code, const std::string& message,
                        const std::string& hint);

} // namespace sctrace::mcp
