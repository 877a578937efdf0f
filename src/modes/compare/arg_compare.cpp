#include "modes/compare/arg_compare.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>
#include <optional>

#include "modes/compare/arg_text.h"
#include "modes/compare/strace_args.h"
#include "util/strings.h"

namespace sctrace::compare {

namespace {

constexpr std::array<std::string_view, 7> kPidArgs = {
    "pid", "upid", "tgid", "tid", "pgid", "ppid", "child_tid"};

// Offsets and sizes strace prints in hex (mmap's 0x7000): numbers that do
// not change between runs, unlike the addresses next to them.
constexpr std::array<std::string_view, 6> kSizeArgs = {"off", "offset", "pgoff",
                                                       "pos", "len",    "size"};

constexpr std::string_view kReplacement = "\xef\xbf\xbd"; // U+FFFD

bool is_hex_pointer(std::string_view s) {
  if (s.size() < 3 || s.substr(0, 2) != "0x")
    return false;
  return std::all_of(s.begin() + 2, s.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
           (c >= 'A' && c <= 'F');
  });
}

bool hex_equals(std::string_view hex, std::string_view decimal) {
  std::uint64_t a = 0, b = 0;
  auto ra = std::from_chars(hex.data() + 2, hex.data() + hex.size(), a, 16);
  auto rb = std::from_chars(decimal.data(), decimal.data() + decimal.size(), b);
  return ra.ec == std::errc() && rb.ec == std::errc() && a == b;
}

bool is_null(const SctraceArg& a) {
  return a.kind == SctraceArg::Kind::Null ||
         (a.kind == SctraceArg::Kind::Int && a.text == "0") ||
         (a.kind == SctraceArg::Kind::String &&
          (a.text == "0x0" || a.text == "NULL"));
}

bool has_error(const SctraceCall& c, const std::string& arg,
               std::string_view suffix) {
  std::string want = arg + std::string(suffix);
  return std::find(c.extraction_errors.begin(), c.extraction_errors.end(),
                   want) != c.extraction_errors.end();
}

bool unread(const SctraceCall& c, const std::string& arg) {
  if (has_error(c, arg, "_read_failed") || has_error(c, arg, "_unavailable"))
    return true;
  return std::find(c.extraction_errors.begin(), c.extraction_errors.end(),
                   "args_unavailable") != c.extraction_errors.end();
}

// Drops a U+FFFD left at the end by a cut through a UTF-8 sequence.
std::string_view drop_trailing_replacements(std::string_view s) {
  while (s.size() >= kReplacement.size() &&
         s.substr(s.size() - kReplacement.size()) == kReplacement)
    s.remove_suffix(kReplacement.size());
  return s;
}

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

Verdict compare_strings(std::string strace_bytes, bool strace_truncated,
                        std::string_view sctrace, bool sctrace_truncated) {
  std::string a = lossy_utf8(strace_bytes);
  std::string_view b = sctrace;
  if (!strace_truncated && !sctrace_truncated)
    return a == b ? Verdict::Equal : Verdict::Differ;
  std::string_view av = a;
  if (sctrace_truncated)
    b = drop_trailing_replacements(b);
  if (strace_truncated)
    av = drop_trailing_replacements(av);
  bool ok = sctrace_truncated && strace_truncated
                ? (starts_with(av, b) || starts_with(b, av))
            : sctrace_truncated ? starts_with(av, b)
                                : starts_with(b, av);
  return ok ? Verdict::Equal : Verdict::Differ;
}

// Fields of strace's sockaddr text that sctrace also decodes.
struct SockFields {
  std::string family, path, address;
  std::optional<int> port;
};

std::string field_after(std::string_view text, std::string_view key) {
  std::size_t p = text.find(key);
  if (p == std::string_view::npos)
    return {};
  p += key.size();
  std::size_t end = text.find_first_of(",}", p);
  return std::string(text.substr(p, end - p));
}

SockFields parse_sockaddr(std::string_view text) {
  SockFields f;
  f.family = field_after(text, "sa_family=");
  if (std::size_t p = text.find("sun_path="); p != std::string_view::npos) {
    p += 9;
    if (p < text.size() && text[p] == '@')
      ++p;
    // The quoted path ends at the first unescaped quote.
    std::size_t end = p + 1;
    while (end < text.size() && text[end] != '"')
      end += text[end] == '\\' ? 2 : 1;
    if (auto s = parse_strace_string(text.substr(p, end + 1 - p)))
      f.path = s->bytes;
  }
  std::string port = field_after(text, "htons(");
  if (!port.empty()) {
    port = port.substr(0, port.find(')'));
    f.port = std::atoi(port.c_str());
  }
  std::size_t q = text.find("inet_addr(\"");
  std::size_t q6 = text.find("inet_pton(AF_INET6, \"");
  std::size_t start = q != std::string_view::npos    ? q + 11
                      : q6 != std::string_view::npos ? q6 + 21
                                                     : std::string_view::npos;
  if (start != std::string_view::npos)
    f.address = std::string(text.substr(start, text.find('"', start) - start));
  return f;
}

Verdict compare_sockaddr(const SctraceArg& a, std::string_view strace) {
  SockFields s = parse_sockaddr(strace);
  if (s.family != a.family)
    return Verdict::Differ;
  if (a.family == "AF_UNIX" && s.path != a.path)
    return Verdict::Differ;
  if (a.port && (s.port != a.port || s.address != a.address))
    return Verdict::Differ;
  return Verdict::Equal;
}

Comparison ignored(std::string reason) {
  return {Verdict::Ignored, std::move(reason)};
}

} // namespace

