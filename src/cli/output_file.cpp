#include "cli/output_file.h"

#include <fcntl.h>

#include <cerrno>
#include <cstring>

namespace sctrace::cli {

OutputFile::OutputFile(int fd)
    : buf_(fd, std::ios::out, 1 << 16), stream_(&buf_) {}

Result<std::unique_ptr<OutputFile>> OutputFile::open(const std::string& path) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0)
    return make_error(ErrorKind::Io,
                      "cannot write " + path + ": " + std::strerror(errno));
  return std::unique_ptr<OutputFile>(new OutputFile(fd));
}

} // namespace sctrace::cli
