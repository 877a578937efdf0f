#include "engine/mode.h"

#include <utility>

namespace sctrace::engine {

SessionOptions bind_mode(Mode& mode, SessionOptions o) {
  o.generator = [&mode](const gen::KernelCatalog& catalog,
                        const gen::GenOptions& gen) {
    return mode.program(catalog, gen);
  };
  o.on_attached = [&mode, then = std::move(o.on_attached)] {
    mode.on_attached();
    if (then)
      then();
  };
  o.on_batch = [&mode, then = std::move(o.on_batch)] {
    mode.on_batch();
    if (then)
      then();
  };
  o.output_failed = [&mode, then = std::move(o.output_failed)] {
    return mode.output_failed() || (then && then());
  };
  return o;
}

SessionResult run_mode(Mode& mode, SessionOptions options,
                       const Environment& env, const Diagnostics& diag) {
  SessionResult r =
      run_session(bind_mode(mode, std::move(options)), env, mode, diag);
  mode.finish(r, env);
  return r;
}

SessionResult run_mode(Mode& mode, SessionOptions options,
                       const Environment& env, Dependencies deps) {
  Session session(bind_mode(mode, std::move(options)), env, std::move(deps));
  SessionResult r = session.run(mode);
  mode.finish(r, env);
  return r;
}

} // namespace sctrace::engine
