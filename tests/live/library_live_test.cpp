// The C++ library API against the real kernel: a spec from the fluent
// builder, run by engine::run_session, events to a callback.
#include <unistd.h>

#include <chrono>
#include <thread>

#include "live_util.h"
#include "spec/builder.h"
#include "spec/json.h"
#include "engine/session.h"

namespace sctrace::live {
namespace {

TEST(LiveLibrary, builder_spec_runs_for_its_own_duration) {
  SCTRACE_REQUIRE_LIVE();
  auto spec = spec::TraceSpecBuilder()
                  .Kprobe("__x64_sys_getppid") // resolves to the tracepoint
                  .Format("getppid by %d", {"$tgid"})
                  .Duration(2)
                  .Build();
  ASSERT_TRUE(spec.ok()) << spec.error().message;
  engine::SessionOptions opt;
  opt.specs = {*spec};
  opt.include_self = true; // this test process makes the calls
  int mine = 0;
  pid_t self = ::getpid();
  events::CallbackSink sink([&](const events::TraceEvent& e) {
    if (e.pid == static_cast<std::uint32_t>(self))
      ++mine;
  });
  std::thread caller([] {
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    for (int i = 0; i < 25; ++i)
      ::getppid();
  });
  auto t0 = std::chrono::steady_clock::now();
  engine::SessionResult r = engine::run_session(opt, sink);
  double secs =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0)
          .count();
  caller.join();
  ASSERT_FALSE(r.error) << r.error->message;
  EXPECT_EQ(r.summary.stop_reason, "duration");
  EXPECT_EQ(mine, 25);
  EXPECT_EQ(r.summary.events_dropped, 0u);
  EXPECT_GE(secs, 2.0);
  EXPECT_LT(secs, 30.0);
}

TEST(LiveLibrary, ebpf_programs_request_with_max_events) {
  SCTRACE_REQUIRE_LIVE();
  auto spec = spec::spec_from_ebpf_program(nlohmann::json::parse(R"({
    "name": "getppid_watch", "type": "tracepoint",
    "target": "syscalls:sys_enter_getppid", "duration": 30,
    "max_events": 5, "filters": {"process": "sctrace_workloa"}})"));
  ASSERT_TRUE(spec.ok()) << spec.error().message;
  engine::SessionOptions opt;
  opt.specs = {*spec};
  opt.command = {workload_bin(), "burst", "100"};
  int n = 0;
  events::CallbackSink sink([&](const events::TraceEvent&) { ++n; });
  engine::SessionResult r = engine::run_session(opt, sink);
  ASSERT_FALSE(r.error) << r.error->message;
  EXPECT_EQ(n, 5);
  EXPECT_EQ(r.summary.stop_reason, "max_events");
}

} // namespace
} // namespace sctrace::live
