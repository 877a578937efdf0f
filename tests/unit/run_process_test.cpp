// Process supervision with real child processes (no root needed).
#include <fcntl.h>
#include <gtest/gtest.h>
#include <set>
#include <sstream>

#include <poll.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "run/bpftrace.h"
#include "run/process.h"
#include "temp_dir.h"

namespace sctrace::run {
namespace {

std::string read_all(int fd) {
  std::string out;
  char buf[4096];
  ssize_t n;
  while ((n = ::read(fd, buf, sizeof buf)) > 0)
    out.append(buf, static_cast<std::size_t>(n));
  return out;
}

TEST(Process, runs_paused_until_released_and_reports_exit_code) {
  SpawnOptions o;
  o.argv = {"/bin/sh", "-c", "echo \"$SCTRACE_TEST_VAR\"; exit 3"};
  o.env = {{"SCTRACE_TEST_VAR", "quoted 'value'"}};
  o.capture_stdout = true;
  auto p = Process::spawn(o);
  ASSERT_TRUE(p.ok()) << p.error().message;
  // Paused: it has not exited before release().
  auto early = p->wait(100);
  ASSERT_TRUE(early.ok());
  EXPECT_FALSE(*early);
  ASSERT_TRUE(p->release().ok());
  EXPECT_EQ(read_all(p->stdout_fd()), "quoted 'value'\n");
  auto done = p->wait(std::nullopt);
  ASSERT_TRUE(done.ok());
  EXPECT_TRUE(*done);
  EXPECT_EQ(p->exit_code(), 3);
  EXPECT_FALSE(p->term_signal());
}

TEST(Process, missing_executable_is_an_error_before_fork) {
  SpawnOptions o;
  o.argv = {"sctrace-no-such-program"};
  auto p = Process::spawn(o);
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.error().kind, ErrorKind::NotFound);
  EXPECT_NE(p.error().message.find("was not found in PATH"), std::string::npos);
}

TEST(Process, failed_exec_is_reported_by_release) {
  SpawnOptions o;
  o.argv = {"/etc/hostname"}; // exists, but is not executable
  auto p = Process::spawn(o);
  if (p.ok()) {
    auto r = p->release();
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.error().message.find("spawn \"/etc/hostname\" failed"),
              std::string::npos);
  } else {
    EXPECT_EQ(p.error().kind, ErrorKind::NotFound);
  }
}

TEST(Process, signal_termination_is_reported) {
  SpawnOptions o;
  o.argv = {"/bin/sleep", "30"};
  auto p = Process::spawn(o);
  ASSERT_TRUE(p.ok());
  ASSERT_TRUE(p->release().ok());
  ASSERT_TRUE(p->signal(SIGTERM).ok());
  ASSERT_TRUE(p->wait(std::nullopt).ok());
  EXPECT_EQ(p->term_signal(), SIGTERM);
  EXPECT_FALSE(p->exit_code());
}

TEST(Process, pidfd_becomes_readable_at_exit) {
  SpawnOptions o;
  o.argv = {"/bin/true"};
  auto p = Process::spawn(o);
  ASSERT_TRUE(p.ok());
  ASSERT_GE(p->pidfd(), 0);
  ASSERT_TRUE(p->release().ok());
  pollfd fd{p->pidfd(), POLLIN, 0};
  EXPECT_EQ(::poll(&fd, 1, 5000), 1);
  auto done = p->wait(0);
  ASSERT_TRUE(done.ok());
  EXPECT_TRUE(*done);
  EXPECT_EQ(p->exit_code(), 0);
}

TEST(Process, destructor_kills_a_running_child_and_moves_transfer_it) {
  pid_t pid;
  {
    SpawnOptions o;
    o.argv = {"/bin/sleep", "30"};
    auto p = Process::spawn(o);
    ASSERT_TRUE(p.ok());
    Process moved = std::move(*p); // the moved-from object must not kill it
    ASSERT_TRUE(moved.release().ok());
    pid = moved.pid();
    EXPECT_EQ(::kill(pid, 0), 0);
  }
  EXPECT_NE(::kill(pid, 0), 0); // killed and reaped
}

