#include "compare/runner.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>

#include "util/strings.h"

extern char** environ;

namespace sctrace::compare {

namespace {

// posix_spawn_file_actions_t with its destroy call tied to scope.
class FileActions {
public:
  FileActions() { ::posix_spawn_file_actions_init(&a_); }
  ~FileActions() { ::posix_spawn_file_actions_destroy(&a_); }
  FileActions(const FileActions&) = delete;
  FileActions& operator=(const FileActions&) = delete;
  posix_spawn_file_actions_t* get() { return &a_; }

private:
  posix_spawn_file_actions_t a_;
};

} // namespace

std::optional<std::string> find_in_path(const std::string& name) {
  if (name.empty())
    return std::nullopt;
  if (name.find('/') != std::string::npos)
    return ::access(name.c_str(), X_OK) == 0 ? std::optional(name)
                                             : std::nullopt;
  const char* path = std::getenv("PATH");
  for (const auto& dir : util::split(path ? path : "/usr/bin:/bin", ':')) {
    std::string p = (dir.empty() ? "." : dir) + "/" + name;
    if (::access(p.c_str(), X_OK) == 0)
      return p;
  }
  return std::nullopt;
}

Result<RunOutcome> run_timed(const RunSpec& spec) {
  if (spec.argv.empty())
    return make_error(ErrorKind::Invalid, "no command to run");
  std::vector<char*> argv;
  for (const auto& a : spec.argv)
    argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  FileActions fa;
  ::posix_spawn_file_actions_addopen(fa.get(), 0, "/dev/null", O_RDONLY, 0);
  ::posix_spawn_file_actions_addopen(fa.get(), 1, spec.stdout_path.c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0600);
  ::posix_spawn_file_actions_addopen(fa.get(), 2, spec.stderr_path.c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0600);
  // Whatever fds sctrace's own parent leaked to it stay out of every run,
  // so the three runs start with the same fds.
  ::posix_spawn_file_actions_addclosefrom_np(fa.get(), 3);
  auto start = std::chrono::steady_clock::now();
  pid_t pid = -1;
  int rc =
      ::posix_spawnp(&pid, argv[0], fa.get(), nullptr, argv.data(), environ);
  if (rc == ENOENT)
    return make_error(ErrorKind::NotFound,
                      "'" + spec.argv[0] + "' was not found in PATH");
  if (rc != 0)
    return make_error(ErrorKind::System, "cannot run '" + spec.argv[0] +
                                             "': " + std::strerror(rc));
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR)
      return make_error(ErrorKind::System, std::string("system call "
                                                       "\"waitpid\" failed: ") +
                                               std::strerror(errno));
  }
  RunOutcome out;
  out.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  if (WIFEXITED(status))
    out.exit_code = WEXITSTATUS(status);
  else if (WIFSIGNALED(status))
    out.term_signal = WTERMSIG(status);
  return out;
}

} // namespace sctrace::compare
