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
  bool withheld = false; // frames == {kWithheldFrame}
};

StackFrames parse_kernel_frames(std::string_view text);
StackFrames parse_user_frames(std::string_view text);

} // namespace sctrace::events
