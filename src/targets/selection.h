// strace's -e trace= syscall selection, resolved to syscall numbers.
//
// Syntax (as strace 6.1): a comma-separated list of items, each a syscall
// name ("openat"), a glob ("open*", "?etuid"), a class ("%file",
// "%network", "%process", "%signal", "%ipc", "%desc", "%memory", "%creds",
// "%clock", "%stat", "%lstat", "%fstat", "%statfs", ...), "all" or
// "none"; a leading '!' negates the whole list. "trace=" in front is
// optional. Items that are not syscalls of x86_64 fail with "did you
// mean"; a glob or class that matches nothing fails too.
#pragma once

#include <string_view>
#include <vector>

#include "util/result.h"

namespace sctrace::targets {

// Sorted, unique syscall numbers; an empty vector means every syscall.
Result<std::vector<int>> parse_selection(std::string_view expression);

} // namespace sctrace::targets
