// Semantic checks on a TraceSpec (validate) and the helpers parse_probe
// shares with it (spec/check.h).
#include <algorithm>
#include <cstdio>
#include <optional>
#include <utility>
#include <vector>

#include "spec/check.h"
#include "spec/parser.h"
#include "util/strings.h"

namespace sctrace::spec {
namespace detail {
namespace {

// Position of a part of the spec, when the spec came from a string.
std::optional<SourcePos> at(const SpecLocations* loc,
                            SourcePos SpecLocations::*member) {
  if (loc == nullptr)
    return std::nullopt;
  return loc->*member;
}

Error invalid(std::string message, std::optional<SourcePos> pos) {
  return Error{ErrorKind::Invalid, std::move(message), pos};
}

bool is_library_char(char c, bool allow_colon) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-' ||
         c == '+' || c == '/' || (allow_colon && c == ':');
}

// Library paths: [A-Za-z0-9_.+/-] segments; p/r libraries may join several
// with ':' as trace.py does (library = parts[1:-1]).
bool is_library(std::string_view text, bool allow_colon) {
  if (text.empty() || text.front() == ':' || text.back() == ':' ||
      text.find("::") != std::string_view::npos)
    return false;
  for (char c : text) {
    if (!is_library_char(c, allow_colon))
      return false;
  }
  return true;
}

// A USDT provider or probe name: [A-Za-z_][A-Za-z0-9_-]*. sys/sdt.h and
// bpftrace (0.17 and 0.23) take '-' (DTrace spells "a__b" as "a-b").
bool is_usdt_name(std::string_view text) {
  if (text.empty() || !is_name(text.substr(0, 1), false))
    return false;
  return std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9') || c == '_' || c == '-';
  });
}

// USDT probes are "probe" or "provider:probe".
bool is_usdt_probe(std::string_view text) {
  std::size_t colon = text.find(':');
  if (colon == std::string_view::npos)
    return is_usdt_name(text);
  return is_usdt_name(text.substr(0, colon)) &&
         is_usdt_name(text.substr(colon + 1));
}

Result<void> check_probe(const TraceSpec& spec, const SpecLocations* loc) {
  auto target_pos = at(loc, &SpecLocations::target);
  auto library_pos = at(loc, &SpecLocations::library);
  if (spec.target.empty())
    return invalid("the probe has no target; expected a function, "
                   "tracepoint event or USDT probe name",
                   target_pos);
  switch (spec.probe_type) {
  case ProbeType::Tracepoint:
    if (spec.library.empty())
      return invalid("tracepoint probes need a category: t:category:event",
                     library_pos);
    if (!is_name(spec.library, false))
      return invalid("invalid tracepoint category; expected letters, digits "
                     "and '_' (t:category:event)",
                     library_pos);
    if (!is_name(spec.target, false))
      return invalid("invalid tracepoint event name; expected letters, "
                     "digits and '_' (t:category:event)",
                     target_pos);
    break;
  case ProbeType::Usdt:
    // An empty binary (u::probe) is looked up in the -p process's
    // binaries when the probe is resolved.
    if (!spec.library.empty() && !is_library(spec.library, false))
      return invalid("invalid USDT binary path; expected letters, digits, "
                     "'_', '.', '-', '+' and '/'",
                     library_pos);
    if (!is_usdt_probe(spec.target))
      return invalid("invalid USDT probe name; expected probe or "
                     "provider:probe made of letters, digits, '_' and '-'",
                     target_pos);
    break;
  case ProbeType::Entry:
  case ProbeType::Return:
    if (!spec.library.empty() && !is_library(spec.library, true))
      return invalid("invalid library path; expected letters, digits, '_', "
                     "'.', '-', '+', '/' and ':'",
                     library_pos);
    if (!is_name(spec.target, true))
      return invalid("invalid function name; expected a letter or '_', then "
                     "letters, digits, '_' or '.'",
                     target_pos);
    break;
  }
  if (spec.offset != 0 && spec.probe_type != ProbeType::Entry) {
    auto pos = at(loc, &SpecLocations::offset);
    if (spec.probe_type == ProbeType::Return)
      return invalid("return probes can't have an offset; use p:...", pos);
    return invalid("tracepoint and USDT probes can't have an offset", pos);
  }
  return Ok{};
}

