// open(2)/openat(2) arguments rendered as strace 6.1 prints them on x86_64.
// Every function is total: any value gives text, nothing throws.
#pragma once

#include <cstdint>
#include <string>

namespace sctrace::decode {

// The flags argument. Only the low 32 bits count (the kernel takes an int).
// Access mode first (O_RDONLY, O_WRONLY, O_RDWR, or O_ACCMODE for 3), then
// flags in strace's order, then unknown bits as one "|0x..":
//   0x80000 -> "O_RDONLY|O_CLOEXEC", 0x241 -> "O_WRONLY|O_CREAT|O_TRUNC",
//   0x90800 -> "O_RDONLY|O_NONBLOCK|O_CLOEXEC|O_DIRECTORY".
// Multi-bit flags win over their parts: O_SYNC over O_DSYNC, O_TMPFILE over
// O_DIRECTORY; a lone half shows as __O_SYNC or __O_TMPFILE.
std::string open_flags(std::uint64_t flags);

// A mode as open, creat, chmod, mkdir and umask print it: octal with a
// leading 0 and at least three digits, of the low 16 bits only:
//   0644 -> "0644", 04755 -> "04755", 0 -> "000", 0100644 -> "0100644".
std::string file_mode(std::uint64_t mode);

// A mode as mknod prints it: the file type by name, then S_ISUID, S_ISGID,
// S_ISVTX by name, then the permission bits in octal:
//   0100644 -> "S_IFREG|0644", 024755 -> "S_IFCHR|S_ISUID|0755",
//   04755 -> "S_ISUID|0755". A type that is not valid falls back to
//   file_mode() (0170000 -> "0170000").
std::string file_type_mode(std::uint64_t mode);

// A directory fd argument: "AT_FDCWD" for -100, otherwise decimal. The
// kernel takes an int, so only the low 32 bits count (0xffffff9c is also
// AT_FDCWD).
std::string dirfd(std::int64_t fd);

} // namespace sctrace::decode
