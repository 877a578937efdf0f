// strace's lines for what is not a syscall (--process-events): a signal
// delivered to a traced thread and a traced process's exit.
//   --- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=42,
//       si_uid=0, si_status=0, si_utime=0, si_stime=0} ---
//   --- SIGUSR1 {si_signo=SIGUSR1, si_code=SI_USER, si_pid=7, si_uid=0} ---
//   +++ exited with 3 +++
//   +++ killed by SIGKILL +++             (" (core dumped)" when it was)
// A signal whose sender sctrace did not see queued has no si_pid/si_uid:
// "{si_signo=SIGUSR1, si_code=SI_USER}".
#pragma once

#include <string>

#include "modes/syscalls/syscall_event.h"

namespace sctrace::syscalls {

// si_code's name for SIGNO ("CLD_EXITED", "SI_USER", ...), or its decimal.
std::string signal_code_name(int signo, int code);

// The exit status of an exit event: {exited, value}, value the exit code
// when exited, else the killing signal.
struct ExitStatus {
  bool exited = true;
  int value = 0;
  bool core_dumped = false;
};
ExitStatus exit_status(std::int64_t wait_status);

void append_signal_text(std::string& out, const SignalInfo& s);
void append_exit_text(std::string& out, std::int64_t wait_status);

} // namespace sctrace::syscalls
