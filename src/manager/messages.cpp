#include "manager/messages.h"

#include <sstream>

namespace sctrace::manager {

std::string format_seconds(double seconds) {
  std::ostringstream out;
  out << seconds;
  return out.str();
}

Error unknown_trace(const std::string& id, double ttl_seconds) {
  return make_error(ErrorKind::NotFound,
                    "no trace '" + id +
                        "': it never existed or finished more than " +
                        format_seconds(ttl_seconds) +
                        " s ago and was freed; check the id, or start the "
                        "trace again");
}

Error busy(std::size_t running, std::size_t queued) {
  return make_error(
      ErrorKind::Unsupported,
      "busy: " + std::to_string(running) + " traces run and " +
          std::to_string(queued) +
          " wait, the most this server allows; retry when one ends (GET "
          "/v1/traces/{id}) or raise --max-sessions");
}

Error shutting_down() {
  return make_error(ErrorKind::Unsupported,
                    "the trace manager is shutting down and starts no new "
                    "trace; retry once the server is back");
}

Error internal_error(const std::string& what) {
  return make_error(ErrorKind::System,
                    "the trace stopped on an internal error: " + what +
                        "; the records and summary up to it are kept; "
                        "please report it with the request");
}

Error thread_failed(const std::string& what) {
  return make_error(ErrorKind::System,
                    "the trace could not start: no thread could be created "
                    "for it (" +
                        what +
                        "); the host is out of threads or memory: retry "
                        "later or lower --max-sessions");
}

std::string max_duration_warning(double seconds) {
  return "stopped at the maximum duration of " + format_seconds(seconds) + " s";
}

std::string truncation_warning(std::uint64_t kept, std::uint64_t dropped,
                               std::uint64_t max_records,
                               std::uint64_t max_record_bytes) {
  return std::to_string(dropped) + " records were not kept: the first " +
         std::to_string(kept) + " reached the per-trace bound of " +
         std::to_string(max_records) + " records or " +
         std::to_string(max_record_bytes) +
         " bytes of JSON; narrow the trace (a filter, fewer syscalls, a "
         "shorter duration) to see them all";
}

} // namespace sctrace::manager
