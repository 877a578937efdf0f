// Output files (-o FILE) opened close-on-exec, so no command sctrace runs
// (a traced `-- CMD`, bpftrace, strace) inherits them: a leaked fd would
// shift every fd number the traced command sees.
#pragma once

#include <ext/stdio_filebuf.h>

#include <memory>
#include <ostream>
#include <string>

#include "util/result.h"

namespace sctrace::cli {

class OutputFile {
public:
  // Creates or truncates path (O_WRONLY|O_CREAT|O_TRUNC|O_CLOEXEC, 0644);
  // fails with ErrorKind::Io and the reason.
  static Result<std::unique_ptr<OutputFile>> open(const std::string& path);
  std::ostream& stream() { return stream_; }

private:
  explicit OutputFile(int fd);
  __gnu_cxx::stdio_filebuf<char> buf_;
  std::ostream stream_;
};

} // namespace sctrace::cli
