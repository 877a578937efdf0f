// `sctrace [options] PROBE [PROBE...] [-- CMD ARGS...]`: BCC trace.py's
// interface on top of engine::run_session.
#pragma once

#include <CLI/CLI.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace sctrace::cli {

struct TraceOptions {
  std::vector<std::string> probes;
  std::vector<std::string> command;  // after --
  std::int64_t pid = 0;              // -p
  std::int64_t tid = 0;              // -L
  std::int64_t uid = -1;             // --uid
  std::string name;                  // -n: comm substring (user space)
  std::string comm;                  // --comm: exact comm (in kernel)
  std::string msg_filter;            // -f
  std::uint64_t max_events = 0;      // -M
  bool timestamp = false;            // -t
  bool unix_timestamp = false;       // -u
  bool wall_time = false;            // -T
  bool cpu = false;                  // -C
  bool kernel_stack = false;         // -K
  bool user_stack = false;           // -U
  bool stack_addresses = false;      // -a
  bool aggregate = false;            // -A
  bool binary_strcmp = false;        // -B
  std::vector<std::string> includes; // -I: refused (see trace_command.cpp)
  std::string sym_files;             // -s: refused
  int string_size = 0;               // -Z
  int buffer_pages = 0;              // -b
  bool verbose = false;              // -v
  bool include_self = false;         // -S
  std::string cgroup;                // -c
  double duration = 0;               // --duration
  std::string format = "text";       // --format
  std::string output;                // -o
  bool dry_run = false;              // --dry-run
  std::string bpftrace;              // --bpftrace
};

// Registers trace.py's options on app (the top-level command).
void setup_trace_options(CLI::App& app, TraceOptions& options);

// Runs a trace; returns the process exit code.
int run_trace(const TraceOptions& options);

} // namespace sctrace::cli
