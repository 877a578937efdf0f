// The session engine's phases, driven by a fake bpftrace: arming, drain
// rounds, loss accounting, bpftrace dying or stalling, the command, stop
// from another thread, deadlines and concurrent sessions.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sys/wait.h>

#include <csignal>
#include <thread>

#include "engine/background_session.h"
#include "engine_fake.h"

namespace sctrace::engine {
namespace {

using namespace std::chrono_literals;
using testing::CollectingSink;
using testing::FakeBpftrace;
using ::testing::HasSubstr;

double seconds_between(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double>(b - a).count();
}

// Stops the session from another thread once the sink holds n events.
std::thread stop_after(Session& s, const CollectingSink& sink,
                       std::uint64_t n) {
  return std::thread([&s, &sink, n] {
    auto until = std::chrono::steady_clock::now() + 20s;
    while (sink.count < n && std::chrono::steady_clock::now() < until)
      std::this_thread::sleep_for(5ms);
    s.stop();
  });
}

TEST(Session, stop_from_another_thread_drains_and_delivers_every_event) {
  FakeBpftrace fake("attach 1\nsleep 50\nevents 10\nwait\n");
  Session s(testing::close_options(), fake.environment(), fake.dependencies());
  CollectingSink sink;
  std::thread stopper = stop_after(s, sink, 10);
  SessionResult r = s.run(sink);
  stopper.join();
  EXPECT_FALSE(r.error) << r.error->message;
  EXPECT_EQ(sink.count, 10u);
  EXPECT_EQ(r.summary.total_events, 10u);
  EXPECT_EQ(r.summary.events_dropped, 0u);
  EXPECT_TRUE(r.summary.drained);
  EXPECT_EQ(r.summary.stop_reason, "interrupted");
  EXPECT_EQ(r.summary.bpftrace_exit_code, 0);
  // One arming round and one drain round, each on both CPUs; a CPU whose
  // marker is late by 500 ms (a loaded machine) is asked again.
  EXPECT_GE(fake.trigger().fired(), 4);
}

TEST(Session, program_answers_only_this_sessions_marker_token) {
  FakeBpftrace fake("attach 1\nwait\n");
  // Stopped once attached, not before run(): a SIGINT sent while the fake
  // is still starting (its wrapper shell, its loader: more than the first
  // 50 ms poll on a loaded machine) kills it before it copies the program.
  SessionOptions o = testing::close_options();
  Session* self = nullptr;
  o.on_attached = [&self] { self->stop(); };
  Session s(o, fake.environment(), fake.dependencies());
  self = &s;
  CollectingSink sink;
  SessionResult r = s.run(sink);
  EXPECT_FALSE(r.error) << r.error->message;
  EXPECT_THAT(fake.program(),
              HasSubstr("((uint64)args->unused >> 32) == " +
                        std::to_string(s.marker_token()) + "/"));
  Session other(testing::close_options(), fake.environment());
  EXPECT_NE(other.marker_token(), s.marker_token());
}

TEST(Session, sequence_gaps_are_counted_as_dropped) {
  FakeBpftrace fake("attach 1\nevents 10\nlose 0 5\nlose 1 2\nevents 10\n"
                    "wait\n");
  Session s(testing::close_options(), fake.environment(), fake.dependencies());
  CollectingSink sink;
  std::thread stopper = stop_after(s, sink, 20);
  SessionResult r = s.run(sink);
  stopper.join();
  EXPECT_EQ(r.summary.total_events, 20u);
  EXPECT_EQ(r.summary.events_dropped, 7u);
  EXPECT_TRUE(r.summary.drained);
  EXPECT_TRUE(r.summary.loss_exact);
}

// A session on the fake running SCRIPT with a command: when it was
// armed (on_attached, s after the start) and whether the command had run
// by then.
struct Armed {
  SessionResult result;
  double after = -1;
  bool ran_before = true;
  bool ran = false;
};

Armed run_armed(const std::string& script) {
  FakeBpftrace fake(script);
  SessionOptions o = testing::close_options();
  std::string flag = fake.dir() + "/command-ran";
  o.command = {"/bin/sh", "-c", "echo > '" + flag + "'"};
  auto start = std::chrono::steady_clock::now();
  Armed a;
  o.on_attached = [&] {
    a.after = seconds_between(start, std::chrono::steady_clock::now());
    a.ran_before = std::filesystem::exists(flag);
  };
  Session s(o, fake.environment(), fake.dependencies());
  CollectingSink sink;
  a.result = s.run(sink);
  a.ran = std::filesystem::exists(flag);
  return a;
}

TEST(Session, command_starts_only_once_the_arming_markers_are_back) {
  // The fake answers no marker for 600 ms: the first round is re-fired
  // and answered then.
  Armed a = run_armed("attach 1\nmute\nsleep 600\nunmute\nwait\n");
  EXPECT_FALSE(a.result.error) << a.result.error->message;
  EXPECT_GE(a.after, 0.5);
  EXPECT_FALSE(a.ran_before);
  EXPECT_TRUE(a.ran);
  EXPECT_EQ(a.result.summary.stop_reason, "command_exited");
  EXPECT_EQ(a.result.summary.command_exit_code, 0);
  EXPECT_TRUE(a.result.summary.drained);
}

// The probe that answers markers is attached last, so the markers fired
// when bpftrace reports attached_probes are lost; arming fires them again
// at its own pace (kArmRefire), not the drain's 500 ms.
TEST(Session, arming_fires_again_soon_after_lost_markers) {
  Armed a = run_armed("attach 1\nattaching 100\nwait\n");
  EXPECT_FALSE(a.result.error) << a.result.error->message;
  EXPECT_GE(a.after, 0.1);
  EXPECT_LT(a.after, 0.4); // the drain's pace would be 0.5 s or more
  EXPECT_FALSE(a.ran_before);
  EXPECT_TRUE(a.ran);
  EXPECT_EQ(a.result.summary.stop_reason, "command_exited");
  EXPECT_TRUE(a.result.summary.drained);
}

// bpftrace 0.17 attaching hundreds of probes on a loaded machine stays
// silent for longer than one marker round may wait (5 idle rounds); the
// command must still wait, or it runs before its probes are live.
TEST(SessionCommand, command_waits_for_a_marker_however_long_attaching_takes) {
  // 10x clock: 5 idle rounds are 0.25 s; the fake answers after 1.5 s.
  FakeBpftrace fake("attach 1\nmute\nsleep 1500\nunmute\nwait\n");
  SessionOptions o = testing::close_options();
  std::string flag = fake.dir() + "/command-ran";
  o.command = {"/bin/sh", "-c", "echo > '" + flag + "'"};
  bool ran_before_attach = true;
  o.on_attached = [&] { ran_before_attach = std::filesystem::exists(flag); };
  auto start = std::chrono::steady_clock::now();
  Session s(o, fake.environment(),
            fake.dependencies(std::make_shared<testing::FastClock>(10)));
  CollectingSink sink;
  SessionResult r = s.run(sink);
  EXPECT_FALSE(r.error) << r.error->message;
  EXPECT_GE(seconds_between(start, std::chrono::steady_clock::now()), 1.4);
  EXPECT_FALSE(ran_before_attach);
  EXPECT_TRUE(std::filesystem::exists(flag));
  EXPECT_EQ(r.summary.stop_reason, "command_exited");
  EXPECT_EQ(r.summary.command_exit_code, 0);
}

// A probe that fails to attach after the others (the kernel's 64 programs
// per tracepoint, "Argument list too long") ends bpftrace during arming:
// the command never runs, and has no exit status.
TEST(SessionCommand,
     bpftrace_failing_while_attaching_never_starts_the_command) {
  FakeBpftrace fake("attach 1\nmute\nsleep 800\n"
                    "stderr ioctl(PERF_EVENT_IOC_SET_BPF): Argument list too "
                    "long\nexit 255\n");
  SessionOptions o = testing::close_options();
  std::string flag = fake.dir() + "/command-ran";
  o.command = {"/bin/sh", "-c", "echo > '" + flag + "'"};
  Session s(o, fake.environment(),
            fake.dependencies(std::make_shared<testing::FastClock>(10)));
  CollectingSink sink;
  SessionResult r = s.run(sink);
  ASSERT_TRUE(r.error);
  EXPECT_THAT(r.error->message, HasSubstr("Argument list too long"));
  EXPECT_FALSE(std::filesystem::exists(flag));
  EXPECT_EQ(r.summary.stop_reason, "bpftrace_exited");
  EXPECT_TRUE(r.summary.command_not_started);
  EXPECT_FALSE(r.summary.command_exit_code);
}

// Ctrl-C while bpftrace is still attaching ends the wait: nothing to drain.
TEST(SessionCommand, stop_while_attaching_ends_without_starting_the_command) {
  FakeBpftrace fake("attach 1\nmute\nwait\n");
  SessionOptions o = testing::close_options();
  std::string flag = fake.dir() + "/command-ran";
  o.command = {"/bin/sh", "-c", "echo > '" + flag + "'"};
  Session s(o, fake.environment(),
            fake.dependencies(std::make_shared<testing::FastClock>(10)));
  std::thread stopper([&s] {
    std::this_thread::sleep_for(300ms);
    s.stop();
  });
  CollectingSink sink;
  SessionResult r = s.run(sink);
  stopper.join();
  EXPECT_FALSE(std::filesystem::exists(flag));
  EXPECT_EQ(r.summary.stop_reason, "interrupted");
  EXPECT_TRUE(r.summary.command_not_started);
  EXPECT_FALSE(r.summary.drained);
}

TEST(Session, command_exit_code_is_kept) {
  FakeBpftrace fake("attach 1\nwait\n");
  SessionOptions o = testing::close_options();
  o.command = {"/bin/sh", "-c", "exit 7"};
  Session s(o, fake.environment(), fake.dependencies());
  CollectingSink sink;
  SessionResult r = s.run(sink);
  EXPECT_EQ(r.summary.stop_reason, "command_exited");
  EXPECT_EQ(r.summary.command_exit_code, 7);
}

TEST(Session, bpftrace_killed_mid_trace_keeps_the_events_and_says_so) {
  FakeBpftrace fake("attach 1\nsleep 50\nevents 6\nsleep 50\ndie 9\n");
  Session s(testing::close_options(), fake.environment(), fake.dependencies());
  CollectingSink sink;
  SessionResult r = s.run(sink);
  ASSERT_TRUE(r.error);
  EXPECT_EQ(r.error->kind, ErrorKind::Child);
  EXPECT_THAT(r.error->message, HasSubstr("killed by signal 9"));
  EXPECT_THAT(r.error->message, HasSubstr("after 6 events"));
  EXPECT_EQ(r.summary.total_events, 6u);
  EXPECT_EQ(r.summary.stop_reason, "bpftrace_exited");
  EXPECT_EQ(r.summary.bpftrace_signal, SIGKILL);
}

// bpftrace killed with events still queued (issue 12, case 5): the loss
// seen from the sequence gaps is a lower bound, not the loss.
TEST(Session, bpftrace_killed_before_the_drain_makes_the_loss_inexact) {
  FakeBpftrace fake("attach 1\nsleep 50\nevents 4\nlose 0 3\nevents 4\n"
                    "lose 1 5\nsleep 50\ndie 9\n");
  Session s(testing::close_options(), fake.environment(), fake.dependencies());
  CollectingSink sink;
  SessionResult r = s.run(sink);
  EXPECT_EQ(r.summary.total_events, 8u);
  EXPECT_EQ(r.summary.events_dropped, 3u); // cpu 1's 5 were never seen
  EXPECT_FALSE(r.summary.loss_exact);
  EXPECT_FALSE(r.summary.drained);
}

TEST(Session, bpftrace_failing_to_start_reports_its_own_message) {
  FakeBpftrace fake("stderr ERROR: Could not resolve symbol: nope\nexit 1\n");
  Session s(testing::close_options(), fake.environment(), fake.dependencies());
  CollectingSink sink;
  SessionResult r = s.run(sink);
  ASSERT_TRUE(r.error);
  EXPECT_THAT(r.error->message, HasSubstr("Could not resolve symbol: nope"));
  EXPECT_EQ(r.summary.stop_reason, "bpftrace_exited");
  EXPECT_EQ(r.summary.total_events, 0u);
}

TEST(Session, a_bpftrace_deaf_to_sigint_gets_sigterm_after_the_grace) {
  FakeBpftrace fake("attach 1\ndeaf\nwait\n");
  SessionOptions o = testing::close_options();
  o.stop_grace_seconds = 0.3;
  // Stopped once attached (so the fake has run `deaf`), not before run():
  // a SIGINT that lands before the fake installs its handler kills it with
  // SIGINT, which is what a loaded machine does to a stop() before run().
  Session* self = nullptr;
  o.on_attached = [&self] { self->stop(); };
  Session s(o, fake.environment(), fake.dependencies());
  self = &s;
  CollectingSink sink;
  auto start = std::chrono::steady_clock::now();
  SessionResult r = s.run(sink);
  double took = seconds_between(start, std::chrono::steady_clock::now());
  EXPECT_EQ(r.summary.bpftrace_signal, SIGTERM);
  EXPECT_EQ(r.summary.stop_reason, "interrupted");
  EXPECT_LT(took, 5.0);
}

TEST(Session, drain_gives_up_when_markers_never_come_and_says_so) {
  FakeBpftrace fake("attach 1\nsleep 100\nevents 4\nmute\nwait\n");
  SessionOptions o = testing::close_options();
  // Five idle 500 ms rounds end a drain; a 10x clock makes that 0.25 s.
  Session s(o, fake.environment(),
            fake.dependencies(std::make_shared<testing::FastClock>(10)));
  CollectingSink sink;
  std::thread stopper = stop_after(s, sink, 4);
  SessionResult r = s.run(sink);
  stopper.join();
  EXPECT_FALSE(r.summary.drained);
  EXPECT_EQ(r.summary.total_events, 4u);
  EXPECT_EQ(r.summary.stop_reason, "interrupted");
  // Its per-CPU counts at exit still make the loss exact.
  EXPECT_TRUE(r.summary.loss_exact);
}

TEST(Session, attach_deadline_ends_a_bpftrace_that_never_attaches) {
  FakeBpftrace fake("wait\n");
  // 120 s of the session's clock pass in about 0.2 s.
  Session s(testing::close_options(), fake.environment(),
            fake.dependencies(std::make_shared<testing::FastClock>(600)));
  CollectingSink sink;
  SessionResult r = s.run(sink);
  ASSERT_TRUE(r.error);
  EXPECT_THAT(r.error->message, HasSubstr("did not attach its probes"));
  EXPECT_EQ(r.summary.stop_reason, "attach_timeout");
}

TEST(Session, duration_ends_the_trace_drained) {
  FakeBpftrace fake("attach 1\nevents 3\nwait\n");
  SessionOptions o = testing::close_options();
  o.duration_seconds = 0.3;
  Session s(o, fake.environment(), fake.dependencies());
  CollectingSink sink;
  auto start = std::chrono::steady_clock::now();
  SessionResult r = s.run(sink);
  double took = seconds_between(start, std::chrono::steady_clock::now());
  EXPECT_EQ(r.summary.stop_reason, "duration");
  EXPECT_TRUE(r.summary.drained);
  EXPECT_EQ(r.summary.total_events, 3u);
  EXPECT_GE(took, 0.3);
  EXPECT_LT(took, 5.0);
}

TEST(Session, max_events_stops_after_exactly_that_many) {
  FakeBpftrace fake("attach 1\nsleep 50\nevents 10\nwait\n");
  SessionOptions o = testing::close_options();
  o.max_events = 5;
  Session s(o, fake.environment(), fake.dependencies());
  CollectingSink sink;
  SessionResult r = s.run(sink);
  EXPECT_EQ(sink.count, 5u);
  EXPECT_EQ(r.summary.total_events, 5u);
  EXPECT_EQ(r.summary.stop_reason, "max_events");
}

// A stop without a drain (max_events, output failure) or bpftrace dying
// under the session must not be reported as drained: the arming round's
// markers say nothing about the end of the trace (the old engine reset its
// Drainer once armed).
TEST(Session, max_events_stop_is_not_reported_as_drained) {
  FakeBpftrace fake("attach 1\nsleep 50\nevents 10\nwait\n");
  SessionOptions o = testing::close_options();
  o.max_events = 5;
  Session s(o, fake.environment(), fake.dependencies());
  CollectingSink sink;
  SessionResult r = s.run(sink);
  EXPECT_EQ(r.summary.stop_reason, "max_events");
  EXPECT_FALSE(r.summary.drained);
}

TEST(Session, output_failure_stop_is_not_reported_as_drained) {
  FakeBpftrace fake("attach 1\nsleep 50\nevents 4\nwait\n");
  SessionOptions o = testing::close_options();
  CollectingSink sink;
  o.output_failed = [&sink] { return sink.count >= 4; };
  Session s(o, fake.environment(), fake.dependencies());
  SessionResult r = s.run(sink);
  EXPECT_EQ(r.summary.stop_reason, "output_failed");
  EXPECT_FALSE(r.summary.drained);
}

TEST(Session, bpftrace_dying_mid_trace_is_not_reported_as_drained) {
  FakeBpftrace fake("attach 1\nsleep 50\nevents 6\nsleep 50\ndie 9\n");
  Session s(testing::close_options(), fake.environment(), fake.dependencies());
  CollectingSink sink;
  SessionResult r = s.run(sink);
  EXPECT_EQ(r.summary.stop_reason, "bpftrace_exited");
  EXPECT_FALSE(r.summary.drained);
}

TEST(Session, stop_before_attach_needs_no_drain) {
  FakeBpftrace fake("sleep 200\nattach 1\nwait\n");
  Session s(testing::close_options(), fake.environment(), fake.dependencies());
  s.stop();
  CollectingSink sink;
  SessionResult r = s.run(sink);
  EXPECT_EQ(r.summary.stop_reason, "interrupted");
  EXPECT_FALSE(r.summary.drained);
  EXPECT_TRUE(r.summary.loss_exact); // nothing was attached to lose
  EXPECT_EQ(fake.trigger().fired(), 0);
}

TEST(Session, target_exit_ends_the_trace) {
  FakeBpftrace fake("attach 1\nwait\n");
  pid_t child = ::fork();
  if (child == 0) {
    ::usleep(300'000);
    ::_exit(0);
  }
  SessionOptions o = testing::close_options();
  o.target_pids = {child};
  Session s(o, fake.environment(), fake.dependencies());
  CollectingSink sink;
  SessionResult r = s.run(sink);
  ::waitpid(child, nullptr, 0);
  EXPECT_FALSE(r.error) << r.error->message;
  EXPECT_EQ(r.summary.stop_reason, "target_exited");
}

TEST(Session, missing_target_is_refused_before_bpftrace_starts) {
  FakeBpftrace fake("attach 1\nwait\n");
  SessionOptions o = testing::close_options();
  o.target_pids = {999'999'999};
  Session s(o, fake.environment(), fake.dependencies());
  CollectingSink sink;
  SessionResult r = s.run(sink);
  ASSERT_TRUE(r.error);
  EXPECT_EQ(r.error->kind, ErrorKind::NotFound);
  EXPECT_FALSE(std::filesystem::exists(fake.dir() + "/program.bt"));
}

TEST(Session, concurrent_sessions_each_count_only_their_own) {
  const std::vector<int> sizes = {100, 2000, 30000};
  std::vector<std::unique_ptr<FakeBpftrace>> fakes;
  std::vector<std::unique_ptr<Session>> sessions;
  std::vector<CollectingSink> sinks(sizes.size());
  std::vector<SessionResult> results(sizes.size());
  for (int n : sizes) {
    fakes.push_back(std::make_unique<FakeBpftrace>(
        "attach 1\nsleep 20\nevents " + std::to_string(n) + "\nwait\n"));
    sessions.push_back(std::make_unique<Session>(testing::close_options(),
                                                 fakes.back()->environment(),
                                                 fakes.back()->dependencies()));
  }
  std::vector<std::thread> threads, stoppers;
  for (std::size_t i = 0; i < sizes.size(); ++i) {
    threads.emplace_back([&, i] { results[i] = sessions[i]->run(sinks[i]); });
    stoppers.push_back(stop_after(*sessions[i], sinks[i], sizes[i]));
  }
  for (auto& t : threads)
    t.join();
  for (auto& t : stoppers)
    t.join();
  for (std::size_t i = 0; i < sizes.size(); ++i) {
    EXPECT_EQ(results[i].summary.total_events, sizes[i]) << i;
    EXPECT_EQ(results[i].summary.events_dropped, 0u) << i;
    EXPECT_TRUE(results[i].summary.drained) << i;
  }
}

} // namespace
} // namespace sctrace::engine

namespace sctrace::engine {
namespace {

using namespace std::chrono_literals;

TEST(BackgroundSession, events_are_pulled_in_order_until_the_end) {
  testing::FakeBpftrace fake("attach 1\nsleep 20\nevents 500 puller\n"
                             "sleep 20\nexit 0\n");
  BackgroundSession bg(testing::close_options(), fake.environment(),
                       fake.dependencies());
  std::uint64_t n = 0, last_ns = 0;
  while (!bg.finished())
    if (auto e = bg.next(100ms)) {
      EXPECT_EQ(e->comm, "puller");
      // The fake stamps its events as it prints them, in order.
      EXPECT_GE(e->monotonic_ns, last_ns) << "event " << n;
      last_ns = e->monotonic_ns;
      ++n;
    }
  EXPECT_EQ(n, 500u);
  EXPECT_EQ(bg.result().summary.total_events, 500u);
  EXPECT_EQ(bg.discarded(), 0u);
}

TEST(BackgroundSession, a_full_queue_waits_for_the_reader_and_loses_nothing) {
  testing::FakeBpftrace fake("attach 1\nsleep 20\nevents 2000\nwait\n");
  BackgroundSession bg(testing::close_options(), fake.environment(),
                       fake.dependencies(), 16);
  std::uint64_t n = 0;
  while (n < 2000) {
    auto e = bg.next(5s);
    ASSERT_TRUE(e) << "after " << n;
    ++n;
    if (n % 100 == 0)
      std::this_thread::sleep_for(1ms); // a slow reader
  }
  bg.stop();
  EXPECT_FALSE(bg.next(10ms));
  const SessionResult& r = bg.result();
  EXPECT_EQ(r.summary.total_events, 2000u);
  EXPECT_EQ(r.summary.events_dropped, 0u);
  EXPECT_EQ(r.summary.stop_reason, "interrupted");
  EXPECT_EQ(bg.discarded(), 0u);
}

TEST(BackgroundSession, stop_with_a_reader_gone_discards_and_counts) {
  testing::FakeBpftrace fake("attach 1\nsleep 20\nevents 100\nwait\n");
  // Nobody reads: once the 11th event line was read the session waits in
  // push() with a full queue. (Not a fixed sleep: on a loaded machine the
  // session may not even be attached after 300 ms.)
  SessionOptions o = testing::close_options();
  auto event_lines = std::make_shared<std::atomic<int>>(0);
  o.on_raw_line = [event_lines](std::string_view l) {
    if (l.find("\"data\": [0,") != std::string_view::npos)
      ++*event_lines;
  };
  auto bg = std::make_unique<BackgroundSession>(o, fake.environment(),
                                                fake.dependencies(), 10);
  auto until = std::chrono::steady_clock::now() + 20s;
  while (*event_lines < 11 && std::chrono::steady_clock::now() < until)
    std::this_thread::sleep_for(5ms);
  ASSERT_GE(*event_lines, 11);
  bg->stop();
  const SessionResult& r = bg->result();
  // The fake stamps its events as it prints them: on a loaded machine a
  // few may be stamped after the stop (held back, not delivered).
  EXPECT_EQ(r.summary.total_events + r.summary.events_after_stop, 100u);
  EXPECT_EQ(bg->discarded(), r.summary.total_events - 10);
}

} // namespace
} // namespace sctrace::engine

namespace sctrace::engine {
namespace {

using namespace std::chrono_literals;

// The options' stop flag (a SIGINT handler's) stops a BackgroundSession as
// stop() does, also while the session waits for a reader that stopped
// reading: Ctrl-C must not hang until somebody reads.
TEST(BackgroundSession, the_stop_flag_ends_a_wait_on_a_full_queue) {
  testing::FakeBpftrace fake("attach 1\nsleep 20\nevents 100\nwait\n");
  static volatile std::sig_atomic_t flag = 0;
  flag = 0;
  SessionOptions o = testing::close_options();
  o.stop_flag = &flag;
  auto event_lines = std::make_shared<std::atomic<int>>(0);
  o.on_raw_line = [event_lines](std::string_view l) {
    if (l.find("\"data\": [0,") != std::string_view::npos)
      ++*event_lines;
  };
  BackgroundSession bg(o, fake.environment(), fake.dependencies(), 10);
  auto until = std::chrono::steady_clock::now() + 20s;
  while (*event_lines < 11 && std::chrono::steady_clock::now() < until)
    std::this_thread::sleep_for(5ms);
  ASSERT_GE(*event_lines, 11); // the session waits in push()
  flag = 1;
  std::atomic<bool> ended{false};
  std::thread waiter([&] {
    (void)bg.result();
    ended = true;
  });
  until = std::chrono::steady_clock::now() + 10s;
  while (!ended && std::chrono::steady_clock::now() < until)
    std::this_thread::sleep_for(10ms);
  const bool ended_by_flag = ended;
  bg.stop();     // lets a session that ignored the flag end, so the test does
  waiter.join(); // not hang
  EXPECT_TRUE(ended_by_flag);
  EXPECT_EQ(bg.result().summary.stop_reason, "interrupted");
}

} // namespace
} // namespace sctrace::engine

namespace sctrace::engine {
namespace {

using namespace std::chrono_literals;
using testing::CollectingSink;
using testing::FakeBpftrace;
using ::testing::HasSubstr;
using ::testing::Not;

double seconds_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t)
      .count();
}

// Waits up to 20 s for path to exist.
bool wait_for_file(const std::string& path) {
  auto until = std::chrono::steady_clock::now() + 20s;
  while (!std::filesystem::exists(path) &&
         std::chrono::steady_clock::now() < until)
    std::this_thread::sleep_for(5ms);
  return std::filesystem::exists(path);
}

// A command that ignores SIGTERM and says so by creating `ready`.
std::vector<std::string> sigterm_ignoring_command(const std::string& ready) {
  return {"/bin/sh", "-c", "trap '' TERM; : > '" + ready + "'; exec sleep 30"};
}

TEST(SessionStderr, bpftrace_dying_mid_trace_error_ends_with_its_last_lines) {
  FakeBpftrace fake("attach 1\nsleep 50\nevents 2\nsleep 50\n"
                    "stderr FATAL: open(\"/dev/null\"): Too many open files\n"
                    "sleep 50\ndie 6\n");
  Session s(testing::close_options(), fake.environment(), fake.dependencies());
  CollectingSink sink;
  SessionResult r = s.run(sink);
  ASSERT_TRUE(r.error);
  EXPECT_THAT(r.error->message, HasSubstr("killed by signal 6"));
  EXPECT_THAT(r.error->message, HasSubstr("after 2 events"));
  EXPECT_THAT(r.error->message,
              HasSubstr("bpftrace said:\n  FATAL: open(\"/dev/null\"): Too "
                        "many open files"));
  EXPECT_EQ(r.summary.total_events, 2u);
}

TEST(SessionStderr, bpftrace_killed_before_attaching_reports_its_own_reason) {
  FakeBpftrace fake("stderr FATAL: open(\"/dev/null\"): Too many open files\n"
                    "sleep 50\ndie 6\n");
  Session s(testing::close_options(), fake.environment(), fake.dependencies());
  CollectingSink sink;
  SessionResult r = s.run(sink);
  ASSERT_TRUE(r.error);
  EXPECT_THAT(r.error->message, HasSubstr("killed by signal 6"));
  EXPECT_THAT(r.error->message, HasSubstr("Too many open files"));
  EXPECT_THAT(r.error->message, HasSubstr("ulimit -n"));
  EXPECT_EQ(r.summary.stop_reason, "bpftrace_exited");
}

// bpftrace reads its program from a pipe while the session writes it
// (run/pipe_write.h): one that exits before reading (a wrapper that
// fails) may close the pipe under the write. Either way the error is the
// failed start's, with what it said, never the pipe's.
TEST(SessionStderr, bpftrace_exiting_before_reading_its_program_says_why) {
  FakeBpftrace fake("attach 1\nwait\n");
  std::ofstream(fake.dir() + "/bpftrace")
      << "#!/bin/sh\necho 'chroot: cannot change root directory' >&2\n"
         "exit 3\n";
  for (int round = 0; round < 5; ++round) {
    Session s(testing::close_options(), fake.environment(),
              fake.dependencies());
    CollectingSink sink;
    SessionResult r = s.run(sink);
    ASSERT_TRUE(r.error);
    EXPECT_THAT(r.error->message, HasSubstr("exit code 3"));
    EXPECT_THAT(r.error->message,
                HasSubstr("bpftrace said:\nchroot: cannot change root"));
    EXPECT_THAT(r.error->message, Not(HasSubstr("pipe")));
  }
}

TEST(SessionStderr, tail_is_bounded_and_terminal_safe) {
  std::string script = "attach 1\nsleep 50\n";
  for (int i = 1; i <= 30; ++i)
    script += "stderr line " + std::to_string(i) + "\n";
  script += "stderr \x1b]0;title\x07 \xe2\x80\xae evil\nsleep 50\nexit 3\n";
  FakeBpftrace fake(script);
  Session s(testing::close_options(), fake.environment(), fake.dependencies());
  CollectingSink sink;
  SessionResult r = s.run(sink);
  ASSERT_TRUE(r.error);
  const std::string& m = r.error->message;
  EXPECT_THAT(m, HasSubstr("exit code 3"));
  EXPECT_THAT(m, HasSubstr("  line 30\n"));
  EXPECT_THAT(m, HasSubstr("  line 22\n"));
  EXPECT_THAT(m, Not(HasSubstr("line 21\n"))); // the last 10 lines only
  EXPECT_THAT(m, HasSubstr("\\x1b]0;title\\x07 \\u202e evil"));
  EXPECT_EQ(m.find('\x1b'), std::string::npos);
  EXPECT_EQ(m.find("\xe2\x80\xae"), std::string::npos);
}

TEST(SessionCommand, a_command_ignoring_sigterm_gets_sigkill_after_the_grace) {
  FakeBpftrace fake("attach 1\nwait\n");
  SessionOptions o = testing::close_options();
  const std::string ready = fake.dir() + "/ready";
  o.command = sigterm_ignoring_command(ready);
  o.command_kill_grace_seconds = 0.5;
  Session s(o, fake.environment(), fake.dependencies());
  std::chrono::steady_clock::time_point stopped{};
  std::thread stopper([&] {
    wait_for_file(ready);
    stopped = std::chrono::steady_clock::now();
    s.stop();
  });
  CollectingSink sink;
  SessionResult r = s.run(sink);
  auto ended = std::chrono::steady_clock::now();
  stopper.join();
  // A drain, bpftrace's exit, 0.5 s of grace; not the command's 30 s.
  EXPECT_LT(std::chrono::duration<double>(ended - stopped).count(), 10.0);
  EXPECT_FALSE(r.error) << r.error->message;
  EXPECT_EQ(r.summary.stop_reason, "interrupted");
  EXPECT_EQ(r.summary.command_exit_code, 128 + SIGKILL);
}

TEST(SessionCommand, the_trace_ends_within_the_grace_after_the_duration) {
  FakeBpftrace fake("attach 1\nwait\n");
  SessionOptions o = testing::close_options();
  const std::string ready = fake.dir() + "/ready";
  o.command = sigterm_ignoring_command(ready);
  o.duration_seconds = 0.5;
  o.command_kill_grace_seconds = 0.5;
  Session s(o, fake.environment(), fake.dependencies());
  CollectingSink sink;
  auto start = std::chrono::steady_clock::now();
  SessionResult r = s.run(sink);
  // 0.5 s of trace, a drain, bpftrace's exit, 0.5 s of grace: far from
  // the command's 30 s even on a loaded machine.
  EXPECT_LT(seconds_since(start), 10.0);
  EXPECT_EQ(r.summary.stop_reason, "duration");
  EXPECT_EQ(r.summary.command_exit_code, 128 + SIGKILL);
}

TEST(SessionStop, a_second_stop_kills_bpftrace_at_once_and_keeps_the_events) {
  // Deaf to SIGINT: without the second stop the session would wait the
  // whole 60 s grace before SIGTERM.
  FakeBpftrace fake("attach 1\nsleep 50\nevents 3\ndeaf\nwait\n");
  SessionOptions o = testing::close_options();
  o.stop_grace_seconds = 60;
  static volatile std::sig_atomic_t flag = 0;
  flag = 0;
  o.stop_flag = &flag;
  Session s(o, fake.environment(), fake.dependencies());
  CollectingSink sink;
  std::chrono::steady_clock::time_point second{};
  std::thread signals([&] {
    auto until = std::chrono::steady_clock::now() + 20s;
    while (sink.count < 3 && std::chrono::steady_clock::now() < until)
      std::this_thread::sleep_for(5ms);
    flag = 1; // Ctrl-C
    std::this_thread::sleep_for(1s);
    second = std::chrono::steady_clock::now();
    flag = 2; // Ctrl-C again
  });
  SessionResult r = s.run(sink);
  auto ended = std::chrono::steady_clock::now();
  signals.join();
  double after_second = std::chrono::duration<double>(ended - second).count();
  EXPECT_LT(after_second, 3.0);
  EXPECT_EQ(r.summary.stop_reason, "interrupted");
  EXPECT_EQ(r.summary.total_events, 3u);
  EXPECT_EQ(r.summary.bpftrace_signal, SIGKILL);
  EXPECT_FALSE(r.error) << r.error->message;
}

TEST(SessionStop, a_stop_while_the_command_ignores_sigterm_kills_it_at_once) {
  FakeBpftrace fake("attach 1\nwait\n");
  SessionOptions o = testing::close_options();
  const std::string ready = fake.dir() + "/ready";
  o.command = sigterm_ignoring_command(ready);
  o.command_kill_grace_seconds = 60;
  Session s(o, fake.environment(), fake.dependencies());
  std::chrono::steady_clock::time_point second{};
  std::thread stopper([&] {
    wait_for_file(ready);
    s.stop();
    std::this_thread::sleep_for(1s); // the session waits for the command
    second = std::chrono::steady_clock::now();
    s.stop();
  });
  CollectingSink sink;
  SessionResult r = s.run(sink);
  auto ended = std::chrono::steady_clock::now();
  stopper.join();
  double after_second = std::chrono::duration<double>(ended - second).count();
  EXPECT_LT(after_second, 3.0);
  EXPECT_EQ(r.summary.stop_reason, "interrupted");
  EXPECT_EQ(r.summary.command_exit_code, 128 + SIGKILL);
}

} // namespace
} // namespace sctrace::engine
