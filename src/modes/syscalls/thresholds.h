// `sctrace slow --threshold`: a default minimum duration and per-syscall
// ones, e.g. "10ms", "read=10ms,futex=1ms,connect=100ms", or both
// ("5ms,read=50ms"). Several --threshold options add up.
//
// Contract: names are checked against the syscall table (with a
// did-you-mean), durations through util::parse_duration_ns; a name given
// twice or two defaults are errors, not silently overridden.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "util/result.h"

namespace sctrace::syscalls {

struct Thresholds {
  std::optional<std::uint64_t> default_ns;
  std::vector<std::pair<int, std::uint64_t>> by_syscall; // number, ns
  // The threshold of a syscall (nullopt: not watched).
  std::optional<std::uint64_t> for_syscall(int nr) const;
};

// Empty specs: the default of 10ms for every syscall.
Result<Thresholds> parse_thresholds(const std::vector<std::string>& specs);

} // namespace sctrace::syscalls
