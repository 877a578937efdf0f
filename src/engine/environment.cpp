#include "engine/environment.h"

#include "gen/kernel_btf.h"
#include "gen/tracefs.h"
#include "run/bpftrace.h"
#include "run/kernel_facts.h"

namespace sctrace::engine {

Result<Environment> resolve_environment(const std::string& bpftrace) {
  if (auto env = run::check_environment(); !env.ok())
    return env.error();
  SCTRACE_TRY_ASSIGN(tracefs, gen::ensure_tracefs());
  // Generating a program may parse the kernel's BTF (about 10 ms): unless
  // an earlier session of this boot kept what it read (run/kernel_facts.h),
  // that starts now, beside the version check and the generator's reading
  // of tracefs.
  if (!run::KernelFacts::known(tracefs))
    gen::KernelBtf::prefetch(gen::kVmlinuxBtf);
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
