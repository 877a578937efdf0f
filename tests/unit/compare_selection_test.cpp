#include "modes/compare/selection.h"

#include <gtest/gtest.h>

namespace sctrace::compare {
namespace {

TEST(Selection, names_and_classes_pass_as_they_are) {
  EXPECT_EQ(strace_trace_expression("openat,close"), "openat,close");
  EXPECT_EQ(strace_trace_expression("trace=%file,%network"), "%file,%network");
  EXPECT_EQ(strace_trace_expression("!openat"), "!openat");
  EXPECT_EQ(strace_trace_expression("all"), "all");
}

TEST(Selection, globs_become_anchored_regexes) {
  EXPECT_EQ(strace_trace_expression("open*"), "/^open.*$");
  EXPECT_EQ(strace_trace_expression("?etuid"), "/^.etuid$");
  EXPECT_EQ(strace_trace_expression("set[ug]id,close"), "/^set[ug]id$,close");
  EXPECT_EQ(strace_trace_expression("!open*,read"), "!/^open.*$,read");
}

} // namespace
} // namespace sctrace::compare
