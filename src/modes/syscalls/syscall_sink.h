// SyscallSink: decodes the raw events of the syscalls program, drops those
// that are not the trace's (the command's own start, unfinished calls under
// their minimum duration), describes fd arguments when asked, writes each
// event and counts it for the summary.
//
// Contract: every event the writer gets is counted once (add() is also
// how the calls still in flight at the end are added); fill() writes the
// counts into a summary, per syscall most frequent first.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "events/bpftrace_parser.h"
#include "modes/syscalls/decoder.h"
#include "modes/syscalls/fd_annotator.h"
#include "modes/syscalls/output.h"
#include "modes/syscalls/syscall_event.h"
#include "modes/syscalls/thresholds.h"

namespace sctrace::syscalls {

class SyscallSink final : public events::EventSink {
public:
  SyscallSink(SyscallDecoder& decoder, SyscallWriter& writer)
      : decoder_(decoder), writer_(writer) {}
  // `-- CMD`: the command's process waits in read() to be released
  // (run/process.h) and then calls execve. That read is sctrace's, not
  // the command's: it is the one call there that started before tracing.
  void set_command_pid(std::uint32_t pid) { command_pid_ = pid; }
  void set_min_duration(std::uint64_t ns) { min_duration_ns_ = ns; }
  void set_thresholds(const std::optional<Thresholds>& t) { thresholds_ = t; }
  void set_resolve_fds(bool on) { resolve_fds_ = on; }
  // -y (1) / -yy (2): name fds as strace does (fd_annotator.h).
  void set_decode_fds(int level) {
    if (level > 0)
      annotator_.emplace(level);
  }
  // -y with -e: the selected syscall numbers. Other events (traced to
  // feed the fd table) update it and are neither written nor counted.
  void set_shown(std::vector<int> nrs) { shown_ = std::move(nrs); }
  // -y/-yy: what PID's fds are now, before its traced calls
  // (FdAnnotator::snapshot); nothing without -y.
  void snapshot_fds(std::uint32_t pid) {
    if (annotator_)
      annotator_->snapshot(pid);
  }
  // The minimum duration of a syscall's events (0: none).
  std::uint64_t min_for(int nr) const {
    return thresholds_ ? thresholds_->for_syscall(nr).value_or(0)
                       : min_duration_ns_;
  }
  void on_event(const events::TraceEvent& raw) override;
  // Writes and counts one decoded event.
  void add(SyscallEvent& e);
  void fill(SyscallSummary& s) const;

private:
  struct Count {
    std::uint64_t count = 0, errors = 0, total_ns = 0;
  };
  SyscallDecoder& decoder_;
  SyscallWriter& writer_;
  SyscallEvent event_;
  // The count of E's syscall: counts_[e.syscall], found through by_nr_
  // (the entry of its number, when it is E's name: the same names_id, or
  // the same text) without a map search.
  Count& count_of(const SyscallEvent& e);
  static constexpr std::size_t kCachedNrs = 1024;

  std::map<std::string, Count> counts_;
  // counts_' entries (map nodes do not move) by syscall number, with the
  // names_id of the event that found each (0: compare the names).
  struct ByNr {
    std::pair<const std::string, Count>* entry = nullptr;
    std::uint32_t names_id = 0;
  };
  std::vector<ByNr> by_nr_;
  std::uint32_t command_pid_ = 0;
  std::uint64_t min_duration_ns_ = 0;
  std::optional<Thresholds> thresholds_;
  bool resolve_fds_ = false;
  std::optional<FdAnnotator> annotator_;
  std::vector<int> shown_; // sorted; empty: all
  std::uint64_t total_ = 0, errors_ = 0, unfinished_ = 0, completed_ = 0,
                path_failures_ = 0;
};

} // namespace sctrace::syscalls
