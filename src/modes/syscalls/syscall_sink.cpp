#include "modes/syscalls/syscall_sink.h"

#include <algorithm>

#include "modes/syscalls/fd_paths.h"

namespace sctrace::syscalls {

void SyscallSink::on_event(const events::TraceEvent& raw) {
  decoder_.decode(raw, event_);
  if (event_.kind != EventKind::Syscall) {
    if (annotator_ && event_.kind == EventKind::Exit)
      annotator_->table().forget(event_.pid); // killed: no exit_group
    writer_.event(event_); // not a call: not in the call counts
    return;
  }
  if (command_pid_ && event_.pid == command_pid_ &&
      event_.unfinished == Unfinished::StartedBeforeTrace)
    return;
  if (event_.unfinished == Unfinished::NeverReturned &&
      event_.duration_ns.value_or(0) < min_for(event_.nr))
    return; // filtered here, not in the kernel (gen/syscalls_program.cpp)
  add(event_);
}

void SyscallSink::add(SyscallEvent& e) {
  if (resolve_fds_)
    for (const auto& a : e.args)
      if (a.kind == SyscallArg::Kind::Int && is_fd_argument(a.name))
        if (auto what = describe_fd(e.pid, a.number))
          e.fd_paths.emplace_back(a.name, std::move(*what));
  if (annotator_)
    annotator_->annotate(e);
  if (!shown_.empty() &&
      !std::binary_search(shown_.begin(), shown_.end(), e.nr))
    return; // traced for the fd table only
  writer_.event(e);
  ++total_;
  Count& c = count_of(e);
  ++c.count;
  if (e.error) {
    ++c.errors;
    ++errors_;
  }
  if (e.duration_ns && e.unfinished == Unfinished::No)
    c.total_ns += *e.duration_ns;
  if (e.unfinished != Unfinished::No)
    ++unfinished_;
  else
    ++completed_;
  for (const auto& x : e.extraction_errors)
    if (x.ends_with("_read_failed"))
      ++path_failures_;
}

SyscallSink::Count& SyscallSink::count_of(const SyscallEvent& e) {
  const auto nr = static_cast<std::size_t>(e.nr);
  if (e.nr >= 0 && nr < kCachedNrs) {
    if (nr >= by_nr_.size())
      by_nr_.resize(nr + 1);
    ByNr& slot = by_nr_[nr];
    const bool same_names = e.names_id != 0 && slot.names_id == e.names_id;
    if (slot.entry == nullptr ||
        (!same_names && slot.entry->first != e.syscall)) {
      slot.entry = &*counts_.try_emplace(e.syscall).first;
    }
    slot.names_id = e.names_id;
    return slot.entry->second;
  }
  return counts_[e.syscall];
}

void SyscallSink::fill(SyscallSummary& s) const {
  s.total_events = total_;
  s.unfinished_calls = unfinished_;
  s.error_rate = completed_ ? static_cast<double>(errors_) / completed_ : 0;
  s.tool_stats.filename_resolution_failures = path_failures_;
  if (annotator_)
    s.tool_stats.fd_paths_unresolved = annotator_->unresolved();
  for (const auto& [name, c] : counts_)
    s.per_syscall.push_back(SyscallCount{name, c.count, c.errors, c.total_ns});
  std::stable_sort(
      s.per_syscall.begin(), s.per_syscall.end(),
      [](const auto& a, const auto& b) { return a.count > b.count; });
}

} // namespace sctrace::syscalls
