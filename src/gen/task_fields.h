// Reads of the current task's members (task_struct) in a generated
// program: `curtask->PATH` as bpftrace resolves it, or, where
// Dialect::task_fields_by_offset asks for it (bpftrace 0.17) and the
// catalog knows the kernel's layout (KernelCatalog::kernel_member, from
// BTF), the same read by offset: `*(uint64 *)((uint64)curtask + 2440)` and
// so on. Both read the same bytes; the offsets spare bpftrace 0.17 its
// clang parse of every struct the path crosses (gen/kernel_btf.h).
//
// Contract: PATH is one of this file's constant member paths (never user
// input); the result is a bpftrace expression of the member's type
// (intN/uintN, or a string for a char array).
#pragma once

#include <string>
#include <string_view>

#include "gen/bpftrace_version.h"
#include "gen/tracefs.h"

namespace sctrace::gen {

// The address of the current task as a uint64 expression.
inline constexpr char kCurtaskAddress[] = "(uint64)curtask";

// The expression that reads curtask's member PATH ("exit_code",
// "group_leader->start_time", "signal->live.counter"). A read by offset
// starts at TASK, an expression holding curtask's address as a uint64: a
// probe that reads several members can pass a variable it set once to
// kCurtaskAddress (bpftrace 0.17 looks every cast's type up in the BTF,
// about 1 ms each at start-up: gen/syscalls_program.cpp's kZero).
std::string task_field(const KernelCatalog& catalog, const Dialect& dialect,
                       std::string_view path,
                       std::string_view task = kCurtaskAddress);

// The expression that reads the member A describes, from TASK.
std::string task_field_by_offset(const MemberAccess& a,
                                 std::string_view task = kCurtaskAddress);

// The process start time: the thread group leader's start, CLOCK_MONOTONIC
// ns like nsecs, kept across exec (de_thread copies it to the new leader).
// With the pid it names one process even after the pid is reused (the
// start_index slot of gen/layout.h, and `count -P`'s map key).
std::string process_start(const KernelCatalog& catalog, const Dialect& dialect);

} // namespace sctrace::gen
