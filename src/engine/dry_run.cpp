#include <unistd.h>

#include "engine/session.h"
#include "gen/builtin_catalog.h"
#include "gen/tracefs.h"
#include "run/bpftrace.h"

namespace sctrace::engine {

namespace {

// The version to generate for: the one the caller knows, else that of the
// bpftrace the session would run. A bpftrace that was named (--bpftrace,
// SCTRACE_BPFTRACE) or is installed but cannot say its version is an
// error: a program for another version would mislead. Only a machine
// without bpftrace gets GenOptions' default.
Result<gen::BpftraceVersion> dry_run_version(const SessionOptions& opt) {
  if (opt.bpftrace_version)
    return *opt.bpftrace_version;
  auto info = run::find_bpftrace(opt.bpftrace);
  if (info.ok())
    return info->version;
  if (run::bpftrace_absent(opt.bpftrace))
    return gen::GenOptions().version;
  return make_error(info.error().kind,
                    info.error().message +
                        " (--dry-run generates for that bpftrace's version)");
}

} // namespace

Result<gen::GeneratedProgram> dry_run(const SessionOptions& opt) {
  SCTRACE_TRY(validate_engine_options(opt));
  gen::GenOptions g;
  SCTRACE_TRY_ASSIGN(version, dry_run_version(opt));
  g.version = version;
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
