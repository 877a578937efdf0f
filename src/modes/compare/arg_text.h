// strace-style text for the arguments and return value of a sctrace
// syscall event, built from its JSON alone.
//
// Contract (pure, total):
//  - Int: decimal. Null: NULL. Sockaddr: {sa_family=AF_INET,
//    sin_port=htons(53), sin_addr=inet_addr("1.2.3.4")} and the AF_INET6
//    and AF_UNIX forms strace prints; other families {sa_family=X, ...}.
//  - String: quoted and escaped as strace 6.1 does (\t \n \v \f \r \" \\,
//    other bytes outside printable ASCII in octal) when the argument is a
//    path or name (is_string_arg); otherwise verbatim (flags such as
//    O_RDONLY|O_CLOEXEC, AT_FDCWD, 0644, pointers 0x...).
#pragma once

#include <string>
#include <string_view>

#include "modes/compare/sctrace_log.h"

namespace sctrace::compare {

// True for the argument names sctrace reads as strings from user memory
// (filename, pathname, path, oldname, newname, name, ...), unless the
// value is a pointer ("0x...": the field is not a char * in this call).
// "type" is a string only in mount (socket's type is flags).
bool is_string_arg(std::string_view syscall, const SctraceArg& arg);

// Appends bytes quoted the way strace prints a string.
void append_strace_quoted(std::string& out, std::string_view bytes);

std::string arg_text(std::string_view syscall, const SctraceArg& arg);

// "name(arg, arg) = ret": the whole call as strace would print it, with
// "= -1 ENOENT (No such file or directory)", "= ?" for calls that did
// not return, and
// "<... name resumed>" for calls whose entry was not seen.
std::string sctrace_call_text(const SctraceCall& call);

} // namespace sctrace::compare
