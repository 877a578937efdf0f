#include "modes/syscalls/process_text.h"

#include "decode/signals.h"

namespace sctrace::syscalls {

namespace {

constexpr int kSigchld = 17;

const char* cld_code(int code) {
  static const char* const names[] = {
      nullptr,       "CLD_EXITED",  "CLD_KILLED",   "CLD_DUMPED",
      "CLD_TRAPPED", "CLD_STOPPED", "CLD_CONTINUED"};
  return code >= 1 && code <= 6 ? names[code] : nullptr;
}

const char* si_code(int code) {
  switch (code) {
  case 0:
    return "SI_USER";
  case 0x80:
    return "SI_KERNEL";
  case -1:
    return "SI_QUEUE";
  case -2:
    return "SI_TIMER";
  case -3:
    return "SI_MESGQ";
  case -4:
    return "SI_ASYNCIO";
  case -5:
    return "SI_SIGIO";
  case -6:
    return "SI_TKILL";
  }
  return nullptr;
}

// The codes whose siginfo carries the sender's pid and uid.
bool has_sender(int signo, int code) {
  return code == 0 || code == -1 || code == -6 ||
         (signo == kSigchld && cld_code(code) != nullptr);
}

} // namespace

std::string signal_code_name(int signo, int code) {
  const char* name =
      signo == kSigchld && cld_code(code) ? cld_code(code) : si_code(code);
  return name ? name : std::to_string(code);
}

ExitStatus exit_status(std::int64_t w) {
  ExitStatus s;
  s.exited = (w & 0x7f) == 0;
  s.value =
      s.exited ? static_cast<int>((w >> 8) & 0xff) : static_cast<int>(w & 0x7f);
  s.core_dumped = !s.exited && (w & 0x80) != 0;
  return s;
}

void append_signal_text(std::string& out, const SignalInfo& s) {
  const std::string name = decode::signal_name(s.signo);
  out += "--- " + name + " {si_signo=" + name +
         ", si_code=" + signal_code_name(s.signo, s.code);
  if (s.sender_known && has_sender(s.signo, s.code)) {
    out += ", si_pid=" + std::to_string(s.pid) +
           ", si_uid=" + std::to_string(s.uid);
    if (s.signo == kSigchld && cld_code(s.code)) {
      ExitStatus e = exit_status(s.status);
      out += ", si_status=" + (s.code == 1 ? std::to_string(e.value)
                                           : decode::signal_name(e.value));
      out += ", si_utime=" + std::to_string(s.utime) +
             ", si_stime=" + std::to_string(s.stime);
    }
  }
  out += "} ---";
}

void append_exit_text(std::string& out, std::int64_t wait_status) {
  ExitStatus e = exit_status(wait_status);
  if (e.exited)
    out += "+++ exited with " + std::to_string(e.value) + " +++";
  else
    out += "+++ killed by " + decode::signal_name(e.value) +
           (e.core_dumped ? " (core dumped)" : "") + " +++";
}

} // namespace sctrace::syscalls
