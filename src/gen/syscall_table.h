// x86_64 syscall numbers and names, from sctrace's own copy of the
// kernel's syscall table (src/gen/data/syscall_numbers_x86_64.tsv), so
// numbers seen by raw_syscalls tracepoints can be named whatever the build
// machine's headers say (Debian 12's stop at 450; Linux 6.18 has 469).
//
// Contract:
//  - Names are the kernel's syscall names (fstat, not newfstat); event()
//    gives the name of the syscalls:sys_enter_* tracepoint when it differs.
//  - Lookups are total: unknown numbers give "", unknown names nullopt.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sctrace::gen {

struct SyscallEntry {
  int number = 0;
  std::string name;
  std::string event; // tracepoint event suffix (sys_enter_<event>)
};

// The whole table, sorted by number.
const std::vector<SyscallEntry>& syscall_table();

// "openat" for 257; "" when the number is not in the table.
std::string_view syscall_name(long number);

// 257 for "openat"; also accepts a tracepoint event name ("newfstat").
std::optional<int> syscall_number(std::string_view name);

// The name for output: syscall_name(number), or "syscall_N" when unknown.
std::string syscall_display_name(long number);

} // namespace sctrace::gen

namespace sctrace::gen {

// The syscall a raw_syscalls:sys_exit id stands for. x86_64 reports
// rt_sigreturn's exit as -1 (restoring the registers clears orig_ax), the
// only syscall that does; other ids are returned as they are.
long exit_syscall_number(long id);

} // namespace sctrace::gen