TEST(Process, exec_errno_is_kept_when_exec_fails) {
  char path[] = "/tmp/sctrace-noexec-XXXXXX";
  int fd = ::mkstemp(path);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(::write(fd, "\x01\x02garbage", 9), 9); // no #!, not ELF
  ::close(fd);
  ::chmod(path, 0755);
  SpawnOptions o;
  o.argv = {path};
  auto p = Process::spawn(o);
  ASSERT_TRUE(p.ok()) << p.error().message;
  EXPECT_EQ(p->exec_errno(), 0);
  EXPECT_FALSE(p->release().ok());
  EXPECT_EQ(p->exec_errno(), ENOEXEC);
  ::unlink(path);
}

TEST(Process, redirects_standard_streams_to_files) {
  std::string dir = std::filesystem::temp_directory_path() /
                    ("sctrace-redirect-" + std::to_string(::getpid()));
  std::filesystem::create_directory(dir);
  std::ofstream(dir + "/in") << "input\n";
  std::ofstream(dir + "/out") << "old content that must be truncated\n";
  SpawnOptions o;
  o.argv = {"/bin/sh", "-c", "cat; echo to-stderr >&2"};
  o.stdin_file = dir + "/in";
  o.stdout_file = dir + "/out";
  o.stderr_file = dir + "/err";
  auto p = Process::spawn(o);
  ASSERT_TRUE(p.ok()) << p.error().message;
  EXPECT_LT(p->stdout_fd(), 0); // nothing captured
  ASSERT_TRUE(p->release().ok());
  ASSERT_TRUE(p->wait(std::nullopt).ok());
  EXPECT_EQ(p->exit_code(), 0);
  auto slurp = [](const std::string& path) {
    std::ifstream in(path);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
  };
  EXPECT_EQ(slurp(dir + "/out"), "input\n");
  EXPECT_EQ(slurp(dir + "/err"), "to-stderr\n");
  auto perms = std::filesystem::status(dir + "/err").permissions();
  EXPECT_EQ(perms & ~(std::filesystem::perms::owner_read |
                      std::filesystem::perms::owner_write),
            std::filesystem::perms::none); // created 0600 (less by umask)
  std::filesystem::remove_all(dir);
}

// private_binds: the child (as root) sees the source at the target, in its
// own mount namespace: this process, after the child, still sees the
// target's own content. Without CAP_SYS_ADMIN no namespace is made and the
// child runs seeing the real file, which is the fallback's contract.
TEST(Process, private_binds_show_the_source_to_the_child_alone) {
  std::string dir = std::filesystem::temp_directory_path() /
                    ("sctrace-binds-" + std::to_string(::getpid()));
  std::filesystem::create_directory(dir);
  std::ofstream(dir + "/real") << "real\n";
  std::ofstream(dir + "/shown") << "shown\n";
  SpawnOptions o;
  o.argv = {"/bin/cat", dir + "/real"};
  o.capture_stdout = true;
  o.private_binds = {{dir + "/shown", dir + "/real"},
                     {dir + "/shown", dir + "/missing-target"}};
  auto p = Process::spawn(o);
  ASSERT_TRUE(p.ok()) << p.error().message;
  ASSERT_TRUE(p->release().ok());
  const std::string seen = read_all(p->stdout_fd());
  ASSERT_TRUE(p->wait(std::nullopt).ok());
  EXPECT_EQ(p->exit_code(), 0); // a failed bind is skipped
  EXPECT_EQ(seen, ::geteuid() == 0 ? "shown\n" : "real\n");
  std::ifstream in(dir + "/real");
  std::string after;
  std::getline(in, after);
  EXPECT_EQ(after, "real");
  std::filesystem::remove_all(dir);
}

TEST(Process, a_file_that_cannot_be_opened_is_an_io_error) {
  SpawnOptions o;
  o.argv = {"/bin/true"};
  o.stdout_file = "/nonexistent-dir/out";
  auto p = Process::spawn(o);
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.error().kind, ErrorKind::Io);
  EXPECT_NE(p.error().message.find("/nonexistent-dir/out"), std::string::npos);
}

TEST(Process, capturing_and_redirecting_one_stream_is_invalid) {
  SpawnOptions o;
  o.argv = {"/bin/true"};
  o.capture_stderr = true;
  o.stderr_file = "/dev/null";
  auto p = Process::spawn(o);
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.error().kind, ErrorKind::Invalid);
}

