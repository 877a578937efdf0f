// A short tracepoint list for bpftrace's start-up.
//
// bpftrace reads tracefs's available_events, every tracepoint of the
// kernel (about 2,300 lines), again for each args-> access in each of its
// semantic passes: 552 times for `sctrace syscalls` on 0.17 and 151 times
// on 0.23, which was most of their start-up. EventListOverlay shows
// bpftrace, through a bind mount in its own mount namespace
// (SpawnOptions::private_binds), a list of only the tracepoints its
// program names. Nothing else changes: same program, same probes, and the
// host and the traced processes keep the real list.
//
// Contract:
//  - program_tracepoints(program): "category:name" of every tracepoint
//    attach point (tracepoint:C:N or t:C:N) in the program, sorted and
//    unique; a name with a wildcard stands for its whole category ("C:*").
//    nullopt when there is none, when a category has a wildcard, or when
//    a raw tracepoint's name has one: then no list is made. A named raw
//    tracepoint (rawtracepoint:sys_enter) adds no entry: bpftrace 0.23
//    finds it in the kernel's BTF, not in the list (0.17 has none). Text that
//    only looks like an attach point (in a string) adds an entry, which
//    only makes the list longer.
//  - filter_event_list(all, wanted): the lines of `all` that `wanted`
//    names, in their order.
//  - tracefs_event_lists(mountinfo): <mount point>/available_events for
//    every tracefs mount in a /proc/PID/mountinfo text (\040-style escapes
//    decoded), so a bpftrace in a chroot with its own tracefs mount sees
//    the short list too.
//  - EventListOverlay::prepare() copies the real list to a file (0600, in
//    tmpdir, "": util::temp_dir()) and gives a bind of it over every
//    tracefs list, so a child spawned with them sees the same list as
//    before. It never fails: the list only saves time, so when anything is
//    missing (tracefs unreadable, no temp file) it has no binds.
//  - show_only(program), before the child reads the list (before
//    release()), narrows the file to the program's tracepoints; when
//    program_tracepoints() gives nullopt, or the kernel has none of them,
//    the full list stays. The binds share the file, so the child sees it.
//  - remove_file() (once the child has exec'd: its binds hold the
//    content) or the destructor unlinks the file.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "run/fd.h"
#include "run/process.h"

namespace sctrace::run {

std::optional<std::vector<std::string>>
program_tracepoints(std::string_view program);

std::string filter_event_list(std::string_view all,
                              const std::vector<std::string>& wanted);

std::vector<std::string> tracefs_event_lists(std::string_view mountinfo);

class EventListOverlay {
public:
  static EventListOverlay prepare(const std::string& tmpdir = "");
  EventListOverlay() = default;
  EventListOverlay(EventListOverlay&& other) noexcept;
  EventListOverlay& operator=(EventListOverlay&& other) noexcept;
  ~EventListOverlay();

  const std::vector<BindMount>& binds() const { return binds_; }
  void show_only(std::string_view program);
  void remove_file();

private:
  std::string file_;
  std::string full_; // the real list
  Fd fd_;
  std::vector<BindMount> binds_;
};

} // namespace sctrace::run