std::size_t comparable_args(std::string_view syscall) {
  return syscall == "futex" ? 3 : static_cast<std::size_t>(-1);
}

std::string lossy_utf8(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size());
  for (std::size_t i = 0; i < bytes.size();) {
    std::size_t n = util::utf8_sequence_length(bytes, i);
    if (n == 0) {
      out += kReplacement;
      ++i;
    } else {
      out.append(bytes.substr(i, n));
      i += n;
    }
  }
  return out;
}

Comparison compare_arg(std::string_view syscall, const SctraceCall& call,
                       const SctraceArg& arg, std::string_view strace_arg) {
  if (unread(call, arg.name))
    return ignored("unread");
  std::string s = strip_comments(strace_arg);
  if (s.empty())
    return {arg_text(syscall, arg).empty() ? Verdict::Equal : Verdict::Differ,
            {}};
  if (!named_arg(s).empty())
    return ignored("named");
  if (std::find(kPidArgs.begin(), kPidArgs.end(), arg.name) != kPidArgs.end())
    return ignored("pid");
  if (s == "NULL")
    return {is_null(arg) ? Verdict::Equal : Verdict::Differ, {}};
  std::string mine = arg_text(syscall, arg);
  if (is_hex_pointer(s) && arg.kind == SctraceArg::Kind::Int &&
      std::find(kSizeArgs.begin(), kSizeArgs.end(), arg.name) !=
          kSizeArgs.end())
    return {hex_equals(s, arg.text) ? Verdict::Equal : Verdict::Differ, {}};
  if (is_hex_pointer(s) || is_hex_pointer(mine))
    return ignored("pointer");
  bool strace_memory = s.front() == '{' || s.front() == '[' ||
                       starts_with(s, "~[") || s.front() == '"';
  bool sctrace_plain =
      !is_string_arg(syscall, arg) && arg.kind != SctraceArg::Kind::Sockaddr;
  if (strace_memory && sctrace_plain)
    return ignored(s.front() == '"' ? "buffer" : "struct");
  if (arg.kind == SctraceArg::Kind::Sockaddr)
    return {compare_sockaddr(arg, s), {}};
  if (auto str = parse_strace_string(s); str && is_string_arg(syscall, arg))
    return {compare_strings(str->bytes, str->truncated, arg.text,
                            has_error(call, arg.name, "_truncated")),
            {}};
  return {s == mine ? Verdict::Equal : Verdict::Differ, {}};
}

} // namespace sctrace::compare
