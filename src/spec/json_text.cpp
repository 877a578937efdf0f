// Untrusted JSON text, parsed with a depth bound and positions
// (json_text.h).
#include "spec/json_text.h"

#include <algorithm>

namespace sctrace::spec {
namespace {

Error syntax_at(std::string_view text, std::string_view source,
                std::size_t offset, const std::string& why) {
  SourcePos pos = json_position(text, offset);
  Error e =
      make_error(ErrorKind::Syntax,
                 std::string(source) + ":" + std::to_string(pos.line) + ":" +
                     std::to_string(pos.column) + ": malformed JSON at byte " +
                     std::to_string(offset) + ": " + why);
  e.pos = pos;
  return e;
}

// The offset where nesting first exceeds max_json_depth, or npos.
std::size_t too_deep_at(std::string_view text) {
  int depth = 0;
  bool in_string = false, escaped = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (in_string) {
      escaped = !escaped && c == '\\';
      in_string = escaped || c != '"';
      continue;
    }
    if (c == '"')
      in_string = true;
    else if ((c == '[' || c == '{') && ++depth > max_json_depth)
      return i;
    else if (c == ']' || c == '}')
      --depth;
  }
  return std::string_view::npos;
}

} // namespace

SourcePos json_position(std::string_view text, std::size_t offset) {
  SourcePos pos;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++pos.line;
      pos.column = 1;
    } else {
      ++pos.column;
    }
  }
  return pos;
}

Result<nlohmann::json> parse_json_text(std::string_view text,
                                       std::string_view source,
                                       std::size_t* error_offset) {
  std::size_t offset = too_deep_at(text);
  std::string why = "nested deeper than " + std::to_string(max_json_depth) +
                    " levels; flatten the document";
  if (offset == std::string_view::npos) {
    try {
      return nlohmann::json::parse(text.begin(), text.end());
    } catch (const nlohmann::json::parse_error& e) {
      why = e.what();
      // "[json.exception.parse_error.101] parse error at line L, column C:
      // WHY": keep WHY (which may hold ": " itself).
      if (auto colon = why.find(": "); colon != std::string::npos)
        why = why.substr(colon + 2);
      offset = std::min(e.byte == 0 ? 0 : e.byte - 1, text.size());
    } catch (const std::exception& e) {
      why = e.what();
      offset = 0;
    }
  }
  if (error_offset != nullptr)
    *error_offset = offset;
  return syntax_at(text, source, offset, why);
}

} // namespace sctrace::spec
