// sctrace's small caches on /run (a tmpfs: a reboot forgets them): the
// bpftrace versions (version_cache.h) and the syscall tracepoint formats
// (format_cache.h). One file per entry, read and written here only.
//
// Contract:
//  - open_cache_dir(dir, create): the directory, created 0700 when asked
//    and missing, or an invalid Fd unless it is a real directory (not a
//    symlink) owned by the caller's euid that group and others cannot
//    write.
//  - read_cache_file(dir, name, limit): the text of a regular file (not a
//    symlink) in dir owned by the euid and not writable by group or
//    others, or nullopt (missing, foreign, larger than limit bytes).
//  - write_cache_file(dir, name, text): best effort, never fails the
//    caller: written to a temporary name (0600) and renamed over name, so
//    a reader sees the old file or the new one, never half of one.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "run/fd.h"

namespace sctrace::run {

inline constexpr const char* kCacheDir = "/run/sctrace";

Fd open_cache_dir(const std::string& dir, bool create);

std::optional<std::string>
read_cache_file(const Fd& dir, const std::string& name, std::size_t limit);

void write_cache_file(const Fd& dir, const std::string& name,
                      std::string_view text);

} // namespace sctrace::run
