// Shared helpers for rendering bit sets and numbers the way strace does.
// Used by every decoder in this folder; not meant for callers outside it,
// though it is safe to use.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace sctrace::decode {

// One named bit pattern. A pattern may span several bits (O_SYNC); it
// matches only when all of its bits are set.
struct FlagName {
  std::uint64_t value;
  std::string_view name;
};

// Lower-case hex with a 0x prefix: 0x1f.
std::string hex(std::uint64_t value);

// strace's rendering of a flag set:
//  - 0 gives "0";
//  - entries match greedily in table order, each clearing its bits;
//  - leftover bits follow as "|0x..";
//  - when nothing matched, the whole value is "0x.. /* PREFIX??? */" with
//    unknown_comment (e.g. "PROT_") as PREFIX.
// Appends to out; always produces some text.
void append_flags(std::string& out, std::uint64_t value,
                  std::span<const FlagName> table,
                  std::string_view unknown_comment);

// Like append_flags but the leftover bits never get a comment: used after
// a leading field (access mode, mapping type) has already been printed.
// Appends "|NAME" for each match and "|0x.." for leftovers; nothing for 0.
void append_more_flags(std::string& out, std::uint64_t value,
                       std::span<const FlagName> table);

} // namespace sctrace::decode
