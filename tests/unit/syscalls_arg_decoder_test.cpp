// Argument rendering against what strace 6.1 prints for the same values.
#include <gtest/gtest.h>

#include "gen/builtin_catalog.h"
#include "gen/syscall_args.h"
#include "modes/syscalls/arg_decoder.h"

namespace sctrace::syscalls {
namespace {

// The named argument of syscall, decoded from raw, as strace would show
// it (text for flags and symbols, decimal for numbers, NULL for null).
std::string shown(const std::string& syscall, const std::string& arg,
                  std::uint64_t raw) {
  gen::BuiltinCatalog c;
  auto fields = gen::syscall_arg_fields(
      *c.tracepoint_fields("syscalls", "sys_enter_" + syscall));
  for (const auto& f : fields) {
    if (f.name != arg)
      continue;
    SyscallArg a = decode_arg(syscall, f, raw);
    switch (a.kind) {
    case SyscallArg::Kind::Int:
      return std::to_string(a.number);
    case SyscallArg::Kind::Null:
      return "NULL";
    default:
      return a.text;
    }
  }
  return "<no field " + arg + ">";
}

TEST(ArgDecoder, FileArguments) {
  EXPECT_EQ(shown("openat", "dfd", static_cast<std::uint64_t>(-100)),
            "AT_FDCWD");
  EXPECT_EQ(shown("openat", "dfd", 3), "3");
  EXPECT_EQ(shown("openat", "flags", 02003101), "O_WRONLY|O_CREAT|O_TRUNC|"
                                                "O_APPEND|O_CLOEXEC");
  EXPECT_EQ(shown("openat", "mode", 0640), "0640");
  EXPECT_EQ(shown("mknodat", "mode", 0100644), "S_IFREG|0644");
  EXPECT_EQ(shown("access", "mode", 0), "F_OK");
  EXPECT_EQ(shown("access", "mode", 6), "R_OK|W_OK");
  EXPECT_EQ(shown("unlinkat", "flag", 0x200), "AT_REMOVEDIR");
  EXPECT_EQ(shown("newfstatat", "flag", 0x1100),
            "AT_SYMLINK_NOFOLLOW|AT_EMPTY_PATH");
  EXPECT_EQ(shown("renameat2", "flags", 1), "RENAME_NOREPLACE");
  EXPECT_EQ(shown("lseek", "whence", 2), "SEEK_END");
  EXPECT_EQ(shown("fcntl", "cmd", 1030), "F_DUPFD_CLOEXEC");
  EXPECT_EQ(shown("pipe2", "flags", 0x80800), "O_NONBLOCK|O_CLOEXEC");
  EXPECT_EQ(shown("flock", "cmd", 6), "LOCK_EX|LOCK_NB");
  EXPECT_EQ(shown("statx", "flags", 0x100),
            "AT_STATX_SYNC_AS_STAT|AT_SYMLINK_NOFOLLOW");
  EXPECT_EQ(shown("statx", "mask", 0x2), "STATX_MODE");
  EXPECT_EQ(shown("fadvise64", "advice", 2), "POSIX_FADV_SEQUENTIAL");
  EXPECT_EQ(shown("ioctl", "cmd", 0x5401), "TCGETS");
  EXPECT_EQ(shown("prlimit64", "resource", 3), "RLIMIT_STACK");
}

TEST(ArgDecoder, NumbersKeepTheirCType) {
  // read(unsigned int fd, ..., size_t count)
  EXPECT_EQ(shown("read", "count", 4096), "4096");
  // mmap's fd is an unsigned long in the tracepoint but an int to strace.
  EXPECT_EQ(shown("mmap", "fd", 0xffffffffULL), "-1");
  EXPECT_EQ(shown("kill", "pid", static_cast<std::uint64_t>(-1)), "-1");
  EXPECT_EQ(shown("read", "buf", 0), "NULL");
  EXPECT_EQ(shown("read", "buf", 0x7ffd1234), "0x7ffd1234");
}

// decode_plain_arg() into an argument reused from another one (a
// sockaddr, with every member set) gives decode_arg()'s argument, member
// for member, for each kind without a symbolic rule; it leaves arguments
// with a rule to decode_arg().
TEST(ArgDecoder, DecodingInPlaceMatchesDecodeArg) {
  gen::BuiltinCatalog c;
  const std::pair<const char*, std::uint64_t> cases[] = {
      {"openat", static_cast<std::uint64_t>(-100)},
      {"openat", 3},
      {"read", 0},
      {"read", 0x7ffd1234},
      {"mmap", 0xffffffffULL},
      {"kill", static_cast<std::uint64_t>(-1)},
      {"lseek", static_cast<std::uint64_t>(-5)},
      {"lseek", 1ULL << 63}};
  int plain = 0;
  for (const auto& [syscall, raw] : cases)
    for (const auto& f : gen::syscall_arg_fields(*c.tracepoint_fields(
             "syscalls", std::string("sys_enter_") + syscall))) {
      const ArgDecoding d = plan_arg(syscall, f);
      SyscallArg a;
      a.name = "a name longer than the small string buffer";
      a.kind = SyscallArg::Kind::Sockaddr;
      a.number = 7;
      a.text = a.family = a.address = a.path = "x";
      a.port = 80;
      a.abstract = a.truncated = true;
      if (!decode_plain_arg(d, raw, a)) {
        EXPECT_GE(d.rule, 0) << syscall << " " << f.name;
        continue;
      }
      ++plain;
      const SyscallArg want = decode_arg(syscall, f, raw);
      EXPECT_EQ(a.name, want.name);
      EXPECT_EQ(a.kind, want.kind) << syscall << " " << f.name;
      EXPECT_EQ(a.number, want.number) << syscall << " " << f.name;
      EXPECT_EQ(a.text, want.text) << syscall << " " << f.name;
      EXPECT_TRUE(a.family.empty() && a.address.empty() && a.path.empty());
      EXPECT_FALSE(a.port || a.abstract || a.truncated);
    }
  EXPECT_GE(plain, 12);
  SyscallArg hex;
  ASSERT_TRUE(decode_plain_arg(
      plan_arg("read", gen::TracepointField{"char *", "buf", 8}),
      0xffff8000deadbeefULL, hex));
  EXPECT_EQ(hex.text, "0xffff8000deadbeef");
}

TEST(ArgDecoder, MemoryAndProcess) {
  EXPECT_EQ(shown("mmap", "prot", 3), "PROT_READ|PROT_WRITE");
  EXPECT_EQ(shown("mmap", "flags", 0x22), "MAP_PRIVATE|MAP_ANONYMOUS");
  EXPECT_EQ(shown("mprotect", "prot", 0), "PROT_NONE");
  EXPECT_EQ(shown("madvise", "behavior", 4), "MADV_DONTNEED");
  EXPECT_EQ(shown("clone", "clone_flags", 0x1200011),
            "CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD");
  EXPECT_EQ(shown("wait4", "options", 1), "WNOHANG");
  EXPECT_EQ(shown("arch_prctl", "option", 0x1002), "ARCH_SET_FS");
  EXPECT_EQ(shown("futex", "op", 129), "FUTEX_WAKE_PRIVATE");
  EXPECT_EQ(shown("clock_gettime", "which_clock", 1), "CLOCK_MONOTONIC");
  // Found by compare -p against strace on a clock_nanosleep loop.
  EXPECT_EQ(shown("clock_nanosleep", "flags", 1), "TIMER_ABSTIME");
  EXPECT_EQ(shown("clock_nanosleep", "flags", 0), "0");
  EXPECT_EQ(shown("timer_settime", "flags", 1), "TIMER_ABSTIME");
}

TEST(ArgDecoder, SignalsAndSockets) {
  EXPECT_EQ(shown("kill", "sig", 9), "SIGKILL");
  EXPECT_EQ(shown("rt_sigaction", "sig", 2), "SIGINT");
  EXPECT_EQ(shown("rt_sigprocmask", "how", 2), "SIG_SETMASK");
  EXPECT_EQ(shown("socket", "family", 10), "AF_INET6");
  EXPECT_EQ(shown("socket", "type", 0x80001), "SOCK_STREAM|SOCK_CLOEXEC");
  EXPECT_EQ(shown("accept4", "flags", 0x800), "SOCK_NONBLOCK");
  EXPECT_EQ(shown("sendto", "flags", 0x4000), "MSG_NOSIGNAL");
  EXPECT_EQ(shown("setsockopt", "level", 1), "SOL_SOCKET");
  EXPECT_EQ(shown("shutdown", "how", 2), "SHUT_RDWR");
}

TEST(ArgDecoder, CoversTheCommonSyscalls) {
  // Decoded beyond numbers, fds, pointers and paths (those are decoded for
  // every syscall).
  EXPECT_GE(decoded_syscall_count(), 60u);
}

} // namespace
} // namespace sctrace::syscalls
