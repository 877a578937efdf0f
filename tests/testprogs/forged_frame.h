// sctrace_workload's forged_frame mode (issue 12.10): getppid calls made
// from a function whose symbol name a test rewrites in a copy of the
// binary to hold a line break (tests/live/stack_forgery_live_test.cpp).
#pragma once

// The symbol's name as built: the test replaces these bytes, in every
// string table of its copy, with a name of the same length.
#define SCTRACE_FORGED_FRAME_NAME "sctrace_forged_frame_name_placeholder"

namespace sctrace::workload {

// Calls getppid N times with a syscall instruction inside the function
// named SCTRACE_FORGED_FRAME_NAME (so that function is the innermost user
// frame of each call), then sleeps 1 s so bpftrace can still read the
// process's maps to symbolise its stacks. Returns 0.
int forged_frame(long n);

} // namespace sctrace::workload
