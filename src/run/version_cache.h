// Remembered answers of `bpftrace --version`, so that a session does not
// start bpftrace only to ask its version (about 25 ms for bpftrace 0.17 on
// an idle machine, 40 ms on a busy one: it loads LLVM and clang). The idea
// is ccache's compiler_check=mtime.
//
// Contract:
//  - An answer is kept per executable file and found again only while the
//    file is unchanged: the key is its device, inode, size, mtime and ctime
//    (ns), taken before the file is run. Upgrading, rebuilding, copying
//    over or touching it changes the key; ctime cannot be set back from
//    user space.
//  - Only ELF files are kept (executable_key() is nullopt otherwise). A
//    script, such as scripts/compat-chroot's wrapper, can run another
//    bpftrace tomorrow without changing itself, so it is asked every time.
//  - The answers live in dir (kVersionCacheDir, on /run: a tmpfs, so a
//    reboot forgets them), one small file per executable. dir is created
//    (0700) when missing, and used only when it is a real directory owned
//    by the caller's euid that group and others cannot write; a file is
//    read only when it is a regular file (not a symlink) owned by the euid.
//  - lookup() never fails: anything missing, foreign or malformed is a
//    miss. store() is best effort (an atomic rename) and never fails the
//    caller. Only versions are stored, never errors.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <string>

#include "gen/bpftrace_version.h"
#include "run/cache_dir.h"
#include "run/fd.h"

namespace sctrace::run {

inline constexpr const char* kVersionCacheDir = kCacheDir;

// What identifies one state of an executable file.
struct ExecutableKey {
  std::uint64_t device = 0, inode = 0, size = 0;
  std::int64_t mtime_ns = 0, ctime_ns = 0;
};

// The key of the file at path (symlinks followed), or nullopt when it
// cannot be read or is not an ELF file.
std::optional<ExecutableKey> executable_key(const std::string& path);

class VersionCache {
public:
  explicit VersionCache(std::string dir = kVersionCacheDir)
      : dir_(std::move(dir)) {}

  std::optional<gen::BpftraceVersion> lookup(const ExecutableKey& key) const;
  void store(const ExecutableKey& key,
             const gen::BpftraceVersion& version) const;

private:
  std::string dir_;
};

} // namespace sctrace::run
