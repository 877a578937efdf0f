#include "mcp/tool_methods.h"

#include <exception>

#include "mcp/jsonrpc.h"
#include "mcp/lifecycle.h"

namespace sctrace::mcp {

namespace {

nlohmann::json list_entry(const Tool& tool, const std::string& version) {
  nlohmann::json entry = {{"name", tool.name},
                          {"description", tool.description},
                          {"inputSchema", tool.input_schema}};
  if (has_structured_output(version)) {
    if (!tool.title.empty())
      entry["title"] = tool.title;
    if (tool.output_schema.is_object() && !tool.output_schema.empty())
      entry["outputSchema"] = tool.output_schema;
  }
  if (has_annotations(version) && tool.annotations.is_object() &&
      !tool.annotations.empty())
    entry["annotations"] = tool.annotations;
  return entry;
}

const Tool* find_tool(const ToolSet& tools, const std::string& name) {
  for (const auto& tool : tools)
    if (tool.name == name)
      return &tool;
  return nullptr;
}

std::string tool_names(const ToolSet& tools) {
  std::string names;
  for (const auto& tool : tools)
    names += (names.empty() ? "" : ", ") + tool.name;
  return names.empty() ? "(none)" : names;
}

Failure invalid_params(std::string message) {
  return Failure{jsonrpc::kInvalidParams, std::move(message), nullptr};
}

// The progress token of params._meta, null when none; a failure when it
// is neither a string nor an integer.
std::variant<nlohmann::json, Failure>
progress_token(const nlohmann::json& params) {
  auto meta = params.find("_meta");
  if (meta == params.end())
    return nlohmann::json(nullptr);
  if (!meta->is_object())
    return invalid_params("tools/call: \"_meta\" must be an object");
  auto token = meta->find("progressToken");
  if (token == meta->end())
    return nlohmann::json(nullptr);
  if (!jsonrpc::valid_id(*token))
    return invalid_params("tools/call: _meta.progressToken must be a string "
                          "or an integer");
  return *token;
}

// Whether J can be written as strict UTF-8 JSON.
bool serializable(const nlohmann::json& j) {
  try {
    (void)j.dump();
    return true;
  } catch (const nlohmann::json::exception&) {
    return false;
  }
}

} // namespace

Reply list_tools(const ToolSet& tools, const std::string& version,
                 const nlohmann::json& params) {
  if (!params.is_object())
    return Reply::fail(jsonrpc::kInvalidParams,
                       "tools/list: params must be an object");
  if (params.contains("cursor"))
    return Reply::fail(jsonrpc::kInvalidParams,
                       "tools/list: unknown cursor; this server lists every "
                       "tool on one page and never gives out a cursor: call "
                       "tools/list without one");
  nlohmann::json list = nlohmann::json::array();
  for (const auto& tool : tools)
    list.push_back(list_entry(tool, version));
  return Reply::ok({{"tools", std::move(list)}});
}

std::variant<CallRequest, Failure> parse_call(const ToolSet& tools,
                                              const nlohmann::json& params) {
  if (!params.is_object() || !params.contains("name") ||
      !params["name"].is_string())
    return invalid_params("tools/call needs params {\"name\": TOOL, "
                          "\"arguments\": {...}}; tools: " +
                          tool_names(tools));
  CallRequest call;
  auto name = params["name"].get<std::string>();
  call.tool = find_tool(tools, name);
  if (!call.tool)
    return invalid_params("unknown tool '" + name +
                          "'; tools/list names them: " + tool_names(tools));
  if (auto args = params.find("arguments"); args != params.end()) {
    if (!args->is_object())
      return invalid_params("tools/call: \"arguments\" must be an object");
    call.arguments = *args;
  }
  auto token = progress_token(params);
  if (auto* failure = std::get_if<Failure>(&token))
    return *failure;
  call.progress_token = std::get<nlohmann::json>(token);
  return call;
}

ToolResult error_result(const std::string& code, const std::string& message,
                        const std::string& hint) {
  ToolResult r;
  r.is_error = true;
  r.text = message + " (" + hint + ")";
  r.structured = {
      {"error", {{"code", code}, {"message", message}, {"hint", hint}}}};
  return r;
}

ToolResult run_tool(const Tool& tool, const nlohmann::json& arguments,
                    ToolContext& ctx) {
  std::string why;
  try {
    if (tool.call)
      return tool.call(arguments, ctx);
    why = "the tool has no implementation";
  } catch (const std::exception& e) {
    why = e.what();
  } catch (...) {
    why = "an exception that is not a std::exception";
  }
  return error_result("internal",
                      "tool '" + tool.name + "' failed inside sctrace: " + why,
                      "this is a bug in sctrace; please report it with the "
                      "arguments you sent");
}

Reply call_result(const ToolResult& r, const std::string& version) {
  if (!r.structured.is_object())
    return Reply::fail(jsonrpc::kInternalError,
                       "Internal error: the tool's structured result is not "
                       "an object (a bug in sctrace; please report it)");
  nlohmann::json content =
      nlohmann::json::array({{{"type", "text"}, {"text", r.text}}});
  nlohmann::json result = {{"content", std::move(content)},
                           {"isError", r.is_error}};
  if (has_structured_output(version))
    result["structuredContent"] = r.structured;
  else if (!r.structured.empty())
    result["content"].push_back(
        {{"type", "text"},
         {"text",
          serializable(r.structured) ? r.structured.dump() : std::string()}});
  if (!serializable(result))
    return Reply::fail(jsonrpc::kInternalError,
                       "Internal error: the tool's result holds text that is "
                       "not UTF-8 (a bug in sctrace; please report it)");
  return Reply::ok(std::move(result));
}

} // namespace sctrace::mcp