// Issue 16.2: stdout_to_stderr gives the child a copy of sctrace's fd 2
// as its stdout, so no byte of its output reaches a structured document
// sctrace writes to fd 1.
// own_process_group: the child leads a group of its own (a signal to
// sctrace's group does not reach it); by default it stays in ours.
TEST(Process, own_process_group_puts_the_child_in_a_group_of_its_own) {
  for (bool own : {true, false}) {
    SpawnOptions o;
    o.argv = {"/bin/sleep", "5"};
    o.own_process_group = own;
    auto p = Process::spawn(o);
    ASSERT_TRUE(p.ok());
    ASSERT_TRUE(p->release().ok());
    EXPECT_EQ(::getpgid(p->pid()), own ? p->pid() : ::getpgrp()) << own;
  }
}

TEST(Process, stdout_to_stderr_sends_the_child_stdout_to_our_stderr) {
  int pipe_fds[2];
  ASSERT_EQ(::pipe2(pipe_fds, O_CLOEXEC), 0);
  const int saved = ::fcntl(2, F_DUPFD_CLOEXEC, 3);
  ASSERT_GE(saved, 0);
  ASSERT_EQ(::dup2(pipe_fds[1], 2), 2);
  SpawnOptions o;
  o.argv = {"/bin/sh", "-c", "echo to-stdout; echo to-stderr >&2"};
  o.stdout_to_stderr = true;
  auto p = Process::spawn(o);
  bool ran = p.ok() && p->release().ok() && p->wait(std::nullopt).ok();
  ::dup2(saved, 2); // our stderr back before any assertion prints
  ::close(saved);
  ::close(pipe_fds[1]);
  ASSERT_TRUE(ran);
  EXPECT_EQ(read_all(pipe_fds[0]), "to-stdout\nto-stderr\n");
  ::close(pipe_fds[0]);
  // It is one way to set the stdout: not with a capture or a file.
  o.capture_stdout = true;
  auto both = Process::spawn(o);
  ASSERT_FALSE(both.ok());
  EXPECT_EQ(both.error().kind, ErrorKind::Invalid);
}

// The stdout of a child spawned with o (stdout captured), once it exited.
std::string stdout_of(SpawnOptions o) {
  o.capture_stdout = true;
  auto p = Process::spawn(o);
  if (!p.ok() || !p->release().ok())
    return "spawn failed";
  std::string out = read_all(p->stdout_fd());
  (void)p->wait(std::nullopt);
  return out;
}

// Which of the fds a and b the child has open, as "a b" / "a" / "b" / "".
std::string open_in_child(int a, int b, bool close_other_fds,
                          std::vector<int> inherit = {}) {
  SpawnOptions o;
  std::string sa = std::to_string(a), sb = std::to_string(b);
  // [ is a builtin of sh, so /proc/self is the child itself.
  o.argv = {"/bin/sh", "-c",
            "r=; for f in " + sa + " " + sb +
                "; do [ -e /proc/self/fd/$f ] && r=\"$r$f \"; done; "
                "printf %s \"$r\""};
  o.close_other_fds = close_other_fds;
  o.inherit_fds = std::move(inherit);
  return stdout_of(o);
}

TEST(Process, works_when_sctrace_was_started_without_a_stdin) {
  const int saved = ::fcntl(0, F_DUPFD_CLOEXEC, 3);
  ASSERT_GE(saved, 0);
  ::close(0); // the launcher's first pipe lands on fd 0
  SpawnOptions o;
  o.argv = {"/bin/sh", "-c", "read x; echo \"ok$x\""};
  o.stdin_file = "/dev/null";
  o.capture_stdout = true;
  auto p = Process::spawn(o);
  bool released = p.ok() && p->release().ok();
  std::string out = released ? read_all(p->stdout_fd()) : "";
  bool exited = released && p->wait(std::nullopt).ok();
  ::dup2(saved, 0);
  ::close(saved);
  ASSERT_TRUE(released);
  EXPECT_EQ(out, "ok\n");
  ASSERT_TRUE(exited);
  EXPECT_EQ(p->exit_code(), 0);
}

TEST(Process, a_file_opened_after_start_never_reaches_the_child) {
  // Without O_CLOEXEC, as libbpf's fopen or an std::ifstream on another
  // thread opens it while this one forks.
  int leaked = ::open("/dev/null", O_RDONLY);
  int kept = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  ASSERT_GE(leaked, 0);
  ASSERT_GE(kept, 0);
  const std::string k = std::to_string(kept) + " ";
  for (bool close_other : {false, true}) {
    EXPECT_EQ(open_in_child(leaked, kept, close_other), "") << close_other;
    EXPECT_EQ(open_in_child(leaked, kept, close_other, {kept}), k)
        << close_other;
  }
  ::close(leaked);
  ::close(kept);
}

