// strace's "-e trace=%CLASS" syscall classes for x86_64 (strace 6.1).
//
// Membership was measured, not copied: a probe made every x86_64 syscall
// (0..450) under a seccomp filter that failed them all with ENOSYS, and
// strace -e trace=%CLASS showed which ones each class selects.
#pragma once

#include <string_view>
#include <vector>

namespace sctrace::decode {

// The syscall names in a class, sorted. Accepts "%file", "%network" (and
// its alias "%net"), "%process", "%signal", "%ipc", "%desc", "%memory",
// "%creds", "%clock", "%stat", "%lstat", "%fstat", "%statfs", "%fstatfs",
// "%%stat", "%%statfs" and "%pure"; the single-% classes also without the
// '%' ("file"), as strace does. An unknown class gives an empty vector.
// The reference stays valid for the life of the program.
const std::vector<std::string_view>&
syscalls_in_class(std::string_view class_name);

// Every class name syscalls_in_class() accepts, in their '%' spelling.
const std::vector<std::string_view>& syscall_class_names();

} // namespace sctrace::decode
