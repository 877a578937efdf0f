// Kernel function probes on a kernel without kprobes lead somewhere
// useful (issue 16 item 5): old SyS_X names are syscalls, and the error
// for other functions names the syscall or tracepoint to use instead.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "gen/builtin_catalog.h"
#include "gen/generator.h"
#include "gen/kernel_hints.h"
#include "spec/parser.h"

namespace sctrace::gen {
namespace {

using ::testing::HasSubstr;

// The recorded tracefs tree: a few syscalls, sched, skb:kfree_skb and
// kmem:kmalloc; no kprobes.
const TracefsCatalog& recorded() {
  static TracefsCatalog c(std::string(SCTRACE_TEST_DATA) + "/tracefs");
  return c;
}

Result<GeneratedProgram> gen_on(const KernelCatalog& catalog,
                                const std::string& text) {
  auto s = spec::parse_probe(text);
  if (!s.ok())
    return s.error();
  return generate({*s}, catalog, {});
}

std::string error_on(const KernelCatalog& catalog, const std::string& text) {
  auto p = gen_on(catalog, text);
  EXPECT_FALSE(p.ok()) << text;
  return p.ok() ? "" : p.error().message;
}

const std::string kNoKprobes =
    "': kprobes are not available on this kernel (CONFIG_KPROBES is off); ";

TEST(KernelHints, old_SyS_names_are_syscalls) {
  for (const char* name : {"SyS_write", "p::SyS_write", "r::SyS_write"}) {
    auto p = gen_on(recorded(), name);
    ASSERT_TRUE(p.ok()) << name << ": " << p.error().message;
    EXPECT_THAT(p->text, HasSubstr("tracepoint:syscalls:sys_enter_write\n"));
    EXPECT_EQ(p->layout.probes[0].function, "sys_write");
  }
  auto open = gen_on(recorded(), "SyS_open \"%s\", arg1");
  ASSERT_TRUE(open.ok()) << open.error().message;
  EXPECT_THAT(open->text, HasSubstr("tracepoint:syscalls:sys_enter_open\n"));
}

TEST(KernelHints, do_sys_open_suggests_openat_which_glibc_uses) {
  EXPECT_EQ(error_on(recorded(), "do_sys_open \"%s\", arg2"),
            "cannot trace kernel function 'do_sys_open" + kNoKprobes +
                "trace the syscall through its tracepoint instead: "
                "sys_openat or t:syscalls:sys_enter_openat (glibc opens files "
                "with openat, not open)");
}

TEST(KernelHints, do_nanosleep_suggests_clock_nanosleep) {
  EXPECT_EQ(error_on(BuiltinCatalog(), "do_nanosleep"),
            "cannot trace kernel function 'do_nanosleep" + kNoKprobes +
                "trace the syscall through its tracepoint instead: "
                "sys_clock_nanosleep or t:syscalls:sys_enter_clock_nanosleep "
                "(glibc's nanosleep() and sleep() call clock_nanosleep)");
}

TEST(KernelHints, a_same_named_tracepoint_is_suggested) {
  EXPECT_EQ(error_on(recorded(), "kfree_skb"),
            "cannot trace kernel function 'kfree_skb" + kNoKprobes +
                "trace its tracepoint instead: t:skb:kfree_skb (its fields: "
                "`bpftrace -lv tracepoint:skb:kfree_skb`)");
  EXPECT_THAT(error_on(recorded(), "r::kfree_skb"),
              HasSubstr("t:skb:kfree_skb"));
}

TEST(KernelHints, an_obvious_tracepoint_of_another_name_is_suggested) {
  EXPECT_EQ(error_on(recorded(), "r::__kmalloc (retval == 0) \"failed\""),
            "cannot trace kernel function '__kmalloc" + kNoKprobes +
                "trace its tracepoint instead: t:kmem:kmalloc (its fields: "
                "`bpftrace -lv tracepoint:kmem:kmalloc`)");
  EXPECT_THAT(error_on(recorded(), "schedule"),
              HasSubstr("t:sched:sched_switch"));
}

TEST(KernelHints, table_entries_need_the_tracepoint_in_the_catalog) {
  // The builtin catalog knows only syscalls: no kmem:kmalloc there.
  EXPECT_EQ(kernel_function_hint("__kmalloc", BuiltinCatalog()).find("kmem"),
            std::string::npos);
}

TEST(KernelHints, the_syscall_a_name_implies_is_still_suggested) {
  EXPECT_EQ(error_on(recorded(), "ksys_read"),
            "cannot trace kernel function 'ksys_read" + kNoKprobes +
                "trace the syscall through its tracepoint instead: sys_read "
                "or t:syscalls:sys_enter_read");
}

TEST(KernelHints, catalog_lists_its_categories) {
  EXPECT_EQ(recorded().categories(),
            (std::vector<std::string>{"kmem", "sched", "skb", "syscalls"}));
}

} // namespace
} // namespace sctrace::gen
