// Reads a generated bpftrace program the way bpftrace's lexer does, as far
// as the injection tests need: string literals, comments and code.
//
// split_program() separates a program into its code and its string
// literals. The code is the program with every string literal replaced by
// "$", every comment removed and every run of digits replaced by "N" (pids
// and sizes differ from run to run; digits alone cannot form code). Two
// programs with the same code differ only in literal contents and numbers,
// so a user string that changes nothing but literals was passed as data.
//
// literals are the decoded bytes of each string literal, in order (\xHH,
// \n, \t, \r, \\, \", \0 and octal escapes, as bpftrace reads them).
// error is set, and the rest is unspecified, when the text is not a
// well-formed bpftrace token stream: a literal or block comment left open,
// a raw newline or control byte inside a literal, or an unknown escape.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace sctrace::injection {

struct ProgramText {
  std::string code;
  std::vector<std::string> literals;
  std::string error;
};

ProgramText split_program(std::string_view text);

// True when bytes is one of the literals.
bool has_literal(const ProgramText& p, std::string_view bytes);

} // namespace sctrace::injection
