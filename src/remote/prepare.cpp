// Remote programs made ready to run (prepare.h).
#include "remote/prepare.h"

#include "gen/generator.h"
#include "remote/default_action.h"

namespace sctrace::remote {

Result<spec::TracePlan> prepare_plan(spec::TracePlan plan,
                                     const RemotePolicy& policy,
                                     const gen::KernelCatalog& catalog,
                                     const gen::BpftraceVersion& version) {
  SCTRACE_TRY(check_user_probe(plan.spec, policy));
  SCTRACE_TRY_ASSIGN(probe,
                     gen::resolve_probe(plan.spec, catalog, plan.options.pid));
  SCTRACE_TRY(check_policy(plan.spec, probe, policy));
  spec::TraceSpec with_action = with_default_action(plan.spec, probe, catalog);
  gen::GenOptions gen;
  gen.version = version;
  if (gen::generate({with_action}, catalog, gen, plan.options).ok())
    plan.spec = std::move(with_action);
  SCTRACE_TRY(gen::generate({plan.spec}, catalog, gen, plan.options));
  return plan;
}

} // namespace sctrace::remote
