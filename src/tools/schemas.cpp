// Shared JSON Schemas of the MCP tools (schemas.h).
#include "tools/schemas.h"

#include "tools/tool_error.h"

namespace sctrace::tools {

using nlohmann::json;

json target_schema() {
  json one_of = json::array();
  for (const char* k : {"pid", "pids", "comm", "container", "cgroup", "all"})
    one_of.push_back({{"required", {k}}});
  return {
      {"type", "object"},
      {"description",
       "What to trace: exactly one of pid, pids, comm, container, cgroup or "
       "all. Starting a command is not possible here."},
      {"additionalProperties", false},
      {"properties",
       {{"pid", {{"type", "integer"}, {"minimum", 1}}},
        {"pids",
         {{"type", "array"},
          {"items", {{"type", "integer"}, {"minimum", 1}}},
          {"minItems", 1},
          {"uniqueItems", true}}},
        {"comm", {{"type", "string"}, {"minLength", 1}, {"maxLength", 15}}},
        {"container", {{"type", "string"}, {"minLength", 1}}},
        {"cgroup", {{"type", "string"}, {"minLength", 1}}},
        {"all", {{"const", true}}}}},
      {"oneOf", one_of}};
}

json syscalls_schema() {
  return {
      {"type", "array"},
      {"minItems", 1},
      {"items",
       {{"type", "string"}, {"pattern", "^!?(%[a-z%]+|[a-z0-9_*?\\[\\]]+)$"}}},
      {"description",
       "Syscalls: names (\"openat\"), globs (\"open*\"), strace classes "
       "(\"%file\"), \"!\" to exclude (\"!close\")."}};
}

json duration_schema() {
  return {{"type", "integer"},
          {"minimum", 1},
          {"maximum", 300},
          {"default", 30},
          {"description", "Trace duration in seconds"}};
}

json input_schema(json properties, json required) {
  json s = {{"$schema", kSchemaDialect},
            {"type", "object"},
            {"properties", std::move(properties)},
            {"additionalProperties", false}};
  if (!required.empty())
    s["required"] = std::move(required);
  return s;
}

json output_schema(json properties) {
  properties["error"] = error_schema();
  return {{"$schema", kSchemaDialect},
          {"type", "object"},
          {"properties", std::move(properties)}};
}

mcp::Tool make_tool(std::string name, std::string title,
                    std::string description, json input, json output,
                    bool idempotent) {
  mcp::Tool t;
  t.name = std::move(name);
  t.title = std::move(title);
  t.description = std::move(description);
  t.input_schema = std::move(input);
  t.output_schema = std::move(output);
  t.annotations = {{"title", t.title},
                   {"readOnlyHint", true},
                   {"destructiveHint", false},
                   {"idempotentHint", idempotent},
                   {"openWorldHint", false}};
  return t;
}

} // namespace sctrace::tools
