#include "cli/output_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "decode/errno_names.h"

namespace sctrace::cli {

FdBuf::FdBuf(int fd, bool owned) : fd_(fd), owned_(owned), buf_(1 << 16) {
  struct stat st {};
  if (::fstat(fd_, &st) == 0 && S_ISREG(st.st_mode)) {
    regular_ = true;
    off_t at = ::lseek(fd_, 0, SEEK_CUR);
    offset_ = line_end_ = at < 0 ? 0 : at;
  }
  setp(buf_.data(), buf_.data() + buf_.size());
}

FdBuf::~FdBuf() {
  flush_buffer();
  if (owned_)
    ::close(fd_);
}

bool FdBuf::flush_buffer() {
  const char* p = pbase();
  std::size_t left = static_cast<std::size_t>(pptr() - pbase());
  setp(buf_.data(), buf_.data() + buf_.size());
  if (error_)
    return false;
  while (left > 0) {
    ssize_t n = ::write(fd_, p, left);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0) {
      error_ = n < 0 ? errno : ENOSPC;
      // Keep only whole lines: a cut line would be a broken JSON/CSV
      // record (a full disk takes what fits).
      if (regular_ && offset_ != line_end_)
        (void)::ftruncate(fd_, line_end_);
      return false;
    }
    for (ssize_t i = n; i > 0; --i)
      if (p[i - 1] == '\n') {
        line_end_ = offset_ + i;
        break;
      }
    offset_ += n;
    p += n;
    left -= static_cast<std::size_t>(n);
  }
  return true;
}

FdBuf::int_type FdBuf::overflow(int_type c) {
  if (!flush_buffer())
    return traits_type::eof();
  if (!traits_type::eq_int_type(c, traits_type::eof())) {
    *pptr() = traits_type::to_char_type(c);
    pbump(1);
  }
  return traits_type::not_eof(c);
}

int FdBuf::sync() {
  return flush_buffer() ? 0 : -1;
}

OutputFile::OutputFile(int fd, bool owned, std::string name)
    : buf_(fd, owned), stream_(&buf_), name_(std::move(name)) {}

Result<std::unique_ptr<OutputFile>> OutputFile::open(const std::string& path) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0)
    return make_error(ErrorKind::Io,
                      "cannot write " + path + ": " + std::strerror(errno));
  return std::unique_ptr<OutputFile>(new OutputFile(fd, true, path));
}

std::unique_ptr<OutputFile> OutputFile::standard_output() {
  return std::unique_ptr<OutputFile>(
      new OutputFile(STDOUT_FILENO, false, "standard output"));
}

Error OutputFile::write_error() const {
  int e = error();
  std::string name(decode::errno_name(e));
  return make_error(
      ErrorKind::Io,
      "writing to " + name_ + " failed: " + std::strerror(e) +
          (name.empty() ? "" : " (" + name + ")") +
          "; the trace was stopped and bpftrace ended. What was written "
          "before the failure is kept, cut at the last complete line. " +
          (e == ENOSPC || e == EDQUOT
               ? "Free some space, or write elsewhere with -o FILE."
               : "Check the file or device, or write elsewhere with -o "
                 "FILE."));
}

} // namespace sctrace::cli
