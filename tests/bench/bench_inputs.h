// What both parser benchmarks share: an output buffer that discards
// everything (so they measure formatting, not I/O) and the paths their
// recorded-style lines carry (one with bpftrace 0.17's \uffffffXX bytes),
// and the dumps of what the JSONL benchmarks write.
#pragma once

#include <ostream>
#include <streambuf>

namespace sctrace::bench {

class NullBuf : public std::streambuf {
protected:
  int overflow(int c) override { return c; }
  std::streamsize xsputn(const char*, std::streamsize n) override { return n; }
};

inline constexpr const char* kPaths[8] = {
    "/var/log/nginx/access.log",
    "/usr/lib/x86_64-linux-gnu/libc.so.6",
    "/etc/ld.so.cache",
    "/proc/self/status",
    "/home/user/.cache/fontconfig/3830d5c3ddfd5cd38a049b759396e72e-le64",
    "/srv/www/static/index.html",
    "/tmp/caf\\uffffffc3\\uffffffa9.txt",
    "/sys/fs/cgroup/user.slice/memory.max",
};

} // namespace sctrace::bench

// The JSONL the two JSONL benchmarks write for all their input lines
// (parser_bench --dump-jsonl).
namespace sctrace::events {
void dump_trace_jsonl(std::ostream& out);
}
namespace sctrace::syscalls {
void dump_syscall_jsonl(std::ostream& out);
}
