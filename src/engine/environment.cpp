#include "engine/environment.h"

#include "gen/kernel_btf.h"
#include "gen/tracefs.h"
#include "run/bpftrace.h"

namespace sctrace::engine {

Result<Environment> resolve_environment(const std::string& bpftrace) {
  // Generating a program parses the kernel's BTF (about 10 ms): that starts
  // now, beside the checks below and the generator's reading of tracefs.
  gen::KernelBtf::prefetch(gen::kVmlinuxBtf);
  if (auto env = run::check_environment(); !env.ok())
    return env.error();
  SCTRACE_TRY_ASSIGN(tracefs, gen::ensure_tracefs());
  SCTRACE_TRY_ASSIGN(info, run::find_bpftrace(bpftrace));
  return make_environment(info.path, info.version, tracefs);
}

Environment make_environment(std::string bpftrace,
                             const gen::BpftraceVersion& version,
                             std::string tracefs) {
  Environment env;
  env.bpftrace = std::move(bpftrace);
  env.version = version;
  env.dialect = gen::dialect_for(version);
  env.tracefs = std::move(tracefs);
  return env;
}

} // namespace sctrace::engine
