// open flags, modes and dirfd, checked against strace 6.1's output.
#include <gtest/gtest.h>

#include "decode/open_flags.h"

namespace sctrace::decode {
namespace {

TEST(OpenFlags, renders_like_strace) {
  struct Case {
    std::uint64_t flags;
    const char* text;
  };
  const Case cases[] = {
      {0, "O_RDONLY"},
      {1, "O_WRONLY"},
      {2, "O_RDWR"},
      {3, "O_ACCMODE"},
      {0x80000, "O_RDONLY|O_CLOEXEC"},
      {0x241, "O_WRONLY|O_CREAT|O_TRUNC"},
      {0x90800, "O_RDONLY|O_NONBLOCK|O_CLOEXEC|O_DIRECTORY"},
      {04010000, "O_RDONLY|O_SYNC"},
      {010000, "O_RDONLY|O_DSYNC"},
      {04000000 | 04000 | 040000, "O_RDONLY|O_NONBLOCK|__O_SYNC|O_DIRECT"},
      {020200000, "O_RDONLY|O_TMPFILE"},
      {020000001, "O_WRONLY|__O_TMPFILE"},
      {020000 | 040000 | 010000, "O_RDONLY|O_DSYNC|O_DIRECT|FASYNC"},
      {0x800000, "O_RDONLY|0x800000"},
      {0x100000000, "O_RDONLY"},
      {0xffffffff,
       "O_ACCMODE|O_CREAT|O_EXCL|O_NOCTTY|O_TRUNC|O_APPEND|O_NONBLOCK|O_SYNC|"
       "O_DIRECT|O_LARGEFILE|O_NOFOLLOW|O_NOATIME|O_CLOEXEC|O_PATH|O_TMPFILE|"
       "FASYNC|0xff80003c"},
  };
  for (const Case& c : cases)
    EXPECT_EQ(open_flags(c.flags), c.text) << std::hex << c.flags;
}

TEST(FileMode, renders_octal_like_strace) {
  EXPECT_EQ(file_mode(0644), "0644");
  EXPECT_EQ(file_mode(04755), "04755");
  EXPECT_EQ(file_mode(0), "000");
  EXPECT_EQ(file_mode(7), "007");
  EXPECT_EQ(file_mode(0100644), "0100644");
  EXPECT_EQ(file_mode(0xffffffff), "0177777");
}

TEST(FileTypeMode, renders_mknod_modes_like_strace) {
  EXPECT_EQ(file_type_mode(0100644), "S_IFREG|0644");
  EXPECT_EQ(file_type_mode(024755), "S_IFCHR|S_ISUID|0755");
  EXPECT_EQ(file_type_mode(067777), "S_IFBLK|S_ISUID|S_ISGID|S_ISVTX|0777");
  EXPECT_EQ(file_type_mode(010000), "S_IFIFO|000");
  EXPECT_EQ(file_type_mode(0644), "0644");
  EXPECT_EQ(file_type_mode(04755), "S_ISUID|0755");
  EXPECT_EQ(file_type_mode(06000), "S_ISUID|S_ISGID|000");
  EXPECT_EQ(file_type_mode(0170000), "0170000");
  EXPECT_EQ(file_type_mode(0xffffffff), "0177777");
}

TEST(Dirfd, renders_at_fdcwd_and_int_values) {
  EXPECT_EQ(dirfd(-100), "AT_FDCWD");
  EXPECT_EQ(dirfd(0xffffff9c), "AT_FDCWD");
  EXPECT_EQ(dirfd(5), "5");
  EXPECT_EQ(dirfd(-1), "-1");
  EXPECT_EQ(dirfd(0x100000005), "5");
}

} // namespace
} // namespace sctrace::decode
