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

#include "run/process.h"

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
  if (!have_command("bpftrace"))
    return "bpftrace is not installed (apt-get install bpftrace)";
  return {};
}

bool prerequisites_required() {
  if (::geteuid() != 0)
    return false;
  const char* required = std::getenv("SCTRACE_LIVE_REQUIRED");
  if (required && std::string(required) == "1")
    return true;
  const char* ci = std::getenv("CI");
  std::string v = ci ? ci : "";
  return !v.empty() && v != "0" && v != "false";
}

bool have_command(const std::string& name) {
  return run::find_executable(name).ok();
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

// Helpers for the fault tests (faults_live_test.cpp).
#include <algorithm>
#include <cstdio>

namespace sctrace::live {

namespace {

// pid, ppid and comm of every process, from /proc/PID/stat.
struct ProcEntry {
  int pid = 0, ppid = 0;
  std::string comm;
  char state = '?';
};

std::vector<ProcEntry> processes() {
  std::vector<ProcEntry> out;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator("/proc", ec)) {
    std::string name = e.path().filename().string();
    if (name.empty() || name.find_first_not_of("0123456789") != name.npos)
      continue;
    std::ifstream in(e.path() / "stat");
    std::string s;
    if (!std::getline(in, s))
      continue;
    auto open = s.find('('), close = s.rfind(')');
    if (open == s.npos || close == s.npos || close + 4 > s.size())
      continue;
    ProcEntry p;
    p.pid = std::atoi(name.c_str());
    p.comm = s.substr(open + 1, close - open - 1);
    p.state = s[close + 2];
    p.ppid = std::atoi(s.c_str() + close + 4);
    out.push_back(std::move(p));
  }
  return out;
}

} // namespace

bool bpftool_available() {
  return have_command("bpftool");
}

std::vector<BpfProgram> bpf_programs() {
  std::vector<BpfProgram> out;
  auto bpftool = run::find_executable("bpftool");
  if (!bpftool.ok())
    return out;
  auto r = run({*bpftool, "prog", "show", "-j"}, 60);
  auto doc = nlohmann::json::parse(r.out, nullptr, false);
  if (!doc.is_array())
    return out;
  for (const auto& p : doc) {
    BpfProgram b;
    b.id = p.value("id", 0u);
    b.name = p.value("name", "");
    if (auto pids = p.find("pids"); pids != p.end() && pids->is_array())
      for (const auto& owner : *pids)
        b.owner_pids.push_back(owner.value("pid", 0));
    out.push_back(std::move(b));
  }
  return out;
}

std::vector<std::uint32_t> bpf_programs_of(int pid, std::uint64_t min_insns) {
  std::vector<std::uint32_t> ids;
  std::string dir = "/proc/" + std::to_string(pid);
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(dir + "/fd", ec)) {
    std::error_code lec;
    auto target = std::filesystem::read_symlink(e.path(), lec);
    if (lec || target.string() != "anon_inode:bpf-prog")
      continue;
    std::ifstream info(dir + "/fdinfo/" + e.path().filename().string());
    std::string line;
    std::uint32_t id = 0;
    std::uint64_t insns = min_insns; // unknown: counted
    while (std::getline(info, line))
      if (line.rfind("prog_id:", 0) == 0)
        id = static_cast<std::uint32_t>(
            std::strtoul(line.c_str() + 8, nullptr, 10));
      else if (line.rfind("verified_insns:", 0) == 0)
        insns = std::strtoull(line.c_str() + 15, nullptr, 10);
    if (id && insns >= min_insns)
      ids.push_back(id);
  }
  return ids;
}

std::vector<int> descendants(int root) {
  auto all = processes();
  std::vector<int> out, frontier = {root};
  while (!frontier.empty()) {
    int parent = frontier.back();
    frontier.pop_back();
    for (const auto& p : all)
      if (p.ppid == parent) {
        out.push_back(p.pid);
        frontier.push_back(p.pid);
      }
  }
  return out;
}

int bpftrace_below(int root) {
  auto below = descendants(root);
  for (const auto& p : processes()) {
    if (p.comm != "bpftrace" ||
        std::find(below.begin(), below.end(), p.pid) == below.end())
      continue;
    // Not `bpftrace --version`, which sctrace runs to learn the version
    // (an empty cmdline: it exited since /proc was listed).
    std::string cmdline =
        read_file("/proc/" + std::to_string(p.pid) + "/cmdline");
    if (!cmdline.empty() && cmdline.find("--version") == std::string::npos)
      return p.pid;
  }
  return 0;
}

bool process_gone(int pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string s;
  if (!std::getline(in, s))
    return true;
  auto close = s.rfind(')');
  return close == s.npos || close + 2 >= s.size() || s[close + 2] == 'Z';
}

} // namespace sctrace::live
