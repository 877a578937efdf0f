#include "cli/output_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <utility>

#include "decode/errno_names.h"
#include "util/safe_open.h"

namespace sctrace::cli {

FdBuf::FdBuf(int fd, bool owned) : fd_(-1), owned_(false), buf_(1 << 16) {
  setp(buf_.data(), buf_.data() + buf_.size());
  if (fd >= 0)
    attach(fd, owned);
}

void FdBuf::attach(int fd, bool owned) {
  fd_ = fd;
  owned_ = owned;
  struct stat st {};
  if (::fstat(fd_, &st) == 0 && S_ISREG(st.st_mode)) {
    regular_ = true;
    off_t at = ::lseek(fd_, 0, SEEK_CUR);
    offset_ = line_end_ = at < 0 ? 0 : at;
  }
}

FdBuf::~FdBuf() {
  if (fd_ < 0) // never attached: what was held is dropped
    return;
  flush_buffer();
  if (owned_)
    ::close(fd_);
}

void FdBuf::grow_buffer() {
  auto used = pptr() - pbase();
  buf_.resize(buf_.size() * 2);
  setp(buf_.data(), buf_.data() + buf_.size());
  pbump(static_cast<int>(used));
}

bool FdBuf::flush_buffer() {
  if (fd_ < 0) { // not attached yet: hold everything
    if (pptr() == epptr())
      grow_buffer();
    return true;
  }
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

OutputFile::~OutputFile() {
  if (held_fd_ >= 0)
    ::close(held_fd_);
}

Result<std::unique_ptr<OutputFile>>
OutputFile::prepare(const std::string& path) {
  int err = 0;
  auto fd = util::open_for_writing(path, O_WRONLY, 0644, &err);
  if (!fd.ok() && err != ENOENT)
    return fd.error();
  if (!fd.ok()) { // created by commit(); its directory must let it
    std::string dir = util::parent_directory(path);
    if (::access(dir.c_str(), W_OK | X_OK) != 0)
      return make_error(ErrorKind::Io,
                        "cannot write " + path + ": " + std::strerror(errno));
  }
  std::unique_ptr<OutputFile> f(new OutputFile(-1, true, path));
  f->held_fd_ = fd.ok() ? *fd : -1;
  f->committed_ = false;
  return f;
}

Result<void> OutputFile::commit() {
  if (committed_)
    return Ok{};
  int fd = std::exchange(held_fd_, -1);
  struct stat st {};
  if (fd >= 0 && ::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
      ::ftruncate(fd, 0) != 0) {
    int e = errno;
    ::close(fd);
    return make_error(ErrorKind::Io,
                      "cannot truncate " + name_ + ": " + std::strerror(e));
  }
  if (fd < 0) {
    SCTRACE_TRY_ASSIGN(
        created, util::open_for_writing(name_, O_WRONLY | O_CREAT | O_TRUNC));
    fd = created;
  }
  buf_.attach(fd, true);
  committed_ = true;
  return Ok{};
}

Result<std::unique_ptr<OutputFile>> OutputFile::open(const std::string& path) {
  SCTRACE_TRY_ASSIGN(file, prepare(path));
  SCTRACE_TRY(file->commit());
  return file;
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
