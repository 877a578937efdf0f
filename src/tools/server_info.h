// What sctrace tells an MCP client about itself at initialize: its name,
// version, title and instructions for the model. `sctrace mcp` and /mcp
// in `sctrace serve` send the same.
#pragma once

#include <string>

#include "mcp/connection.h"

namespace sctrace::tools {

mcp::ServerInfo server_info(std::string version);

} // namespace sctrace::tools
