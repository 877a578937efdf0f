#include "util/safe_open.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <vector>

namespace sctrace::util {

namespace {

constexpr int kMaxHops = 40; // the kernel's MAXSYMLINKS

Result<std::string> read_link(const std::string& path) {
  std::vector<char> buf(4096);
  ssize_t n = ::readlink(path.c_str(), buf.data(), buf.size());
  if (n < 0 || static_cast<std::size_t>(n) >= buf.size())
    return make_error(ErrorKind::Io,
                      "cannot read the symlink " + path + ": " +
                          std::strerror(n < 0 ? errno : ENAMETOOLONG));
  std::string target(buf.data(), static_cast<std::size_t>(n));
  if (target.front() == '/')
    return target;
  return parent_directory(path) + "/" + target;
}

// Checks the link at path under the protected_symlinks rule and returns
// where it points.
Result<std::string> follow_checked(const std::string& path) {
  struct stat link {
  }, dir{};
  std::string parent = parent_directory(path);
  if (::lstat(path.c_str(), &link) != 0 || ::stat(parent.c_str(), &dir) != 0)
    return make_error(ErrorKind::Io, "cannot check the symlink " + path + ": " +
                                         std::strerror(errno));
  if (!symlink_follow_allowed(dir, link, ::geteuid()))
    return make_error(
        ErrorKind::Invalid,
        "refusing to write through " + path +
            ": it is a symlink owned by uid " + std::to_string(link.st_uid) +
            " in the sticky world-writable " + "directory " + parent +
            ", so another user may have planted it to make sctrace overwrite "
            "a file (the kernel's protected_symlinks rule). Remove the link, "
            "or give the real path of the file");
  return read_link(path);
}

} // namespace

std::string parent_directory(const std::string& path) {
  auto slash = path.find_last_of('/');
  if (slash == std::string::npos)
    return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

bool symlink_follow_allowed(const struct stat& dir, const struct stat& link,
                            uid_t follower) {
  const bool sticky_world_writable =
      (dir.st_mode & S_ISVTX) != 0 && (dir.st_mode & S_IWOTH) != 0;
  if (!S_ISLNK(link.st_mode) || !sticky_world_writable)
    return true;
  return link.st_uid == dir.st_uid || link.st_uid == follower;
}

Result<int> open_for_writing(const std::string& path, int flags, mode_t mode,
                             int* errno_out) {
  if (errno_out)
    *errno_out = 0;
  std::string at = path;
  for (int hop = 0;; ++hop) {
    int fd = ::open(at.c_str(), flags | O_NOFOLLOW | O_CLOEXEC, mode);
    if (fd >= 0)
      return fd;
    int e = errno;
    struct stat st {};
    // The last component is a symlink: O_NOFOLLOW gives ELOOP, or EACCES
    // with O_CREAT in a sticky directory. O_EXCL never follows a link
    // (EEXIST): the caller asked for a new file.
    const bool link = (e == ELOOP || e == EACCES) && !(flags & O_EXCL) &&
                      ::lstat(at.c_str(), &st) == 0 && S_ISLNK(st.st_mode);
    if (link && hop < kMaxHops) {
      auto next = follow_checked(at);
      if (!next.ok())
        return next.error();
      at = *next;
      continue;
    }
    if (errno_out)
      *errno_out = e;
    return make_error(ErrorKind::Io,
                      "cannot write " + path + ": " + std::strerror(e));
  }
}

std::string temp_dir() {
  const char* tmp = std::getenv("TMPDIR");
  return tmp && *tmp ? tmp : "/tmp";
}

} // namespace sctrace::util
