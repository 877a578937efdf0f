#include "modes/compare/runner.h"

#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>

#include "run/process.h"

namespace sctrace::compare {

namespace {

// exec failing after the lookup: NotFound for ENOENT (e.g. a script whose
// interpreter is missing), System otherwise.
Error exec_error(const std::string& name, int e) {
  if (e == ENOENT)
    return make_error(ErrorKind::NotFound,
                      "'" + name + "' was not found in PATH");
  return make_error(ErrorKind::System,
                    "cannot run '" + name + "': " + std::strerror(e));
}

// A command the lookup rejected, reported as compare did with posix_spawnp:
// NotFound ("was not found in PATH") when there is no such file, System
// ("cannot run ...: Permission denied") for a path to a file that is not
// executable.
Error not_started(const std::string& name, Error lookup) {
  if (lookup.kind != ErrorKind::NotFound)
    return lookup;
  bool exists =
      name.find('/') != std::string::npos && ::access(name.c_str(), F_OK) == 0;
  return exec_error(name, exists ? EACCES : ENOENT);
}

} // namespace

Result<RunOutcome> run_timed(const RunSpec& spec) {
  run::SpawnOptions o;
  o.argv = spec.argv;
  o.stdin_file = "/dev/null";
  o.stdout_file = spec.stdout_path;
  o.stderr_file = spec.stderr_path;
  o.close_other_fds = true;
  auto start = std::chrono::steady_clock::now();
  auto spawned = run::Process::spawn(o);
  if (!spawned.ok())
    return not_started(spec.argv[0], std::move(spawned).take_error());
  run::Process p = std::move(spawned).value();
  if (auto released = p.release(); !released.ok())
    return p.exec_errno() ? exec_error(spec.argv[0], p.exec_errno())
                          : released.error();
  SCTRACE_TRY(p.wait(std::nullopt)); // without a timeout: until it exits
  RunOutcome out;
  out.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  out.exit_code = p.exit_code();
  out.term_signal = p.term_signal();
  return out;
}

} // namespace sctrace::compare
