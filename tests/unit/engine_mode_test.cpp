// engine::Mode and run_mode on the fake bpftrace: the program is asked for
// (once to validate, once for the run), events and maps reach the mode
// typed, the hooks run in order, and finish() sees the result once.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <csignal>
#include <string>
#include <vector>

#include "engine/mode.h"
#include "engine_fake.h"

namespace sctrace::engine {
namespace {

using ::testing::ElementsAre;
using testing::FakeBpftrace;

// Records every call; takes @hits, leaves the other maps to the result,
// and stops the trace (through the stop flag) once @hits has come.
class RecordingMode : public Mode {
public:
  explicit RecordingMode(bool fail_program = false)
      : fail_program_(fail_program) {}
  Result<gen::GeneratedProgram> program(const gen::KernelCatalog& catalog,
                                        const gen::GenOptions& g) override {
    calls.push_back("program");
    follow_roots.push_back(g.follow_root.value_or(-1));
    if (fail_program_)
      return make_error(ErrorKind::Invalid, "no program today");
    return gen::generate(testing::close_options().specs, catalog, g);
  }
  void on_event(const events::TraceEvent& e) override {
    ++events;
    comms.push_back(e.comm);
  }
  bool on_map(const events::MapRecord& m) override {
    maps.push_back(m.name);
    if (m.name != "@hits")
      return false;
    for (const auto& [key, value] : m.entries)
      if (const auto* n = events::as_int(value))
        hits += n->as_u64();
    stop = 1;
    return true;
  }
  void on_attached() override { calls.push_back("attached"); }
  void on_batch() override { ++batches; }
  void finish(const SessionResult& r, const Environment& env) override {
    calls.push_back("finish");
    finished_events = r.summary.total_events;
    finished_error = r.error.has_value();
    result_maps.clear();
    for (const auto& m : r.maps)
      result_maps.push_back(m.name);
    bpftrace = env.bpftrace;
  }

  volatile std::sig_atomic_t stop = 0;
  std::vector<std::string> calls, comms, maps, result_maps;
  std::vector<std::int64_t> follow_roots;
  std::uint64_t events = 0, hits = 0, finished_events = 0;
  int batches = 0;
  bool finished_error = false;
  std::string bpftrace;

private:
  bool fail_program_;
};

SessionOptions options_for(RecordingMode& mode) {
  SessionOptions o;
  o.stop_grace_seconds = 1;
  o.stop_flag = &mode.stop;
  return o;
}

const char* const kScript =
    "attach 1\nevents 3 worker\n"
    "line {\"type\": \"map\", \"data\": {\"@other\": 7}}\n"
    "line {\"type\": \"map\", \"data\": {\"@hits\": {\"a\": 2, \"b\": 5}}}\n"
    "wait\n";

TEST(Mode, run_mode_drives_program_events_maps_hooks_and_finish) {
  FakeBpftrace fake(kScript);
  RecordingMode mode;
  int user_attached = 0;
  SessionOptions o = options_for(mode);
  o.on_attached = [&] { ++user_attached; };
  SessionResult r = run_mode(mode, o, fake.environment(), fake.dependencies());
  EXPECT_FALSE(r.error) << r.error->message;
  // Validated, then made again for the run; attached; finished once.
  EXPECT_THAT(mode.calls,
              ElementsAre("program", "program", "attached", "finish"));
  EXPECT_EQ(user_attached, 1); // the options' hook runs after the mode's
  EXPECT_EQ(mode.events, 3u);
  EXPECT_THAT(mode.comms, ElementsAre("worker", "worker", "worker"));
  EXPECT_EQ(mode.hits, 7u); // typed: @hits's values summed
  EXPECT_GE(mode.batches, 1);
  EXPECT_EQ(mode.finished_events, 3u);
  EXPECT_FALSE(mode.finished_error);
  EXPECT_EQ(mode.bpftrace, fake.environment().bpftrace);
  // A map the mode took stays out of the result; one it left is kept.
  ASSERT_GE(mode.maps.size(), 2u);
  EXPECT_EQ(mode.maps[0], "@other");
  EXPECT_EQ(mode.maps[1], "@hits");
  EXPECT_THAT(mode.result_maps, ::testing::Contains("@other"));
  EXPECT_THAT(mode.result_maps, ::testing::Not(::testing::Contains("@hits")));
  EXPECT_EQ(r.summary.stop_reason, "interrupted");
  EXPECT_THAT(fake.program(), ::testing::HasSubstr("close"));
}

TEST(Mode, a_failing_program_ends_the_run_and_finish_still_runs_once) {
  FakeBpftrace fake(kScript);
  RecordingMode mode(/*fail_program=*/true);
  SessionResult r = run_mode(mode, options_for(mode), fake.environment(),
                             fake.dependencies());
  ASSERT_TRUE(r.error);
  EXPECT_THAT(r.error->message, ::testing::HasSubstr("no program today"));
  EXPECT_THAT(mode.calls, ElementsAre("program", "finish"));
  EXPECT_TRUE(mode.finished_error);
  EXPECT_EQ(mode.events, 0u);
}

TEST(Mode, output_failed_stops_the_trace_at_once) {
  struct FailingMode final : RecordingMode {
    bool output_failed() const override { return events > 0; }
  };
  FakeBpftrace fake("attach 1\nevents 2\nwait\n");
  FailingMode mode;
  SessionResult r = run_mode(mode, options_for(mode), fake.environment(),
                             fake.dependencies());
  EXPECT_EQ(r.summary.stop_reason, "output_failed");
  EXPECT_EQ(mode.calls.back(), "finish");
}

// bpftrace writes a stream of events one write each; the session lets
// them gather between its reads (engine/session_loop.cpp, kGatherNs), so
// each batch (one read, one on_batch) takes many of them. Without the
// pause the reader, faster than this writer, takes them one by one.
TEST(Mode, a_stream_of_single_events_is_read_in_batches_of_many) {
  FakeBpftrace fake("attach 1\ntrickle 2000 15\n"
                    "line {\"type\": \"map\", \"data\": {\"@hits\": 1}}\n"
                    "wait\n");
  RecordingMode mode;
  SessionResult r = run_mode(mode, options_for(mode), fake.environment(),
                             fake.dependencies());
  EXPECT_FALSE(r.error);
  EXPECT_EQ(mode.events, 2000u);
  EXPECT_LT(mode.batches * 4, 2000) << mode.batches << " batches";
}

TEST(Mode, bind_mode_makes_the_mode_the_generator) {
  RecordingMode mode;
  SessionOptions o = bind_mode(mode, SessionOptions{});
  ASSERT_TRUE(o.generator);
  FakeBpftrace fake(kScript);
  gen::TracefsCatalog catalog(fake.environment().tracefs);
  gen::GenOptions g;
  g.follow_root = 42;
  EXPECT_TRUE(o.generator(catalog, g).ok());
  EXPECT_THAT(mode.follow_roots, ElementsAre(42));
  ASSERT_TRUE(o.output_failed);
  EXPECT_FALSE(o.output_failed());
}

} // namespace
} // namespace sctrace::engine
