#include "modes/trace/run.h"

#include <utility>

#include "modes/trace/trace_mode.h"

namespace sctrace::trace {

TraceResult run_trace(engine::SessionOptions so, events::EventWriter& writer,
                      std::ostream& out,
                      const engine::Diagnostics& diagnostics) {
  TraceMode mode(so, writer, out);
  auto env = engine::resolve_environment(so.bpftrace);
  if (!env.ok()) {
    out.flush();
    TraceResult res;
    res.error = env.error();
    return res;
  }
  engine::run_mode(mode, std::move(so), *env, diagnostics);
  return mode.result();
}

} // namespace sctrace::trace
