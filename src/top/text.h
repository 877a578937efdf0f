// Text that `sctrace top` puts on the screen: kernel strings made
// terminal-safe, and fitting text into a number of terminal cells.
//
// Contract:
//  - kernel_text() passes comm, fd paths and any other byte string the
//    kernel gave through the project's one terminal escaper
//    (output/escape.h, append_c_escaped): the result holds no control
//    character, C1 control or bidi control, only printable ASCII and
//    valid UTF-8. With ascii_only, every non-ASCII code point becomes '?'
//    (for terminals whose locale is not UTF-8).
//  - display_width() counts terminal cells of such text: 2 for East Asian
//    wide and emoji code points, 1 for any other (combining marks are
//    counted as 1: an overestimate, so fitted text is never too wide).
//  - fit() cuts text to at most `width` cells (never inside a UTF-8
//    sequence) and pads it with spaces to exactly `width`; clip() only
//    cuts.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace sctrace::top {

std::string kernel_text(std::string_view bytes, bool ascii_only);

std::size_t display_width(std::string_view text);

std::string clip(std::string_view text, std::size_t width);
std::string fit(std::string_view text, std::size_t width);

// Right-aligns text in width cells (cutting it when longer).
std::string align_right(std::string_view text, std::size_t width);

} // namespace sctrace::top
