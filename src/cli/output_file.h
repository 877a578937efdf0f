// Output files (-o FILE) opened close-on-exec, so no command sctrace runs
// (a traced `-- CMD`, bpftrace, strace) inherits them: a leaked fd would
// shift every fd number the traced command sees.
//
// Contract:
//  - The stream buffers 64 KiB and writes with write(2). The first failed
//    write (ENOSPC, EPIPE, EIO...) is kept in error(); the stream then
//    fails (badbit) and discards everything after it.
//  - A regular file is cut back to its last complete line when a write
//    fails, so a full disk leaves whole JSONL/CSV/text lines, never half
//    of one.
//  - standard_output() wraps fd 1 the same way (not closed at the end).
//  - A rejected run leaves an existing file as it was: prepare() only
//    checks that the file can be written (it opens an existing file
//    without truncating it); commit() truncates or creates it, once the
//    input is validated. What is written to the stream before commit() is
//    held in memory, and dropped if commit() never comes.
//  - Symlinks are followed only as util/safe_open.h allows: a link another
//    user planted in a sticky world-writable directory (/tmp) is refused.
#pragma once

#include <sys/types.h>

#include <cerrno>
#include <memory>
#include <ostream>
#include <streambuf>
#include <string>
#include <vector>

#include "util/result.h"

namespace sctrace::cli {

class FdBuf final : public std::streambuf {
public:
  // fd -1: nothing is written (the buffer grows) until attach().
  FdBuf(int fd, bool owned);
  void attach(int fd, bool owned);
  ~FdBuf() override;
  FdBuf(const FdBuf&) = delete;
  FdBuf& operator=(const FdBuf&) = delete;
  int error() const { return error_; }

protected:
  int_type overflow(int_type c) override;
  int sync() override;

private:
  bool flush_buffer();
  void grow_buffer();
  int fd_;
  bool owned_;
  bool regular_ = false;
  off_t offset_ = 0;   // where the next byte lands (regular files)
  off_t line_end_ = 0; // just after the last complete line written
  int error_ = 0;
  std::vector<char> buf_;
};

class OutputFile {
public:
  // Checks that path can be written, changing nothing (see the header):
  // an existing file is opened as it is, a missing one needs a writable
  // directory. Fails with ErrorKind::Io and the reason, or
  // ErrorKind::Invalid for a refused symlink.
  static Result<std::unique_ptr<OutputFile>> prepare(const std::string& path);
  // Truncates the prepared file (or creates it, 0644) and writes what was
  // held. Once only; a no-op for standard output.
  Result<void> commit();
  // prepare() and commit() at once.
  static Result<std::unique_ptr<OutputFile>> open(const std::string& path);
  ~OutputFile();
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;
  // Standard output, with the same error tracking.
  static std::unique_ptr<OutputFile> standard_output();
  std::ostream& stream() { return stream_; }
  // errno of the first failed write, 0 if none.
  int error() const { return buf_.error(); }
  // The reader went away (EPIPE: `sctrace ... | head`).
  bool reader_gone() const { return error() == EPIPE; }
  // ErrorKind::Io naming the file and the errno, and what to do.
  Error write_error() const;

private:
  OutputFile(int fd, bool owned, std::string name);
  FdBuf buf_;
  int held_fd_ = -1; // prepare(): the existing file, not yet truncated
  bool committed_ = true;
  std::ostream stream_;
  std::string name_;
};

} // namespace sctrace::cli
