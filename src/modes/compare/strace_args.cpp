#include "modes/compare/strace_args.h"

#include <cctype>

#include "util/strings.h"

namespace sctrace::compare {

using util::hex_value;

namespace {

// Walks text from pos, calling at(i, depth) for every character outside
// quotes and comments. Stops when at() returns true; returns that index or
// npos.
template <typename At>
std::size_t scan(std::string_view text, std::size_t pos, At at) {
  int depth = 0;
  for (std::size_t i = pos; i < text.size(); ++i) {
    char c = text[i];
    if (c == '"') {
      // A quoted string: skip to its closing quote, honouring escapes.
      for (++i; i < text.size() && text[i] != '"'; ++i)
        if (text[i] == '\\')
          ++i;
      continue;
    }
    if (c == '/' && i + 1 < text.size() && text[i + 1] == '*') {
      std::size_t end = text.find("*/", i + 2);
      if (end == std::string_view::npos)
        return std::string_view::npos;
      i = end + 1;
      continue;
    }
    if (at(i, depth))
      return i;
    if (c == '(' || c == '{' || c == '[')
      ++depth;
    else if ((c == ')' || c == '}' || c == ']') && depth > 0)
      --depth;
  }
  return std::string_view::npos;
}

bool is_octal(char c) {
  return c >= '0' && c <= '7';
}

} // namespace

std::size_t find_args_end(std::string_view text, std::size_t pos) {
  return scan(text, pos, [&](std::size_t i, int depth) {
    return depth == 0 && text[i] == ')';
  });
}

std::vector<std::string> split_args(std::string_view args) {
  std::vector<std::string> out;
  if (util::trim(args).empty())
    return out;
  std::size_t start = 0;
  for (;;) {
    std::size_t comma = scan(args, start, [&](std::size_t i, int depth) {
      return depth == 0 && args[i] == ',';
    });
    std::string_view part = args.substr(start, comma == std::string_view::npos
                                                   ? std::string_view::npos
                                                   : comma - start);
    out.emplace_back(util::trim(part));
    if (comma == std::string_view::npos)
      return out;
    start = comma + 1;
  }
}

std::string strip_comments(std::string_view arg) {
  std::string out;
  for (std::size_t i = 0; i < arg.size(); ++i) {
    char c = arg[i];
    if (c == '"') {
      std::size_t j = i + 1;
      for (; j < arg.size() && arg[j] != '"'; ++j)
        if (arg[j] == '\\')
          ++j;
      out.append(arg.substr(i, j + 1 - i));
      i = j;
      continue;
    }
    if (c == '/' && i + 1 < arg.size() && arg[i + 1] == '*') {
      std::size_t end = arg.find("*/", i + 2);
      if (end == std::string_view::npos)
        break;
      i = end + 1;
      continue;
    }
    out += c;
  }
  return std::string(util::trim(out));
}

std::optional<StraceString> parse_strace_string(std::string_view arg) {
  if (arg.size() < 2 || arg.front() != '"')
    return std::nullopt;
  StraceString s;
  std::size_t i = 1;
  for (; i < arg.size() && arg[i] != '"'; ++i) {
    char c = arg[i];
    if (c != '\\') {
      s.bytes += c;
      continue;
    }
    if (++i >= arg.size())
      return std::nullopt;
    c = arg[i];
    switch (c) {
    case 'n':
      s.bytes += '\n';
      break;
    case 't':
      s.bytes += '\t';
      break;
    case 'r':
      s.bytes += '\r';
      break;
    case 'v':
      s.bytes += '\v';
      break;
    case 'f':
      s.bytes += '\f';
      break;
    case 'x': {
      int v = 0, n = 0;
      while (n < 2 && i + 1 < arg.size() && hex_value(arg[i + 1]) >= 0)
        v = v * 16 + hex_value(arg[++i]), ++n;
      if (n == 0)
        return std::nullopt;
      s.bytes += static_cast<char>(v);
      break;
    }
    default:
      if (is_octal(c)) {
        int v = c - '0';
        for (int n = 1; n < 3 && i + 1 < arg.size() && is_octal(arg[i + 1]);
             ++n)
          v = v * 8 + (arg[++i] - '0');
        s.bytes += static_cast<char>(v & 0xff);
      } else {
        s.bytes += c; // \\ \" \' \?
      }
    }
  }
  if (i >= arg.size())
    return std::nullopt; // no closing quote
  std::string_view rest = arg.substr(i + 1);
  if (rest == "...")
    s.truncated = true;
  else if (!rest.empty())
    return std::nullopt;
  return s;
}

std::string_view named_arg(std::string_view arg) {
  std::size_t i = 0;
  while (i < arg.size() &&
         (std::isalnum(static_cast<unsigned char>(arg[i])) || arg[i] == '_'))
    ++i;
  if (i == 0 || i >= arg.size() || arg[i] != '=' ||
      std::isdigit(static_cast<unsigned char>(arg[0])))
    return {};
  if (i + 1 < arg.size() && arg[i + 1] == '=')
    return {}; // "a == b" (e.g. inside WIFEXITED(s) && ...): not a name
  return arg.substr(0, i);
}

} // namespace sctrace::compare
