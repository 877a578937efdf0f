// Which syscall arguments sctrace reads from user memory, shared by the
// syscalls program generator (which reads them) and the decoder (which
// names them), so both always agree on what each value slot holds.
//
// Contract: args_plan() is pure and total. For any syscall and its
// tracepoint fields it says:
//  - main_string: the argument read with str() into the event tuple (the
//    first path or name argument), or -1;
//  - second_string: a second path or name argument, carried in the
//    attachment record, or -1;
//  - sockaddr / sockaddr_len: a struct sockaddr argument whose first 24
//    bytes, length (the argument, or what the pointer holds at exit) and
//    one string (sun_path, or what follows the 24 bytes of an abstract
//    unix name) go in the attachment, and its length argument (for
//    accept-style calls a pointer to the length), or -1;
//  - string_at_entry: the main string must be read when the call starts
//    (execve replaces the memory it points to); it then travels in the
//    attachment's string slot instead.
#pragma once

#include <string_view>
#include <vector>

#include "gen/tracefs.h"

namespace sctrace::gen {

struct SyscallArgsPlan {
  int main_string = -1;
  int second_string = -1;
  int sockaddr = -1;
  int sockaddr_len = -1;
  bool sockaddr_len_is_pointer = false;
  bool string_at_entry = false;
  bool needs_attachment() const {
    return second_string >= 0 || sockaddr >= 0 || string_at_entry;
  }
};

// The fields of a syscalls:sys_enter_* tracepoint that are arguments
// (without __syscall_nr), at most six.
std::vector<TracepointField>
syscall_arg_fields(const std::vector<TracepointField>& fields);

// Whether a tracepoint field is a NUL-terminated path or name that sctrace
// reads (not a data buffer, not an output buffer, not an array).
bool is_path_like(const TracepointField& field);

SyscallArgsPlan args_plan(std::string_view syscall,
                          const std::vector<TracepointField>& fields);

} // namespace sctrace::gen
