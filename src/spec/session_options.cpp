// validate(SessionOptions) (spec/session_options.h).
#include "spec/session_options.h"

#include <cmath>
#include <string_view>

namespace sctrace::spec {
namespace {

Error invalid(std::string message) {
  return make_error(ErrorKind::Invalid, std::move(message));
}

// A comm the kernel could hold (15 bytes) that is safe inside a bpftrace
// string literal.
bool is_process_name(std::string_view name) {
  if (name.empty() || name.size() > 15)
    return false;
  for (char c : name) {
    if (c < 0x20 || c > 0x7e || c == '"' || c == '\\')
      return false;
  }
  return true;
}

bool is_cgroup_path(std::string_view path) {
  if (path.front() != '/')
    return false;
  for (char c : path) {
    unsigned char u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f || c == '"' || c == '\\')
      return false;
  }
  return true;
}

} // namespace

Result<void> validate(const SessionOptions& o) {
  if (!o.process_name.empty() && !is_process_name(o.process_name))
    return invalid("process name must be 1 to 15 printable ASCII characters "
                   "without quotes or backslashes");
  if (o.pid && *o.pid <= 0)
    return invalid("pid must be a positive number");
  if (o.tid && *o.tid <= 0)
    return invalid("tid must be a positive number");
  if (o.uid && *o.uid < 0)
    return invalid("uid must not be negative");
  if (o.duration_seconds < 0 || !std::isfinite(o.duration_seconds))
    return invalid("duration must not be negative");
  if (!o.cgroup.empty() && !is_cgroup_path(o.cgroup))
    return invalid("cgroup path must be absolute (start with '/') and must "
                   "not contain control characters, quotes or backslashes");
  return Ok{};
}

} // namespace sctrace::spec
