// gen/kernel_btf.h over this machine's real vmlinux BTF, and
// gen/task_fields.h's two ways of reading curtask's members. That the
// offsets read the bytes bpftrace's curtask->PATH reads is checked on the
// real kernel by LiveTaskFields (tests/live/task_fields_live_test.cpp).
#include <gtest/gtest.h>

#include <filesystem>

#include "gen/builtin_catalog.h"
#include "gen/kernel_btf.h"
#include "gen/stats_program.h"
#include "gen/syscalls_program.h"
#include "gen/task_fields.h"
#include "gen_text.h"

namespace sctrace::gen {
namespace {

using Kind = MemberAccess::Kind;

std::unique_ptr<KernelBtf> vmlinux() {
  auto btf = KernelBtf::load(kVmlinuxBtf);
  EXPECT_TRUE(btf) << "cannot read " << kVmlinuxBtf
                   << " (CONFIG_DEBUG_INFO_BTF): the kernel sctrace runs on "
                      "exports it";
  return btf;
}

TEST(KernelBtf, members_of_task_struct_have_their_c_types) {
  auto btf = vmlinux();
  ASSERT_TRUE(btf);
  auto pid = btf->member("task_struct", "pid"); // pid_t: a typedef of int
  ASSERT_TRUE(pid);
  EXPECT_TRUE(pid->derefs.empty());
  EXPECT_EQ(pid->kind, Kind::Int);
  EXPECT_EQ(pid->size, 4u);
  EXPECT_TRUE(pid->is_signed);
  auto tgid = btf->member("task_struct", "tgid");
  ASSERT_TRUE(tgid);
  EXPECT_NE(tgid->offset, pid->offset);
  auto comm = btf->member("task_struct", "comm");
  ASSERT_TRUE(comm);
  EXPECT_EQ(comm->kind, Kind::Chars);
  EXPECT_EQ(comm->size, 16u);
  auto utime = btf->member("task_struct", "utime"); // u64
  ASSERT_TRUE(utime);
  EXPECT_EQ(utime->size, 8u);
  EXPECT_FALSE(utime->is_signed);
}

TEST(KernelBtf, arrows_follow_pointers_and_dots_stay_in_place) {
  auto btf = vmlinux();
  ASSERT_TRUE(btf);
  auto start = btf->member("task_struct", "group_leader->start_time");
  auto leader = btf->member("task_struct", "group_leader");
  auto own_start = btf->member("task_struct", "start_time");
  ASSERT_TRUE(start && leader && own_start);
  EXPECT_EQ(start->derefs, std::vector<std::uint32_t>{leader->offset});
  EXPECT_EQ(start->offset, own_start->offset); // the leader is a task too
  EXPECT_EQ(start->size, 8u);
  // signal->live is an atomic_t (a typedef of an unnamed struct) in place.
  auto live = btf->member("task_struct", "signal->live.counter");
  auto live_struct = btf->member("signal_struct", "live.counter");
  ASSERT_TRUE(live && live_struct);
  EXPECT_EQ(live->derefs.size(), 1u);
  EXPECT_EQ(live->offset, live_struct->offset);
  EXPECT_EQ(live->size, 4u);
  EXPECT_EQ(btf->member("task_struct", "parent->cgroups->dfl_cgrp->kn->id")
                ->derefs.size(),
            4u);
}

TEST(KernelBtf, what_cannot_be_read_by_offset_is_refused) {
  auto btf = vmlinux();
  ASSERT_TRUE(btf);
  EXPECT_FALSE(btf->member("task_struct", "no_such_member"));
  EXPECT_FALSE(btf->member("no_such_struct", "pid"));
  EXPECT_FALSE(btf->member("task_struct", "pid->x"));        // not a pointer
  EXPECT_EQ(btf->member("task_struct", "signal")->size, 8u); // a pointer...
  EXPECT_FALSE(btf->member("task_struct", "signal.x"));      // ...not in place
  EXPECT_FALSE(btf->member("task_struct", "signal->live"));  // a struct
  EXPECT_FALSE(btf->member("task_struct", "in_execve"));     // a bitfield
  for (const char* bad : {"", "pid.", "->pid", "pid-->x", "a b", "pid;x"})
    EXPECT_FALSE(btf->member("task_struct", bad)) << bad;
  EXPECT_FALSE(KernelBtf::load("/nonexistent/vmlinux"));
  EXPECT_FALSE(KernelBtf::load("/etc/hostname")); // not BTF
}

TEST(KernelBtf, shared_parses_once_per_process_and_forgets_failures) {
  auto one = KernelBtf::shared(kVmlinuxBtf);
  ASSERT_TRUE(one);
  EXPECT_EQ(KernelBtf::shared(kVmlinuxBtf), one); // the same parse
  EXPECT_TRUE(one->member("task_struct", "pid"));
  // A path that fails now may work later: the failure is not kept.
  std::string later = testing::TempDir() + "sctrace-btf-later";
  std::filesystem::remove(later);
  EXPECT_FALSE(KernelBtf::shared(later));
  std::filesystem::copy_file(kVmlinuxBtf, later);
  auto now = KernelBtf::shared(later);
  std::filesystem::remove(later);
  ASSERT_TRUE(now);
  EXPECT_NE(now, one);
  EXPECT_EQ(now->member("task_struct", "pid"),
            one->member("task_struct", "pid"));
}

TEST(KernelBtf, prefetch_fills_what_shared_returns) {
  std::string copy = testing::TempDir() + "sctrace-btf-prefetch";
  std::filesystem::remove(copy);
  std::filesystem::copy_file(kVmlinuxBtf, copy);
  KernelBtf::prefetch(copy);
  KernelBtf::prefetch(copy); // a second prefetch of a path is a no-op
  auto first = KernelBtf::shared(copy); // waits for the prefetch's parse
  std::filesystem::remove(copy);
  ASSERT_TRUE(first);
  EXPECT_EQ(KernelBtf::shared(copy), first); // kept, though the file is gone
  EXPECT_TRUE(first->member("task_struct", "pid"));
  // A prefetch that fails leaves nothing behind: shared() tries again.
  std::string missing = testing::TempDir() + "sctrace-btf-prefetch-missing";
  std::filesystem::remove(missing);
  KernelBtf::prefetch(missing);
  EXPECT_FALSE(KernelBtf::shared(missing));
  std::filesystem::copy_file(kVmlinuxBtf, missing);
  EXPECT_TRUE(KernelBtf::shared(missing));
  std::filesystem::remove(missing);
}

// A catalog that knows three members' layouts.
class ThreeMembers final : public KernelCatalog {
public:
  Result<std::vector<TracepointField>>
  tracepoint_fields(std::string_view c, std::string_view e) const override {
    return BuiltinCatalog().tracepoint_fields(c, e);
  }
  std::vector<std::string> events(std::string_view c) const override {
    return BuiltinCatalog().events(c);
  }
  bool kprobes_available() const override { return false; }
  std::optional<MemberAccess> kernel_member(std::string_view s,
                                            std::string_view p) const override {
    if (s == "task_struct" && p == "parent->comm")
      return MemberAccess{{1288}, 1752, Kind::Chars, 16, false};
    if (s == "task_struct" && p == "group_leader->start_time")
      return MemberAccess{{1328}, 1552, Kind::Int, 8, false};
    if (s == "task_struct" && p == "exit_code")
      return MemberAccess{{}, 1164, Kind::Int, 4, true};
    return std::nullopt;
  }
};

BpftraceVersion v(int minor) {
  BpftraceVersion b;
  b.minor = minor;
  return b;
}

TEST(TaskFields, bpftrace_017_reads_by_offset_where_the_layout_is_known) {
  ThreeMembers c;
  const Dialect old = dialect_for(v(17));
  EXPECT_EQ(task_field(c, old, "exit_code"),
            "(*(int32 *)((uint64)curtask + 1164))");
  EXPECT_EQ(process_start(c, old),
            "(*(uint64 *)(*(uint64 *)((uint64)curtask + 1328) + 1552))");
  EXPECT_EQ(task_field(c, old, "parent->comm"),
            "str(*(uint64 *)((uint64)curtask + 1288) + 1752, 16)");
  // From a variable holding the task's address.
  EXPECT_EQ(task_field(c, old, "parent->comm", "$t"),
            "str(*(uint64 *)($t + 1288) + 1752, 16)");
  // Unknown layout: bpftrace resolves the path itself.
  EXPECT_EQ(task_field(c, old, "signal->utime"), "curtask->signal->utime");
  EXPECT_EQ(task_field(BuiltinCatalog(), old, "exit_code"),
            "curtask->exit_code");
  // 0.23 resolves BTF itself, as fast: always the path.
  EXPECT_EQ(task_field(c, dialect_for(v(23)), "exit_code"),
            "curtask->exit_code");
}

TEST(TaskFields, the_programs_read_the_task_by_offset_on_bpftrace_017) {
  TracefsCatalog live("", kVmlinuxBtf); // only the BTF part is used here
  for (int minor : {17, 23}) {
    GenOptions g;
    g.version = v(minor);
    SyscallProgramOptions o;
    o.target.pids = {1};
    o.process_events = true; // signals and exits read the task
    auto sys = generate_syscalls(o, live, g);
    ASSERT_TRUE(sys.ok()) << sys.error().message;
    StatsProgramOptions s;
    s.target.pids = {1};
    s.per_process = true;
    auto count = generate_stats(s, live, g);
    ASSERT_TRUE(count.ok()) << count.error().message;
    // 0.17: no struct for clang to parse; 0.23: the paths.
    for (const std::string& text : {sys->text, count->text})
      EXPECT_EQ(text.find("curtask->") == std::string::npos, minor == 17)
          << text;
    // 0.17 casts curtask once per probe that reads it (signal_generate,
    // and the exit in the general exit program): each cast costs a BTF
    // lookup at start-up. The one other cast is the last-thread test's
    // (this catalog has no group_dead field), in the exit's condition.
    if (minor == 17) {
      EXPECT_EQ(occurrences(sys->text, "$sctrace_task = (uint64)curtask;"), 2u);
      EXPECT_EQ(occurrences(sys->text, "(uint64)curtask"), 3u) << sys->text;
    }
  }
}

} // namespace
} // namespace sctrace::gen
