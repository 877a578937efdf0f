// mmap protection and flags, checked against strace 6.1's output.
#include <gtest/gtest.h>

#include "decode/mmap_flags.h"

namespace sctrace::decode {
namespace {

TEST(MmapProt, renders_like_strace) {
  EXPECT_EQ(mmap_prot(0), "PROT_NONE");
  EXPECT_EQ(mmap_prot(3), "PROT_READ|PROT_WRITE");
  EXPECT_EQ(mmap_prot(7), "PROT_READ|PROT_WRITE|PROT_EXEC");
  EXPECT_EQ(mmap_prot(0xff), "PROT_READ|PROT_WRITE|PROT_EXEC|PROT_SEM|0xf0");
  EXPECT_EQ(mmap_prot(0x3000008), "PROT_SEM|PROT_GROWSDOWN|PROT_GROWSUP");
  EXPECT_EQ(mmap_prot(0x10), "0x10 /* PROT_??? */");
  EXPECT_EQ(mmap_prot(0x100000000), "0x100000000 /* PROT_??? */");
  EXPECT_EQ(mmap_prot(0x100000001), "PROT_READ|0x100000000");
}

TEST(MmapFlags, renders_like_strace) {
  EXPECT_EQ(mmap_flags(0x22), "MAP_PRIVATE|MAP_ANONYMOUS");
  EXPECT_EQ(mmap_flags(0x32), "MAP_PRIVATE|MAP_FIXED|MAP_ANONYMOUS");
  EXPECT_EQ(mmap_flags(0x1), "MAP_SHARED");
  EXPECT_EQ(mmap_flags(0x3), "MAP_SHARED_VALIDATE");
  EXPECT_EQ(mmap_flags(0x20), "MAP_FILE|MAP_ANONYMOUS");
  EXPECT_EQ(mmap_flags(0x80), "MAP_FILE|0x80");
  EXPECT_EQ(mmap_flags(0x24), "0x4 /* MAP_??? */|MAP_ANONYMOUS");
  EXPECT_EQ(mmap_flags(0xf), "0xf /* MAP_??? */");
  EXPECT_EQ(mmap_flags(0x100022),
            "MAP_PRIVATE|MAP_ANONYMOUS|MAP_FIXED_NOREPLACE");
  EXPECT_EQ(mmap_flags(0x54040022),
            "MAP_PRIVATE|MAP_ANONYMOUS|MAP_HUGETLB|21<<MAP_HUGE_SHIFT");
  EXPECT_EQ(mmap_flags(0xfc000002), "MAP_PRIVATE|63<<MAP_HUGE_SHIFT");
  EXPECT_EQ(mmap_flags(0xffffffff00000002), "MAP_PRIVATE");
  EXPECT_EQ(mmap_flags(0xffffffff),
            "0xf /* MAP_??? */|MAP_FIXED|MAP_ANONYMOUS|MAP_32BIT|"
            "MAP_NORESERVE|MAP_POPULATE|MAP_NONBLOCK|MAP_GROWSDOWN|"
            "MAP_DENYWRITE|MAP_EXECUTABLE|MAP_LOCKED|MAP_STACK|MAP_HUGETLB|"
            "MAP_SYNC|MAP_FIXED_NOREPLACE|0x3e00680|63<<MAP_HUGE_SHIFT");
}

} // namespace
} // namespace sctrace::decode
