#include "modes/compare/arg_text.h"

#include <algorithm>
#include <array>

#include "decode/errno_names.h"
#include "util/strings.h"

namespace sctrace::compare {

namespace {

// The names sctrace reads as user strings (gen::is_path_like): part of the
// event format's meaning, so they are listed here rather than linked in.
constexpr std::array<std::string_view, 20> kStringArgs = {
    "filename", "pathname",    "name",          "oldname",  "newname",
    "path",     "u_name",      "specialfile",   "_type",    "_description",
    "uname",    "to_pathname", "from_pathname", "special",  "put_old",
    "new_root", "_fs_name",    "dev_name",      "dir_name", "type"};

bool looks_like_pointer(std::string_view s) {
  if (s.size() < 3 || s.substr(0, 2) != "0x")
    return false;
  return std::all_of(s.begin() + 2, s.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
  });
}

} // namespace

bool is_string_arg(std::string_view syscall, const SctraceArg& arg) {
  if (arg.name == "type" && syscall != "mount")
    return false;
  return arg.kind == SctraceArg::Kind::String &&
         std::find(kStringArgs.begin(), kStringArgs.end(), arg.name) !=
             kStringArgs.end() &&
         !looks_like_pointer(arg.text);
}

void append_strace_quoted(std::string& out, std::string_view bytes) {
  out += '"';
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    auto c = static_cast<unsigned char>(bytes[i]);
    switch (c) {
    case '"':
      out += "\\\"";
      continue;
    case '\\':
      out += "\\\\";
      continue;
    case '\t':
      out += "\\t";
      continue;
    case '\n':
      out += "\\n";
      continue;
    case '\v':
      out += "\\v";
      continue;
    case '\f':
      out += "\\f";
      continue;
    case '\r':
      out += "\\r";
      continue;
    default:
      break;
    }
    if (c >= 0x20 && c < 0x7f) {
      out += static_cast<char>(c);
      continue;
    }
    // strace uses the shortest octal form unless a digit follows.
    bool digit_next =
        i + 1 < bytes.size() && bytes[i + 1] >= '0' && bytes[i + 1] <= '7';
    out += '\\';
    if (digit_next || c >= 0100)
      out += static_cast<char>('0' + (c >> 6));
    if (digit_next || c >= 010)
      out += static_cast<char>('0' + ((c >> 3) & 7));
    out += static_cast<char>('0' + (c & 7));
  }
  out += '"';
}

std::string arg_text(std::string_view syscall, const SctraceArg& a) {
  std::string out;
  switch (a.kind) {
  case SctraceArg::Kind::Int:
    return a.text;
  case SctraceArg::Kind::Null:
    return "NULL";
  case SctraceArg::Kind::String:
    if (!is_string_arg(syscall, a))
      return a.text;
    append_strace_quoted(out, a.text);
    return out;
  case SctraceArg::Kind::Sockaddr:
    out = "{sa_family=" + a.family;
    if (a.family == "AF_UNIX" || !a.path.empty()) {
      out += a.abstract ? ", sun_path=@" : ", sun_path=";
      append_strace_quoted(out, a.path);
    } else if (a.port && a.family == "AF_INET6") {
      out += ", sin6_port=htons(" + std::to_string(*a.port) +
             "), inet_pton(AF_INET6, \"" + a.address + "\", &sin6_addr)";
    } else if (a.port && !a.address.empty()) {
      out += ", sin_port=htons(" + std::to_string(*a.port) +
             "), sin_addr=inet_addr(\"" + a.address + "\")";
    } else {
      out += ", ...";
    }
    return out + "}";
  }
  return out;
}

std::string sctrace_call_text(const SctraceCall& c) {
  std::string out;
  if (c.unfinished == "started_before_trace")
    out = "<... " + c.syscall + " resumed>)";
  else {
    out = c.syscall + "(";
    for (std::size_t i = 0; i < c.args.size(); ++i)
      out += (i ? ", " : "") + arg_text(c.syscall, c.args[i]);
    out += ")";
  }
  if (!c.return_value)
    return out + " = ?";
  if (!c.error_name.empty() && *c.return_value < 0)
    return out + " = " +
           decode::errno_return(static_cast<int>(-*c.return_value));
  std::string ret;
  util::append_int(ret, *c.return_value);
  return out + " = " + ret;
}

} // namespace sctrace::compare
