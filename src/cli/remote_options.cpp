#include "cli/remote_options.h"

namespace sctrace::cli {

void add_remote_options(CLI::App& app, RemoteOptions& o) {
  app.add_flag("--allow-uprobes", o.policy.allow_uprobes,
               "let remote programs use uprobes, uretprobes and USDT probes");
  app.add_flag("--allow-kernel-functions", o.policy.allow_kernel_functions,
               "let remote programs use kprobes on kernel functions");
  app.add_option("--max-sessions", o.limits.max_running,
                 "traces that run at once (0: sized for the machine)");
  app.add_option("--max-queued", o.limits.max_queued,
                 "traces that wait for a free slot before requests are "
                 "refused");
  app.add_option("--max-duration", o.limits.max_duration_seconds,
                 "hard limit of every trace, seconds")
      ->check(CLI::Range(1.0, 600.0));
  app.add_option("--max-events", o.limits.max_records,
                 "events kept per trace; more are counted, not kept");
  app.add_option("--max-memory", o.limits.max_record_bytes,
                 "bytes of events kept per trace");
  app.add_option("--ttl", o.limits.ttl_seconds,
                 "seconds a finished trace is kept for its client");
  app.add_option("--max-programs", o.max_programs,
                 "programs one request may hold");
  app.add_option("--response-events", o.response_events,
                 "events per program in a request's response");
  app.add_option("--bpftrace", o.bpftrace, "bpftrace to run");
}

remote::RequestContext RemoteRuntime::context(const RemoteOptions& o) const {
  return remote::RequestContext{*manager, *catalog,       environment,
                                o.policy, o.max_programs, o.response_events};
}

Result<std::unique_ptr<RemoteRuntime>>
make_remote_runtime(const RemoteOptions& o) {
  SCTRACE_TRY_ASSIGN(env, engine::resolve_environment(o.bpftrace));
  auto rt = std::make_unique<RemoteRuntime>();
  rt->environment = env;
  rt->catalog =
      std::make_unique<gen::TracefsCatalog>(env.tracefs, gen::kVmlinuxBtf);
  rt->manager = std::make_unique<manager::TraceManager>(o.limits);
  return rt;
}

} // namespace sctrace::cli
