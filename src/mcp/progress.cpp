#include "mcp/progress.h"

#include <cmath>

#include "mcp/jsonrpc.h"
#include "mcp/lifecycle.h"

namespace sctrace::mcp {

ProgressReporter::ProgressReporter(nlohmann::json token, std::string version,
                                   const Out& out,
                                   const std::atomic<bool>& cancelled)
    : token_(std::move(token)), version_(std::move(version)), out_(out),
      cancelled_(cancelled) {}

void ProgressReporter::report(double progress, std::optional<double> total,
                              const std::string& message) {
  std::lock_guard lock(mutex_);
  if (closed_ || cancelled_ || !std::isfinite(progress) ||
      (last_ && progress <= *last_))
    return;
  last_ = progress;
  nlohmann::json params = {{"progressToken", token_}, {"progress", progress}};
  if (total && std::isfinite(*total))
    params["total"] = *total;
  if (!message.empty() && has_progress_message(version_))
    params["message"] = message;
  out_(jsonrpc::notification("notifications/progress", std::move(params)));
}

void ProgressReporter::close() {
  std::lock_guard lock(mutex_);
  closed_ = true;
}

} // namespace sctrace::mcp
