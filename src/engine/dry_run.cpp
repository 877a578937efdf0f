#include <unistd.h>

#include "engine/session.h"
#include "gen/builtin_catalog.h"
#include "gen/tracefs.h"
#include "run/bpftrace.h"

namespace sctrace::engine {

Result<gen::GeneratedProgram> dry_run(const SessionOptions& opt) {
  SCTRACE_TRY(validate_engine_options(opt));
  gen::GenOptions g;
  if (auto info = run::find_bpftrace(opt.bpftrace); info.ok())
    g.version = info->version;
  g.string_size = opt.string_size;
  g.binary_strcmp = opt.binary_strcmp;
  g.marker_pid = ::getpid();
  if (!opt.include_self)
    g.exclude_pids = {::getpid()};
  if (!opt.command.empty())
    g.follow_root = 0; // the command's pid is only known at run time
  auto make = [&](const gen::KernelCatalog& catalog) {
    return make_program(opt, catalog, g);
  };
  auto dir = gen::find_tracefs();
  if (dir && ::access((*dir + "/events/syscalls").c_str(), R_OK | X_OK) == 0)
    return make(gen::TracefsCatalog(*dir, gen::kVmlinuxBtf));
  return make(gen::BuiltinCatalog());
}

} // namespace sctrace::engine
