#include "modes/compare/tracer.h"

#include <signal.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

namespace sctrace::compare {

namespace {

std::size_t lines_with(const std::string& text, const std::string& marker) {
  std::size_t n = 0;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    n += line.find(marker) != std::string::npos;
  return n;
}

double since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t)
      .count();
}

} // namespace

Result<Tracer> Tracer::start(const std::string& name,
                             const std::vector<std::string>& argv,
                             const std::string& stderr_path) {
  run::SpawnOptions o;
  o.argv = argv;
  o.stdin_file = "/dev/null";
  o.stdout_file = "/dev/null";
  o.stderr_file = stderr_path;
  o.close_other_fds = true;
  o.death_signal = SIGKILL;
  SCTRACE_TRY_ASSIGN(p, run::Process::spawn(o));
  if (auto released = p.release(); !released.ok())
    return make_error(ErrorKind::Child,
                      "cannot start " + name + ": " + released.error().message);
  return Tracer(name, std::move(p), stderr_path);
}

std::string Tracer::stderr_text() const {
  std::ifstream in(stderr_path_, std::ios::binary);
  std::ostringstream buf;
  buf << in.rdbuf();
  return buf.str().substr(0, 4000);
}

Result<void> Tracer::wait_ready(const std::string& marker, std::size_t count,
                                double timeout_s) {
  auto start = std::chrono::steady_clock::now();
  while (lines_with(stderr_text(), marker) < count) {
    SCTRACE_TRY_ASSIGN(exited, process_.wait(50));
    if (exited)
      return make_error(ErrorKind::Child,
                        name_ + " ended before it attached: " + stderr_text());
    if (since(start) > timeout_s)
      return make_error(ErrorKind::Child,
                        name_ + " did not attach within " +
                            std::to_string(static_cast<int>(timeout_s)) +
                            " s; its messages: " + stderr_text());
  }
  return Ok{};
}

TracerEnd Tracer::stop(double timeout_s) {
  TracerEnd end;
  if (!process_.exited())
    (void)process_.signal(SIGINT);
  auto waited = process_.wait(static_cast<int>(timeout_s * 1000));
  if (!waited.ok() || !*waited) {
    (void)process_.signal(SIGKILL);
    (void)process_.wait(std::nullopt);
    end.killed = true;
  }
  end.exit_code = process_.exit_code();
  end.term_signal = process_.term_signal();
  return end;
}

} // namespace sctrace::compare
