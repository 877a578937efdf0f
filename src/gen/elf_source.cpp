#include "gen/elf_source.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace sctrace::gen {

namespace {

Error out_of_range(const std::string& name, std::uint64_t offset,
                   std::uint64_t length, std::uint64_t size) {
  return make_error(ErrorKind::Invalid,
                    name + ": " + std::to_string(length) + " bytes at offset " +
                        std::to_string(offset) + " run past the end of the " +
                        std::to_string(size) + "-byte file");
}

// A file descriptor of a regular file, read with pread; closes it.
class FileSource final : public ByteSource {
public:
  FileSource(int fd, std::uint64_t size, std::string path)
      : fd_(fd), size_(size), path_(std::move(path)) {}
  ~FileSource() override { ::close(fd_); }
  FileSource(const FileSource&) = delete;
  FileSource& operator=(const FileSource&) = delete;

  std::uint64_t size() const override { return size_; }
  const std::string& name() const override { return path_; }
  Result<void> read(std::uint64_t offset, std::span<char> out) const override;

private:
  int fd_;
  std::uint64_t size_;
  std::string path_;
};

Result<void> FileSource::read(std::uint64_t offset, std::span<char> out) const {
  if (!range_fits(offset, out.size(), size_))
    return out_of_range(path_, offset, out.size(), size_);
  std::size_t done = 0;
  while (done < out.size()) {
    ssize_t n = ::pread(fd_, out.data() + done, out.size() - done,
                        static_cast<off_t>(offset + done));
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      return make_error(
          ErrorKind::Io,
          "cannot read " + path_ + ": " +
              (n < 0 ? std::strerror(errno) : "it shrank while being read") +
              "; check that the file is intact");
    done += static_cast<std::size_t>(n);
  }
  return Ok{};
}

Error open_failed(const std::string& path, int err) {
  ErrorKind kind = err == ENOENT                   ? ErrorKind::NotFound
                   : err == EACCES || err == EPERM ? ErrorKind::Permission
                                                   : ErrorKind::Io;
  return make_error(kind, "cannot open " + path + ": " + std::strerror(err));
}

} // namespace

bool range_fits(std::uint64_t offset, std::uint64_t length,
                std::uint64_t size) {
  return offset <= size && length <= size - offset;
}

Result<void> MemorySource::read(std::uint64_t offset,
                                std::span<char> out) const {
  if (!range_fits(offset, out.size(), bytes_.size()))
    return out_of_range(name_, offset, out.size(), bytes_.size());
  if (!out.empty()) // an empty span's data() may be null
    std::memcpy(out.data(), bytes_.data() + offset, out.size());
  return Ok{};
}

Result<std::unique_ptr<ByteSource>> open_file_source(const std::string& path) {
  // O_NONBLOCK: opening a FIFO without a writer must not block; it is
  // refused below like every other file that is not regular.
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
  if (fd < 0)
    return open_failed(path, errno);
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    int err = errno;
    ::close(fd);
    return open_failed(path, err);
  }
  if (!S_ISREG(st.st_mode)) {
    ::close(fd);
    return make_error(ErrorKind::Invalid,
                      path + " is not a regular file (a FIFO, device, socket "
                             "or directory), so it is not read as a library; "
                             "give the path of the library file itself");
  }
  return std::unique_ptr<ByteSource>(
      new FileSource(fd, static_cast<std::uint64_t>(st.st_size), path));
}

} // namespace sctrace::gen
