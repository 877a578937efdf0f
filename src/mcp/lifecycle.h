// The MCP lifecycle: protocol versions, what each one has, the
// initialize result and logging/setLevel's levels.
//
// Contract:
//  - negotiate_version(requested) is the requested version when this
//    server speaks it, else the newest it speaks (the client then decides
//    whether it can go on).
//  - The has_* predicates say whether a negotiated version has a feature:
//    JSON-RPC batches only in 2025-03-26 (added then, removed in
//    2025-06-18); tool annotations and progress messages since
//    2025-03-26; titles, outputSchema and structuredContent since
//    2025-06-18. Versions are ISO dates, so they compare as strings.
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "mcp/connection.h"

namespace sctrace::mcp {

std::string negotiate_version(const nlohmann::json& requested);

bool has_batches(const std::string& version);
bool has_annotations(const std::string& version);
bool has_progress_message(const std::string& version);
bool has_structured_output(const std::string& version); // and titles

// initialize's result for the negotiated VERSION.
nlohmann::json initialize_result(const std::string& version,
                                 const ServerInfo& info);

// The level of logging/setLevel's params, or nullopt with *why set when
// the params name none of the eight syslog levels.
std::optional<std::string> parse_log_level(const nlohmann::json& params,
                                           std::string* why);

} // namespace sctrace::mcp
