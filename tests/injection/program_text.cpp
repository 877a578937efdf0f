#include "program_text.h"

#include <algorithm>
#include <cctype>

#include "util/strings.h"

namespace sctrace::injection {
namespace {

// Reads the literal whose opening quote is at text[i]; returns the index
// after its closing quote, or npos with p.error set.
std::size_t read_literal(std::string_view text, std::size_t i, ProgramText& p) {
  std::string bytes;
  for (++i; i < text.size(); ++i) {
    char c = text[i];
    if (c == '"') {
      p.literals.push_back(std::move(bytes));
      return i + 1;
    }
    if (static_cast<unsigned char>(c) < 0x20) {
      p.error = "raw control byte inside a string literal at offset " +
                std::to_string(i);
      return std::string_view::npos;
    }
    if (c != '\\') {
      bytes.push_back(c);
      continue;
    }
    if (++i >= text.size())
      break;
    char e = text[i];
    static constexpr std::string_view kNames = "ntr\\\"";
    static constexpr std::string_view kBytes = "\n\t\r\\\"";
    if (std::size_t k = kNames.find(e); k != std::string_view::npos) {
      bytes.push_back(kBytes[k]); // \n \t \r \\ \"
      continue;
    }
    switch (e) {
    case 'x': {
      int hi = i + 1 < text.size() ? util::hex_value(text[i + 1]) : -1;
      int lo = i + 2 < text.size() ? util::hex_value(text[i + 2]) : -1;
      if (hi < 0 || lo < 0) {
        p.error = "bad \\x escape at offset " + std::to_string(i);
        return std::string_view::npos;
      }
      bytes.push_back(static_cast<char>(hi * 16 + lo));
      i += 2;
      break;
    }
    default:
      if (e >= '0' && e <= '7') {
        int v = 0, n = 0;
        while (n < 3 && i < text.size() && text[i] >= '0' && text[i] <= '7') {
          v = v * 8 + (text[i] - '0');
          ++i, ++n;
        }
        --i;
        bytes.push_back(static_cast<char>(v));
        break;
      }
      p.error = std::string("unknown escape \\") + e + " at offset " +
                std::to_string(i);
      return std::string_view::npos;
    }
  }
  p.error = "string literal left open";
  return std::string_view::npos;
}

// True when the code so far ends inside an identifier (arg1, $x2), whose
// digits are part of the name and are kept.
bool ident_char(const std::string& code) {
  if (code.empty())
    return false;
  unsigned char c = static_cast<unsigned char>(code.back());
  return std::isalnum(c) || c == '_' || c == '$' || c == '@';
}

} // namespace

ProgramText split_program(std::string_view text) {
  ProgramText p;
  std::size_t i = 0;
  while (i < text.size()) {
    char c = text[i];
    if (c == '"') {
      i = read_literal(text, i, p);
      if (i == std::string_view::npos)
        return p;
      p.code += "\"$\"";
    } else if (text.substr(i, 2) == "//") {
      i = text.find('\n', i);
      if (i == std::string_view::npos)
        i = text.size();
    } else if (text.substr(i, 2) == "/*") {
      std::size_t end = text.find("*/", i + 2);
      if (end == std::string_view::npos) {
        p.error = "block comment left open";
        return p;
      }
      i = end + 2;
    } else if (std::isdigit(static_cast<unsigned char>(c)) &&
               !ident_char(p.code)) {
      while (i < text.size() &&
             std::isdigit(static_cast<unsigned char>(text[i])))
        ++i;
      p.code += 'N';
    } else {
      p.code.push_back(c);
      ++i;
    }
  }
  return p;
}

bool has_literal(const ProgramText& p, std::string_view bytes) {
  return std::find(p.literals.begin(), p.literals.end(), bytes) !=
         p.literals.end();
}

} // namespace sctrace::injection
