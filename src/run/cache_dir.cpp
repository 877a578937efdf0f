#include "run/cache_dir.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

namespace sctrace::run {
namespace {

bool usable(const struct stat& st, mode_t type) {
  return (st.st_mode & S_IFMT) == type && st.st_uid == ::geteuid() &&
         (st.st_mode & (S_IWGRP | S_IWOTH)) == 0;
}

} // namespace

Fd open_cache_dir(const std::string& dir, bool create) {
  if (create && ::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST)
    return Fd();
  Fd fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
  struct stat st {};
  if (!fd.valid() || ::fstat(fd.get(), &st) != 0 || !usable(st, S_IFDIR))
    return Fd();
  return fd;
}

std::optional<std::string>
read_cache_file(const Fd& dir, const std::string& name, std::size_t limit) {
  if (!dir.valid())
    return std::nullopt;
  Fd file(::openat(dir.get(), name.c_str(),
                   O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK));
  struct stat st {};
  if (!file.valid() || ::fstat(file.get(), &st) != 0 || !usable(st, S_IFREG) ||
      static_cast<std::size_t>(st.st_size) > limit)
    return std::nullopt;
  std::string out(static_cast<std::size_t>(st.st_size), '\0');
  std::size_t got = 0;
  while (got < out.size()) {
    ssize_t n = ::read(file.get(), out.data() + got, out.size() - got);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      return std::nullopt;
    got += static_cast<std::size_t>(n);
  }
  return out;
}

void write_cache_file(const Fd& dir, const std::string& name,
                      std::string_view text) {
  if (!dir.valid())
    return;
  std::string temp = name + ".tmp." + std::to_string(::getpid());
  ::unlinkat(dir.get(), temp.c_str(), 0); // left by a crashed namesake
  Fd file(::openat(dir.get(), temp.c_str(),
                   O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600));
  if (!file.valid())
    return;
  bool written = ::write(file.get(), text.data(), text.size()) ==
                 static_cast<ssize_t>(text.size());
  file.reset();
  if (!written ||
      ::renameat(dir.get(), temp.c_str(), dir.get(), name.c_str()) != 0)
    ::unlinkat(dir.get(), temp.c_str(), 0);
}

} // namespace sctrace::run
