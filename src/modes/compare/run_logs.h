// The logs of compare's tracer runs: the directory they go to, and what
// is read back from them (the tracer's own messages, each trace's span).
//
// Contract:
//  - LogDir::make("") makes a temporary directory, removed when the LogDir
//    is destroyed; make(DIR) uses DIR (created if missing) and keeps it.
//  - create_files() creates each log empty with O_EXCL|O_NOFOLLOW: an
//    existing file or a planted symlink is an Invalid error, never
//    overwritten or followed.
//  - tracer_message() keeps the lines of stderr that start with prefix
//    (the tracer's own, not the command's), else the first 2000 bytes.
//  - The spans run from the first traced call's entry to the last one's
//    end (strace: entry plus -T duration), nullopt for an empty log.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "modes/compare/sctrace_log.h"
#include "modes/compare/strace_log.h"
#include "util/result.h"

namespace sctrace::compare {

class LogDir {
public:
  static Result<LogDir> make(const std::string& wanted);
  LogDir(LogDir&& o) noexcept
      : path_(std::move(o.path_)), remove_(std::exchange(o.remove_, false)) {}
  LogDir& operator=(LogDir&&) = delete;
  ~LogDir();
  std::string file(const std::string& name) const { return path_ + "/" + name; }
  // strace.log, strace.stderr, sctrace.jsonl, sctrace.stderr, and `extra`.
  Result<void> create_files(const std::vector<std::string>& extra = {}) const;
  const std::string& path() const { return path_; }
  bool kept() const { return !remove_; }

private:
  LogDir() = default;
  std::string path_;
  bool remove_ = false;
};

std::string read_text(const std::string& path);
std::string tracer_message(const std::string& stderr_text,
                           const std::string& prefix);
std::optional<double> strace_span(const StraceLog& log);
std::optional<double> sctrace_span(const SctraceLog& log);

} // namespace sctrace::compare
