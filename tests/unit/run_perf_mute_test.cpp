// run/perf_mute.h without root: which names it takes, and its errors
// before it loads anything. tests/live/perf_mute_live_test.cpp shows its
// effect on the real kernel.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "run/perf_mute.h"
#include "temp_dir.h"

namespace sctrace::run {
namespace {

TEST(PerfMute, NothingToMuteLoadsNothing) {
  auto m = mute_tracepoints({}, "/nonexistent");
  ASSERT_TRUE(m.ok()) << m.error().message;
  EXPECT_TRUE(m->tracepoints().empty());
  // Wildcards and anything but CATEGORY:NAME are not one tracepoint.
  m = mute_tracepoints({"syscalls:*", "sched", ":x", "a:b/../c", "a:b c"},
                       "/nonexistent");
  ASSERT_TRUE(m.ok()) << m.error().message;
  EXPECT_TRUE(m->tracepoints().empty());
}

TEST(PerfMute, AnUnknownTracepointIsNamedInTheError) {
  test::TempDir dir;
  std::filesystem::create_directories(dir.path() + "/events/sched/x");
  std::ofstream(dir.path() + "/events/sched/x/id") << "not a number";
  for (const char* name : {"raw_syscalls:sys_nothing", "sched:x"}) {
    auto m = mute_tracepoints({name}, dir.path());
    ASSERT_FALSE(m.ok()) << name;
    EXPECT_EQ(m.error().kind, ErrorKind::NotFound);
    EXPECT_NE(m.error().message.find(name), std::string::npos)
        << m.error().message;
    EXPECT_NE(m.error().message.find("/id"), std::string::npos);
  }
}

} // namespace
} // namespace sctrace::run
