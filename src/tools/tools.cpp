#include "tools/tools.h"

namespace sctrace::tools {

mcp::ToolSet make_tools(const ToolsContext&) {
  return {};
}

} // namespace sctrace::tools
