// Opening files for writing without being tricked by a planted symlink.
//
// `sctrace -o /tmp/out` runs as root; another user who can write to /tmp
// may have put a symlink there pointing at a root-owned file. The kernel
// refuses to follow such a link only when fs.protected_symlinks is 1, so
// sctrace applies the same rule itself, whatever the sysctl says.
//
// Contract:
//  - symlink_follow_allowed() is the kernel's protected_symlinks rule: a
//    symlink in a sticky, world-writable directory may be followed only
//    when its owner is the directory's owner or the follower.
//  - open_for_writing() opens the last component with O_NOFOLLOW; when it
//    is a symlink (ELOOP, or EACCES with O_CREAT in a sticky directory)
//    the rule is checked for that link and the link's target is opened
//    the same way, hop by hop (at most 40 hops). With O_EXCL a link is
//    never followed (EEXIST). The
//    directories above the last component are resolved by the kernel as
//    usual. O_CLOEXEC is always added.
//  - A refused link is ErrorKind::Invalid naming the link, its owner and
//    what to do; any other failure is ErrorKind::Io with strerror, and
//    *errno_out (when given) is the errno (0 for a refused link), so
//    callers can treat ENOENT or EEXIST on their own.
#pragma once

#include <sys/stat.h>
#include <sys/types.h>

#include <string>

#include "util/result.h"

namespace sctrace::util {

// The kernel's fs.protected_symlinks rule for a link whose lstat is
// `link`, in a directory whose stat is `dir`, followed by euid `follower`.
bool symlink_follow_allowed(const struct stat& dir, const struct stat& link,
                            uid_t follower);

// The directory path's last component is in: "." for "out.txt", "/" for
// "/x".
std::string parent_directory(const std::string& path);

// Opens path with flags (O_WRONLY, O_CREAT, O_TRUNC, O_EXCL...) and mode,
// following symlinks only as the header says. Returns the fd.
Result<int> open_for_writing(const std::string& path, int flags,
                             mode_t mode = 0644, int* errno_out = nullptr);

// Where sctrace makes its temporary files: $TMPDIR when set and not
// empty, else /tmp.
std::string temp_dir();

} // namespace sctrace::util
