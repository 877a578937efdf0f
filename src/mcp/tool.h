// An MCP tool as the protocol layer sees it: a name, schemas, annotations
// and a call. The tools themselves (src/tools/) know the modes; this
// library (the JSON-RPC and MCP protocol, src/mcp/) knows none of them.
//
// Contract of Tool::call:
//  - args is the client's "arguments" object (an empty object when none
//    was sent). The call validates it itself; bad arguments are a result
//    with is_error set and a structured error ({"error": {code, message,
//    hint, ...}}), never an exception or a JSON-RPC error.
//  - A long call reports progress through ctx.progress (about once a
//    second; never after it returns) and polls ctx.cancelled: once set,
//    it stops its trace cleanly and returns the partial result (with its
//    loss accounting), which the protocol then drops as the spec says.
//  - structured validates against output_schema, on success and on
//    error alike; text is a short summary for clients without structured
//    output (the protocol puts it in "content").
//  - call may run on any thread, several at once.
#pragma once

#include <atomic>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace sctrace::mcp {

struct ToolContext {
  // progress so far, the total when known, and a short message
  // ("412 events, 3.0 s of 10 s").
  std::function<void(double progress, std::optional<double> total,
                     const std::string& message)>
      progress = [](double, std::optional<double>, const std::string&) {};
  const std::atomic<bool>* cancelled = nullptr; // never null in a call
};

struct ToolResult {
  nlohmann::json structured = nlohmann::json::object();
  std::string text;
  bool is_error = false;
};

struct Tool {
  std::string name;  // [a-z_]+
  std::string title; // for people
  std::string description;
  nlohmann::json input_schema;  // JSON Schema 2020-12, type object
  nlohmann::json output_schema; // JSON Schema 2020-12, type object
  // MCP ToolAnnotations: readOnlyHint, destructiveHint, idempotentHint,
  // openWorldHint.
  nlohmann::json annotations = nlohmann::json::object();
  std::function<ToolResult(const nlohmann::json& args, ToolContext& ctx)> call;
};

using ToolSet = std::vector<Tool>;

} // namespace sctrace::mcp
