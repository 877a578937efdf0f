// sctrace syscalls -y/-yy: the fd table the trace's own calls feed
// (open, dup, close, socket, bind, connect, accept, execve, fork,
// exit_group) and the names FdAnnotator gives each fd of an event.
#include <gtest/gtest.h>
#include <unistd.h>

#include "modes/syscalls/fd_annotator.h"
#include "modes/syscalls/fd_table.h"

namespace sctrace::syscalls {
namespace {

// A pid that cannot exist (above pid_max's limit): /proc never knows it.
constexpr std::uint32_t kPid = 4'194'400;

SyscallArg num(const char* name, std::int64_t v) {
  SyscallArg a;
  a.name = name;
  a.number = v;
  return a;
}
SyscallArg txt(const char* name, std::string v,
               SyscallArg::Kind k = SyscallArg::Kind::Text) {
  SyscallArg a;
  a.name = name;
  a.kind = k;
  a.text = std::move(v);
  return a;
}
SyscallArg inet(const char* name, const char* addr, int port) {
  SyscallArg a;
  a.name = name;
  a.kind = SyscallArg::Kind::Sockaddr;
  a.family = "AF_INET";
  a.address = addr;
  a.port = port;
  return a;
}

SyscallEvent call(std::string name, std::vector<SyscallArg> args,
                  std::int64_t ret, std::uint32_t pid = kPid) {
  SyscallEvent e;
  e.pid = e.tid = pid;
  e.syscall = std::move(name);
  e.args = std::move(args);
  e.return_value = ret;
  if (ret < 0)
    e.error = static_cast<int>(-ret);
  return e;
}

SyscallEvent openat(std::string path, std::int64_t ret,
                    std::string flags = "O_RDONLY",
                    SyscallArg dfd = txt("dfd", "AT_FDCWD")) {
  return call("openat",
              {dfd, txt("filename", std::move(path), SyscallArg::Kind::Path),
               txt("flags", std::move(flags))},
              ret);
}

std::string name_of(const FdTable& t, std::int64_t fd, int level = 1,
                    std::uint32_t pid = kPid) {
  const FdEntry* f = t.find(pid, fd);
  return f ? fd_entry_name(*f, level) : "(none)";
}

TEST(SyscallsFdTable, open_dup_close_follow_the_calls) {
  FdTable t;
  t.apply(openat("/tmp/x", 3));
  t.apply(call("dup", {num("fildes", 3)}, 4));
  t.apply(call("dup2", {num("oldfd", 3), num("newfd", 9)}, 9));
  t.apply(
      call("fcntl", {num("fd", 3), txt("cmd", "F_DUPFD"), num("arg", 10)}, 10));
  EXPECT_EQ(name_of(t, 3), "/tmp/x");
  EXPECT_EQ(name_of(t, 4), "/tmp/x");
  EXPECT_EQ(name_of(t, 9), "/tmp/x");
  EXPECT_EQ(name_of(t, 10), "/tmp/x");
  t.apply(call("close", {num("fd", 3)}, 0));
  EXPECT_EQ(name_of(t, 3), "(none)");
  EXPECT_EQ(name_of(t, 4), "/tmp/x");
  t.apply(call("close", {num("fd", 4)}, -9)); // EBADF: nothing changes
  EXPECT_EQ(name_of(t, 4), "/tmp/x");
}

TEST(SyscallsFdTable, failed_open_adds_nothing_and_relative_joins_dfd) {
  FdTable t;
  t.apply(openat("/nonexistent", -2));
  EXPECT_EQ(t.find(kPid, 3), nullptr);
  t.apply(openat("/etc", 3, "O_RDONLY|O_DIRECTORY"));
  t.apply(openat("hostname", 4, "O_RDONLY", num("dfd", 3)));
  t.apply(openat("relative", 5));
  EXPECT_EQ(name_of(t, 4), "/etc/hostname");
  EXPECT_EQ(name_of(t, 5), "relative"); // the cwd is not known exactly
}

TEST(SyscallsFdTable, execve_drops_cloexec_fds_only) {
  FdTable t;
  t.apply(openat("/a", 3, "O_RDONLY|O_CLOEXEC"));
  t.apply(openat("/b", 4));
  t.apply(call("dup3",
               {num("oldfd", 4), num("newfd", 5), txt("flags", "O_CLOEXEC")},
               5));
  t.apply(call("execve", {txt("filename", "/bin/true")}, 0));
  EXPECT_EQ(name_of(t, 3), "(none)");
  EXPECT_EQ(name_of(t, 4), "/b");
  EXPECT_EQ(name_of(t, 5), "(none)");
}

TEST(SyscallsFdTable, fork_copies_and_exit_group_forgets) {
  FdTable t;
  t.apply(openat("/a", 3));
  t.apply(call("clone", {txt("clone_flags", "CLONE_CHILD_SETTID|SIGCHLD")},
               kPid + 1));
  t.apply(
      call("clone", {txt("clone_flags", "CLONE_VM|CLONE_THREAD")}, kPid + 2));
  EXPECT_EQ(name_of(t, 3, 1, kPid + 1), "/a");
  EXPECT_EQ(name_of(t, 3, 1, kPid + 2), "(none)"); // a thread: no table
  t.apply(call("close", {num("fd", 3)}, 0, kPid + 1));
  EXPECT_EQ(name_of(t, 3, 1, kPid + 1), "(none)");
  EXPECT_EQ(name_of(t, 3), "/a"); // the parent's copy is its own
  SyscallEvent exit = call("exit_group", {num("error_code", 0)}, 0);
  exit.return_value.reset();
  exit.unfinished = Unfinished::NeverReturned;
  t.apply(exit);
  EXPECT_EQ(name_of(t, 3), "(none)");
  EXPECT_EQ(t.processes(), 1u);
}

TEST(SyscallsFdTable, a_child_table_newer_than_the_fork_is_kept) {
  FdTable t;
  auto parent_open = openat("/parent", 3);
  parent_open.timestamp_ns = 100;
  t.apply(parent_open);
  // vfork: the child's calls arrive before the parent's vfork returns.
  auto child_open = openat("/child", 4);
  child_open.pid = child_open.tid = kPid + 1;
  child_open.timestamp_ns = 300;
  t.inherit(kPid + 1, kPid, 250);
  t.apply(child_open);
  auto close = call("close", {num("fd", 3)}, 0, kPid + 1);
  close.timestamp_ns = 310;
  t.apply(close);
  auto vfork = call("vfork", {}, kPid + 1);
  vfork.timestamp_ns = 200;
  t.apply(vfork);
  EXPECT_EQ(name_of(t, 4, 1, kPid + 1), "/child");
  EXPECT_EQ(name_of(t, 3, 1, kPid + 1), "(none)"); // its close stays
  // A table older than the fork is a reused pid's: replaced.
  auto stale = openat("/stale", 5);
  stale.pid = stale.tid = kPid + 2;
  stale.timestamp_ns = 50;
  t.apply(stale);
  auto fork = call("fork", {}, kPid + 2);
  fork.timestamp_ns = 400;
  t.apply(fork);
  EXPECT_EQ(name_of(t, 5, 1, kPid + 2), "(none)");
  EXPECT_EQ(name_of(t, 3, 1, kPid + 2), "/parent");
}

TEST(SyscallsFdTable, keeps_at_most_kMaxProcesses) {
  FdTable t;
  for (std::uint32_t i = 0; i < FdTable::kMaxProcesses + 10; ++i) {
    auto open = openat("/a", 3);
    open.pid = open.tid = kPid + i;
    t.apply(open);
  }
  EXPECT_EQ(t.processes(), FdTable::kMaxProcesses);
  EXPECT_EQ(name_of(t, 3, 1, kPid + FdTable::kMaxProcesses + 9), "/a");
}

TEST(SyscallsFdTable, sockets_in_strace_yy_form) {
  FdTable t;
  t.apply(call("socket",
               {txt("family", "AF_INET"),
                txt("type", "SOCK_STREAM|SOCK_CLOEXEC"), num("protocol", 0)},
               3));
  EXPECT_EQ(name_of(t, 3, 1), "socket:[?]");
  EXPECT_EQ(name_of(t, 3, 2), "TCP:[]");
  t.apply(call(
      "connect",
      {num("fd", 3), inet("uservaddr", "127.0.0.1", 80), num("addrlen", 16)},
      0));
  EXPECT_EQ(name_of(t, 3, 2), "TCP:[->127.0.0.1:80]");
  t.apply(call("socket",
               {txt("family", "AF_INET6"), txt("type", "SOCK_DGRAM"),
                num("protocol", 0)},
               4));
  EXPECT_EQ(name_of(t, 4, 2), "UDPv6:[]");
  t.apply(call("socket",
               {txt("family", "AF_INET"), txt("type", "SOCK_STREAM"),
                num("protocol", 0)},
               5));
  t.apply(call(
      "bind",
      {num("fd", 5), inet("umyaddr", "127.0.0.1", 8080), num("addrlen", 16)},
      0));
  t.apply(call("accept4",
               {num("fd", 5), inet("upeer_sockaddr", "127.0.0.1", 40000),
                txt("upeer_addrlen", "[16]"), txt("flags", "0")},
               6));
  EXPECT_EQ(name_of(t, 5, 2), "TCP:[127.0.0.1:8080]");
  EXPECT_EQ(name_of(t, 6, 2), "TCP:[127.0.0.1:8080->127.0.0.1:40000]");
  SyscallArg un;
  un.name = "umyaddr";
  un.kind = SyscallArg::Kind::Sockaddr;
  un.family = "AF_UNIX";
  un.path = "/run/x.sock";
  t.apply(call("socket",
               {txt("family", "AF_UNIX"), txt("type", "SOCK_STREAM"),
                num("protocol", 0)},
               7));
  t.apply(call("bind", {num("fd", 7), un, num("addrlen", 14)}, 0));
  EXPECT_EQ(name_of(t, 7, 2), "UNIX-STREAM:[/run/x.sock]");
}

TEST(SyscallsFdAnnotator, names_arguments_before_and_returns_after) {
  FdAnnotator a(1);
  SyscallEvent open = openat("/tmp/x", 3);
  a.annotate(open);
  EXPECT_EQ(open.fd_path, "/tmp/x");
  ASSERT_EQ(open.fd_paths.size(), 1u);
  EXPECT_EQ(open.fd_paths[0].first, "return_value");
  SyscallEvent close = call("close", {num("fd", 3)}, 0);
  a.annotate(close);
  EXPECT_EQ(close.fd_path, "/tmp/x"); // what it was before the call
  SyscallEvent again =
      call("read", {num("fd", 3), txt("buf", "0x1"), num("count", 1)}, -9);
  a.annotate(again);
  EXPECT_FALSE(again.fd_path); // closed, and no /proc for kPid
  EXPECT_TRUE(again.fd_paths.empty());
  EXPECT_EQ(a.unresolved(), 1u);
}

TEST(SyscallsFdAnnotator, dup2_names_both_and_the_return) {
  FdAnnotator a(1);
  SyscallEvent open = openat("/tmp/x", 3);
  a.annotate(open);
  SyscallEvent dup2 = call("dup2", {num("oldfd", 3), num("newfd", 7)}, 7);
  a.annotate(dup2);
  EXPECT_EQ(dup2.fd_path, "/tmp/x");
  // newfd 7 was unknown before the call: counted, and named after it.
  ASSERT_EQ(dup2.fd_paths.size(), 2u);
  EXPECT_EQ(dup2.fd_paths[1],
            (std::pair<std::string, std::string>{"return_value", "/tmp/x"}));
  EXPECT_EQ(a.unresolved(), 1u);
}

TEST(SyscallsFdAnnotator, ignores_negative_and_text_fds) {
  FdAnnotator a(2);
  SyscallEvent mmap = call("mmap", {num("addr", 0), num("fd", -1)}, 4096);
  a.annotate(mmap);
  SyscallEvent stat = call(
      "newfstatat",
      {txt("dfd", "AT_FDCWD"), txt("filename", "/x", SyscallArg::Kind::Path)},
      0);
  a.annotate(stat);
  EXPECT_FALSE(mmap.fd_path);
  EXPECT_FALSE(stat.fd_path);
  EXPECT_EQ(a.unresolved(), 0u);
}

TEST(SyscallsFdAnnotator, falls_back_to_proc_for_fds_opened_before) {
  int fd = ::dup(1);
  ASSERT_GE(fd, 0);
  FdAnnotator a(1);
  SyscallEvent w =
      call("write", {num("fd", fd), txt("buf", "0x1"), num("count", 1)}, 1,
           static_cast<std::uint32_t>(::getpid()));
  a.annotate(w);
  ::close(fd);
  ASSERT_TRUE(w.fd_path);
  EXPECT_FALSE(w.fd_path->empty());
  // Learned: the next event names it without /proc.
  SyscallEvent w2 = w;
  w2.fd_paths.clear();
  w2.fd_path.reset();
  a.annotate(w2);
  EXPECT_EQ(w2.fd_path, w.fd_path);
  EXPECT_EQ(a.unresolved(), 0u);
}

TEST(SyscallsFdAnnotator, no_proc_for_the_fd_a_close_closed) {
  // /proc still has the fd (as a later reuse would): close's argument is
  // not named from it, a failed close's is.
  int fd = ::dup(1);
  ASSERT_GE(fd, 0);
  const auto pid = static_cast<std::uint32_t>(::getpid());
  FdAnnotator a(1);
  SyscallEvent closed = call("close", {num("fd", fd)}, 0, pid);
  a.annotate(closed);
  EXPECT_FALSE(closed.fd_path);
  SyscallEvent failed = call("close", {num("fd", fd)}, -4, pid); // EINTR
  a.annotate(failed);
  EXPECT_TRUE(failed.fd_path);
  ::close(fd);
  EXPECT_EQ(a.unresolved(), 1u);
}

} // namespace
} // namespace sctrace::syscalls
