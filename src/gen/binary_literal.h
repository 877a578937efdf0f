// trace.py's -B (--bin_cmp): STRCMP("{0x6C,0x73,0x00}", expr) compares
// bytes given as a C array initializer instead of text.
//
// Contract: parse_binary_literal() takes the literal's text, "{" then
// comma-separated C integer literals (decimal, 0x hex, 0 octal), each 0 to
// 255, then "}", with spaces allowed around them, and returns the bytes.
// As in trace.py, STRCMP compares all of them but the last (trace.py
// compares sizeof(needle) - 1 bytes, which for a string literal leaves out
// its NUL). Anything else is an Invalid error that says what was
// expected.
#pragma once

#include <string>
#include <string_view>

#include "util/result.h"

namespace sctrace::gen {

Result<std::string> parse_binary_literal(std::string_view text);

} // namespace sctrace::gen
