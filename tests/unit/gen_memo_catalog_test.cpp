// gen/memo_catalog.h: each tracepoint's format is read once per session,
// errors included; the other questions reach the wrapped catalog.
#include <gtest/gtest.h>

#include "gen/builtin_catalog.h"
#include "gen/memo_catalog.h"

namespace sctrace::gen {
namespace {

// The built-in catalog, counting how often it is asked.
class Counting final : public KernelCatalog {
public:
  Result<std::vector<TracepointField>>
  tracepoint_fields(std::string_view c, std::string_view e) const override {
    ++fields_asked;
    return BuiltinCatalog().tracepoint_fields(c, e);
  }
  std::vector<std::string> events(std::string_view c) const override {
    ++events_asked;
    return BuiltinCatalog().events(c);
  }
  bool kprobes_available() const override { return true; }
  std::optional<MemberAccess> kernel_member(std::string_view,
                                            std::string_view) const override {
    ++members_asked;
    return MemberAccess{{}, 8, MemberAccess::Kind::Int, 4, true};
  }
  mutable int fields_asked = 0, events_asked = 0, members_asked = 0;
};

TEST(MemoCatalog, a_format_is_read_once_and_answered_the_same) {
  Counting base;
  MemoCatalog memo(base);
  auto first = memo.tracepoint_fields("syscalls", "sys_enter_openat");
  auto again = memo.tracepoint_fields("syscalls", "sys_enter_openat");
  ASSERT_TRUE(first.ok());
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*first, *again);
  EXPECT_EQ(*first, *base.tracepoint_fields("syscalls", "sys_enter_openat"));
  EXPECT_EQ(base.fields_asked, 2); // memo once, the check above once
  (void)memo.tracepoint_fields("syscalls", "sys_exit_openat");
  EXPECT_EQ(base.fields_asked, 3); // another event is another read
}

TEST(MemoCatalog, a_missing_tracepoint_stays_missing_with_its_message) {
  Counting base;
  MemoCatalog memo(base);
  auto first = memo.tracepoint_fields("syscalls", "sys_enter_nothing");
  auto again = memo.tracepoint_fields("syscalls", "sys_enter_nothing");
  ASSERT_FALSE(first.ok());
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(first.error().kind, ErrorKind::NotFound);
  EXPECT_EQ(first.error().message, again.error().message);
  EXPECT_EQ(base.fields_asked, 1);
  // A name split differently is another question.
  (void)memo.tracepoint_fields("syscalls:sys", "enter_nothing");
  EXPECT_EQ(base.fields_asked, 2);
}

TEST(MemoCatalog, events_are_listed_once_and_the_rest_passes_through) {
  Counting base;
  MemoCatalog memo(base);
  auto events = memo.events("syscalls");
  EXPECT_FALSE(events.empty());
  EXPECT_EQ(memo.events("syscalls"), events);
  EXPECT_EQ(base.events_asked, 1);
  EXPECT_TRUE(memo.kprobes_available());
  memo.kernel_member("task_struct", "pid");
  memo.kernel_member("task_struct", "pid");
  EXPECT_EQ(base.members_asked, 2); // BTF answers are not memoised here
}

} // namespace
} // namespace sctrace::gen
