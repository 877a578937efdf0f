// Stack frame parsing. User stacks arrive as addresses only
// (gen::stack_print); the texts below were recorded from bpftrace 0.17
// ("ustack" under BPFTRACE_NO_USER_SYMBOLS=1) and 0.23 ("ustack(raw)")
// for `head`'s openat: sctrace symbolises them itself (events/symbols.h).
#include <gtest/gtest.h>

#include "events/stack_frames.h"

namespace sctrace::events {
namespace {

using Frames = std::vector<std::string>;
using Addresses = std::vector<std::uint64_t>;

constexpr char kUser017[] = "\n        0x7fb519432b1d\n";
constexpr char kUser023[] = "\n7f5fa8107b1d\n0\n";

TEST(StackFrames, user_addresses_of_bpftrace_0_17) {
  EXPECT_EQ(parse_user_addresses(kUser017), Addresses{0x7fb519432b1dULL});
  EXPECT_EQ(parse_user_addresses("\n        0x7f0626af34f7\n"
                                 "        0x55d5db34b2c5\n"),
            (Addresses{0x7f0626af34f7ULL, 0x55d5db34b2c5ULL}));
}

// 0.23 prints the 0 that ends the walk; 0.17 stops before it, so the
// two versions give the same frames.
TEST(StackFrames, user_addresses_of_bpftrace_0_23_stop_at_zero) {
  EXPECT_EQ(parse_user_addresses(kUser023), Addresses{0x7f5fa8107b1dULL});
  EXPECT_EQ(parse_user_addresses("\n7f0626af34f7\n55d5db34b2c5\n"),
            (Addresses{0x7f0626af34f7ULL, 0x55d5db34b2c5ULL}));
}

TEST(StackFrames, empty_user_stacks_of_both_versions_have_no_frames) {
  EXPECT_EQ(parse_user_addresses(""), Addresses{});   // 0.17
  EXPECT_EQ(parse_user_addresses("\n"), Addresses{}); // 0.23
}

// A symbolised line (what bpftrace printed before, or anything else) is
// not an address: the stack is refused, never guessed at.
TEST(StackFrames, a_line_that_is_not_an_address_refuses_the_stack) {
  EXPECT_FALSE(parse_user_addresses("\n        getppid+7\n"));
  EXPECT_FALSE(parse_user_addresses("\n        0x7f0626af34f7 main\n"));
  EXPECT_FALSE(parse_user_addresses("\n0x\n"));
  EXPECT_FALSE(parse_user_addresses("\n-7f\n"));
  EXPECT_FALSE(parse_user_addresses("\n1ffffffffffffffff\n"));
}

TEST(StackFrames, addresses_print_as_bpftrace_and_trace_py_print_them) {
  EXPECT_EQ(hex_address(0x7f0626af34f7ULL), "0x7f0626af34f7");
  EXPECT_EQ(hex_address(0), "0x0");
  // trace.py's -a: "%16x " then the frame.
  EXPECT_EQ(with_address(0x7f0626af34f7ULL, "getppid+7"),
            "    7f0626af34f7 getppid+7");
  EXPECT_EQ(with_address(0xffffffff8223caefULL, "x"), "ffffffff8223caef x");
}

// Issue 16 item 6: -a puts each frame's address first, as trace.py's
// "%16x " does; kernel stacks then come as kstack(perf) (recorded from
// bpftrace 0.17 and 0.23: the same text).
TEST(StackFrames, addresses_lead_each_kernel_frame_with_a) {
  auto k = parse_kernel_frames("\n\tffffffff814c44eb perf_syscall_enter+475\n"
                               "\tffffffff8223caef do_syscall_64+527\n",
                               true);
  EXPECT_EQ(k.frames, (Frames{"ffffffff814c44eb perf_syscall_enter+475",
                              "ffffffff8223caef do_syscall_64+527"}));
  // Without -a nothing changes.
  EXPECT_EQ(parse_kernel_frames("\n        do_syscall_64+527\n").frames,
            (Frames{"do_syscall_64+527"}));
}

TEST(StackFrames, kernel_frames_are_split_at_line_breaks_and_trimmed) {
  auto s = parse_kernel_frames("\n        do_sys_openat2+1\n        x+2\n");
  EXPECT_EQ(s.frames, (Frames{"do_sys_openat2+1", "x+2"}));
}

} // namespace
} // namespace sctrace::events
