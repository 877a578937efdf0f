#include "modes/compare/sctrace_log.h"

#include <cerrno>
#include <charconv>
#include <cstdint>
#include <cstring>
#include <ctime>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include <nlohmann/json.hpp>

namespace sctrace::compare {

namespace {

// Argument order matters (strace prints them by position).
using Json = nlohmann::ordered_json;

bool digits_at(std::string_view s, std::size_t pos, std::size_t n, int& out) {
  if (pos + n > s.size())
    return false;
  out = 0;
  for (std::size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9')
      return false;
    out = out * 10 + (s[i] - '0');
  }
  return true;
}

// A pid or tid: an integer from 0 to 2^32-1. Throws (caught by
// parse_sctrace_jsonl) otherwise; nlohmann's get<std::uint32_t>() of a
// float out of range is undefined behaviour, so it is never called on one.
std::uint32_t id_field(const Json& j, const char* key) {
  const Json& v = j.at(key);
  if (!v.is_number_unsigned() || v.get<std::uint64_t>() > UINT32_MAX)
    throw std::runtime_error(std::string(key) +
                             " is not an integer from 0 to 4294967295");
  return static_cast<std::uint32_t>(v.get<std::uint64_t>());
}

// A count of the summary: a non-negative integer, else 0 (never a float
// converted out of range).
std::uint64_t count_field(const Json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_number_unsigned())
    return 0;
  return it->get<std::uint64_t>();
}

SctraceArg parse_arg(const std::string& name, const Json& v) {
  SctraceArg a;
  a.name = name;
  if (v.is_null()) {
    a.kind = SctraceArg::Kind::Null;
  } else if (v.is_string()) {
    a.kind = SctraceArg::Kind::String;
    a.text = v.get<std::string>();
  } else if (v.is_object()) {
    a.kind = SctraceArg::Kind::Sockaddr;
    a.family = v.value("family", "");
    a.address = v.value("address", "");
    a.path = v.value("path", "");
    a.abstract = v.value("abstract", false);
    if (v.contains("port") && v["port"].is_number_integer())
      a.port = v["port"].get<int>();
  } else {
    a.kind = SctraceArg::Kind::Int;
    a.text = v.dump();
  }
  return a;
}

SctraceCall parse_event(const Json& j, std::string_view line) {
  SctraceCall c;
  c.pid = id_field(j, "pid");
  c.tid = id_field(j, "tid");
  c.syscall = j.at("syscall").get<std::string>();
  auto ts = parse_timestamp_ns(j.at("timestamp").get<std::string>());
  if (!ts)
    throw std::runtime_error("bad timestamp");
  c.time_ns = *ts;
  if (j.contains("args") && j["args"].is_object()) {
    for (const auto& [k, v] : j["args"].items()) {
      if (k == "extraction_errors") {
        for (const auto& e : v)
          c.extraction_errors.push_back(e.get<std::string>());
        continue;
      }
      c.args.push_back(parse_arg(k, v));
    }
  }
  if (j.contains("return_value") && j["return_value"].is_number_integer())
    c.return_value = j["return_value"].get<std::int64_t>();
  if (j.contains("error") && j["error"].is_object())
    c.error_name = j["error"].value("name", "");
  if (j.contains("unfinished") && j["unfinished"].is_string())
    c.unfinished = j["unfinished"].get<std::string>();
  c.json = std::string(line);
  return c;
}

SctraceSummary parse_summary(const Json& s) {
  SctraceSummary out;
  out.total_events = count_field(s, "total_events");
  out.unfinished_calls = count_field(s, "unfinished_calls");
  out.duration_seconds = s.value("duration_seconds", 0.0);
  out.stop_reason = s.value("stop_reason", "");
  if (s.contains("command_exit_code") &&
      s["command_exit_code"].is_number_integer())
    out.command_exit_code = s["command_exit_code"].get<int>();
  if (s.contains("tool_stats") && s["tool_stats"].is_object()) {
    const auto& t = s["tool_stats"];
    // events_dropped is null when not exact; the lower bound is beside it
    // (logs older than loss_exact have only events_dropped).
    const char* key = t.contains("events_dropped_at_least")
                          ? "events_dropped_at_least"
                          : "events_dropped";
    if (t.contains(key) && t[key].is_number_unsigned())
      out.events_dropped = t[key].get<std::uint64_t>();
    if (t.contains("loss_exact") && t["loss_exact"].is_boolean())
      out.loss_exact = t["loss_exact"].get<bool>();
    out.lost_reported = count_field(t, "lost_reported");
  }
  return out;
}

} // namespace

std::optional<std::int64_t> parse_timestamp_ns(std::string_view s) {
  // YYYY-MM-DDTHH:MM:SS[.fraction]Z
  std::tm tm{};
  int v = 0;
  if (!digits_at(s, 0, 4, v) || s.size() < 20 || s[4] != '-' || s[7] != '-' ||
      s[10] != 'T' || s[13] != ':' || s[16] != ':')
    return std::nullopt;
  tm.tm_year = v - 1900;
  if (!digits_at(s, 5, 2, tm.tm_mon) || !digits_at(s, 8, 2, tm.tm_mday) ||
      !digits_at(s, 11, 2, tm.tm_hour) || !digits_at(s, 14, 2, tm.tm_min) ||
      !digits_at(s, 17, 2, tm.tm_sec))
    return std::nullopt;
  tm.tm_mon -= 1;
  std::int64_t ns = 0;
  std::size_t i = 19;
  if (s[i] == '.') {
    std::int64_t scale = 100'000'000;
    for (++i; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i) {
      ns += (s[i] - '0') * scale;
      scale /= 10;
    }
  }
  if (i + 1 != s.size() || s[i] != 'Z')
    return std::nullopt;
  // Nanoseconds since the epoch fit an int64 from 1677 to 2262 only.
  constexpr std::int64_t kMaxSeconds = INT64_MAX / 1'000'000'000 - 1;
  std::int64_t secs = ::timegm(&tm);
  if (secs > kMaxSeconds || secs < -kMaxSeconds)
    return std::nullopt;
  return secs * 1'000'000'000 + ns;
}

Result<SctraceLog> parse_sctrace_jsonl(std::string_view text) {
  SctraceLog log;
  std::size_t number = 0, start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos)
      end = text.size();
    std::string_view line = text.substr(start, end - start);
    start = end + 1;
    ++number;
    if (line.find_first_not_of(" \t\r") == std::string_view::npos)
      continue;
    try {
      Json j = Json::parse(line);
      if (j.contains("summary")) {
        log.has_summary = true;
        log.summary = parse_summary(j["summary"]);
        continue;
      }
      SctraceCall c = parse_event(j, line);
      c.line = number;
      log.calls.push_back(std::move(c));
    } catch (const std::exception& e) {
      return make_error(ErrorKind::Invalid,
                        "sctrace's output, line " + std::to_string(number) +
                            ", is not a syscall event: " + e.what());
    }
  }
  return log;
}

Result<SctraceLog> read_sctrace_jsonl(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return make_error(ErrorKind::Io, "cannot read sctrace's output " + path +
                                         ": " + std::strerror(errno));
  std::ostringstream buf;
  buf << in.rdbuf();
  return parse_sctrace_jsonl(buf.str());
}

} // namespace sctrace::compare
