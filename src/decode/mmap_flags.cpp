#include "decode/mmap_flags.h"

#include "decode/flags.h"

namespace sctrace::decode {
namespace {

constexpr FlagName kProt[] = {
    {0x1, "PROT_READ"},
    {0x2, "PROT_WRITE"},
    {0x4, "PROT_EXEC"},
    {0x8, "PROT_SEM"},
    {0x1000000, "PROT_GROWSDOWN"},
    {0x2000000, "PROT_GROWSUP"},
};

constexpr std::uint64_t kTypeMask = 0xf;
constexpr int kHugeShift = 26;
constexpr std::uint64_t kHugeMask = 0x3f;

constexpr std::string_view kTypes[] = {"MAP_FILE", "MAP_SHARED", "MAP_PRIVATE",
                                       "MAP_SHARED_VALIDATE"};

// strace's order (not numeric): MAP_GROWSDOWN and friends come after
// MAP_NONBLOCK. MAP_UNINITIALIZED (0x4000000) is never printed because it
// overlaps the huge page size field.
constexpr FlagName kMapFlags[] = {
    {0x10, "MAP_FIXED"},        {0x20, "MAP_ANONYMOUS"},
    {0x40, "MAP_32BIT"},        {0x4000, "MAP_NORESERVE"},
    {0x8000, "MAP_POPULATE"},   {0x10000, "MAP_NONBLOCK"},
    {0x100, "MAP_GROWSDOWN"},   {0x800, "MAP_DENYWRITE"},
    {0x1000, "MAP_EXECUTABLE"}, {0x2000, "MAP_LOCKED"},
    {0x20000, "MAP_STACK"},     {0x40000, "MAP_HUGETLB"},
    {0x80000, "MAP_SYNC"},      {0x100000, "MAP_FIXED_NOREPLACE"},
};

} // namespace

std::string mmap_prot(std::uint64_t prot) {
  if (prot == 0)
    return "PROT_NONE";
  std::string out;
  append_flags(out, prot, kProt, "PROT_");
  return out;
}

std::string mmap_flags(std::uint64_t flags) {
  flags &= 0xffffffffu;
  std::uint64_t type = flags & kTypeMask;
  std::string out;
  if (type < std::size(kTypes)) {
    out.append(kTypes[type]);
  } else {
    out.append(hex(type));
    out.append(" /* MAP_??? */");
  }
  std::uint64_t huge = (flags >> kHugeShift) & kHugeMask;
  std::uint64_t rest = flags & ~kTypeMask & ~(kHugeMask << kHugeShift);
  append_more_flags(out, rest, kMapFlags);
  if (huge != 0) {
    out.push_back('|');
    out.append(std::to_string(huge));
    out.append("<<MAP_HUGE_SHIFT");
  }
  return out;
}

} // namespace sctrace::decode
