// mmap(2)/mprotect(2) arguments rendered as strace 6.1 prints them on
// x86_64. Every function is total: any value gives text, nothing throws.
#pragma once

#include <cstdint>
#include <string>

namespace sctrace::decode {

// Protection bits, all 64 of them: "PROT_READ|PROT_WRITE", "PROT_NONE" for
// 0, unknown bits appended as "|0x..", or "0x10 /* PROT_??? */" when no bit
// is known.
std::string mmap_prot(std::uint64_t prot);

// mmap flags; only the low 32 bits count. The mapping type comes first
// (MAP_FILE for 0, MAP_SHARED, MAP_PRIVATE, MAP_SHARED_VALIDATE, or
// "0x4 /* MAP_??? */"), then flags in strace's order, unknown bits as
// "|0x..", and a huge page size as "|21<<MAP_HUGE_SHIFT":
//   0x22 -> "MAP_PRIVATE|MAP_ANONYMOUS".
std::string mmap_flags(std::uint64_t flags);

} // namespace sctrace::decode
