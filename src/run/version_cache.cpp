#include "run/version_cache.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

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

std::optional<gen::BpftraceVersion>
VersionCache::lookup(const ExecutableKey& key) const {
  // An answer is about 60 bytes.
  auto text =
      read_cache_file(open_cache_dir(dir_, false), file_name(key), 4096);
  if (!text)
    return std::nullopt;
  std::istringstream in(*text);
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
  std::string text = std::string(kHeader) + "\n" + key_line(key) +
                     "\nbpftrace v" + version.text() + "\n";
  write_cache_file(open_cache_dir(dir_, true), file_name(key), text);
}

} // namespace sctrace::run