// retval and args->field depend on the probe type.
// A string literal can be a whole argument, a side of == or !=, or in
// STRCMP(); the generator has no meaning for it anywhere else.
Result<void> check_node(const TraceSpec& spec, const Expr& expr,
                        bool positioned, bool string_allowed) {
  std::optional<SourcePos> pos;
  if (positioned)
    pos = expr.pos;
  if (expr.kind == ExprKind::String && !string_allowed)
    return invalid("a string literal can only be compared with == or != or "
                   "used in STRCMP()",
                   pos);
  if (expr.kind == ExprKind::Retval && spec.probe_type != ProbeType::Return)
    return invalid("retval is only available in return probes (r:...)", pos);
  if (expr.kind == ExprKind::Field) {
    bool syscall_probe = (spec.probe_type == ProbeType::Entry ||
                          spec.probe_type == ProbeType::Return) &&
                         spec.library.empty();
    if (spec.probe_type != ProbeType::Tracepoint && !syscall_probe)
      return invalid("args->" + expr.text +
                         " is only available in tracepoint (t:...) and "
                         "kernel syscall probes",
                     pos);
  }
  return Ok{};
}

// check_node on every node, in the order of a recursive pre-order walk
// (so the first error is the one a recursive check would find), with an
// explicit stack: the stack use does not grow with the tree.
Result<void> check_expr(const TraceSpec& spec, const Expr& root,
                        bool positioned, bool string_allowed) {
  std::vector<std::pair<const Expr*, bool>> pending{{&root, string_allowed}};
  while (!pending.empty()) {
    auto [expr, allowed] = pending.back();
    pending.pop_back();
    SCTRACE_TRY(check_node(spec, *expr, positioned, allowed));
    bool compares = expr->kind == ExprKind::Strcmp ||
                    (expr->kind == ExprKind::Binary &&
                     (expr->text == "==" || expr->text == "!="));
    for (auto it = expr->children.rbegin(); it != expr->children.rend(); ++it)
      pending.emplace_back(&*it, compares);
  }
  return Ok{};
}

std::string count_of(std::size_t n, const char* singular) {
  std::string text = std::to_string(n) + " " + singular;
  if (n != 1)
    text += "s";
  return text;
}

std::optional<SourcePos> format_pos(const SpecLocations* loc,
                                    std::size_t offset) {
  if (loc == nullptr)
    return std::nullopt;
  SourcePos pos = loc->format;
  if (offset < loc->format_columns.size())
    pos.column = loc->format_columns[offset];
  return pos;
}

Result<void> check_format(const TraceSpec& spec, const SpecLocations* loc) {
  const std::vector<Expression>& arguments = spec.arguments;
  for (std::size_t i = 0; i < spec.format.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(spec.format[i]);
    if (c >= 0x80) {
      std::size_t n = util::utf8_sequence_length(spec.format, i);
      if (n == 0) {
        char hex[8];
        std::snprintf(hex, sizeof hex, "0x%02x", c);
        return invalid(std::string("format string contains invalid UTF-8 "
                                   "byte ") +
                           hex + "; a spec must be UTF-8 text",
                       format_pos(loc, i));
      }
      i += n - 1;
      continue;
    }
    if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7f) {
      char hex[8];
      std::snprintf(hex, sizeof hex, "0x%02x", c);
      return invalid(std::string("format string contains control character ") +
                         hex + "; only \\n and \\t can be used",
                     format_pos(loc, i));
    }
  }
  auto parsed = parse_format(spec.format);
  if (!parsed.ok()) {
    Error error = std::move(parsed).take_error();
    std::size_t offset = error.pos ? error.pos->column - 1 : 0;
    error.pos = format_pos(loc, offset);
    return error;
  }
  const auto& specifiers = parsed->specifiers;
  if (specifiers.size() != arguments.size()) {
    std::string message = "format has " +
                          count_of(specifiers.size(), "specifier") + " but " +
                          count_of(arguments.size(), "argument") +
                          (arguments.size() == 1 ? " was" : " were") + " given";
    std::optional<SourcePos> pos;
    if (loc != nullptr && arguments.size() > specifiers.size())
      pos = arguments[specifiers.size()].tree().pos;
    else if (loc != nullptr)
      pos = format_pos(loc, specifiers[arguments.size()].offset);
    return invalid(std::move(message), pos);
  }
  for (std::size_t i = 0; i < arguments.size(); ++i) {
    if (arguments[i].tree().kind == ExprKind::String &&
        specifiers[i].kind != FormatKind::String) {
      std::optional<SourcePos> pos;
      if (loc != nullptr)
        pos = arguments[i].tree().pos;
      return invalid("argument " + std::to_string(i + 1) +
                         " is a string literal but its specifier " +
                         specifiers[i].text + " expects an integer",
                     pos);
    }
  }
  return Ok{};
}

} // namespace

