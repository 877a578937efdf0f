// Stack frame parsing (issue 12 case 10): a symbol name with a line break
// must not become extra frames. The user-stack texts below are the shape
// bpftrace 0.17 and 0.23 print for "ustack" then "ustack(perf)" (recorded
// in tests/data/bpftrace_out/openat_hostile.ndjson).
#include <gtest/gtest.h>

#include <random>

#include "events/stack_frames.h"

namespace sctrace::events {
namespace {

using Frames = std::vector<std::string>;

// The text bpftrace prints for frames (SYMBOL, ADDRESS, MODULE).
struct Frame {
  std::string symbol, address, module;
};
std::string user_text(const std::vector<Frame>& frames) {
  std::string plain = "\n", perf = "\n";
  for (const Frame& f : frames) {
    plain += "        " + f.symbol + "\n";
    perf += "\t" + f.address + " " + f.symbol + " (" + f.module + ")\n";
  }
  return plain + perf;
}

TEST(StackFrames, user_frames_that_agree_are_kept_as_printed) {
  auto s = parse_user_frames(
      user_text({{"getppid+7", "7f0626af34f7", "/usr/lib/libc.so.6"},
                 {"0x7f062705b000", "7f062705b000", "[unknown]"}}));
  EXPECT_FALSE(s.withheld);
  EXPECT_EQ(s.frames, (Frames{"getppid+7", "0x7f062705b000"}));
  // Issue 16.7: each frame's module, for trace.py's "[module]".
  EXPECT_EQ(s.modules, (Frames{"/usr/lib/libc.so.6", ""}));
}

// Issue 16 item 6: -a puts each frame's address first, as trace.py's
// "%16x " does; kernel stacks then come as kstack(perf) (recorded from
// bpftrace 0.17 and 0.23: the same text).
TEST(StackFrames, addresses_lead_each_frame_with_a) {
  auto k = parse_kernel_frames("\n\tffffffff814c44eb perf_syscall_enter+475\n"
                               "\tffffffff8223caef do_syscall_64+527\n",
                               true);
  EXPECT_EQ(k.frames, (Frames{"ffffffff814c44eb perf_syscall_enter+475",
                              "ffffffff8223caef do_syscall_64+527"}));
  auto u = parse_user_frames(
      user_text({{"getppid+7", "7f0626af34f7", "/usr/lib/libc.so.6"},
                 {"0x7f062705b000", "7f062705b000", "[unknown]"}}),
      true);
  EXPECT_FALSE(u.withheld);
  EXPECT_EQ(u.frames, (Frames{"    7f0626af34f7 getppid+7",
                              "    7f062705b000 0x7f062705b000"}));
  // Without -a nothing changes.
  EXPECT_EQ(parse_kernel_frames("\n        do_syscall_64+527\n").frames,
            (Frames{"do_syscall_64+527"}));
}

TEST(StackFrames, empty_user_stacks_of_both_versions_have_no_frames) {
  EXPECT_EQ(parse_user_frames("").frames, Frames{});
  auto s = parse_user_frames("\n\n");
  EXPECT_FALSE(s.withheld);
  EXPECT_EQ(s.frames, Frames{});
}

TEST(StackFrames, a_line_break_in_a_symbol_never_forges_a_frame) {
  // Every way a name could imitate the next line of either rendering.
  const std::string forged[] = {
      "evil\n        main+1",
      "evil\n\t401000 main+1 (/bin/x)",
      "evil\n",
      "\nmain",
      "evil\n\n        main+1",
      "evil\n        main+1\n\n\t401000 main+1 (/bin/x)",
      "a+1 (m)\n\t1 b",
  };
  for (const std::string& name : forged) {
    auto s = parse_user_frames(
        user_text({{"ok+1", "401000", "/bin/x"}, {name, "401100", "/bin/x"}}));
    EXPECT_TRUE(s.withheld) << name;
    EXPECT_EQ(s.frames, Frames{kWithheldFrame}) << name;
  }
}

// Recorded: the process exited between the two halves.
TEST(StackFrames, a_frame_unresolved_in_the_perf_half_keeps_the_plain_name) {
  auto s = parse_user_frames("\n        syscall+25\n\n\t7f974a0ff829 "
                             "0x7f974a0ff829 ([unknown])\n");
  EXPECT_FALSE(s.withheld);
  EXPECT_EQ(s.frames, Frames{"syscall+25"});
  // ... but not another address, and not a forged name resolved only in
  // the plain half.
  EXPECT_TRUE(parse_user_frames("\n        syscall+25\n\n\t7f974a0ff829 "
                                "0x7f974a0ff82a ([unknown])\n")
                  .withheld);
  const std::string forged[] = {"a\n        b", "a\n\n        b",
                                "a\n\n\t1 0x1 ([unknown])"};
  for (const std::string& name : forged) {
    const std::string text = "\n        " + name + "\n        0x2\n\n" +
                             "\t1 0x1 ([unknown])\n\t2 0x2 ([unknown])\n";
    EXPECT_TRUE(parse_user_frames(text).withheld) << name;
  }
}

// Property: names built from the pieces of both renderings, in stacks
// where the process dies at any point of the printing (frames resolved up
// to there), give either the true frames or a withheld stack; a stack
// without a line break in a name is never withheld.
TEST(StackFrames, random_hostile_names_never_yield_a_wrong_frame) {
  const std::string pieces[] = {"a", "\n",   "        ", "\t",           "1",
                                "2", " 0x1", " 0x2",     " ([unknown])", " (m)",
                                ""};
  std::mt19937 rng(12);
  for (int round = 0; round < 200000; ++round) {
    const std::size_t n = 1 + rng() % 3;
    std::vector<std::string> names(n);
    for (std::string& name : names)
      for (std::size_t k = rng() % 6; k > 0; --k)
        name += pieces[rng() % std::size(pieces)];
    const std::size_t alive = rng() % (2 * n + 1); // lines resolved
    std::string plain = "\n", perf = "\n";
    Frames expected;
    bool line_break = false;
    for (std::size_t i = 0; i < n; ++i) {
      const std::string address = std::to_string(i + 1);
      const std::string name = names[i] + "+7";
      const bool plain_ok = i < alive, perf_ok = n + i < alive;
      plain += "        " + (plain_ok ? name : "0x" + address) + "\n";
      perf += "\t" + address + " " +
              (perf_ok ? name + " (m)" : "0x" + address + " ([unknown])") +
              "\n";
      expected.push_back(plain_ok ? name : "0x" + address);
      line_break |= plain_ok && name.find('\n') != std::string::npos;
    }
    auto s = parse_user_frames(plain + perf);
    if (s.withheld)
      EXPECT_TRUE(line_break) << plain + perf;
    else
      ASSERT_EQ(s.frames, expected) << plain + perf;
  }
}

TEST(StackFrames, halves_that_disagree_are_withheld) {
  // A perf line for another frame, a missing module, a bad address.
  EXPECT_TRUE(parse_user_frames("\n        a+1\n\n\t10 b+1 (m)\n").withheld);
  EXPECT_TRUE(parse_user_frames("\n        a+1\n\n\t10 a+1\n").withheld);
  EXPECT_TRUE(parse_user_frames("\n        a+1\n\n\tzz a+1 (m)\n").withheld);
  // Only one rendering (the format before this fix).
  EXPECT_TRUE(parse_user_frames("\n        a+1\n        b+2\n").withheld);
  EXPECT_TRUE(parse_user_frames("no line breaks").withheld);
}

TEST(StackFrames, kernel_frames_are_split_at_line_breaks_and_trimmed) {
  auto s = parse_kernel_frames("\n        do_sys_openat2+1\n        x+2\n");
  EXPECT_FALSE(s.withheld);
  EXPECT_EQ(s.frames, (Frames{"do_sys_openat2+1", "x+2"}));
}

} // namespace
} // namespace sctrace::events
