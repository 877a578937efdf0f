// Parsing and validation of trace.py-style probe specs, filter expressions
// and format strings (PEGTL grammar in grammar/).
//
// Contract:
//  - Every function returns an Error instead of throwing. Syntax errors carry
//    the 1-based line and column of the offending character and a message
//    that says what was expected, e.g. "expected ')' to close the filter".
//  - render_diagnostic() formats an error the way compilers do:
//      spec:1:17: error: expected ')' to close the filter
//        sys_read (arg3 > 1024 "read %d", arg3
//                        ^
//  - parse_probe() accepts exactly trace.py's probe syntax; validate() checks
//    a TraceSpec built by other means (builder, JSON) with the same rules.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "spec/expr.h"
#include "spec/trace_spec.h"
#include "util/result.h"

namespace sctrace::spec {

// One conversion in a trace.py format string.
enum class FormatKind {
  Int,    // %d %ld %lld %hd
  Uint,   // %u %lu %llu %hu
  Hex,    // %x %lx %llx
  Char,   // %c
  String, // %s
  Ksym,   // %K: kernel address -> symbol
  Usym,   // %U: user address -> symbol
};

struct FormatSpecifier {
  FormatKind kind = FormatKind::Int;
  int bits = 32;          // 8 (%c), 16 (h), 32, 64 (l, ll)
  std::string text;       // the specifier as written, e.g. "%lu"
  std::size_t offset = 0; // byte offset of '%' in the format string
};

// A format string split into literal text and specifiers:
// literals.size() == specifiers.size() + 1; "%%" is decoded to "%".
struct ParsedFormat {
  std::vector<std::string> literals;
  std::vector<FormatSpecifier> specifiers;
};

// Parses a whole probe spec such as `r::sys_read (retval > 0) "%d", retval`.
// source_name names the input in diagnostics ("spec", a file name, ...).
//  - `func` is `p::func`, `lib:func` is `p:lib:func`, an empty type is p;
//    a p/r library may contain ':' (trace.py joins parts[1:-1]).
//  - `u:lib:provider:probe` gives library "lib", target "provider:probe".
//  - `t:category:event` only; offsets only on p probes.
//  - filter and arguments hold the expression source text, trimmed; format
//    holds the decoded bytes (\n \t \\ \" are the only escapes).
//  - A spec is UTF-8 text: control bytes (except tab) and invalid UTF-8
//    are errors, so every spec can travel as JSON.
//  - Runs the same checks as validate(); every error carries a position
//    relative to the whole spec (line 1, byte column).
Result<TraceSpec> parse_probe(std::string_view text,
                              std::string_view source_name = "spec");

// Parses a filter or argument expression.
Result<Expr> parse_expression(std::string_view text);

// Parses a trace.py format string (the bytes between the quotes, with C
// escapes already decoded).
Result<ParsedFormat> parse_format(std::string_view format);

// Checks a TraceSpec with the same rules as parse_probe: target syntax,
// expressions, and specifiers against arguments in number and kind, plus
// the options (process_name 1..15 printable bytes without quotes or
// backslashes, pid/tid > 0, uid >= 0, duration >= 0, absolute cgroup path).
// Messages equal parse_probe's for the same mistake; errors carry no
// position because there is no spec string to point into.
Result<void> validate(const TraceSpec& spec);

// Formats "NAME:LINE:COL: error: MESSAGE\n  SOURCE\n  ^" (position lines only
// when the error has a position; "NAME: error: MESSAGE" otherwise). No
// trailing newline. Tabs before the column are kept in the caret line so the
// caret lines up.
std::string render_diagnostic(const Error& error, std::string_view source,
                              std::string_view source_name = "spec");

} // namespace sctrace::spec
