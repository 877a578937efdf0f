// The data behind remote::suggest(): problem topics, the keywords that
// name them, and the syscalls to trace for each, with what to look for.
//
// Contract (checked by tests/unit/remote_suggest_test.cpp):
//  - every syscall of a Group is a kernel syscall name of
//    gen::syscall_table() (openat, stat; not the tracepoint's newstat);
//  - a Group with a strace_class lists only members of that class
//    (decode::syscalls_in_class), so the classes stay the one source of
//    what is a file, network, process or memory syscall;
//  - keywords are lower case words of [a-z0-9] separated by single spaces;
//    a word ending in '*' matches any word that starts with it;
//  - errnos are names errno_from_name() knows; fields are tracepoint
//    field names (a missing one is skipped on kernels without it).
#pragma once

#include <string_view>
#include <vector>

namespace sctrace::remote {

// What a suggested probe looks for, which decides its spec.
enum class Look {
  Failures, // r:: with (int)retval < 0, printing the error
  Errnos,   // r:: with retval equal to one of Group::errnos
  Timeouts, // r:: with retval == 0 (a wait that ran out of time)
  Calls,    // p:: (entry) printing the fields
  Returns,  // r:: printing the fields and the return value
};

struct Group {
  std::string_view strace_class; // "%file"; "" when no class has them
  std::vector<std::string_view> syscalls;
  Look look = Look::Failures;
  std::vector<std::string_view> errnos; // for Look::Errnos
  std::vector<std::string_view> fields; // printed fields, in order
  // Why: a sentence about one syscall, '$' standing for its name, e.g.
  // "$ fails with ENOENT when a path does not exist".
  std::string_view why;
};

struct Topic {
  std::string_view name;    // "missing-file"
  std::string_view summary; // "missing-file errors"
  std::vector<std::string_view> keywords;
  std::vector<Group> groups;
};

// Every topic, in the order suggestions are listed.
const std::vector<Topic>& suggestion_topics();

} // namespace sctrace::remote