// tests/testprogs/spawn_fds started by sh with fds 7 and 9 of its own,
// as sctrace's parent could start sctrace: which of 7, 9 and the fd it
// opened itself its child got ("7 9 " ...), or its whole output.
std::string spawn_fds(const std::string& options) {
  SpawnOptions o;
  o.argv = {"/bin/sh", "-c",
            "exec 7</dev/null 9</dev/null; exec " SCTRACE_SPAWN_FDS " " +
                options + " 7 9"};
  const std::string out = stdout_of(o);
  const std::size_t at = out.find(" open=");
  if (out.rfind("late=", 0) != 0 || at == std::string::npos)
    return out;
  return out.substr(at + 6);
}

TEST(Process, the_fds_sctrace_was_started_with_reach_the_child) {
  // Not the fd spawn_fds opened itself after start.
  EXPECT_EQ(spawn_fds(""), "7 9 \n");
  EXPECT_EQ(spawn_fds("--close-other"), "\n");
  // A start-up fd's number now on another file is not the one it was given.
  EXPECT_EQ(spawn_fds("--replace 9"), "7 \n");
}

TEST(FindExecutable, looks_names_up_in_path_and_takes_paths_as_they_are) {
  auto sh = find_executable("sh");
  ASSERT_TRUE(sh.ok());
  EXPECT_NE(sh->find("/sh"), std::string::npos);
  auto bin_sh = find_executable("/bin/sh");
  ASSERT_TRUE(bin_sh.ok());
  EXPECT_EQ(*bin_sh, "/bin/sh");
  EXPECT_EQ(find_executable("sctrace-no-such-command").error().kind,
            ErrorKind::NotFound);
  EXPECT_EQ(find_executable("/nonexistent/strace").error().kind,
            ErrorKind::NotFound);
  // Not "<first PATH dir>/", which access(X_OK) would accept.
  EXPECT_EQ(find_executable("").error().kind, ErrorKind::NotFound);
}

TEST(BpftraceErrors, are_classified_with_advice) {
  auto stack = classify_bpftrace_failure(
      "ERROR: couldn't set RLIMIT_MEMLOCK\nerror: ... Looks like the BPF stack "
      "limit of 512 bytes is exceeded.\n",
      1);
  // LLVM's stack limit, at compile time: the spec does not fit (exit 2).
  EXPECT_EQ(stack.kind, ErrorKind::Invalid);
  EXPECT_NE(stack.message.find("does not fit the 512-byte BPF stack"),
            std::string::npos);
  EXPECT_NE(stack.message.find("-Z"), std::string::npos);
  EXPECT_EQ(stack.message.find("RLIMIT_MEMLOCK"), std::string::npos);
  auto verifier = classify_bpftrace_failure(
      "ERROR: Error loading program: tracepoint:syscalls:sys_enter_read\n", 1);
  EXPECT_EQ(verifier.kind, ErrorKind::Child);
  EXPECT_NE(verifier.message.find("verifier rejected the program"),
            std::string::npos);
  auto root = classify_bpftrace_failure(
      "ERROR: bpftrace currently only supports running as the root user.\n", 1);
  EXPECT_EQ(root.kind, ErrorKind::Permission);
  auto probe = classify_bpftrace_failure(
      "stdin:1:1-20: ERROR: uprobe target file '/x' does not exist or is not "
      "executable\n",
      1);
  EXPECT_EQ(probe.kind, ErrorKind::NotFound);
  auto other = classify_bpftrace_failure("something odd\n", 7);
  EXPECT_NE(other.message.find("exit code 7"), std::string::npos);
  EXPECT_NE(other.message.find("something odd"), std::string::npos);
}

// Issue 12: a tracepoint already running 64 programs (other tools' too)
// fails the next attach with E2BIG; the error says why and what to do.
TEST(BpftraceErrors, a_full_tracepoint_names_the_64_program_limit) {
  auto e = classify_bpftrace_failure(
      "ioctl(PERF_EVENT_IOC_SET_BPF): Argument list too long\nERROR: Error "
      "attaching probe: tracepoint:syscalls:sys_enter_getppid\n",
      255);
  EXPECT_EQ(e.kind, ErrorKind::Unsupported);
  EXPECT_NE(e.message.find("limit of 64 BPF programs"), std::string::npos)
      << e.message;
  EXPECT_NE(e.message.find("bpftool perf show"), std::string::npos);
  EXPECT_NE(e.message.find("Argument list too long"), std::string::npos);
}

