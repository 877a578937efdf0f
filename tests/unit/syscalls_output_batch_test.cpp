// The jsonl writer of `sctrace syscalls` holds its events back and writes
// them in one piece per batch (output.h): every event still reaches the
// stream, once, in order, by flush(), finish() or the writer's end.
#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include "modes/syscalls/output.h"

namespace sctrace::syscalls {
namespace {

// A read of fd FD, the I-th event of a trace.
SyscallEvent read_call(int fd, std::uint64_t i) {
  SyscallEvent e;
  e.timestamp_ns = 1'763'790'000'000'000'000ULL + i;
  e.pid = e.tid = 42;
  e.comm = "cat";
  e.syscall = "read";
  e.args.resize(3);
  e.args[0].name = "fd";
  e.args[0].number = fd;
  e.args[1].name = "buf";
  e.args[1].kind = SyscallArg::Kind::Text;
  e.args[1].text = "0x7ffc0000";
  e.args[2].name = "count";
  e.args[2].number = 4096;
  e.return_value = i % 3 == 0 ? -9 : 4096;
  e.error = i % 3 == 0 ? 9 : 0;
  e.duration_ns = 1000 + i;
  return e;
}

// A signal delivered: an event the writer does not put in its batch.
SyscallEvent signal_event(std::uint64_t i) {
  SyscallEvent e;
  e.kind = EventKind::Signal;
  e.timestamp_ns = 1'763'790'000'000'000'000ULL + i;
  e.pid = e.tid = 42;
  e.comm = "cat";
  e.nr = -1;
  e.signal.signo = 17;
  return e;
}

// Each event's own line, as append_event_json() makes it.
std::string lines_of(const std::vector<SyscallEvent>& events) {
  std::string out;
  for (const auto& e : events) {
    append_event_json(out, e);
    out += '\n';
  }
  return out;
}

TEST(SyscallJsonlBatch, flush_writes_every_event_held_back_in_order) {
  std::vector<SyscallEvent> events;
  for (std::uint64_t i = 0; i < 10; ++i)
    events.push_back(i == 4 || i == 5 ? signal_event(i) : read_call(3, i));
  std::ostringstream out, notes;
  auto w = make_syscall_writer("jsonl", out, notes);
  ASSERT_TRUE(w.ok());
  for (const auto& e : events)
    (*w)->event(e);
  (*w)->flush();
  EXPECT_EQ(out.str(), lines_of(events));
  (*w)->event(read_call(4, 10));
  (*w)->flush();
  events.push_back(read_call(4, 10));
  EXPECT_EQ(out.str(), lines_of(events));
}

// More than the batch holds (64 KiB of events): the events written on the
// way and the rest at finish() are every event once, then the summary.
TEST(SyscallJsonlBatch,
     a_long_run_of_events_is_written_whole_before_the_summary) {
  std::vector<SyscallEvent> events;
  for (std::uint64_t i = 0; i < 3000; ++i)
    events.push_back(read_call(static_cast<int>(i % 7), i));
  std::ostringstream out, notes;
  auto w = make_syscall_writer("jsonl", out, notes);
  ASSERT_TRUE(w.ok());
  for (const auto& e : events)
    (*w)->event(e);
  EXPECT_GT(out.str().size(), 0u); // written on the way, not only at the end
  (*w)->finish(SyscallSummary{});
  const std::string text = out.str();
  const std::string want = lines_of(events);
  ASSERT_GT(text.size(), want.size());
  EXPECT_EQ(text.substr(0, want.size()), want);
  EXPECT_EQ(text.compare(want.size(), 11, "{\"summary\":"), 0);
}

TEST(SyscallJsonlBatch, a_writer_ended_without_finish_still_writes_its_events) {
  std::vector<SyscallEvent> events = {read_call(3, 1), read_call(3, 2)};
  std::ostringstream out, notes;
  {
    auto w = make_syscall_writer("jsonl", out, notes);
    ASSERT_TRUE(w.ok());
    for (const auto& e : events)
      (*w)->event(e);
  }
  EXPECT_EQ(out.str(), lines_of(events));
}

} // namespace
} // namespace sctrace::syscalls
