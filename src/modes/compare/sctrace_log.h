// The JSONL output of `sctrace syscalls --format jsonl` (one event per
// line, then {"summary": ...}; specs/syscall_event.schema.json and
// specs/syscall_summary.schema.json), parsed for comparison.
//
// Contract:
//  - Depends only on that documented output, not on the syscalls library.
//  - Events keep their line order; callers sort by entry time.
//  - A line that is not valid JSON, or an event without pid, tid,
//    timestamp or syscall, or with a pid or tid that is not an integer
//    from 0 to 2^32-1, is an Invalid error naming the line. nlohmann
//    exceptions never leave this module.
//  - A missing summary line is not an error here: has_summary says
//    whether sctrace finished.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/result.h"

namespace sctrace::compare {

// One argument: a JSON integer, string, null or socket address object.
struct SctraceArg {
  enum class Kind { Int, String, Null, Sockaddr };
  std::string name;
  Kind kind = Kind::Int;
  std::string text; // Int: decimal; String: the bytes (UTF-8)
  // Sockaddr
  std::string family, address, path;
  std::optional<int> port;
  bool abstract = false;
};

struct SctraceCall {
  std::uint32_t pid = 0, tid = 0;
  std::int64_t time_ns = 0; // entry, from "timestamp"
  std::size_t line = 0;     // 1-based line in the JSONL
  std::string syscall;
  std::vector<SctraceArg> args;               // in the event's order
  std::vector<std::string> extraction_errors; // "filename_truncated", ...
  std::optional<std::int64_t> return_value;
  std::string error_name; // "ENOENT" when the call failed
  std::string unfinished; // "" or "started_before_trace", ...
  std::string json;       // the line itself
};

struct SctraceSummary {
  std::uint64_t total_events = 0;
  std::uint64_t unfinished_calls = 0;
  std::uint64_t events_dropped = 0; // a lower bound when !loss_exact
  bool loss_exact = true;
  std::uint64_t lost_reported = 0;
  double duration_seconds = 0;
  std::string stop_reason;
  std::optional<int> command_exit_code;
};

struct SctraceLog {
  std::vector<SctraceCall> calls;
  bool has_summary = false;
  SctraceSummary summary;
};

Result<SctraceLog> parse_sctrace_jsonl(std::string_view text);

// Reads and parses FILE; Io error when it cannot be read.
Result<SctraceLog> read_sctrace_jsonl(const std::string& path);

// "2026-11-22T04:01:00.250000000Z" -> nanoseconds since the epoch;
// nullopt for other text and for times that int64 nanoseconds cannot hold
// (before 1677 or after 2262).
std::optional<std::int64_t> parse_timestamp_ns(std::string_view text);

} // namespace sctrace::compare
