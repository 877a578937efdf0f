// Errors for remote clients (error_json.h).
#include "remote/error_json.h"

namespace sctrace::remote {
namespace {

const char* hint_for(ErrorKind kind) {
  switch (kind) {
  case ErrorKind::Syntax:
    return "fix the spec at the line and column given (docs/trace.md)";
  case ErrorKind::Invalid:
    return "fix the field named in the message (docs/remote.md)";
  case ErrorKind::NotFound:
    return "check the name: GET /v1/capabilities lists what this kernel "
           "offers, POST /v1/suggest proposes syscalls";
  case ErrorKind::Permission:
    return "stay within the server's policy (GET /v1/capabilities), or ask "
           "the operator to widen it";
  case ErrorKind::Unsupported:
    return "use what this machine supports (GET /v1/capabilities)";
  case ErrorKind::System:
  case ErrorKind::Io:
    return "retry; if it persists, see the server's log";
  case ErrorKind::Child:
    return "see the message for bpftrace's reason; the server's log has "
           "the rest";
  }
  return "";
}

} // namespace

std::string error_code(ErrorKind kind) {
  switch (kind) {
  case ErrorKind::Syntax:
    return "bad_spec";
  case ErrorKind::Invalid:
    return "invalid";
  case ErrorKind::NotFound:
    return "not_found";
  case ErrorKind::Permission:
    return "refused_by_policy";
  case ErrorKind::Unsupported:
    return "unsupported";
  case ErrorKind::System:
    return "system";
  case ErrorKind::Child:
    return "bpftrace_failed";
  case ErrorKind::Io:
    return "io";
  }
  return "invalid";
}

nlohmann::json error_json(std::string code, std::string message,
                          std::string hint) {
  return {{"code", std::move(code)},
          {"message", std::move(message)},
          {"hint", std::move(hint)}};
}

nlohmann::json error_json(const Error& e) {
  nlohmann::json j =
      error_json(error_code(e.kind), e.message, hint_for(e.kind));
  if (e.pos) {
    j["line"] = e.pos->line;
    j["column"] = e.pos->column;
  }
  return j;
}

} // namespace sctrace::remote
