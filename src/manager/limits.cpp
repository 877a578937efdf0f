// default_max_running(): how many jobs run at once when Limits::max_running
// is 0.
//
// Each running job is one bpftrace process (LLVM and BTF loaded: commonly
// 50-150 MB resident), its kernel buffers, and the records the manager
// keeps for it (up to max_record_bytes of JSON text, more in memory). The
// CPU side is mostly waiting on the kernel, so two jobs per core is fine;
// memory is the harder limit. The choice:
//   cores * 2, at least 2, at most one job per 256 MiB of physical memory
//   (but never below 2), and at most 32 (the kernel's BPF program and perf
//   buffer budget, and bpftrace's start-up cost, make more than that on one
//   host a mistake rather than a capacity).
#include <algorithm>
#include <thread>
#include <unistd.h>

#include "manager/trace_manager.h"

namespace sctrace::manager {
namespace {

constexpr std::size_t kMinRunning = 2;
constexpr std::size_t kMaxRunning = 32;
constexpr std::uint64_t kBytesPerJob = 256ull << 20;

// Jobs the physical memory holds; SIZE_MAX when it cannot be read.
std::size_t memory_bound() {
  long pages = sysconf(_SC_PHYS_PAGES);
  long page_size = sysconf(_SC_PAGESIZE);
  if (pages <= 0 || page_size <= 0)
    return SIZE_MAX;
  auto bytes =
      static_cast<std::uint64_t>(pages) * static_cast<std::uint64_t>(page_size);
  return static_cast<std::size_t>(bytes / kBytesPerJob);
}

} // namespace

std::size_t default_max_running() {
  std::size_t cores = std::max(1u, std::thread::hardware_concurrency());
  std::size_t n = std::min({cores * 2, memory_bound(), kMaxRunning});
  return std::max(n, kMinRunning);
}

} // namespace sctrace::manager
