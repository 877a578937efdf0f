// notifications/progress for one tools/call that carries
// params._meta.progressToken.
//
// Contract: report() sends {progressToken, progress[, total][, message]}
// through `out` when progress is finite and greater than every value
// sent before (the spec wants it to increase strictly; others are
// dropped), the call is not cancelled and close() has not been called.
// "message" is sent only in versions that have it (2025-03-26 and
// later). Thread-safe; after close() returns, `out` is never called
// again, so `out` only has to live as long as the call.
#pragma once

#include <atomic>
#include <mutex>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "mcp/connection.h"

namespace sctrace::mcp {

class ProgressReporter {
public:
  ProgressReporter(nlohmann::json token, std::string version, const Out& out,
                   const std::atomic<bool>& cancelled);
  void report(double progress, std::optional<double> total,
              const std::string& message);
  void close();

private:
  std::mutex mutex_;
  nlohmann::json token_;
  std::string version_;
  const Out& out_;
  const std::atomic<bool>& cancelled_;
  std::optional<double> last_;
  bool closed_ = false;
};

} // namespace sctrace::mcp
