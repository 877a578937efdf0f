#include "modes/compare/selection.h"

#include "util/strings.h"

namespace sctrace::compare {

namespace {

// In sctrace every '?' is a glob character; strace would read a leading
// one as "ignore if unknown", so it never reaches strace as is.
bool is_glob(std::string_view item) {
  return item.find_first_of("*?[") != std::string_view::npos;
}

std::string glob_to_regex(std::string_view glob) {
  std::string re = "/^";
  bool in_class = false;
  for (char c : glob) {
    if (in_class) {
      re += c;
      in_class = c != ']';
      continue;
    }
    switch (c) {
    case '*':
      re += ".*";
      break;
    case '?':
      re += '.';
      break;
    case '[':
      re += '[';
      in_class = true;
      break;
    case '.':
    case '+':
    case '(':
    case ')':
    case '^':
    case '$':
    case '|':
    case '{':
    case '}':
    case '\\':
      re += '\\';
      re += c;
      break;
    default:
      re += c;
    }
  }
  return re + "$";
}

} // namespace

std::string strace_trace_expression(std::string_view list) {
  list = util::trim(list);
  if (list.substr(0, 6) == "trace=")
    list = list.substr(6);
  std::string out;
  if (!list.empty() && list.front() == '!') {
    out += '!';
    list.remove_prefix(1);
  }
  bool first = true;
  for (const std::string& raw : util::split(list, ',')) {
    std::string_view item = util::trim(raw);
    if (!first)
      out += ',';
    first = false;
    if (item.empty() || item.front() == '%' || item.front() == '/' ||
        !is_glob(item))
      out += item;
    else
      out += glob_to_regex(item);
  }
  return out;
}

} // namespace sctrace::compare