TEST(BpftraceErrors, too_few_file_descriptors_say_the_limit_and_what_to_do) {
  auto e = classify_bpftrace_failure(
      "FATAL: open(\"/dev/null\"): Too many open files: please raise "
      "NOFILE\n",
      -1, SIGABRT);
  EXPECT_EQ(e.kind, ErrorKind::Unsupported);
  EXPECT_NE(e.message.find("killed by signal 6"), std::string::npos)
      << e.message;
  EXPECT_NE(e.message.find("the open-file limit (ulimit -n) is "),
            std::string::npos)
      << e.message;
  EXPECT_NE(e.message.find("bpftrace said:\nFATAL: open(\"/dev/null\")"),
            std::string::npos)
      << e.message;
  auto killed = classify_bpftrace_failure("odd\n", -1, SIGSEGV);
  EXPECT_NE(killed.message.find("bpftrace failed (killed by signal 11)"),
            std::string::npos)
      << killed.message;
}

TEST(BpftraceErrors, verifier_advice_follows_what_the_program_holds) {
  const char* text = "ERROR: Error loading program: tracepoint:raw_syscalls\n";
  std::string many = "tracepoint:raw_syscalls:sys_enter /(pid == 1";
  for (int p = 2; p <= 40; ++p)
    many += " || pid == " + std::to_string(p);
  many += ")/ { print((args->id)); }";
  auto pids = classify_bpftrace_failure(text, 1, 0, many);
  EXPECT_NE(pids.message.find("trace fewer processes"), std::string::npos)
      << pids.message;
  EXPECT_EQ(pids.message.find("-Z"), std::string::npos) << pids.message;
  auto strings = classify_bpftrace_failure(
      text, 1, 0,
      "tracepoint:syscalls:sys_enter_openat /pid == 7/ "
      "{ print((str(args->filename))); }");
  EXPECT_NE(strings.message.find("shorter string arguments"), std::string::npos)
      << strings.message;
  EXPECT_EQ(strings.message.find("fewer processes"), std::string::npos);
  auto plain = classify_bpftrace_failure(
      text, 1, 0,
      "tracepoint:raw_syscalls:sys_enter { @[args->id] = count(); }");
  EXPECT_EQ(plain.message.find("-Z"), std::string::npos) << plain.message;
  EXPECT_NE(plain.message.find("-v"), std::string::npos);
}

TEST(BpftraceVersion, parses_debian_versions) {
  auto v17 = gen::parse_bpftrace_version("bpftrace v0.17.0");
  ASSERT_TRUE(v17.ok());
  EXPECT_EQ(v17->minor, 17);
  auto v23 = gen::parse_bpftrace_version("bpftrace v0.23.2-1");
  ASSERT_TRUE(v23.ok());
  EXPECT_TRUE(v23->at_least(0, 21));
  EXPECT_FALSE(gen::parse_bpftrace_version("garbage").ok());
}

// Fake bpftrace binaries: small shell scripts in a fresh temporary
// directory, removed with it.
class FakeBpftrace : public ::testing::Test {
protected:
  // Writes dir/name with body after a #!/bin/sh line; returns its path.
  std::string script(const std::string& name, const std::string& body,
                     bool executable = true) {
    std::string path = dir_ + "/" + name;
    std::ofstream(path) << "#!/bin/sh\n" << body << "\n";
    std::filesystem::permissions(path, executable
                                           ? std::filesystem::perms(0755)
                                           : std::filesystem::perms(0644));
    return path;
  }

  test::TempDir tmp_{"sctrace-fake-bpftrace"};
  const std::string dir_ = tmp_.path();
};

bool mentions(const Error& e, const std::string& text) {
  return e.message.find(text) != std::string::npos;
}

TEST_F(FakeBpftrace, version_is_read_without_a_shell) {
  // The path has a quote and a space: the popen() version refused it.
  std::string path = script("it's bpftrace", "echo 'bpftrace v0.17.0'");
  auto info = find_bpftrace(path);
  ASSERT_TRUE(info.ok()) << info.error().message;
  EXPECT_EQ(info->path, path);
  EXPECT_EQ(info->version.minor, 17);
  EXPECT_EQ(info->version.patch, 0);
}