Result<void> check_spec(const TraceSpec& spec, const SpecLocations* locations) {
  SCTRACE_TRY(check_probe(spec, locations));
  bool positioned = locations != nullptr;
  if (!spec.filter.empty())
    SCTRACE_TRY(check_expr(spec, spec.filter.tree(), positioned, false));
  for (std::size_t i = 0; i < spec.arguments.size(); ++i) {
    if (spec.arguments[i].empty())
      return invalid("argument " + std::to_string(i + 1) +
                         " is empty; give an expression such as arg1",
                     std::nullopt);
    SCTRACE_TRY(check_expr(spec, spec.arguments[i].tree(), positioned, true));
  }
  return check_format(spec, locations);
}

Result<void> check_control_bytes(std::string_view text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c >= 0x80) {
      // Specs are text: invalid UTF-8 could not travel as JSON.
      std::size_t n = util::utf8_sequence_length(text, i);
      if (n == 0) {
        char hex[8];
        std::snprintf(hex, sizeof hex, "0x%02x", c);
        return Error{ErrorKind::Syntax,
                     std::string("invalid UTF-8 byte ") + hex +
                         "; a spec must be UTF-8 text",
                     SourcePos{1, static_cast<int>(i) + 1}};
      }
      i += n - 1;
      continue;
    }
    if ((c < 0x20 && c != '\t') || c == 0x7f) {
      char hex[8];
      std::snprintf(hex, sizeof hex, "0x%02x", c);
      return Error{ErrorKind::Syntax,
                   std::string("unexpected control character ") + hex +
                       "; write \\n or \\t inside strings instead",
                   SourcePos{1, static_cast<int>(i) + 1}};
    }
  }
  return Ok{};
}

DecodedString decode_string_body(std::string_view body) {
  DecodedString out;
  for (std::size_t i = 0; i < body.size(); ++i) {
    char c = body[i];
    int offset = static_cast<int>(i);
    if (c == '\\' && i + 1 < body.size()) {
      char e = body[++i];
      c = e == 'n' ? '\n' : e == 't' ? '\t' : e;
    }
    out.bytes.push_back(c);
    out.offsets.push_back(offset);
  }
  return out;
}

Result<Expression> parse_unpositioned(std::string_view text) {
  auto expr = Expression::parse(text);
  if (!expr.ok()) {
    // The position is relative to the expression text, not to any spec
    // string: drop it, keep the message.
    Error error = std::move(expr).take_error();
    error.pos.reset();
    return error;
  }
  return expr;
}

bool is_name(std::string_view text, bool allow_dot) {
  if (text.empty())
    return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    bool digit = c >= '0' && c <= '9';
    if (!(alpha || (i > 0 && (digit || (allow_dot && c == '.')))))
      return false;
  }
  return true;
}

} // namespace detail

Result<void> validate(const TraceSpec& spec) {
  return detail::check_spec(spec, nullptr);
}

} // namespace sctrace::spec
