// One run of a Session: its state and its phases, each a small method.
// Internal to the engine (not installed).
//
// Phases: Starting (bpftrace compiles and attaches) -> Arming (a marker
// round proves every probe is live) -> Running -> Draining (a marker round
// proves everything emitted before the stop was read) -> Stopping
// (SIGINT, repeated; SIGTERM; SIGKILL). bpftrace exiting on its own ends
// the run in any phase. A stop request once the stop has begun aborts:
// SIGKILL to bpftrace and the command at once.
#pragma once

#include <atomic>
#include <optional>
#include <string>
#include <vector>

#include "engine/counting_sink.h"
#include "engine/drain.h"
#include "engine/line_reader.h"
#include "engine/proc_symbols.h"
#include "engine/session.h"
#include "engine/stderr_tail.h"
#include "gen/memo_catalog.h"
#include "gen/tracefs.h"
#include "run/event_list.h"
#include "run/kernel_facts.h"

namespace sctrace::engine {

class SessionRun {
public:
  SessionRun(const SessionOptions& options, const Environment& env,
             Dependencies& deps, std::uint32_t token,
             const std::atomic<unsigned>& stop_requests);
  SessionResult run(events::EventSink& sink);

private:
  enum class Phase { Starting, Arming, Running, Draining, Stopping };
  using time_point = Clock::time_point;

  // Setting up, in order; each returns the error that ends the run.
  Result<void> validate();
  Result<void> watch_targets();
  Result<void> watch_thread(std::int64_t tid);
  Result<void> spawn_command();
  Result<void> spawn_bpftrace();
  Result<void> hand_over_program();
  bool bpftrace_exited_within(int ms);
  Result<gen::GeneratedProgram> generate() const;

  // The event loop.
  Result<void> loop();
  Result<void> pump();
  void advance();
  void arm_step();
  void start_running();
  void quiet_perf_samples();
  void check_limits();
  void check_stop_causes();
  void drain_step();
  void stop_step();
  void request_stop(const std::string& why, bool drain);
  void abort_now();
  bool targets_exited() const;
  bool stop_wanted() const;
  unsigned stop_requests() const;
  bool abort_wanted() const;

  // The end.
  void finish_command();
  void wait_for_command(double seconds);
  Error died_unexpectedly() const;
  void fill_summary();
  void explain_end();
  double seconds_since(time_point t) const;
  void note(const char* what) const;

  const SessionOptions& opt_;
  const Environment& env_;
  Dependencies& deps_;
  const std::atomic<unsigned>& stop_requests_;
  gen::TracefsCatalog catalog_;
  run::KernelFacts facts_;        // kept for this boot (run/kernel_facts.h)
  gen::MemoCatalog memo_{facts_}; // both generations read tracefs once
  gen::GenOptions gen_;
  SessionResult res_;
  std::vector<std::pair<std::string, std::string>> bpftrace_env_;

  std::vector<run::Fd> targets_;
  // -L threads on kernels before 6.9 (no PIDFD_THREAD): /proc/TGID/task/TID
  // exists while the thread runs.
  std::vector<std::string> thread_paths_;
  std::optional<run::Process> command_;
  std::optional<run::Process> bpftrace_;
  run::Fd program_fd_;
  // bpftrace's short available_events list (run/event_list.h).
  run::EventListOverlay event_list_;
  ProcSymbols symbols_; // before parser_, which points to it
  std::optional<events::OutputParser> parser_;
  std::optional<CountingSink> counting_;

  Phase phase_ = Phase::Starting;
  time_point started_{}, attached_at_{}, stop_at_{}, phase_at_{};
  std::string stderr_text_; // terminal-safe lines, for classification
  StderrTail stderr_tail_;
  std::string program_text_; // what bpftrace was given, for advice
  LineReader out_reader_, err_reader_;
  bool out_open_ = true, err_open_ = true;
  // The last read of bpftrace's output took what the pipe held, and it
  // held something: more is coming, a line at a time (bpftrace writes
  // each event on its own), so pump() lets it gather first.
  bool gather_ = false;
  Drainer drainer_;
  double next_sigint_ = 0.25; // seconds into Stopping: SIGINT again
  std::uint64_t dropped_at_limit_ = 0;
  bool limit_hit_ = false;
  // Stop requests counted when the stop began (unset: it has not begun);
  // one more aborts.
  std::optional<unsigned> requests_at_stop_;
  bool aborted_ = false;
  time_point aborted_at_{};
  std::string reason_;
  double cpu_start_ = 0, cpu_stop_ = 0;
};

} // namespace sctrace::engine
