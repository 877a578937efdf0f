// JSON Schemas (2020-12) shared by the MCP tools' inputs and outputs, and
// the Tool skeleton every tool fills.
//
// Contract: every schema is an object schema. output_schema() makes every
// success property optional and adds "error" (tool_error.h's shape), so
// error results validate against it as success results do; the schemas
// say what the tools accept, the tools' own checks enforce it.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "mcp/tool.h"

namespace sctrace::tools {

inline const char* kSchemaDialect =
    "https://json-schema.org/draft/2020-12/schema";

// seed 000's target without "command" (a remote input never starts one).
nlohmann::json target_schema();
// seed 000's syscall selectors.
nlohmann::json syscalls_schema();
// An integer 1..300 seconds, default 30.
nlohmann::json duration_schema();

// {"type": "object", "properties": properties, "required": required,
//  "additionalProperties": false}
nlohmann::json input_schema(nlohmann::json properties,
                            nlohmann::json required = nlohmann::json::array());
// properties plus "error"; nothing required.
nlohmann::json output_schema(nlohmann::json properties);

// A tool with the sctrace annotations: read-only, not destructive, closed
// world; idempotent as given.
mcp::Tool make_tool(std::string name, std::string title,
                    std::string description, nlohmann::json input,
                    nlohmann::json output, bool idempotent);

} // namespace sctrace::tools
