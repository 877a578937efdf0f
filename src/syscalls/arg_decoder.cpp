#include "syscalls/arg_decoder.h"

#include <algorithm>
#include <array>
#include <set>
#include <string>

#include "decode/flags.h"
#include "decode/mmap_flags.h"
#include "decode/open_flags.h"
#include "decode/signals.h"
#include "decode/socket.h"

namespace sctrace::syscalls {

namespace {

using decode::FlagName;

struct Named {
  std::uint64_t value;
  const char* name;
};

// How one (syscall, argument) pair is shown. Rules are looked up by
// syscall name (empty = any syscall) and argument name.
enum class Rule {
  OpenFlags,
  CloexecFlags, // pipe2, dup3, eventfd2, epoll_create1, inotify_init1, ...
  SockFlags,    // accept4
  AtFlags,
  RenameFlags,
  Mode,
  TypeMode,
  AccessMode,
  Prot,
  MmapFlags,
  Signal,
  Family,
  SockType,
  SigprocmaskHow,
  ShutdownHow,
  Whence,
  FcntlCmd,
  FutexOp,
  CloneFlags,
  WaitOptions,
  DirFd,
};

struct RuleEntry {
  std::string_view syscall;
  std::string_view arg;
  Rule rule;
};

constexpr RuleEntry kRules[] = {
    {"open", "flags", Rule::OpenFlags},
    {"openat", "flags", Rule::OpenFlags},
    {"open_by_handle_at", "flags", Rule::OpenFlags},
    {"pipe2", "flags", Rule::CloexecFlags},
    {"dup3", "flags", Rule::CloexecFlags},
    {"eventfd2", "flags", Rule::CloexecFlags},
    {"epoll_create1", "flags", Rule::CloexecFlags},
    {"inotify_init1", "flags", Rule::CloexecFlags},
    {"signalfd4", "flags", Rule::CloexecFlags},
    {"timerfd_create", "flags", Rule::CloexecFlags},
    {"memfd_create", "flags", Rule::CloexecFlags},
    {"accept4", "flags", Rule::SockFlags},
    {"unlinkat", "flag", Rule::AtFlags},
    {"newfstatat", "flag", Rule::AtFlags},
    {"statx", "flags", Rule::AtFlags},
    {"faccessat2", "flags", Rule::AtFlags},
    {"fchownat", "flag", Rule::AtFlags},
    {"fchmodat2", "flags", Rule::AtFlags},
    {"linkat", "flags", Rule::AtFlags},
    {"utimensat", "flags", Rule::AtFlags},
    {"execveat", "flags", Rule::AtFlags},
    {"name_to_handle_at", "flag", Rule::AtFlags},
    {"renameat2", "flags", Rule::RenameFlags},
    {"open", "mode", Rule::Mode},
    {"openat", "mode", Rule::Mode},
    {"creat", "mode", Rule::Mode},
    {"mkdir", "mode", Rule::Mode},
    {"mkdirat", "mode", Rule::Mode},
    {"chmod", "mode", Rule::Mode},
    {"fchmod", "mode", Rule::Mode},
    {"fchmodat", "mode", Rule::Mode},
    {"fchmodat2", "mode", Rule::Mode},
    {"umask", "mask", Rule::Mode},
    {"mq_open", "mode", Rule::Mode},
    {"mknod", "mode", Rule::TypeMode},
    {"mknodat", "mode", Rule::TypeMode},
    {"access", "mode", Rule::AccessMode},
    {"faccessat", "mode", Rule::AccessMode},
    {"faccessat2", "mode", Rule::AccessMode},
    {"mmap", "prot", Rule::Prot},
    {"mprotect", "prot", Rule::Prot},
    {"pkey_mprotect", "prot", Rule::Prot},
    {"mmap", "flags", Rule::MmapFlags},
    {"kill", "sig", Rule::Signal},
    {"tkill", "sig", Rule::Signal},
    {"tgkill", "sig", Rule::Signal},
    {"rt_sigaction", "sig", Rule::Signal},
    {"rt_sigqueueinfo", "sig", Rule::Signal},
    {"rt_tgsigqueueinfo", "sig", Rule::Signal},
    {"pidfd_send_signal", "sig", Rule::Signal},
    {"socket", "family", Rule::Family},
    {"socketpair", "family", Rule::Family},
    {"socket", "type", Rule::SockType},
    {"socketpair", "type", Rule::SockType},
    {"rt_sigprocmask", "how", Rule::SigprocmaskHow},
    {"shutdown", "how", Rule::ShutdownHow},
    {"lseek", "whence", Rule::Whence},
    {"fcntl", "cmd", Rule::FcntlCmd},
    {"futex", "op", Rule::FutexOp},
    {"clone", "clone_flags", Rule::CloneFlags},
    {"wait4", "options", Rule::WaitOptions},
    {"waitid", "options", Rule::WaitOptions},
};

constexpr std::array<std::string_view, 3> kDirFds = {"dfd", "olddfd", "newdfd"};

constexpr FlagName kCloexecFlags[] = {
    {0x80000, "O_CLOEXEC"}, {0x800, "O_NONBLOCK"}, {0x1, "EFD_SEMAPHORE"}};
constexpr FlagName kSockFlags[] = {{0x80000, "SOCK_CLOEXEC"},
                                   {0x800, "SOCK_NONBLOCK"}};
constexpr FlagName kAtFlags[] = {
    {0x100, "AT_SYMLINK_NOFOLLOW"}, {0x200, "AT_REMOVEDIR"},
    {0x400, "AT_SYMLINK_FOLLOW"},   {0x800, "AT_NO_AUTOMOUNT"},
    {0x1000, "AT_EMPTY_PATH"},      {0x2000, "AT_STATX_FORCE_SYNC"},
    {0x4000, "AT_STATX_DONT_SYNC"}, {0x8000, "AT_RECURSIVE"}};
constexpr FlagName kRenameFlags[] = {
    {1, "RENAME_NOREPLACE"}, {2, "RENAME_EXCHANGE"}, {4, "RENAME_WHITEOUT"}};
constexpr FlagName kAccessFlags[] = {{4, "R_OK"}, {2, "W_OK"}, {1, "X_OK"}};
constexpr FlagName kWaitFlags[] = {
    {1, "WNOHANG"},         {2, "WUNTRACED"},
    {4, "WEXITED"},         {8, "WCONTINUED"},
    {0x1000000, "WNOWAIT"}, {0x20000000, "__WNOTHREAD"},
    {0x40000000, "__WALL"}, {0x80000000, "__WCLONE"}};
constexpr FlagName kCloneFlags[] = {{0x100, "CLONE_VM"},
                                    {0x200, "CLONE_FS"},
                                    {0x400, "CLONE_FILES"},
                                    {0x800, "CLONE_SIGHAND"},
                                    {0x1000, "CLONE_PIDFD"},
                                    {0x2000, "CLONE_PTRACE"},
                                    {0x4000, "CLONE_VFORK"},
                                    {0x8000, "CLONE_PARENT"},
                                    {0x10000, "CLONE_THREAD"},
                                    {0x20000, "CLONE_NEWNS"},
                                    {0x40000, "CLONE_SYSVSEM"},
                                    {0x80000, "CLONE_SETTLS"},
                                    {0x100000, "CLONE_PARENT_SETTID"},
                                    {0x200000, "CLONE_CHILD_CLEARTID"},
                                    {0x400000, "CLONE_DETACHED"},
                                    {0x800000, "CLONE_UNTRACED"},
                                    {0x1000000, "CLONE_CHILD_SETTID"},
                                    {0x2000000, "CLONE_NEWCGROUP"},
                                    {0x4000000, "CLONE_NEWUTS"},
                                    {0x8000000, "CLONE_NEWIPC"},
                                    {0x10000000, "CLONE_NEWUSER"},
                                    {0x20000000, "CLONE_NEWPID"},
                                    {0x40000000, "CLONE_NEWNET"},
                                    {0x80000000, "CLONE_IO"}};

constexpr Named kHow[] = {
    {0, "SIG_BLOCK"}, {1, "SIG_UNBLOCK"}, {2, "SIG_SETMASK"}};
constexpr Named kShutdown[] = {
    {0, "SHUT_RD"}, {1, "SHUT_WR"}, {2, "SHUT_RDWR"}};
constexpr Named kWhence[] = {{0, "SEEK_SET"},
                             {1, "SEEK_CUR"},
                             {2, "SEEK_END"},
                             {3, "SEEK_DATA"},
                             {4, "SEEK_HOLE"}};
constexpr Named kFcntl[] = {{0, "F_DUPFD"},
                            {1, "F_GETFD"},
                            {2, "F_SETFD"},
                            {3, "F_GETFL"},
                            {4, "F_SETFL"},
                            {5, "F_GETLK"},
                            {6, "F_SETLK"},
                            {7, "F_SETLKW"},
                            {8, "F_SETOWN"},
                            {9, "F_GETOWN"},
                            {1024, "F_SETLEASE"},
                            {1025, "F_GETLEASE"},
                            {1030, "F_DUPFD_CLOEXEC"},
                            {1031, "F_SETPIPE_SZ"},
                            {1032, "F_GETPIPE_SZ"},
                            {1033, "F_ADD_SEALS"},
                            {1034, "F_GET_SEALS"},
                            {36, "F_OFD_GETLK"},
                            {37, "F_OFD_SETLK"},
                            {38, "F_OFD_SETLKW"}};
constexpr Named kFutex[] = {{0, "FUTEX_WAIT"},
                            {1, "FUTEX_WAKE"},
                            {2, "FUTEX_FD"},
                            {3, "FUTEX_REQUEUE"},
                            {4, "FUTEX_CMP_REQUEUE"},
                            {5, "FUTEX_WAKE_OP"},
                            {6, "FUTEX_LOCK_PI"},
                            {7, "FUTEX_UNLOCK_PI"},
                            {8, "FUTEX_TRYLOCK_PI"},
                            {9, "FUTEX_WAIT_BITSET"},
                            {10, "FUTEX_WAKE_BITSET"},
                            {11, "FUTEX_WAIT_REQUEUE_PI"},
                            {12, "FUTEX_CMP_REQUEUE_PI"},
                            {13, "FUTEX_LOCK_PI2"}};

template <std::size_t N>
std::string flags(std::uint64_t v, const FlagName (&table)[N],
                  const char* prefix) {
  std::string out;
  decode::append_flags(out, v, table, prefix);
  return out;
}

template <std::size_t N>
std::string named(std::uint64_t v, const Named (&table)[N]) {
  for (const auto& n : table)
    if (n.value == v)
      return n.name;
  return std::to_string(static_cast<std::int64_t>(v));
}

SyscallArg text(std::string_view name, std::string value) {
  SyscallArg a;
  a.name = std::string(name);
  a.kind = SyscallArg::Kind::Text;
  a.text = std::move(value);
  return a;
}

std::string futex_op(std::uint64_t op) {
  std::string out = named(op & 0x7f, kFutex);
  if (op & 128)
    out += "_PRIVATE";
  if (op & 256)
    out += "|FUTEX_CLOCK_REALTIME";
  return out;
}

std::string clone_flags(std::uint64_t v) {
  std::string out;
  std::uint64_t sig = v & 0xff, rest = v & ~0xffULL;
  if (rest)
    decode::append_flags(out, rest, kCloneFlags, "CLONE_");
  if (sig) {
    if (!out.empty())
      out += '|';
    out += decode::signal_name(static_cast<int>(sig));
  }
  return out.empty() ? "0" : out;
}

std::string apply(Rule rule, std::uint64_t v) {
  const auto i32 = static_cast<std::int32_t>(v);
  switch (rule) {
  case Rule::OpenFlags:
    return decode::open_flags(v);
  case Rule::CloexecFlags:
    return flags(v & 0xffffffff, kCloexecFlags, "O_");
  case Rule::SockFlags:
    return flags(v & 0xffffffff, kSockFlags, "SOCK_");
  case Rule::AtFlags:
    return flags(v & 0xffffffff, kAtFlags, "AT_");
  case Rule::RenameFlags:
    return flags(v & 0xffffffff, kRenameFlags, "RENAME_");
  case Rule::Mode:
    return decode::file_mode(v);
  case Rule::TypeMode:
    return decode::file_type_mode(v);
  case Rule::AccessMode:
    return (v & 7) == 0 && v == 0 ? std::string("F_OK")
                                  : flags(v, kAccessFlags, "");
  case Rule::Prot:
    return decode::mmap_prot(v);
  case Rule::MmapFlags:
    return decode::mmap_flags(v);
  case Rule::Signal:
    return decode::signal_name(i32);
  case Rule::Family:
    return decode::address_family(i32);
  case Rule::SockType:
    return decode::socket_type(i32);
  case Rule::SigprocmaskHow:
    return named(v, kHow);
  case Rule::ShutdownHow:
    return named(v, kShutdown);
  case Rule::Whence:
    return named(v, kWhence);
  case Rule::FcntlCmd:
    return named(v & 0xffffffff, kFcntl);
  case Rule::FutexOp:
    return futex_op(v & 0xffffffff);
  case Rule::CloneFlags:
    return clone_flags(v);
  case Rule::WaitOptions:
    return flags(v & 0xffffffff, kWaitFlags, "W");
  case Rule::DirFd:
    return decode::dirfd(static_cast<std::int64_t>(v));
  }
  return std::to_string(v);
}

} // namespace

SyscallArg decode_arg(std::string_view syscall,
                      const gen::TracepointField& field, std::uint64_t raw) {
  for (const auto& r : kRules)
    if (r.syscall == syscall && r.arg == field.name)
      return text(field.name, apply(r.rule, raw));
  if (std::find(kDirFds.begin(), kDirFds.end(), field.name) != kDirFds.end()) {
    if (static_cast<std::int32_t>(raw) == -100)
      return text(field.name, "AT_FDCWD");
  }
  SyscallArg a;
  a.name = field.name;
  // File descriptors are ints whatever the field says (mmap's is an
  // unsigned long): -1 stays -1.
  if (field.name == "fd") {
    a.number = static_cast<std::int32_t>(raw);
    return a;
  }
  if (field.type.find('*') != std::string::npos) {
    if (raw == 0) {
      a.kind = SyscallArg::Kind::Null;
      return a;
    }
    return text(field.name, decode::hex(raw));
  }
  // Integers: sign and width from the field (tracepoint fields of syscalls
  // are all 8 bytes wide; the C type tells the real width).
  const std::string& t = field.type;
  bool is_unsigned = t.find("unsigned") != std::string::npos ||
                     t.find("size_t") != std::string::npos ||
                     t.find("u32") != std::string::npos ||
                     t.find("u64") != std::string::npos ||
                     t.find("uid_t") != std::string::npos ||
                     t.find("gid_t") != std::string::npos ||
                     t.find("umode_t") != std::string::npos;
  bool is_long = t.find("long") != std::string::npos ||
                 t.find("size_t") != std::string::npos ||
                 t.find("loff_t") != std::string::npos ||
                 t.find("off_t") != std::string::npos ||
                 t.find("u64") != std::string::npos ||
                 t.find("__s64") != std::string::npos;
  if (!is_long) {
    a.number = is_unsigned ? static_cast<std::int64_t>(raw & 0xffffffff)
                           : static_cast<std::int32_t>(raw);
    return a;
  }
  if (is_unsigned && raw > static_cast<std::uint64_t>(INT64_MAX))
    return text(field.name, decode::hex(raw));
  a.number = static_cast<std::int64_t>(raw);
  return a;
}

std::size_t decoded_syscall_count() {
  std::set<std::string_view> names;
  for (const auto& r : kRules)
    names.insert(r.syscall);
  return names.size();
}

} // namespace sctrace::syscalls
