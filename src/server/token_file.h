// The bearer token of `sctrace serve`, kept in a file.
//
// Contract of load_or_create_token(path, created):
//  - An existing path must be a regular file (a symlink is refused, never
//    followed), owned by the effective uid, with no group or other
//    permission bits (0600 or stricter); otherwise Permission (or Invalid
//    for a non-regular file) with a message that says `chmod 600 PATH`
//    (or what else to do). Its first line, without surrounding
//    whitespace, is the token: 1..4096 visible ASCII characters, else
//    Invalid.
//  - A missing path is created with O_CREAT|O_EXCL|O_NOFOLLOW, mode 0600,
//    holding 64 lowercase hex characters (32 bytes from getrandom) and a
//    newline; created is then true (the caller says so), else false.
//  - Other failures are Io with strerror.
#pragma once

#include <string>

#include "util/result.h"

namespace sctrace::server {

Result<std::string> load_or_create_token(const std::string& path,
                                         bool& created);

} // namespace sctrace::server
