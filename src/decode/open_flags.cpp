#include "decode/open_flags.h"

#include "decode/flags.h"

namespace sctrace::decode {
namespace {

// strace's order, which is neither numeric nor alphabetical: checked by
// running strace 6.1 on every bit and on combinations. Entries that cover
// several bits come before their parts.
constexpr FlagName kOpenFlags[] = {
    {00000100, "O_CREAT"},     {00000200, "O_EXCL"},
    {00000400, "O_NOCTTY"},    {00001000, "O_TRUNC"},
    {00002000, "O_APPEND"},    {00004000, "O_NONBLOCK"},
    {04010000, "O_SYNC"},      {00010000, "O_DSYNC"},
    {04000000, "__O_SYNC"},    {00040000, "O_DIRECT"},
    {00100000, "O_LARGEFILE"}, {00400000, "O_NOFOLLOW"},
    {01000000, "O_NOATIME"},   {02000000, "O_CLOEXEC"},
    {010000000, "O_PATH"},     {020200000, "O_TMPFILE"},
    {00200000, "O_DIRECTORY"}, {020000000, "__O_TMPFILE"},
    {00020000, "FASYNC"},
};

constexpr std::string_view kAccessModes[] = {"O_RDONLY", "O_WRONLY", "O_RDWR",
                                             "O_ACCMODE"};

constexpr std::uint64_t kIfmt = 0170000;

constexpr FlagName kFileTypes[] = {
    {0140000, "S_IFSOCK"}, {0120000, "S_IFLNK"}, {0100000, "S_IFREG"},
    {0060000, "S_IFBLK"},  {0040000, "S_IFDIR"}, {0020000, "S_IFCHR"},
    {0010000, "S_IFIFO"},
};

constexpr FlagName kModeBits[] = {
    {04000, "S_ISUID"},
    {02000, "S_ISGID"},
    {01000, "S_ISVTX"},
};

std::string octal(std::uint64_t value) {
  std::string digits;
  do {
    digits.insert(digits.begin(), static_cast<char>('0' + (value & 7)));
    value >>= 3;
  } while (value != 0);
  // strace uses "%#03o": a leading 0, then at least two more digits.
  while (digits.size() < 2)
    digits.insert(digits.begin(), '0');
  return "0" + digits;
}

} // namespace

std::string open_flags(std::uint64_t flags) {
  flags &= 0xffffffffu;
  std::string out(kAccessModes[flags & 3]);
  append_more_flags(out, flags & ~std::uint64_t{3}, kOpenFlags);
  return out;
}

std::string file_mode(std::uint64_t mode) {
  return octal(mode & 0xffff);
}

std::string file_type_mode(std::uint64_t mode) {
  mode &= 0xffff;
  std::uint64_t type = mode & kIfmt;
  std::string out;
  if (type != 0) {
    for (const FlagName& t : kFileTypes) {
      if (t.value == type)
        out.append(t.name);
    }
    if (out.empty())
      return file_mode(mode);
  }
  for (const FlagName& bit : kModeBits) {
    if ((mode & bit.value) == 0)
      continue;
    if (!out.empty())
      out.push_back('|');
    out.append(bit.name);
  }
  if (!out.empty())
    out.push_back('|');
  out.append(octal(mode & 0777));
  return out;
}

std::string dirfd(std::int64_t fd) {
  auto value = static_cast<std::int32_t>(static_cast<std::uint32_t>(fd));
  if (value == -100)
    return "AT_FDCWD";
  return std::to_string(value);
}

} // namespace sctrace::decode
