#include "forged_frame.h"

#include <sys/syscall.h>
#include <unistd.h>

#include <chrono>
#include <thread>

// No mangling, no inlining: the symbol table holds exactly the name.
extern "C" __attribute__((noinline, used)) long
sctrace_forged_frame_name_placeholder() {
#if defined(__x86_64__)
  long ret;
  asm volatile("syscall"
               : "=a"(ret)
               : "a"(SYS_getppid)
               : "rcx", "r11", "memory");
  return ret;
#else
  return ::syscall(SYS_getppid); // innermost frame is libc's then
#endif
}

namespace sctrace::workload {

int forged_frame(long n) {
  for (long i = 0; i < n; ++i)
    sctrace_forged_frame_name_placeholder();
  std::this_thread::sleep_for(std::chrono::seconds(1));
  return 0;
}

} // namespace sctrace::workload
