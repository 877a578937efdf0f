// One run of a Session: its state and its phases, each a small method.
// Internal to the engine (not installed).
//
// Phases: Starting (bpftrace compiles and attaches) -> Arming (a marker
// round proves every probe is live) -> Running -> Draining (a marker round
// proves everything emitted before the stop was read) -> Stopping
// (SIGINT, repeated; SIGTERM; SIGKILL). bpftrace exiting on its own ends
// the run in any phase.
#pragma once

#include <atomic>
#include <optional>
#include <string>
#include <vector>

#include "engine/counting_sink.h"
#include "engine/drain.h"
#include "engine/line_reader.h"
#include "engine/session.h"
#include "gen/tracefs.h"

namespace sctrace::engine {

class SessionRun {
public:
  SessionRun(const SessionOptions& options, const Environment& env,
             Dependencies& deps, std::uint32_t token,
             const std::atomic<bool>& stop_requested);
  SessionResult run(events::EventSink& sink);

private:
  enum class Phase { Starting, Arming, Running, Draining, Stopping };
  using time_point = Clock::time_point;

  // Setting up, in order; each returns the error that ends the run.
  Result<void> validate();
  Result<void> watch_targets();
  Result<void> spawn_command();
  Result<void> spawn_bpftrace();
  Result<void> hand_over_program();
  Result<gen::GeneratedProgram> generate() const;

  // The event loop.
  Result<void> loop();
  Result<void> pump();
  void advance();
  void arm_step();
  void start_running();
  void check_limits();
  void check_stop_causes();
  void drain_step();
  void stop_step();
  void request_stop(const std::string& why, bool drain);
  bool targets_exited() const;
  bool stop_wanted() const;

  // The end.
  void finish_command();
  void fill_summary();
  void explain_end();
  double seconds_since(time_point t) const;
  void note(const char* what) const;

  const SessionOptions& opt_;
  const Environment& env_;
  Dependencies& deps_;
  const std::atomic<bool>& stop_requested_;
  gen::TracefsCatalog catalog_;
  gen::GenOptions gen_;
  SessionResult res_;
  std::vector<std::pair<std::string, std::string>> bpftrace_env_;

  std::vector<run::Fd> targets_;
  std::optional<run::Process> command_;
  std::optional<run::Process> bpftrace_;
  run::Fd program_fd_;
  std::optional<events::OutputParser> parser_;
  std::optional<CountingSink> counting_;

  Phase phase_ = Phase::Starting;
  time_point started_{}, attached_at_{}, stop_at_{}, phase_at_{};
  std::string stderr_text_;
  std::string program_text_; // what bpftrace was given, for advice
  LineReader out_reader_, err_reader_;
  bool out_open_ = true, err_open_ = true;
  Drainer drainer_;
  double next_sigint_ = 0.25; // seconds into Stopping: SIGINT again
  std::uint64_t dropped_at_limit_ = 0;
  bool limit_hit_ = false;
  std::string reason_;
  double cpu_start_ = 0, cpu_stop_ = 0;
};

} // namespace sctrace::engine
