// A tracer (strace or sctrace) attached to running processes for
// `compare`: started on the project's one launcher, known to be attached
// once its stderr says so, stopped with SIGINT like a user's Ctrl-C.
//
// Contract:
//  - start() spawns argv with stdin /dev/null, stdout /dev/null and stderr
//    to stderr_path (close_other_fds), and PR_SET_PDEATHSIG SIGKILL.
//  - wait_ready() polls stderr_path until it holds `count` lines that
//    contain `marker`, and fails (Child, quoting the tracer's stderr) when
//    the tracer exits first or timeout_s passes.
//  - stop() sends SIGINT and waits up to timeout_s for the exit, then
//    kills; the result says how it ended. The destructor kills a tracer
//    still running (run::Process).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "run/process.h"
#include "util/result.h"

namespace sctrace::compare {

struct TracerEnd {
  std::optional<int> exit_code, term_signal;
  bool killed = false; // did not stop on SIGINT in time
};

class Tracer {
public:
  static Result<Tracer> start(const std::string& name,
                              const std::vector<std::string>& argv,
                              const std::string& stderr_path);
  Result<void> wait_ready(const std::string& marker, std::size_t count,
                          double timeout_s);
  TracerEnd stop(double timeout_s);
  std::string stderr_text() const;

private:
  Tracer(std::string name, run::Process p, std::string stderr_path)
      : name_(std::move(name)), process_(std::move(p)),
        stderr_path_(std::move(stderr_path)) {}
  std::string name_;
  run::Process process_;
  std::string stderr_path_;
};

} // namespace sctrace::compare
