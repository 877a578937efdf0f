// Builds a probe and its session options with TraceSpecBuilder and runs an
// engine::Session with a callback sink on this process's own getppid() calls:
// 100 calls once the probes are armed, then a 1 s trace; prints the count the
// sink saw. Not root (or --dry-run): prints the generated program instead.
#include <sctrace/sctrace.h>

#include <cstring>
#include <iostream>
#include <unistd.h>

namespace st = sctrace;

int main(int argc, char** argv) {
  auto plan = st::spec::TraceSpecBuilder()
                  .Kprobe("sys_getppid")
                  .Format("getppid")
                  .Pid(getpid())
                  .Duration(1)
                  .Build();
  if (!plan.ok()) {
    std::cerr << plan.error().message << "\n";
    return 1;
  }
  st::engine::SessionOptions opt = st::engine::options_for(*plan);
  opt.include_self = true; // the calls to see are this process's own
  opt.on_attached = [] {
    for (int i = 0; i < 100; ++i)
      getppid();
  };
  if (geteuid() != 0 || (argc > 1 && std::strcmp(argv[1], "--dry-run") == 0)) {
    auto prog = st::engine::dry_run(opt);
    if (!prog.ok()) {
      std::cerr << prog.error().message << "\n";
      return 1;
    }
    std::cout << prog->text;
    return 0;
  }
  int calls = 0;
  st::events::CallbackSink sink([&](const st::events::TraceEvent& e) {
    if (e.function.find("getppid") != std::string::npos)
      ++calls;
  });
  st::engine::SessionResult r = st::engine::run_session(opt, sink);
  if (r.error) {
    std::cerr << "trace failed: " << r.error->message << "\n";
    return 1;
  }
  std::cout << "getppid calls: " << calls
            << " (dropped: " << r.summary.events_dropped << ")\n";
  return 0;
}
