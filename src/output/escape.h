// The terminal escaper: what every text output (and CSV, through
// csv.h) does to bytes it did not write itself, so no comm, path, message
// or stack frame can start a new line, move the cursor or send a terminal
// command.
//
// Contract:
//  - append_c_escaped(): strace's string body. Printable ASCII as is; '"'
//    and '\\' as \" and \\; LF, TAB, CR as \n \t \r; other C0 controls,
//    DEL and each byte of an invalid UTF-8 sequence as \xNN (two lowercase
//    hex digits); the C1 controls U+0080-U+009F (U+009B is CSI, a terminal
//    command) and the bidi controls U+200E, U+200F, U+202A-U+202E and
//    U+2066-U+2069 (they reorder what a terminal shows) as \uXXXX (four
//    lowercase hex digits: \u009b, \u202e); all other valid UTF-8 kept.
//  - append_terminal_safe(): for text that is already escaped or quoted
//    (strace's own lines, a command line): the same rule, except that '"'
//    and '\\' stay as they are and every control byte, LF included, is
//    \xNN (C1 and bidi controls \uXXXX as above).
#pragma once

#include <string>
#include <string_view>

namespace sctrace::output {

// U+FFFD REPLACEMENT CHARACTER in UTF-8.
inline constexpr std::string_view kReplacementCharacter = "\xEF\xBF\xBD";

void append_c_escaped(std::string& out, std::string_view bytes);
void append_terminal_safe(std::string& out, std::string_view text);

} // namespace sctrace::output
