// Splits a stack record's text (what follows "\x1eSTACK K|U CPU SEQ\n")
// into frames, so that no byte of a symbol name can end a frame.
//
// Kernel stacks ("kstack") are split at line breaks: kernel symbol names
// come from kallsyms, one name a line, and cannot hold one.
//
// User stacks arrive twice (gen::stack_print): "ustack" then
// "ustack(perf)", i.e.
//   "\n" + for each frame F: "        " F "\n"
//   "\n" + for each frame F: "\t" HEX " " F " (" MODULE ")\n"
// A name's line break would put the same text at the start of a line in
// both halves, where one wants 8 spaces and the other a tab, so the text
// is accepted only when both halves have the same number of lines, every
// line has its half's indent, and each perf line is "\t" HEX " " + the
// plain line's frame + " (" ... ")". Anything else yields the one frame
// kWithheldFrame and reports that it was withheld.
//
// One exception: a process that exits while bpftrace prints its stack can
// leave frames resolved in the plain half and unresolved in the perf half
// ("\t" HEX " 0x" HEX " ([unknown])"), as seen in real runs. Such a perf
// line is accepted for any plain frame. This keeps the guarantee: a name
// resolved on one side only adds lines to that side alone, which moves the
// one empty line off the middle (an empty line has neither indent), and a
// name resolved on both sides still puts its text after a line break in
// both. bpftrace renders the plain half first, and a dead process never
// resolves again, so a name is never resolved in the perf half alone.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace sctrace::events {

inline constexpr char kWithheldFrame[] =
    "[stack withheld: a symbol name holds a line break]";

struct StackFrames {
  // Innermost first: kernel frames trimmed, user frames as printed.
  std::vector<std::string> frames;
  // User stacks: each frame's module from the perf half ("" for
  // "[unknown]"), parallel to frames; empty for kernel stacks.
  std::vector<std::string> modules;
  bool withheld = false; // frames == {kWithheldFrame}
};

// With ADDRESSES (trace.py's -a) each frame starts with its address as
// trace.py prints it ("%16x "): kernel stacks then come as kstack(perf),
// "\t" HEX " " FRAME a line; user stacks as above, the address taken from
// the perf half.
StackFrames parse_kernel_frames(std::string_view text, bool addresses = false);
StackFrames parse_user_frames(std::string_view text, bool addresses = false);

} // namespace sctrace::events
