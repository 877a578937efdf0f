#include "server/token_file.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "run/fd.h"

namespace sctrace::server {

namespace {

constexpr std::size_t kMaxToken = 4096;

Error io_error(const std::string& what, const std::string& path, int err) {
  return make_error(ErrorKind::Io,
                    what + " token file " + path + ": " + std::strerror(err));
}

Result<std::string> random_hex_token() {
  unsigned char bytes[32];
  std::size_t got = 0;
  while (got < sizeof bytes) {
    const ssize_t n = ::getrandom(bytes + got, sizeof bytes - got, 0);
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0)
      return make_error(ErrorKind::System, std::string("getrandom failed: ") +
                                               std::strerror(errno));
    got += static_cast<std::size_t>(n);
  }
  static constexpr char hex[] = "0123456789abcdef";
  std::string token;
  for (unsigned char b : bytes) {
    token += hex[b >> 4];
    token += hex[b & 15];
  }
  return token;
}

Result<void> check_file(const std::string& path, const struct stat& st) {
  if (!S_ISREG(st.st_mode))
    return make_error(ErrorKind::Invalid,
                      "token file " + path +
                          " is not a regular file: give the path of a file "
                          "(or of none, to create one)");
  if (st.st_uid != ::geteuid())
    return make_error(ErrorKind::Permission,
                      "token file " + path + " is owned by uid " +
                          std::to_string(st.st_uid) + ", not by uid " +
                          std::to_string(::geteuid()) +
                          " that sctrace runs as: chown it to that user "
                          "and chmod 600 " +
                          path);
  if ((st.st_mode & 077) != 0)
    return make_error(ErrorKind::Permission,
                      "token file " + path +
                          " may be read or written by other users (mode " +
                          std::to_string((st.st_mode >> 6) & 7) +
                          std::to_string((st.st_mode >> 3) & 7) +
                          std::to_string(st.st_mode & 7) +
                          "): run `chmod 600 " + path + "` and start again");
  return Ok{};
}

Result<std::string> token_from_text(const std::string& path, std::string text) {
  const std::size_t eol = text.find('\n');
  if (eol != std::string::npos)
    text.resize(eol);
  while (!text.empty() &&
         (text.back() == '\r' || text.back() == ' ' || text.back() == '\t'))
    text.pop_back();
  std::size_t start = text.find_first_not_of(" \t");
  text.erase(0, start == std::string::npos ? text.size() : start);
  bool visible = !text.empty() && text.size() <= kMaxToken;
  for (unsigned char c : text)
    visible = visible && c > 0x20 && c < 0x7f;
  if (!visible)
    return make_error(ErrorKind::Invalid,
                      "token file " + path +
                          " does not start with a token (1 to 4096 visible "
                          "ASCII characters on the first line): write one, "
                          "or remove the file to have a new one made");
  return text;
}

Result<std::string> read_token(const std::string& path, int fd) {
  struct stat st {};
  if (::fstat(fd, &st) != 0)
    return io_error("cannot stat", path, errno);
  SCTRACE_TRY(check_file(path, st));
  std::string text(kMaxToken + 2, '\0');
  std::size_t got = 0;
  while (got < text.size()) {
    const ssize_t n = ::read(fd, text.data() + got, text.size() - got);
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0)
      return io_error("cannot read", path, errno);
    if (n == 0)
      break;
    got += static_cast<std::size_t>(n);
  }
  text.resize(got);
  return token_from_text(path, std::move(text));
}

Result<std::string> create_token(const std::string& path, int& err) {
  SCTRACE_TRY_ASSIGN(token, random_hex_token());
  run::Fd fd(::open(path.c_str(),
                    O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
                    0600));
  err = fd.get() < 0 ? errno : 0;
  if (fd.get() < 0)
    return io_error("cannot create", path, err);
  const std::string line = token + "\n";
  if (::fchmod(fd.get(), 0600) != 0 ||
      ::write(fd.get(), line.data(), line.size()) !=
          static_cast<ssize_t>(line.size()) ||
      ::fsync(fd.get()) != 0) {
    const int e = errno;
    ::unlink(path.c_str());
    return io_error("cannot write", path, e);
  }
  return token;
}

} // namespace

Result<std::string> load_or_create_token(const std::string& path,
                                         bool& created) {
  created = false;
  for (int attempt = 0; attempt < 2; ++attempt) {
    run::Fd fd(
        ::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK));
    if (fd.get() >= 0)
      return read_token(path, fd.get());
    if (errno == ELOOP)
      return make_error(ErrorKind::Permission,
                        "token file " + path +
                            " is a symbolic link, which sctrace does not "
                            "follow: give the path of the file itself, "
                            "owned by this user with chmod 600 " +
                            path);
    if (errno != ENOENT)
      return io_error("cannot open", path, errno);
    int err = 0;
    auto token = create_token(path, err);
    if (token.ok())
      created = true;
    if (token.ok() || err != EEXIST)
      return token;
  }
  return make_error(ErrorKind::Io, "token file " + path +
                                       " appeared and vanished while sctrace "
                                       "read it: start again");
}

} // namespace sctrace::server
