// `sctrace count getppid -- CMD` as a library call: stats::run_stats on the
// command given on the command line, the table written to stdout by
// stats::make_stats_writer. Not root (or --dry-run): prints the program.
//
//   count_run [--dry-run] CMD [ARG...]
#include <sctrace/sctrace.h>

#include <iostream>
#include <string>
#include <unistd.h>

namespace st = sctrace;

int main(int argc, char** argv) {
  int first = 1;
  bool dry = geteuid() != 0;
  if (argc > 1 && std::string(argv[1]) == "--dry-run") {
    dry = true;
    ++first;
  }
  if (first >= argc) {
    std::cerr << "usage: count_run [--dry-run] CMD [ARG...]\n";
    return 2;
  }
  st::stats::StatsOptions opt;
  opt.kind = st::gen::StatsKind::Count;
  opt.selection = "getppid";
  opt.target.command.assign(argv + first, argv + argc);
  if (dry) {
    auto prog = st::stats::stats_dry_run(opt);
    if (!prog.ok()) {
      std::cerr << prog.error().message << "\n";
      return 1;
    }
    std::cout << *prog;
    return 0;
  }
  auto writer = st::stats::make_stats_writer("text", opt.kind, {}, std::cout);
  if (!writer.ok()) {
    std::cerr << writer.error().message << "\n";
    return 1;
  }
  st::stats::StatsResult r = st::stats::run_stats(opt, **writer);
  if (r.error) {
    std::cerr << "count failed: " << r.error->message << "\n";
    return 1;
  }
  return 0;
}
