// run/version_cache.h on the real bpftrace: the version find_bpftrace
// records is what `bpftrace --version` says now, and the compat label's
// wrapper (a script that runs the chroot's bpftrace) is never recorded.
#include <gtest/gtest.h>

#include <chrono>

#include "live_util.h"
#include "run/bpftrace.h"
#include "run/version_cache.h"

namespace sctrace::live {
namespace {

TEST(LiveVersionCache, the_recorded_version_is_what_bpftrace_says) {
  SCTRACE_REQUIRE_LIVE();
  auto found = run::find_bpftrace(); // records the version, or reads it
  ASSERT_TRUE(found.ok()) << found.error().message;
  auto fresh = run::bpftrace_version(found->path, std::chrono::seconds(30));
  ASSERT_TRUE(fresh.ok()) << fresh.error().message;
  EXPECT_EQ(found->version.text(), fresh->text());
  auto key = run::executable_key(found->path);
  if (compat_mode()) {
    EXPECT_FALSE(key.has_value()) << found->path << " is a script";
    return;
  }
  ASSERT_TRUE(key.has_value()) << found->path << " is not an ELF file";
  auto recorded = run::VersionCache().lookup(*key);
  ASSERT_TRUE(recorded.has_value())
      << "no record of " << found->path << " in " << run::kVersionCacheDir;
  EXPECT_EQ(recorded->text(), fresh->text());
}

} // namespace
} // namespace sctrace::live
