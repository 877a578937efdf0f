#include "cli/mode_runner.h"

#include <sys/stat.h>

#include <iostream>

#include "cli/diagnostics.h"
#include "cli/exit_codes.h"
#include "cli/signals.h"

namespace sctrace::cli {

int ModeRunner::fail(const Error& e) const {
  std::cerr << tool_ << ": error: " << e.message << "\n";
  return exit_code_for(e);
}

int ModeRunner::print_program(const Result<std::string>& program) const {
  if (!program.ok())
    return fail(program.error());
  std::cout << *program;
  return kExitOk;
}

namespace {

// True when path names the same file as fd 1 (false when fd 1 is closed).
bool same_file_as_stdout(const std::string& path) {
  struct stat a {
  }, b{};
  if (::fstat(1, &b) != 0)
    return false;
  return ::stat(path.c_str(), &a) == 0 && a.st_dev == b.st_dev &&
         a.st_ino == b.st_ino;
}

} // namespace

bool ModeRunner::command_stdout_to_stderr(const std::string& format) const {
  if (format == "text")
    return false;
  return path_.empty() || same_file_as_stdout(path_);
}

Result<std::ostream*> ModeRunner::open_output(const std::string& path) {
  path_ = path;
  if (path.empty()) {
    file_ = OutputFile::standard_output();
  } else {
    SCTRACE_TRY_ASSIGN(opened, OutputFile::prepare(path));
    file_ = std::move(opened);
  }
  return &file_->stream();
}

std::function<Result<void>()> ModeRunner::output_committer() {
  return [this] { return file_->commit(); };
}

const volatile std::sig_atomic_t* ModeRunner::stop_flag() const {
  return install_stop_handlers();
}

engine::Diagnostics ModeRunner::diagnostics() const {
  return diagnostics_from_environment();
}

int ModeRunner::finish(const ModeOutcome& r, bool verbose) const {
  for (const auto& w : r.warnings)
    std::cerr << tool_ << ": warning: " << w << "\n";
  if (verbose && !r.bpftrace_stderr.empty())
    std::cerr << r.bpftrace_stderr << "\n";
  if (file_ && file_->reader_gone()) // `sctrace ... | head`: quiet
    return r.command_exit_code.value_or(kExitOk);
  if (file_ && file_->error())
    return fail(file_->write_error());
  if (r.error)
    return fail(*r.error);
  if (r.command_exit_code)
    return *r.command_exit_code;
  return kExitOk;
}

} // namespace sctrace::cli
