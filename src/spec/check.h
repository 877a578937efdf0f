// Internal to the spec library: the semantic checks shared by parse_probe()
// and validate(), and small lexical helpers used by both.
//
// check_spec() runs every rule of validate() on a spec (its filter and
// arguments are parsed Expressions). With locations (from parse_probe) errors
// carry the position of the offending part of the spec; without them
// (validate) they carry none. Messages are identical either way, so the
// builder, JSON and spec-string paths report the same mistake the same way.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "spec/expr.h"
#include "spec/trace_spec.h"
#include "util/result.h"

namespace sctrace::spec::detail {

// Where each part of a spec string starts (1-based).
struct SpecLocations {
  SourcePos type;
  SourcePos library;
  SourcePos target;
  SourcePos offset;
  SourcePos filter;
  SourcePos format;                // the opening quote
  std::vector<int> format_columns; // column of each decoded format byte
};

Result<void> check_spec(const TraceSpec& spec, const SpecLocations* locations);

// The one way to make an Expression from a tree: the spec parser's, which
// built TREE from TEXT.
struct ExpressionFactory {
  static Expression make(std::string text, Expr tree);
};

// Expression::parse for a text that is not part of a spec string (builder,
// JSON): the same errors without a position.
Result<Expression> parse_unpositioned(std::string_view text);

// Rejects bytes below 0x20 (except tab), 0x7f and invalid UTF-8, with
// their position.
Result<void> check_control_bytes(std::string_view text);

// Decodes the body of a "..." literal whose escapes the grammar accepted
// (\n \t \\ \"). offsets[i] is the offset in body of decoded byte i.
struct DecodedString {
  std::string bytes;
  std::vector<int> offsets;
};
DecodedString decode_string_body(std::string_view body);

// [A-Za-z_][A-Za-z0-9_]* (dots allowed when allow_dot).
bool is_name(std::string_view text, bool allow_dot);

} // namespace sctrace::spec::detail
