#include "modes/syscalls/arg_decoder.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <set>
#include <span>
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
  Madvise,
  Flock,
  EpollOp,
  ArchPrctl,
  Prctl,
  MremapFlags,
  MsyncFlags,
  GetrandomFlags,
  TimerFlags, // clock_nanosleep, timer_settime, timerfd_settime
  Clock,
  MsgFlags,
  SockLevel,
  Rlimit,
  Fadvise,
  StatxMask,
  StatxFlags,
  Ioctl,
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
    {"statx", "flags", Rule::StatxFlags},
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
    {"madvise", "behavior", Rule::Madvise},
    {"flock", "cmd", Rule::Flock},
    {"epoll_ctl", "op", Rule::EpollOp},
    {"arch_prctl", "option", Rule::ArchPrctl},
    {"prctl", "option", Rule::Prctl},
    {"mremap", "flags", Rule::MremapFlags},
    {"msync", "flags", Rule::MsyncFlags},
    {"getrandom", "flags", Rule::GetrandomFlags},
    {"clock_gettime", "which_clock", Rule::Clock},
    {"clock_getres", "which_clock", Rule::Clock},
    {"clock_settime", "which_clock", Rule::Clock},
    {"clock_nanosleep", "which_clock", Rule::Clock},
    {"clock_nanosleep", "flags", Rule::TimerFlags},
    {"timer_settime", "flags", Rule::TimerFlags},
    {"timer_create", "which_clock", Rule::Clock},
    {"timerfd_create", "clockid", Rule::Clock},
    {"sendto", "flags", Rule::MsgFlags},
    {"recvfrom", "flags", Rule::MsgFlags},
    {"sendmsg", "flags", Rule::MsgFlags},
    {"recvmsg", "flags", Rule::MsgFlags},
    {"sendmmsg", "flags", Rule::MsgFlags},
    {"recvmmsg", "flags", Rule::MsgFlags},
    {"prlimit64", "resource", Rule::Rlimit},
    {"getrlimit", "resource", Rule::Rlimit},
    {"setrlimit", "resource", Rule::Rlimit},
    {"fadvise64", "advice", Rule::Fadvise},
    {"statx", "mask", Rule::StatxMask},
    {"ioctl", "cmd", Rule::Ioctl},
    {"setsockopt", "level", Rule::SockLevel},
    {"getsockopt", "level", Rule::SockLevel},
};

constexpr std::array<std::string_view, 3> kDirFds = {"dfd", "olddfd", "newdfd"};

// strace's order: O_NONBLOCK before O_CLOEXEC, as in open's flags.
constexpr FlagName kCloexecFlags[] = {
    {0x800, "O_NONBLOCK"}, {0x80000, "O_CLOEXEC"}, {0x1, "EFD_SEMAPHORE"}};
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

constexpr FlagName kMremapFlags[] = {
    {1, "MREMAP_MAYMOVE"}, {2, "MREMAP_FIXED"}, {4, "MREMAP_DONTUNMAP"}};
constexpr FlagName kMsyncFlags[] = {
    {1, "MS_ASYNC"}, {2, "MS_INVALIDATE"}, {4, "MS_SYNC"}};
constexpr FlagName kGetrandomFlags[] = {
    {1, "GRND_NONBLOCK"}, {2, "GRND_RANDOM"}, {4, "GRND_INSECURE"}};
constexpr FlagName kTimerFlags[] = {{1, "TIMER_ABSTIME"}};
constexpr FlagName kMsgFlags[] = {{0x1, "MSG_OOB"},
                                  {0x2, "MSG_PEEK"},
                                  {0x4, "MSG_DONTROUTE"},
                                  {0x8, "MSG_CTRUNC"},
                                  {0x20, "MSG_TRUNC"},
                                  {0x40, "MSG_DONTWAIT"},
                                  {0x80, "MSG_EOR"},
                                  {0x100, "MSG_WAITALL"},
                                  {0x4000, "MSG_NOSIGNAL"},
                                  {0x8000, "MSG_MORE"},
                                  {0x10000, "MSG_WAITFORONE"},
                                  {0x40000000, "MSG_CMSG_CLOEXEC"}};
constexpr FlagName kFlockFlags[] = {
    {1, "LOCK_SH"}, {2, "LOCK_EX"}, {4, "LOCK_NB"}, {8, "LOCK_UN"}};