TEST_F(FakeBpftrace, is_found_in_path_by_name) {
  script("bpftrace", "echo 'bpftrace v0.23.2'");
  std::string old_path = std::getenv("PATH") ? std::getenv("PATH") : "";
  std::string old_env =
      std::getenv("SCTRACE_BPFTRACE") ? std::getenv("SCTRACE_BPFTRACE") : "";
  ::setenv("PATH", dir_.c_str(), 1);
  ::unsetenv("SCTRACE_BPFTRACE");
  auto info = find_bpftrace();
  ::setenv("PATH", old_path.c_str(), 1);
  if (!old_env.empty())
    ::setenv("SCTRACE_BPFTRACE", old_env.c_str(), 1);
  ASSERT_TRUE(info.ok()) << info.error().message;
  EXPECT_EQ(info->path, dir_ + "/bpftrace");
  EXPECT_EQ(info->version.minor, 23);
}

TEST_F(FakeBpftrace, that_prints_nothing_is_an_error_naming_it) {
  std::string path = script("bpftrace", "exit 0");
  auto info = find_bpftrace(path);
  ASSERT_FALSE(info.ok());
  EXPECT_TRUE(mentions(info.error(), path)) << info.error().message;
  EXPECT_TRUE(mentions(info.error(), "printed nothing"))
      << info.error().message;
}

TEST_F(FakeBpftrace, that_prints_no_version_is_an_error_naming_it) {
  std::string path = script("bpftrace", "echo hello");
  auto info = find_bpftrace(path);
  ASSERT_FALSE(info.ok());
  EXPECT_TRUE(mentions(info.error(), path)) << info.error().message;
  EXPECT_TRUE(mentions(info.error(), "'hello'")) << info.error().message;
}

TEST_F(FakeBpftrace, that_exits_non_zero_is_an_error_with_its_stderr) {
  std::string path =
      script("bpftrace", "echo 'bpftrace v0.17.0'; echo broken >&2; exit 3");
  auto info = find_bpftrace(path);
  ASSERT_FALSE(info.ok());
  EXPECT_EQ(info.error().kind, ErrorKind::Child);
  EXPECT_TRUE(mentions(info.error(), path)) << info.error().message;
  EXPECT_TRUE(mentions(info.error(), "exited with code 3"))
      << info.error().message;
  EXPECT_TRUE(mentions(info.error(), "broken")) << info.error().message;
}

TEST_F(FakeBpftrace, that_hangs_is_killed_within_the_bound) {
  // exec: the shell becomes sleep, so killing it leaves no orphan behind.
  std::string path = script("bpftrace", "exec sleep 1000");
  auto start = std::chrono::steady_clock::now();
  auto v = bpftrace_version(path, std::chrono::milliseconds(300));
  auto took = std::chrono::steady_clock::now() - start;
  ASSERT_FALSE(v.ok());
  EXPECT_TRUE(mentions(v.error(), path)) << v.error().message;
  EXPECT_TRUE(mentions(v.error(), "did not finish within 300 ms"))
      << v.error().message;
  EXPECT_LT(took, std::chrono::seconds(3));
}

TEST_F(FakeBpftrace, that_is_not_executable_is_an_error_naming_it) {
  std::string path = script("bpftrace", "echo 'bpftrace v0.17.0'", false);
  auto info = find_bpftrace(path);
  ASSERT_FALSE(info.ok());
  EXPECT_TRUE(mentions(info.error(), path)) << info.error().message;
  EXPECT_TRUE(mentions(info.error(), "not an executable file"))
      << info.error().message;
}

TEST_F(FakeBpftrace, from_sctrace_bpftrace_is_named_in_errors) {
  std::string path = dir_ + "/missing";
  std::string old_env =
      std::getenv("SCTRACE_BPFTRACE") ? std::getenv("SCTRACE_BPFTRACE") : "";
  ::setenv("SCTRACE_BPFTRACE", path.c_str(), 1);
  auto info = find_bpftrace();
  if (old_env.empty())
    ::unsetenv("SCTRACE_BPFTRACE");
  else
    ::setenv("SCTRACE_BPFTRACE", old_env.c_str(), 1);
  ASSERT_FALSE(info.ok());
  EXPECT_TRUE(mentions(info.error(), "SCTRACE_BPFTRACE"))
      << info.error().message;
  EXPECT_TRUE(mentions(info.error(), path)) << info.error().message;
}

} // namespace
} // namespace sctrace::run
