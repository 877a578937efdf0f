// A job: one trace of any mode, as the TraceManager runs it. The manager
// knows nothing of modes; a front end turns a request into a Job (the
// remote/ library does it for trace.py specs, syscalls, count, latency and
// slow) and the manager runs it on a thread of its own.
//
// Contract of Job::run (called once, on the manager's thread for the job):
//  - It runs the trace until its own duration ends, `stop` becomes
//    non-zero (TraceManager::stop, the hard maximum duration, shutdown),
//    or it fails, and then returns. It must end within a few seconds of
//    `stop` being set (a Session's clean drain does).
//  - Each record it produces (an event, an interval snapshot: one JSON
//    object) goes to sink.record() as it comes; sink.attached() once the
//    probes are live. Both may be called only from run()'s thread.
//  - It returns the mode's summary as a JSON object and, when the trace
//    failed, an Error (partial records and summary are kept).
//  - It never throws; an exception escaping run() is caught by the
//    manager and reported as the job's error.
#pragma once

#include <csignal>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "util/result.h"

namespace sctrace::manager {

class JobSink {
public:
  virtual ~JobSink() = default;
  virtual void attached() = 0;
  virtual void record(nlohmann::json record) = 0;
};

struct JobEnd {
  nlohmann::json summary = nlohmann::json::object();
  std::optional<Error> error;
  std::vector<std::string> warnings;
};

struct Job {
  std::string mode;            // "trace", "syscalls", "count", ... (data)
  double duration_seconds = 0; // what the job asked for (0: none given)
  nlohmann::json request;      // the request, echoed by get()
  std::function<JobEnd(JobSink& sink, const volatile std::sig_atomic_t* stop)>
      run;
};

} // namespace sctrace::manager