constexpr Named kMadvise[] = {
    {0, "MADV_NORMAL"},          {1, "MADV_RANDOM"},
    {2, "MADV_SEQUENTIAL"},      {3, "MADV_WILLNEED"},
    {4, "MADV_DONTNEED"},        {8, "MADV_FREE"},
    {9, "MADV_REMOVE"},          {10, "MADV_DONTFORK"},
    {11, "MADV_DOFORK"},         {12, "MADV_MERGEABLE"},
    {13, "MADV_UNMERGEABLE"},    {14, "MADV_HUGEPAGE"},
    {15, "MADV_NOHUGEPAGE"},     {16, "MADV_DONTDUMP"},
    {17, "MADV_DODUMP"},         {18, "MADV_WIPEONFORK"},
    {19, "MADV_KEEPONFORK"},     {20, "MADV_COLD"},
    {21, "MADV_PAGEOUT"},        {22, "MADV_POPULATE_READ"},
    {23, "MADV_POPULATE_WRITE"}, {25, "MADV_COLLAPSE"}};
constexpr Named kEpollOp[] = {
    {1, "EPOLL_CTL_ADD"}, {2, "EPOLL_CTL_DEL"}, {3, "EPOLL_CTL_MOD"}};
constexpr Named kArchPrctl[] = {
    {0x1001, "ARCH_SET_GS"},    {0x1002, "ARCH_SET_FS"},
    {0x1003, "ARCH_GET_FS"},    {0x1004, "ARCH_GET_GS"},
    {0x1011, "ARCH_GET_CPUID"}, {0x1012, "ARCH_SET_CPUID"}};
constexpr Named kPrctl[] = {{1, "PR_SET_PDEATHSIG"},
                            {2, "PR_GET_PDEATHSIG"},
                            {3, "PR_GET_DUMPABLE"},
                            {4, "PR_SET_DUMPABLE"},
                            {15, "PR_SET_NAME"},
                            {16, "PR_GET_NAME"},
                            {21, "PR_GET_SECCOMP"},
                            {22, "PR_SET_SECCOMP"},
                            {23, "PR_CAPBSET_READ"},
                            {24, "PR_CAPBSET_DROP"},
                            {36, "PR_SET_CHILD_SUBREAPER"},
                            {37, "PR_GET_CHILD_SUBREAPER"},
                            {38, "PR_SET_NO_NEW_PRIVS"},
                            {39, "PR_GET_NO_NEW_PRIVS"},
                            {47, "PR_CAP_AMBIENT"}};
constexpr Named kClocks[] = {{0, "CLOCK_REALTIME"},
                             {1, "CLOCK_MONOTONIC"},
                             {2, "CLOCK_PROCESS_CPUTIME_ID"},
                             {3, "CLOCK_THREAD_CPUTIME_ID"},
                             {4, "CLOCK_MONOTONIC_RAW"},
                             {5, "CLOCK_REALTIME_COARSE"},
                             {6, "CLOCK_MONOTONIC_COARSE"},
                             {7, "CLOCK_BOOTTIME"},
                             {8, "CLOCK_REALTIME_ALARM"},
                             {9, "CLOCK_BOOTTIME_ALARM"},
                             {11, "CLOCK_TAI"}};
constexpr Named kSockLevels[] = {{0, "SOL_IP"},    {1, "SOL_SOCKET"},
                                 {6, "SOL_TCP"},   {17, "SOL_UDP"},
                                 {41, "SOL_IPV6"}, {263, "SOL_NETLINK"}};

constexpr Named kRlimits[] = {
    {0, "RLIMIT_CPU"},       {1, "RLIMIT_FSIZE"},  {2, "RLIMIT_DATA"},
    {3, "RLIMIT_STACK"},     {4, "RLIMIT_CORE"},   {5, "RLIMIT_RSS"},
    {6, "RLIMIT_NPROC"},     {7, "RLIMIT_NOFILE"}, {8, "RLIMIT_MEMLOCK"},
    {9, "RLIMIT_AS"},        {10, "RLIMIT_LOCKS"}, {11, "RLIMIT_SIGPENDING"},
    {12, "RLIMIT_MSGQUEUE"}, {13, "RLIMIT_NICE"},  {14, "RLIMIT_RTPRIO"},
    {15, "RLIMIT_RTTIME"}};
constexpr Named kFadvise[] = {
    {0, "POSIX_FADV_NORMAL"},     {1, "POSIX_FADV_RANDOM"},
    {2, "POSIX_FADV_SEQUENTIAL"}, {3, "POSIX_FADV_WILLNEED"},
    {4, "POSIX_FADV_DONTNEED"},   {5, "POSIX_FADV_NOREUSE"}};
