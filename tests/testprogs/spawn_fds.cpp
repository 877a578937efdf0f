// Which fds a command spawned by sctrace's launcher gets, for
// tests/unit/run_process_test.cpp, which starts this program with fds of
// its own (as sctrace's parent would).
//
//   spawn_fds [--close-other] [--replace FD] FD...
//
// It opens /dev/null without O_CLOEXEC after start (as libbpf or an
// std::ifstream would), with --replace puts /dev/zero on FD (a later file
// reusing a start-up fd's number), then spawns sh with
// run::Process::spawn and prints "late=N open=" and which of the FDs and
// N are open in sh, each followed by a space.
#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "run/process.h"

namespace {

std::string child_output(const sctrace::run::SpawnOptions& o) {
  auto p = sctrace::run::Process::spawn(o);
  if (!p.ok() || !p->release().ok())
    return "spawn failed";
  std::string out;
  char buf[256];
  ssize_t n;
  while ((n = ::read(p->stdout_fd(), buf, sizeof buf)) > 0)
    out.append(buf, static_cast<std::size_t>(n));
  (void)p->wait(std::nullopt);
  return out;
}

} // namespace

int main(int argc, char** argv) {
  sctrace::run::SpawnOptions o;
  std::string fds;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--close-other") {
      o.close_other_fds = true;
    } else if (a == "--replace" && i + 1 < argc) {
      int zero = ::open("/dev/zero", O_RDONLY);
      if (zero < 0 || ::dup2(zero, std::atoi(argv[++i])) < 0)
        return 1;
      ::close(zero);
    } else {
      fds += a + " ";
    }
  }
  const int late = ::open("/dev/null", O_RDONLY); // no O_CLOEXEC
  if (late < 0)
    return 1;
  fds += std::to_string(late);
  // [ is a builtin of sh, so /proc/self is sh itself.
  o.argv = {"/bin/sh", "-c",
            "for f in " + fds +
                "; do [ -e /proc/self/fd/$f ] && printf '%s ' $f; done"};
  o.capture_stdout = true;
  std::printf("late=%d open=%s\n", late, child_output(o).c_str());
  return 0;
}
