// `bpftrace --version` parsing: the versions sctrace supports, and text
// that must not give a version (issue 12, fuzz target bpftrace_version).
#include <gtest/gtest.h>

#include "gen/bpftrace_version.h"

namespace sctrace::gen {
namespace {

TEST(BpftraceVersion, reads_major_minor_and_optional_patch) {
  auto v = parse_bpftrace_version("bpftrace v0.23.2-1\n");
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v->text(), "0.23.2");
  auto two = parse_bpftrace_version("bpftrace v0.21");
  ASSERT_TRUE(two.ok());
  EXPECT_EQ(two->text(), "0.21.0");
}

TEST(BpftraceVersion, negative_and_overflowing_numbers_are_refused) {
  // sscanf("%d") took the signs, and its overflow was undefined.
  for (const char* text :
       {"bpftrace v-1.-2.-3", "bpftrace v99999999999.1.0", "bpftrace v0.",
        "bpftrace v+0.17.0", "bpftrace v 0.17.0"}) {
    auto v = parse_bpftrace_version(text);
    EXPECT_FALSE(v.ok()) << text << " gave " << v->text();
    if (!v.ok())
      EXPECT_EQ(v.error().kind, ErrorKind::Unsupported);
  }
}

} // namespace
} // namespace sctrace::gen