constexpr FlagName kStatxMask[] = {{0x1, "STATX_TYPE"},
                                   {0x2, "STATX_MODE"},
                                   {0x4, "STATX_NLINK"},
                                   {0x8, "STATX_UID"},
                                   {0x10, "STATX_GID"},
                                   {0x20, "STATX_ATIME"},
                                   {0x40, "STATX_MTIME"},
                                   {0x80, "STATX_CTIME"},
                                   {0x100, "STATX_INO"},
                                   {0x200, "STATX_SIZE"},
                                   {0x400, "STATX_BLOCKS"},
                                   {0x800, "STATX_BTIME"},
                                   {0x1000, "STATX_MNT_ID"},
                                   {0x2000, "STATX_DIOALIGN"},
                                   {0x4000, "STATX_MNT_ID_UNIQUE"},
                                   {0x8000, "STATX_SUBVOL"},
                                   {0x10000, "STATX_WRITE_ATOMIC"}};
// The common terminal and socket ioctls; others stay numbers.
constexpr Named kIoctls[] = {
    {0x5401, "TCGETS"},     {0x5402, "TCSETS"},      {0x5403, "TCSETSW"},
    {0x5404, "TCSETSF"},    {0x540f, "TIOCGPGRP"},   {0x5410, "TIOCSPGRP"},
    {0x5413, "TIOCGWINSZ"}, {0x5414, "TIOCSWINSZ"},  {0x541b, "FIONREAD"},
    {0x5421, "FIONBIO"},    {0x5450, "FIONCLEX"},    {0x5451, "FIOCLEX"},
    {0x5452, "FIOASYNC"},   {0x8912, "SIOCGIFCONF"}, {0x8933, "SIOCGIFINDEX"}};

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

std::string flags(std::uint64_t v, std::span<const FlagName> table,
                  const char* prefix) {
  std::string out;
  decode::append_flags(out, v, table, prefix);
  return out;
}

std::string named(std::uint64_t v, std::span<const Named> table) {
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

// statx's flags; strace names the sync mode, which is 0 for the default.
std::string statx_flags(std::uint64_t f) {
  std::string out = (f & 0x6000) ? "" : "AT_STATX_SYNC_AS_STAT";
  if (f == 0)
    return out;
  if (!out.empty())
    out += '|';
  out += flags(f, kAtFlags, "AT_");
  return out;
}

// Rules that show a flag set (of the argument's low 32 bits) or one named
// value; apply() looks them up before its other cases.
struct FlagRule {
  Rule rule;
  std::span<const FlagName> table;
  const char* prefix;
};
constexpr FlagRule kFlagRules[] = {
    {Rule::CloexecFlags, kCloexecFlags, "O_"},
    {Rule::SockFlags, kSockFlags, "SOCK_"},
    {Rule::AtFlags, kAtFlags, "AT_"},
    {Rule::RenameFlags, kRenameFlags, "RENAME_"},
    {Rule::WaitOptions, kWaitFlags, "W"},
    {Rule::Flock, kFlockFlags, "LOCK_"},
    {Rule::MremapFlags, kMremapFlags, "MREMAP_"},
    {Rule::MsyncFlags, kMsyncFlags, "MS_"},
    {Rule::GetrandomFlags, kGetrandomFlags, "GRND_"},
    {Rule::TimerFlags, kTimerFlags, "TIMER_"},
    {Rule::MsgFlags, kMsgFlags, "MSG_"},
    {Rule::StatxMask, kStatxMask, "STATX_"},
};

struct NamedRule {
  Rule rule;
  std::span<const Named> table;
  bool low32; // the argument is an int: its upper 32 bits are ignored
};
constexpr NamedRule kNamedRules[] = {
    {Rule::SigprocmaskHow, kHow, false},  {Rule::ShutdownHow, kShutdown, false},
    {Rule::Whence, kWhence, false},       {Rule::FcntlCmd, kFcntl, true},
    {Rule::Madvise, kMadvise, false},     {Rule::EpollOp, kEpollOp, false},
    {Rule::ArchPrctl, kArchPrctl, false}, {Rule::Prctl, kPrctl, false},
    {Rule::Clock, kClocks, true},         {Rule::SockLevel, kSockLevels, true},
    {Rule::Rlimit, kRlimits, true},       {Rule::Fadvise, kFadvise, true},
    {Rule::Ioctl, kIoctls, true},
};

// The rules that need more than a table.
std::string apply_special(Rule rule, std::uint64_t v) {
  const auto i32 = static_cast<std::int32_t>(v);
  switch (rule) {
  case Rule::OpenFlags:
    return decode::open_flags(v);
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
  case Rule::FutexOp:
    return futex_op(v & 0xffffffff);
  case Rule::CloneFlags:
    return clone_flags(v);
  case Rule::StatxFlags:
    return statx_flags(v & 0xffffffff);
  case Rule::DirFd:
    return decode::dirfd(static_cast<std::int64_t>(v));
  default:
    break;
  }
  return std::to_string(v);
}

std::string apply(Rule rule, std::uint64_t v) {
  for (const FlagRule& f : kFlagRules)
    if (f.rule == rule)
      return flags(v & 0xffffffff, f.table, f.prefix);
  for (const NamedRule& n : kNamedRules)
    if (n.rule == rule)
      return named(n.low32 ? v & 0xffffffff : v, n.table);
  return apply_special(rule, v);
}

} // namespace

