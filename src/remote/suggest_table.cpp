#include "remote/suggest_table.h"

namespace sctrace::remote {

namespace {

// One topic per function: the keywords, then the groups of syscalls.
Topic missing_file() {
  return {"missing-file",
          "missing-file errors",
          {"not found", "no such file", "enoent", "missing", "cannot find",
           "could not find", "cant find", "couldnt find", "does not exist",
           "doesnt exist"},
          {{"%file",
            {"open", "openat", "openat2", "stat", "newfstatat", "statx",
             "access", "faccessat", "faccessat2"},
            Look::Errnos,
            {"ENOENT"},
            {"filename"},
            "$ fails with ENOENT when the path it is given does not exist"}}};
}

Topic permission() {
  return {"permission",
          "permission errors",
          {"permission denied", "permission*", "eacces", "eperm",
           "access denied", "not permitted", "forbidden", "unauthorized"},
          {{"%file",
            {"open", "openat", "openat2", "access", "faccessat", "faccessat2",
             "execve"},
            Look::Errnos,
            {"EACCES", "EPERM"},
            {"filename"},
            "$ fails with EACCES or EPERM when the mode, owner or a security "
            "module forbids the access"}}};
}

Topic disk_io() {
  return {"disk-io",
          "disk I/O",
          {"disk*", "io", "i o", "storage", "fsync*", "flush*", "writ*", "read",
           "reads", "reading", "iops"},
          {{"%desc",
            {"read", "write", "pread64", "pwrite64"},
            Look::Returns,
            {},
            {"fd", "count"},
            "$ shows each transfer's file descriptor, size asked and bytes "
            "done (for latency use `sctrace latency` or `sctrace slow`)"},
           {"%desc",
            {"readv", "writev"},
            Look::Returns,
            {},
            {"fd", "vlen"},
            "$ shows each vectored transfer's file descriptor and bytes done"},
           {"%desc",
            {"fsync", "fdatasync"},
            Look::Returns,
            {},
            {"fd"},
            "$ flushes a file to the disk, the usual cause of write stalls"}}};
}

Topic network() {
  return {"network",
          "network errors",
          {"network*", "connection*", "connect*", "refused", "econnrefused",
           "econnreset", "reset", "socket*", "502", "503", "504", "bad gateway",
           "upstream", "tcp", "udp", "http", "https", "port", "unreachable"},
          {{"%network",
            {"socket", "connect", "accept", "accept4", "sendto", "recvfrom",
             "sendmsg", "recvmsg"},
            Look::Failures,
            {},
            {"fd", "family", "type"},
            "$ fails with the network error (ECONNREFUSED -111, ECONNRESET "
            "-104, ETIMEDOUT -110, ...) the application sees"}}};
}

Topic dns() {
  return {"dns",
          "name resolution",
          {"dns", "resolv*", "lookup*", "nxdomain", "hostname*", "getaddrinfo",
           "name resolution", "servfail"},
          {{"%file",
            {"openat"},
            Look::Calls,
            {},
            {"filename"},
            "$ shows the resolver reading /etc/resolv.conf, /etc/hosts and "
            "/etc/nsswitch.conf"},
           {"%network",
            {"socket", "connect", "sendto", "recvfrom", "sendmmsg"},
            Look::Failures,
            {},
            {"fd", "family", "type"},
            "$ fails when the resolver cannot reach or hear from its name "
            "server"},
           {"%desc",
            {"poll"},
            Look::Timeouts,
            {},
            {"nfds", "timeout_msecs"},
            "$ returns 0 when the resolver's wait for an answer times out"}}};
}

Topic timeout() {
  return {
      "timeout",
      "timeouts",
      {"timeout*", "time out", "times out", "timed out", "etimedout", "latency",
       "slow response*", "not responding"},
      {{"%desc",
        {"poll", "ppoll", "select", "pselect6", "epoll_wait", "epoll_pwait"},
        Look::Timeouts,
        {},
        {"nfds", "n", "epfd", "timeout_msecs", "timeout"},
        "$ returns 0 when its wait runs out of time with nothing ready"},
       {"%network",
        {"connect"},
        Look::Errnos,
        {"ETIMEDOUT"},
        {"fd"},
        "$ fails with ETIMEDOUT when the peer never answers"}}};
}

Topic process() {
  return {"process",
          "process start and exit",
          {"process*", "exec*", "fork*", "spawn*", "child*", "launch*",
           "startup", "subprocess*", "command*"},
          {{"%process",
            {"execve", "execveat"},
            Look::Calls,
            {},
            {"filename"},
            "$ shows each program started (on entry: a successful exec "
            "replaces the memory its file name was in)"},
           {"%process",
            {"clone", "clone3", "fork", "vfork"},
            Look::Returns,
            {},
            {},
            "$ returns the new process or thread id (or -errno)"},
           {"%process",
            {"exit_group"},
            Look::Calls,
            {},
            {"error_code"},
            "$ shows each process's exit status"}}};
}

Topic crash() {
  return {"crash",
          "crashes and kills",
          {"crash*", "segfault*", "sigsegv", "sigabrt", "sigkill", "core dump*",
           "dumped", "abort*", "killed", "dies", "died", "restart*", "signal*"},
          {{"%process",
            {"kill", "tgkill", "tkill"},
            Look::Calls,
            {},
            {"tgid", "pid", "sig"},
            "$ shows who sends which signal to whom (abort() sends SIGABRT "
            "with tgkill)"},
           {"%process",
            {"exit_group"},
            Look::Calls,
            {},
            {"error_code"},
            "$ shows the exit status of processes that end on their own"},
           {"%process",
            {"execve"},
            Look::Calls,
            {},
            {"filename"},
            "$ shows a crashed program being started again"}}};
}

Topic memory() {
  return {"memory",
          "memory use",
          {"memory", "oom", "out of memory", "enomem", "leak*", "rss", "heap",
           "malloc", "allocat*", "swap*"},
          {{"%memory",
            {"mmap", "munmap", "mremap"},
            Look::Calls,
            {},
            {"addr", "len", "old_len", "new_len"},
            "$ maps or unmaps memory: many maps without unmaps is a leak"},
           {"%memory",
            {"brk"},
            Look::Calls,
            {},
            {"brk"},
            "$ grows or shrinks the heap"},
           {"%memory",
            {"mprotect"},
            Look::Failures,
            {},
            {"start", "len"},
            "$ fails with ENOMEM when the address space is exhausted"}}};
}

Topic hang() {
  return {"hang",
          "hangs and lock waits",
          {"lock*", "deadlock*", "hang*", "hung", "stuck", "freez*", "frozen",
           "block*", "contention", "mutex*", "unresponsive", "waiting"},
          {{"",
            {"futex"},
            Look::Calls,
            {},
            {"op", "val"},
            "$ is how threads wait for locks and condition variables"},
           {"%desc",
            {"epoll_wait", "epoll_pwait", "poll"},
            Look::Returns,
            {},
            {"epfd", "nfds", "timeout", "timeout_msecs"},
            "$ shows an event loop waiting, and for how long it may"},
           {"%desc",
            {"flock"},
            Look::Calls,
            {},
            {"fd", "cmd"},
            "$ takes file locks, which block while another process holds "
            "them"},
           {"",
            {"nanosleep", "clock_nanosleep"},
            Look::Calls,
            {},
            {},
            "$ shows a thread sleeping instead of working"}}};
}

std::vector<Topic> build_topics() {
  return {missing_file(), permission(), disk_io(), network(), dns(),
          timeout(),      process(),    crash(),   memory(),  hang()};
}

} // namespace

const std::vector<Topic>& suggestion_topics() {
  static const std::vector<Topic> topics = build_topics();
  return topics;
}

} // namespace sctrace::remote
