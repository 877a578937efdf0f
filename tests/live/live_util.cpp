#include "live_util.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace sctrace::live {

std::string sctrace_bin() {
  return SCTRACE_BIN;
}
std::string workload_bin() {
  return SCTRACE_WORKLOAD_BIN;
}

bool compat_mode() {
  const char* b = std::getenv("SCTRACE_BPFTRACE");
  return b && *b;
}

std::string live_skip_reason() {
  if (::geteuid() != 0)
    return "not running as root (live tests load BPF programs)";
  if (compat_mode()) {
    const char* b = std::getenv("SCTRACE_BPFTRACE");
    if (::access(b, X_OK) != 0)
      return "the bpftrace 0.23 chroot is not built (run "
             "scripts/compat-chroot)";
    return {};
  }
  if (std::system("command -v bpftrace >/dev/null 2>&1") != 0)
    return "bpftrace is not installed (apt-get install bpftrace)";
  return {};
}

RunResult run(const std::vector<std::string>& argv, int timeout_s) {
  RunResult r;
  int out[2], err[2];
  if (::pipe2(out, O_CLOEXEC) != 0 || ::pipe2(err, O_CLOEXEC) != 0)
    return r;
  std::vector<char*> args;
  for (const auto& a : argv)
    args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(out[1], 1);
    ::dup2(err[1], 2);
    ::execv(args[0], args.data());
    ::_exit(127);
  }
  ::close(out[1]);
  ::close(err[1]);
  auto deadline =
      std::chrono::steady_clock::now() + std::chrono::seconds(timeout_s);
  bool out_open = true, err_open = true;
  char buf[65536];
  while (out_open || err_open) {
    pollfd fds[2] = {{out[0], POLLIN, 0}, {err[0], POLLIN, 0}};
    int left =
        static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(
                             deadline - std::chrono::steady_clock::now())
                             .count());
    if (left <= 0) {
      ::kill(pid, SIGKILL);
      break;
    }
    ::poll(fds, 2, left);
    for (int i = 0; i < 2; ++i) {
      if (!(fds[i].revents & (POLLIN | POLLHUP)))
        continue;
      ssize_t n = ::read(fds[i].fd, buf, sizeof buf);
      if (n <= 0) {
        (i == 0 ? out_open : err_open) = false;
        continue;
      }
      (i == 0 ? r.out : r.err).append(buf, static_cast<std::size_t>(n));
    }
  }
  ::close(out[0]);
  ::close(err[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  r.exit_code =
      WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return r;
}

RunResult sctrace(const std::vector<std::string>& args, int timeout_s) {
  std::vector<std::string> argv = {sctrace_bin()};
  argv.insert(argv.end(), args.begin(), args.end());
  return run(argv, timeout_s);
}

TempDir::TempDir() {
  char tmpl[] = "/tmp/sctrace-live-XXXXXX";
  path_ = ::mkdtemp(tmpl);
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

JsonlOutput parse_jsonl(const std::string& text) {
  JsonlOutput o;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty())
      continue;
    auto j = nlohmann::json::parse(line); // throws on invalid JSON
    if (j.contains("summary"))
      o.summary = j["summary"];
    else
      o.events.push_back(std::move(j));
  }
  return o;
}

} // namespace sctrace::live
