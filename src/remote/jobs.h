// The modes as manager::Jobs: each runs its mode with the mode's JSONL
// writer (the one output layer) into a RecordStream, so the records a
// client pages are exactly the lines `--format jsonl` prints, and the
// job's summary is the mode's summary object.
//
// Contract: the job runs on the manager's thread; the manager's stop flag
// becomes the session's stop flag (a clean drain with exact loss
// accounting). Options must have been validated by the caller; a run
// that fails reports the mode's error and keeps what it collected.
#pragma once

#include <nlohmann/json.hpp>

#include "manager/job.h"
#include "modes/stats/run.h"
#include "modes/syscalls/run.h"
#include "spec/session_options.h"

namespace sctrace::remote {

// trace.py mode: one program (the probe and its session options).
manager::Job trace_job(spec::TracePlan plan, std::string bpftrace,
                       nlohmann::json request);
// syscalls and slow (options.thresholds set): mode "syscalls" or "slow".
manager::Job syscalls_job(syscalls::SyscallsOptions options,
                          nlohmann::json request);
// count and latency (options.kind).
manager::Job stats_job(stats::StatsOptions options, nlohmann::json request);

} // namespace sctrace::remote
