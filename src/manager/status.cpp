#include "manager/trace_manager.h"

namespace sctrace::manager {

const char* status_name(Status s) {
  switch (s) {
  case Status::Queued:
    return "queued";
  case Status::Running:
    return "running";
  case Status::Completed:
    return "completed";
  case Status::Failed:
    return "failed";
  case Status::Stopped:
    return "stopped";
  }
  return "unknown";
}

} // namespace sctrace::manager
