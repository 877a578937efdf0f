// Errors of the MCP tools (tool_error.h).
#include "tools/tool_error.h"

#include <array>
#include <optional>
#include <regex>
#include <utility>

namespace sctrace::tools {

using nlohmann::json;

namespace {

bool says(const std::string& message, const char* words) {
  return message.find(words) != std::string::npos;
}

// The position a reader rendered into the message ("key 'spec': spec:1:18:
// error: ..."), when it dropped the Error's own.
std::optional<SourcePos> message_pos(const Error& e) {
  if (e.pos)
    return e.pos;
  static const std::regex at("(spec|filter):([0-9]{1,6}):([0-9]{1,6}): ");
  std::smatch m;
  if (e.kind != ErrorKind::Syntax && e.kind != ErrorKind::Invalid)
    return std::nullopt;
  const std::string head = e.message.substr(0, 512); // it is near the start
  if (!std::regex_search(head, m, at))
    return std::nullopt;
  return SourcePos{std::stoi(m[2].str()), std::stoi(m[3].str())};
}

// A syscall's name first: an unknown syscall's message lists similar
// names ("did you mean sys_getpid"), which may say "pid" or "process".
std::string refine_not_found(const std::string& m) {
  if (says(m, "syscall") || says(m, "system call"))
    return "unknown_syscall";
  if (says(m, "process") || says(m, "pid"))
    return "no_such_process";
  return "not_found";
}

// Only the environment check's words (run::check_environment): a policy
// refusal names user-chosen probes ("chroot", "pivot_root") that may
// contain "root".
std::string refine_permission(const std::string& m) {
  if (says(m, "needs root") || says(m, "CAP_BPF"))
    return "not_root";
  return "refused_by_policy";
}

std::string hint_for(const std::string& code) {
  static const std::array<std::pair<const char*, const char*>, 12> hints{{
      {"not_root",
       "run sctrace as root (or with CAP_BPF and CAP_PERFMON); "
       "explain_program, capabilities and suggest_syscalls work without"},
      {"no_such_process",
       "check the pid (it must be alive when the trace starts), or trace "
       "by comm"},
      {"unknown_syscall",
       "use a syscall name of this kernel: suggest_syscalls proposes some, "
       "and classes such as %file select groups"},
      {"kprobes_unavailable",
       "this kernel has no kprobes: trace the syscall through its "
       "tracepoint (sys_NAME or t:syscalls:sys_enter_NAME)"},
      {"invalid_spec",
       "fix the spec at the line and column given; explain_program checks "
       "a spec without running it"},
      {"invalid_argument",
       "fix the argument named in the message; the tool's inputSchema "
       "lists every key"},
      {"refused_by_policy",
       "stay within the policy the capabilities tool reports, or ask the "
       "operator to widen it"},
      {"busy", "too many traces run at once: wait for one to end (or stop one) "
               "and retry"},
      {"not_found",
       "what the message names does not exist: a trace id unknown or "
       "expired (start a new trace; the capabilities tool reports the "
       "ttl), or a tracepoint, function, container or cgroup "
       "(explain_program checks a spec without running it)"},
      {"internal", "an internal error in sctrace: retry, and report it if "
                   "it happens again"},
      {"bpftrace_failed",
       "see the message for bpftrace's reason; explain_program shows the "
       "program that was run"},
      {"unsupported",
       "use what this machine supports: the capabilities tool lists it"},
  }};
  for (const auto& [c, h] : hints)
    if (code == c)
      return h;
  return "";
}

} // namespace

std::string tool_code(const Error& e) {
  const std::string& m = e.message;
  switch (e.kind) {
  case ErrorKind::Syntax:
    return "invalid_spec";
  case ErrorKind::Invalid:
    if (says(m, "unknown syscall"))
      return "unknown_syscall";
    if (says(m, "does not exist") && says(m, "process"))
      return "no_such_process";
    return message_pos(e) ? "invalid_spec" : "invalid_argument";
  case ErrorKind::NotFound:
    return refine_not_found(m);
  case ErrorKind::Permission:
    return refine_permission(m);
  case ErrorKind::Unsupported:
    return says(m, "kprobe") ? "kprobes_unavailable" : "unsupported";
  case ErrorKind::System:
  case ErrorKind::Child:
  case ErrorKind::Io:
    return "bpftrace_failed";
  }
  return "invalid_argument";
}

json tool_error_json(const Error& e) {
  std::string code = tool_code(e);
  json j = {{"code", code}, {"message", e.message}, {"hint", hint_for(code)}};
  if (auto pos = message_pos(e)) {
    j["line"] = pos->line;
    j["column"] = pos->column;
  }
  return j;
}

mcp::ToolResult error_result(const Error& e) {
  json err = tool_error_json(e);
  std::string text =
      "error " + err["code"].get<std::string>() + ": " + e.message;
  return mcp::ToolResult{{{"error", std::move(err)}}, std::move(text), true};
}

mcp::ToolResult error_result(std::string code, std::string message,
                             std::string hint) {
  if (hint.empty())
    hint = hint_for(code);
  std::string text = "error " + code + ": " + message;
  json err = {{"code", std::move(code)},
              {"message", std::move(message)},
              {"hint", std::move(hint)}};
  return mcp::ToolResult{{{"error", std::move(err)}}, std::move(text), true};
}

json error_schema() {
  return {{"type", "object"},
          {"required", {"code", "message", "hint"}},
          {"properties",
           {{"code",
             {{"type", "string"},
              {"enum",
               {"not_root", "no_such_process", "unknown_syscall",
                "kprobes_unavailable", "invalid_spec", "invalid_argument",
                "refused_by_policy", "busy", "not_found", "bpftrace_failed",
                "unsupported", "internal"}}}},
            {"message", {{"type", "string"}}},
            {"hint", {{"type", "string"}}},
            {"line", {{"type", "integer"}, {"minimum", 1}}},
            {"column", {{"type", "integer"}, {"minimum", 1}}}}}};
}

} // namespace sctrace::tools
