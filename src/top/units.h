// Human-readable numbers for the `sctrace top` panels: rates, counts,
// durations and the labels of the log2 latency buckets.
//
// Contract: every function returns plain ASCII, never longer than the
// width its comment states, so the panels can use fixed columns.
#pragma once

#include <cstdint>
#include <string>

namespace sctrace::top {

// A rate or count with a k/M/G suffix past 9999: "0", "42", "9999",
// "12.3k", "4.56M" (at most 6 characters).
std::string format_quantity(double value);

// A duration in nanoseconds with its unit: "0", "850ns", "1.2us",
// "34ms", "2.5s" (at most 7 characters below 1000 s).
std::string format_ns(double ns);

// A power of two nanoseconds as bpftrace labels them: "1ns", "512ns",
// "1us", "2ms", "4s".
std::string format_pow2_ns(int exponent);

// The label of log2 bucket `index` (monitor/monitor.h): "0ns" for 0,
// else "LO-HI" with LO = 2^(index-1) ns and HI = 2^index ns, the
// bucket's half-open range: index 11 is "1us-2us".
std::string bucket_label(int index);

// An interval as given on the command line: "1s", "250ms", "1.5s".
std::string format_seconds(double seconds);

// A percentage with one decimal: "0.0%", "12.5%", "100.0%".
std::string format_percent(double percent);

} // namespace sctrace::top
