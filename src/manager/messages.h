// The manager's error and warning texts: each says what happened, why,
// and what to do.
#pragma once

#include <cstdint>
#include <string>

#include "util/result.h"

namespace sctrace::manager {

// "600", "0.2": seconds as a person writes them.
std::string format_seconds(double seconds);

// get(), records(), stop(), ... on an id that is not (or no longer) kept.
Error unknown_trace(const std::string& id, double ttl_seconds);

// start() when max_running run and max_queued wait.
Error busy(std::size_t running, std::size_t queued);

// start() during the manager's destruction.
Error shutting_down();

// An exception escaped Job::run; `what` is its text.
Error internal_error(const std::string& what);

// No thread could be created for a job (std::system_error's text).
Error thread_failed(const std::string& what);

// The warning of a job stopped by the hard maximum duration.
std::string max_duration_warning(double seconds);

// The warning of a job whose records were not all kept.
std::string truncation_warning(std::uint64_t kept, std::uint64_t dropped,
                               std::uint64_t max_records,
                               std::uint64_t max_record_bytes);

} // namespace sctrace::manager
