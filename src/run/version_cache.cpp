#include "run/version_cache.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <sstream>

namespace sctrace::run {
namespace {

constexpr const char* kHeader = "sctrace bpftrace-version 1";

std::int64_t nanoseconds(const timespec& t) {
  return static_cast<std::int64_t>(t.tv_sec) * 1'000'000'000 + t.tv_nsec;
}

std::string file_name(const ExecutableKey& key) {
  return "bpftrace-version-" + std::to_string(key.device) + "-" +
         std::to_string(key.inode);
}

// The file's second line: what must still hold for the answer to count.
std::string key_line(const ExecutableKey& key) {
  return std::to_string(key.size) + " " + std::to_string(key.mtime_ns) + " " +
         std::to_string(key.ctime_ns);
}

// Reads a small file through fd (at most 4 KiB: an answer is ~60 bytes).
std::string read_small(int fd) {
  char buf[4096];
  std::string out;
  ssize_t n;
  while (out.size() < sizeof buf && (n = ::read(fd, buf, sizeof buf)) > 0)
    out.append(buf, static_cast<std::size_t>(n));
  return out;
}

bool usable(const struct stat& st, mode_t type) {
  return (st.st_mode & S_IFMT) == type && st.st_uid == ::geteuid() &&
         (st.st_mode & (S_IWGRP | S_IWOTH)) == 0;
}

} // namespace

std::optional<ExecutableKey> executable_key(const std::string& path) {
  Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  struct stat st {};
  char magic[4] = {};
  if (!fd.valid() || ::fstat(fd.get(), &st) != 0 || !S_ISREG(st.st_mode) ||
      ::pread(fd.get(), magic, sizeof magic, 0) != sizeof magic ||
      std::string_view(magic, 4) != "\x7f"
                                    "ELF")
    return std::nullopt;
  ExecutableKey key;
  key.device = st.st_dev;
  key.inode = st.st_ino;
  key.size = static_cast<std::uint64_t>(st.st_size);
  key.mtime_ns = nanoseconds(st.st_mtim);
  key.ctime_ns = nanoseconds(st.st_ctim);
  return key;
}

Fd VersionCache::open_dir(bool create) const {
  if (create && ::mkdir(dir_.c_str(), 0700) != 0 && errno != EEXIST)
    return Fd();
  Fd dir(::open(dir_.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
  struct stat st {};
  if (!dir.valid() || ::fstat(dir.get(), &st) != 0 || !usable(st, S_IFDIR))
    return Fd();
  return dir;
}

std::optional<gen::BpftraceVersion>
VersionCache::lookup(const ExecutableKey& key) const {
  Fd dir = open_dir(false);
  if (!dir.valid())
    return std::nullopt;
  Fd file(::openat(dir.get(), file_name(key).c_str(),
                   O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK));
  struct stat st {};
  if (!file.valid() || ::fstat(file.get(), &st) != 0 || !usable(st, S_IFREG))
    return std::nullopt;
  std::istringstream in(read_small(file.get()));
  std::string header, keys, version;
  if (!std::getline(in, header) || header != kHeader ||
      !std::getline(in, keys) || keys != key_line(key) ||
      !std::getline(in, version))
    return std::nullopt;
  auto parsed = gen::parse_bpftrace_version(version);
  if (!parsed.ok())
    return std::nullopt;
  return *parsed;
}

void VersionCache::store(const ExecutableKey& key,
                         const gen::BpftraceVersion& version) const {
  Fd dir = open_dir(true);
  if (!dir.valid())
    return;
  std::string name = file_name(key);
  std::string temp = name + ".tmp." + std::to_string(::getpid());
  std::string text = std::string(kHeader) + "\n" + key_line(key) +
                     "\nbpftrace v" + version.text() + "\n";
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
