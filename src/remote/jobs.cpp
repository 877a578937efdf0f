// The modes as manager jobs (jobs.h).
#include "remote/jobs.h"

#include <ostream>

#include "engine/session.h"
#include "events/json_writer.h"
#include "modes/trace/run.h"
#include "remote/record_stream.h"

namespace sctrace::remote {

using manager::JobEnd;
using manager::JobSink;
using StopFlag = const volatile std::sig_atomic_t*;

namespace {

template <typename R> JobEnd job_end(const R& result, RecordStream& records) {
  records.finish();
  return JobEnd{records.summary(), result.error, result.warnings};
}

JobEnd writer_failed(const Error& e) {
  return JobEnd{{}, e, {}};
}

} // namespace

manager::Job trace_job(spec::TracePlan plan, std::string bpftrace,
                       nlohmann::json request) {
  manager::Job job{"trace", plan.options.duration_seconds, std::move(request),
                   nullptr};
  job.run = [plan = std::move(plan),
             bpftrace = std::move(bpftrace)](JobSink& sink, StopFlag stop) {
    engine::SessionOptions so = engine::options_for(plan);
    so.bpftrace = bpftrace;
    so.stop_flag = stop;
    so.on_attached = [&sink] { sink.attached(); };
    RecordStream records(sink);
    std::ostream out(&records);
    events::JsonlWriter writer(out);
    auto result = trace::run_trace(std::move(so), writer, out);
    return job_end(result, records);
  };
  return job;
}

manager::Job syscalls_job(syscalls::SyscallsOptions options,
                          nlohmann::json request) {
  std::string mode = options.thresholds ? "slow" : "syscalls";
  manager::Job job{mode, options.duration_seconds, std::move(request), nullptr};
  job.run = [options = std::move(options)](JobSink& sink, StopFlag stop) {
    RecordStream records(sink);
    std::ostream out(&records);
    auto writer = syscalls::make_syscall_writer("jsonl", out, out);
    if (!writer.ok())
      return writer_failed(writer.error());
    syscalls::SyscallsOptions o = options;
    o.stop_flag = stop;
    o.on_attached = [&sink] { sink.attached(); };
    auto result = syscalls::run_syscalls(o, **writer);
    return job_end(result, records);
  };
  return job;
}

manager::Job stats_job(stats::StatsOptions options, nlohmann::json request) {
  std::string mode =
      options.kind == gen::StatsKind::Count ? "count" : "latency";
  manager::Job job{mode, options.duration_seconds, std::move(request), nullptr};
  job.run = [options = std::move(options)](JobSink& sink, StopFlag stop) {
    RecordStream records(sink);
    std::ostream out(&records);
    auto writer = stats::make_stats_writer("jsonl", options.kind, {}, out);
    if (!writer.ok())
      return writer_failed(writer.error());
    stats::StatsOptions o = options;
    o.stop_flag = stop;
    o.on_attached = [&sink] { sink.attached(); };
    auto result = stats::run_stats(o, **writer);
    return job_end(result, records);
  };
  return job;
}

} // namespace sctrace::remote
