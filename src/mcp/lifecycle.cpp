#include "mcp/lifecycle.h"

#include <algorithm>
#include <array>

namespace sctrace::mcp {

namespace {

constexpr std::array<const char*, 8> kLevels = {
    "debug", "info",     "notice", "warning",
    "error", "critical", "alert",  "emergency"};

} // namespace

const std::vector<std::string>& supported_protocol_versions() {
  static const std::vector<std::string> versions = {
      "2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05", "2024-10-07"};
  return versions;
}

std::string negotiate_version(const nlohmann::json& requested) {
  const auto& versions = supported_protocol_versions();
  if (requested.is_string() &&
      std::find(versions.begin(), versions.end(), requested) != versions.end())
    return requested.get<std::string>();
  return versions.front();
}

bool has_batches(const std::string& version) {
  return version == "2025-03-26";
}

bool has_annotations(const std::string& version) {
  return version >= "2025-03-26";
}

bool has_progress_message(const std::string& version) {
  return version >= "2025-03-26";
}

bool has_structured_output(const std::string& version) {
  return version >= "2025-06-18";
}

nlohmann::json initialize_result(const std::string& version,
                                 const ServerInfo& info) {
  nlohmann::json server = {{"name", info.name}, {"version", info.version}};
  if (has_structured_output(version) && !info.title.empty())
    server["title"] = info.title;
  nlohmann::json result = {{"protocolVersion", version},
                           {"capabilities",
                            {{"tools", {{"listChanged", false}}},
                             {"logging", nlohmann::json::object()}}},
                           {"serverInfo", std::move(server)}};
  if (!info.instructions.empty())
    result["instructions"] = info.instructions;
  return result;
}

std::optional<std::string> parse_log_level(const nlohmann::json& params,
                                           std::string* why) {
  std::string names = "debug, info, notice, warning, error, critical, "
                      "alert or emergency";
  auto level = params.is_object() ? params.find("level") : params.end();
  if (!params.is_object() || level == params.end() || !level->is_string()) {
    *why = "logging/setLevel needs params {\"level\": LEVEL}, LEVEL one of " +
           names;
    return std::nullopt;
  }
  auto text = level->get<std::string>();
  if (std::find(kLevels.begin(), kLevels.end(), text) == kLevels.end()) {
    *why = "unknown log level '" + text + "'; use one of " + names;
    return std::nullopt;
  }
  return text;
}

} // namespace sctrace::mcp
