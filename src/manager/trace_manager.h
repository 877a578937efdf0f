// TraceManager: many traces of any mode at once, each a Job on a thread of
// its own, with limits, a queue, paging of records and automatic cleanup.
// Front ends (sctrace serve, sctrace request, sctrace mcp) share it.
//
// Contract:
//  - start() validates nothing about the job itself (the front end did);
//    it returns an id ("t-" and 16 hex digits from a random source, never
//    reused) at once. When max_running jobs run, the job waits in a FIFO
//    queue (status "queued", queue_position 1..) of at most max_queued;
//    beyond that start() fails with ErrorKind::Unsupported ("busy": what
//    runs, how many wait, when to retry). Nothing blocks in start().
//  - Each job runs at most max_duration_seconds (default 600, the seed's
//    10 minutes): then the manager sets its stop flag, as stop() does, and
//    the result's stop is clean (the mode drains and accounts for loss).
//  - Records past max_records (the event cap) or past max_record_bytes
//    (the memory bound, counted as the JSON text size) are not kept but
//    counted: Info::records_truncated > 0 and Info::truncated == true.
//  - get(), records() and wait_records() never block on a job's run for
//    long: records() returns at once, wait_records() waits up to `timeout`
//    for records past `cursor` or for the end. A cursor is the index of
//    the next record (0: from the first); a page says the next cursor.
//  - stop() asks a queued or running job to end: a queued job ends at once
//    with status "stopped"; a running one drains and ends "stopped".
//    stop() returns at once; wait() waits for the end.
//  - A finished job (completed, failed or stopped) is kept for
//    ttl_seconds after it ended, then freed; get() on it then fails with
//    ErrorKind::NotFound, as for an id never issued.
//  - The destructor stops every job, waits for each to end (so no bpftrace
//    is left) and joins every thread.
// All members are thread-safe.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "manager/job.h"
#include "util/result.h"

namespace sctrace::manager {

struct Limits {
  std::size_t max_running = 0;        // 0: sized for the machine
  std::size_t max_queued = 16;        // waiting jobs beyond max_running
  double max_duration_seconds = 600;  // hard stop of every job
  std::uint64_t max_records = 100000; // event cap per job
  std::uint64_t max_record_bytes = 64ull << 20; // memory bound per job
  double ttl_seconds = 600;                     // finished jobs kept this long
};

// max_running when Limits::max_running is 0: from the cores and memory.
std::size_t default_max_running();

enum class Status { Queued, Running, Completed, Failed, Stopped };
const char* status_name(Status s); // "queued", "running", ...

struct Info {
  std::string id;
  std::string mode;
  Status status = Status::Queued;
  std::size_t queue_position = 0; // 1..: while queued; else 0
  bool attached = false;          // the probes went live
  double created = 0;             // seconds since the epoch
  std::optional<double> started, ended;
  std::uint64_t records = 0; // records produced (kept + truncated)
  std::uint64_t records_truncated = 0;
  bool truncated = false;
  nlohmann::json summary; // the job's summary once ended; null
  std::optional<Error> error;
  std::vector<std::string> warnings;
  nlohmann::json request;
};

struct Page {
  std::vector<nlohmann::json> records;
  std::uint64_t next_cursor = 0;
  bool done = false; // the job has ended and every kept record was paged
};

class TraceManager {
public:
  explicit TraceManager(Limits limits = {});
  ~TraceManager();
  TraceManager(const TraceManager&) = delete;
  TraceManager& operator=(const TraceManager&) = delete;

  Result<std::string> start(Job job);
  Result<Info> get(const std::string& id) const;
  Result<Page> records(const std::string& id, std::uint64_t cursor,
                       std::size_t limit) const;
  Result<Page> wait_records(const std::string& id, std::uint64_t cursor,
                            std::size_t limit,
                            std::chrono::milliseconds timeout) const;
  Result<void> stop(const std::string& id);
  // Waits up to timeout for the job to end; returns its Info either way.
  Result<Info> wait(const std::string& id,
                    std::chrono::milliseconds timeout) const;
  // Every job still kept (queued, running, or ended within the TTL), by
  // creation time.
  std::vector<Info> list() const;
  // Jobs by state, and the limits in force (max_running resolved).
  std::size_t running() const;
  std::size_t queued() const;
  const Limits& limits() const;

private:
  struct State;
  std::unique_ptr<State> state_;
};

} // namespace sctrace::manager