ArgDecoding plan_arg(std::string_view syscall,
                     const gen::TracepointField& field) {
  ArgDecoding d;
  d.name = field.name;
  for (const auto& r : kRules)
    if (r.syscall == syscall && r.arg == field.name) {
      d.rule = static_cast<int>(r.rule);
      return d;
    }
  d.dirfd =
      std::find(kDirFds.begin(), kDirFds.end(), field.name) != kDirFds.end();
  // File descriptors are ints whatever the field says (mmap's is an
  // unsigned long): -1 stays -1.
  d.fd = field.name == "fd";
  d.pointer = field.type.find('*') != std::string::npos;
  // Integers: sign and width from the field (tracepoint fields of syscalls
  // are all 8 bytes wide; the C type tells the real width).
  const std::string& t = field.type;
  d.is_unsigned = t.find("unsigned") != std::string::npos ||
                  t.find("size_t") != std::string::npos ||
                  t.find("u32") != std::string::npos ||
                  t.find("u64") != std::string::npos ||
                  t.find("uid_t") != std::string::npos ||
                  t.find("gid_t") != std::string::npos ||
                  t.find("umode_t") != std::string::npos;
  d.is_long = t.find("long") != std::string::npos ||
              t.find("size_t") != std::string::npos ||
              t.find("loff_t") != std::string::npos ||
              t.find("off_t") != std::string::npos ||
              t.find("u64") != std::string::npos ||
              t.find("__s64") != std::string::npos;
  return d;
}

namespace {

// A as the argument NAME of KIND with TEXT and nothing else set, keeping
// its strings' capacity.
void set_arg(SyscallArg& a, const std::string& name, SyscallArg::Kind kind,
             std::string_view text) {
  if (a.name != name)
    a.name.assign(name);
  a.kind = kind;
  a.number = 0;
  if (a.text != text) // usually the same text as this slot's last event's
    a.text.assign(text);
  a.clear_extras();
}

// "0x" and RAW in lowercase hex (decode::hex's text), as A's text.
void set_hex_arg(SyscallArg& a, const std::string& name, std::uint64_t raw) {
  char buf[2 + 16] = {'0', 'x'};
  char* end = std::to_chars(buf + 2, buf + sizeof buf, raw, 16).ptr;
  set_arg(a, name, SyscallArg::Kind::Text, std::string_view(buf, end - buf));
}

} // namespace

bool decode_plain_arg(const ArgDecoding& d, std::uint64_t raw, SyscallArg& a) {
  if (d.rule >= 0)
    return false;
  if (d.dirfd && static_cast<std::int32_t>(raw) == -100) {
    set_arg(a, d.name, SyscallArg::Kind::Text, "AT_FDCWD");
  } else if (d.fd) {
    set_arg(a, d.name, SyscallArg::Kind::Int, "");
    a.number = static_cast<std::int32_t>(raw);
  } else if (d.pointer) {
    if (raw == 0)
      set_arg(a, d.name, SyscallArg::Kind::Null, "");
    else
      set_hex_arg(a, d.name, raw);
  } else if (!d.is_long) {
    set_arg(a, d.name, SyscallArg::Kind::Int, "");
    a.number = d.is_unsigned ? static_cast<std::int64_t>(raw & 0xffffffff)
                             : static_cast<std::int32_t>(raw);
  } else if (d.is_unsigned && raw > static_cast<std::uint64_t>(INT64_MAX)) {
    set_hex_arg(a, d.name, raw);
  } else {
    set_arg(a, d.name, SyscallArg::Kind::Int, "");
    a.number = static_cast<std::int64_t>(raw);
  }
  return true;
}

SyscallArg decode_arg(const ArgDecoding& d, std::uint64_t raw) {
  if (d.rule >= 0)
    return text(d.name, apply(static_cast<Rule>(d.rule), raw));
  SyscallArg a;
  decode_plain_arg(d, raw, a);
  return a;
}

SyscallArg decode_arg(std::string_view syscall,
                      const gen::TracepointField& field, std::uint64_t raw) {
  return decode_arg(plan_arg(syscall, field), raw);
}

std::size_t decoded_syscall_count() {
  std::set<std::string_view> names;
  for (const auto& r : kRules)
    names.insert(r.syscall);
  return names.size();
}

} // namespace sctrace::syscalls
