// `sctrace top`'s data: a monitor::Monitor behind top::SnapshotSource, so
// the dashboard (src/top/) never starts or stops bpftrace itself.
//
// Contract:
//  - start() starts the monitor with the options (their target is the
//    "original" one) and returns its error, if any, before any terminal
//    is touched.
//  - retarget() stops the running monitor (joined: its bpftrace is gone),
//    then starts one aimed at the filter's pid (-p) or comm (--comm), or at
//    the original target for an empty filter. When that fails, the
//    previous target is started again and the error returned.
//  - The destructor stops the monitor: no bpftrace is left running.
#pragma once

#include <memory>

#include "modes/monitor/monitor.h"
#include "top/view.h"

namespace sctrace::cli {

class TopSource : public top::SnapshotSource {
public:
  static Result<std::unique_ptr<TopSource>>
  start(monitor::MonitorOptions options);
  ~TopSource() override;

  top::SnapshotPtr next(std::uint64_t after) override;
  bool ended() const override;
  std::string end_reason() const override;
  bool target_ended() const override;
  Result<void> retarget(const top::Filter& filter) override;

private:
  explicit TopSource(monitor::MonitorOptions options)
      : original_(options), current_(std::move(options)) {}

  monitor::MonitorOptions original_, current_;
  std::unique_ptr<monitor::Monitor> monitor_;
};

} // namespace sctrace::cli
