#include "decode/syscall_classes.h"

#include <span>

namespace sctrace::decode {
namespace {

// Measured with strace 6.1 (see the header). Each list is sorted.
// %file
constexpr std::string_view kFile[] = {
    "access",
    "acct",
    "chdir",
    "chmod",
    "chown",
    "chroot",
    "creat",
    "execve",
    "execveat",
    "faccessat",
    "faccessat2",
    "fanotify_mark",
    "fchmodat",
    "fchownat",
    "fsconfig",
    "fspick",
    "futimesat",
    "getcwd",
    "getxattr",
    "inotify_add_watch",
    "lchown",
    "lgetxattr",
    "link",
    "linkat",
    "listxattr",
    "llistxattr",
    "lremovexattr",
    "lsetxattr",
    "lstat",
    "mkdir",
    "mkdirat",
    "mknod",
    "mknodat",
    "mount",
    "mount_setattr",
    "move_mount",
    "name_to_handle_at",
    "newfstatat",
    "open",
    "open_tree",
    "openat",
    "openat2",
    "pivot_root",
    "quotactl",
    "readlink",
    "readlinkat",
    "removexattr",
    "rename",
    "renameat",
    "renameat2",
    "rmdir",
    "setxattr",
    "stat",
    "statfs",
    "statx",
    "swapoff",
    "swapon",
    "symlink",
    "symlinkat",
    "truncate",
    "umount2",
    "unlink",
    "unlinkat",
    "uselib",
    "utime",
    "utimensat",
    "utimes",
};

// %network
constexpr std::string_view kNetwork[] = {
    "accept",     "accept4",     "bind",       "connect",  "getpeername",
    "getpmsg",    "getsockname", "getsockopt", "listen",   "putpmsg",
    "recvfrom",   "recvmmsg",    "recvmsg",    "sendfile", "sendmmsg",
    "sendmsg",    "sendto",      "setsockopt", "shutdown", "socket",
    "socketpair",
};

// %process
constexpr std::string_view kProcess[] = {
    "clone",
    "clone3",
    "execve",
    "execveat",
    "exit",
    "exit_group",
    "fork",
    "kill",
    "pidfd_send_signal",
    "rt_sigqueueinfo",
    "rt_tgsigqueueinfo",
    "tgkill",
    "tkill",
    "vfork",
    "wait4",
    "waitid",
};

// %signal
constexpr std::string_view kSignal[] = {
    "io_uring_enter", "kill",          "pause",           "pidfd_send_signal",
    "rt_sigaction",   "rt_sigpending", "rt_sigprocmask",  "rt_sigqueueinfo",
    "rt_sigreturn",   "rt_sigsuspend", "rt_sigtimedwait", "rt_tgsigqueueinfo",
    "sigaltstack",    "signalfd",      "signalfd4",       "tgkill",
    "tkill",
};

// %ipc
constexpr std::string_view kIpc[] = {
    "msgctl", "msgget",     "msgrcv", "msgsnd", "semctl", "semget",
    "semop",  "semtimedop", "shmat",  "shmctl", "shmdt",  "shmget",
};

// %desc
constexpr std::string_view kDesc[] = {
    "bpf",
    "close",
    "copy_file_range",
    "creat",
    "dup",
    "dup2",
    "dup3",
    "epoll_create",
    "epoll_create1",
    "epoll_ctl",
    "epoll_pwait",
    "epoll_pwait2",
    "epoll_wait",
    "eventfd",
    "eventfd2",
    "execveat",
    "faccessat",
    "faccessat2",
    "fadvise64",
    "fallocate",
    "fanotify_init",
    "fanotify_mark",
    "fchdir",
    "fchmod",
    "fchmodat",
    "fchown",
    "fchownat",
    "fcntl",
    "fdatasync",
    "fgetxattr",
    "finit_module",
    "flistxattr",
    "flock",
    "fremovexattr",
    "fsconfig",
    "fsetxattr",
    "fsmount",
    "fsopen",
    "fspick",
    "fstat",
    "fstatfs",
    "fsync",
    "ftruncate",
    "futimesat",
    "getdents",
    "getdents64",
    "inotify_add_watch",
    "inotify_init",
    "inotify_init1",
    "inotify_rm_watch",
    "io_uring_enter",
    "io_uring_register",
    "io_uring_setup",
    "ioctl",
    "kexec_file_load",
    "landlock_add_rule",
    "landlock_create_ruleset",
    "landlock_restrict_self",
    "linkat",
    "lseek",
    "memfd_create",
    "memfd_secret",
    "mkdirat",
    "mknodat",
    "mmap",
    "mount_setattr",
    "move_mount",
    "mq_getsetattr",
    "mq_notify",
    "mq_open",
    "mq_timedreceive",
    "mq_timedsend",
    "name_to_handle_at",
    "newfstatat",
    "open",
    "open_by_handle_at",
    "open_tree",
    "openat",
    "openat2",
    "perf_event_open",
    "pidfd_getfd",
    "pidfd_open",
    "pidfd_send_signal",
    "pipe",
    "pipe2",
    "poll",
    "ppoll",
    "pread64",
    "preadv",
    "preadv2",
    "process_madvise",
    "process_mrelease",
    "pselect6",
    "pwrite64",
    "pwritev",
    "pwritev2",
    "quotactl_fd",
    "read",
    "readahead",
    "readlinkat",
    "readv",
    "renameat",
    "renameat2",
    "select",
    "sendfile",
    "setns",
    "signalfd",
    "signalfd4",
    "splice",
    "statx",
    "symlinkat",
    "sync_file_range",
    "syncfs",
    "tee",
    "timerfd_create",
    "timerfd_gettime",
    "timerfd_settime",
    "unlinkat",
    "userfaultfd",
    "utimensat",
    "vmsplice",
    "write",
    "writev",
};

// %memory
constexpr std::string_view kMemory[] = {
    "brk",
    "get_mempolicy",
    "io_destroy",
    "io_setup",
    "io_uring_register",
    "madvise",
    "mbind",
    "migrate_pages",
    "mincore",
    "mlock",
    "mlock2",
    "mlockall",
    "mmap",
    "move_pages",
    "mprotect",
    "mremap",
    "msync",
    "munlock",
    "munlockall",
    "munmap",
    "pkey_mprotect",
    "remap_file_pages",
    "set_mempolicy",
    "set_mempolicy_home_node",
    "shmat",
    "shmdt",
};

// %creds
constexpr std::string_view kCreds[] = {
    "capget",    "capset",    "getegid",   "geteuid",   "getgid",
    "getgroups", "getresgid", "getresuid", "getuid",    "prctl",
    "setfsgid",  "setfsuid",  "setgid",    "setgroups", "setregid",
    "setresgid", "setresuid", "setreuid",  "setuid",
};

// %clock
constexpr std::string_view kClock[] = {
    "adjtimex",      "clock_adjtime", "clock_getres", "clock_gettime",
    "clock_settime", "gettimeofday",  "settimeofday", "time",
};

// %stat
constexpr std::string_view kStat[] = {
    "stat",
};

// %lstat
constexpr std::string_view kLstat[] = {
    "lstat",
};

// %fstat
constexpr std::string_view kFstat[] = {
    "fstat",
    "newfstatat",
    "statx",
};

// %statfs
constexpr std::string_view kStatfs[] = {
    "statfs",
};

// %fstatfs
constexpr std::string_view kFstatfs[] = {
    "fstatfs",
};

// %%stat
constexpr std::string_view kAllStat[] = {
    "fstat", "lstat", "newfstatat", "stat", "statx",
};

// %%statfs
constexpr std::string_view kAllStatfs[] = {
    "fstatfs",
    "statfs",
    "ustat",
};

// %pure
constexpr std::string_view kPure[] = {
    "getegid", "geteuid", "getgid", "getpgrp",
    "getpid",  "getppid", "gettid", "getuid",
};
struct ClassTable {
  std::string_view name;
  std::span<const std::string_view> members;
};

constexpr ClassTable kClasses[] = {
    {"%file", kFile},       {"%network", kNetwork},   {"%net", kNetwork},
    {"%process", kProcess}, {"%signal", kSignal},     {"%ipc", kIpc},
    {"%desc", kDesc},       {"%memory", kMemory},     {"%creds", kCreds},
    {"%clock", kClock},     {"%stat", kStat},         {"%lstat", kLstat},
    {"%fstat", kFstat},     {"%statfs", kStatfs},     {"%fstatfs", kFstatfs},
    {"%%stat", kAllStat},   {"%%statfs", kAllStatfs}, {"%pure", kPure},
};

bool has_legacy_spelling(std::string_view name) {
  for (std::string_view old : {"%file", "%network", "%process", "%signal",
                               "%ipc", "%desc", "%memory"}) {
    if (old == name)
      return true;
  }
  return false;
}

// Built once, so callers can keep the reference.
std::vector<std::vector<std::string_view>> build_lists() {
  std::vector<std::vector<std::string_view>> lists;
  for (const ClassTable& c : kClasses)
    lists.emplace_back(c.members.begin(), c.members.end());
  return lists;
}

} // namespace

const std::vector<std::string_view>&
syscalls_in_class(std::string_view class_name) {
  static const std::vector<std::vector<std::string_view>> lists = build_lists();
  static const std::vector<std::string_view> empty;
  for (std::size_t i = 0; i < std::size(kClasses); ++i) {
    std::string_view name = kClasses[i].name;
    // "file" is strace's deprecated spelling of "%file". Only the classes
    // that predate the '%' have one; "stat" would be the syscall itself.
    bool legacy = has_legacy_spelling(name) && name.substr(1) == class_name;
    if (name == class_name || legacy)
      return lists[i];
  }
  return empty;
}

const std::vector<std::string_view>& syscall_class_names() {
  static const std::vector<std::string_view> names = [] {
    std::vector<std::string_view> out;
    for (const ClassTable& c : kClasses)
      out.push_back(c.name);
    return out;
  }();
  return names;
}

} // namespace sctrace::decode
