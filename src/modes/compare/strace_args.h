// Reading strace's argument text: finding where an argument list ends,
// splitting it into top-level arguments, and decoding quoted strings.
//
// Contract:
//  - Every function is total: any text gives an answer, nothing throws.
//  - Quoted strings ("..." with strace's backslash escapes), brackets
//    ({} [] ()) and /* comments */ are respected, so a comma or a
//    parenthesis inside a path, a struct or a comment never splits an
//    argument.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sctrace::compare {

// Index of the ')' that closes an argument list starting at text[pos]
// (just after the '('), or npos when the text ends first.
std::size_t find_args_end(std::string_view text, std::size_t pos);

// Splits an argument list (without its parentheses) at top-level commas;
// each argument is trimmed. "" gives no arguments.
std::vector<std::string> split_args(std::string_view args);

// Removes /* ... */ comments outside quotes and trims:
// `0x7ffd /* 41 vars */` gives `0x7ffd`.
std::string strip_comments(std::string_view arg);

// A quoted strace string, decoded to its bytes.
struct StraceString {
  std::string bytes;
  bool truncated = false; // strace printed `"..."...`: bytes is a prefix
};

// Decodes `"a\nb\303\251"` (and `"abc"...`). nullopt when arg is not
// exactly one quoted string. Escapes: \n \t \r \v \f \\ \" \' \?,
// octal \N to \NNN, hex \xNN.
std::optional<StraceString> parse_strace_string(std::string_view arg);

// `name=value` at top level (strace's named clone arguments): the name,
// or "" when arg is not of that form.
std::string_view named_arg(std::string_view arg);

} // namespace sctrace::compare
