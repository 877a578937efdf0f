// errno names, messages and strace's return text.
#include <gtest/gtest.h>

#include <clocale>
#include <cstring>

#include "decode/errno_names.h"

namespace sctrace::decode {
namespace {

TEST(ErrnoNames, names_common_numbers) {
  EXPECT_EQ(errno_name(1), "EPERM");
  EXPECT_EQ(errno_name(2), "ENOENT");
  EXPECT_EQ(errno_name(11), "EAGAIN");
  EXPECT_EQ(errno_name(110), "ETIMEDOUT");
  EXPECT_EQ(errno_name(133), "EHWPOISON");
  EXPECT_EQ(errno_name(512), "ERESTARTSYS");
  EXPECT_EQ(errno_name(513), "ERESTARTNOINTR");
  EXPECT_EQ(errno_name(514), "ERESTARTNOHAND");
  EXPECT_EQ(errno_name(515), "ENOIOCTLCMD");
  EXPECT_EQ(errno_name(516), "ERESTART_RESTARTBLOCK");
  EXPECT_EQ(errno_name(530), "ERECALLCONFLICT");
}

TEST(ErrnoNames, unknown_numbers_have_no_name) {
  for (int err : {0, -1, 41, 58, 134, 511, 519, 520, 531, 4095, 1 << 30})
    EXPECT_EQ(errno_name(err), "") << err;
}

TEST(ErrnoNames, every_name_round_trips) {
  int named = 0;
  for (int err = -10; err < 1000; ++err) {
    std::string_view name = errno_name(err);
    if (name.empty())
      continue;
    ++named;
    EXPECT_EQ(errno_from_name(name), err) << name;
    EXPECT_EQ(errno_from_name(std::to_string(err)), err);
  }
  // 1..133 minus the two gaps, plus 512..530 minus 519 and 520.
  EXPECT_EQ(named, 131 + 17);
}

TEST(ErrnoNames, from_name_accepts_aliases_and_rejects_junk) {
  EXPECT_EQ(errno_from_name("EWOULDBLOCK"), 11);
  EXPECT_EQ(errno_from_name("EDEADLOCK"), 35);
  EXPECT_EQ(errno_from_name("ENOTSUP"), 95);
  for (std::string_view bad :
       {"", "enoent", "ENOENTX", "2x", "-2", "99999999999999", "E"})
    EXPECT_EQ(errno_from_name(bad), std::nullopt) << bad;
}

TEST(ErrnoNames, messages_match_c_locale_strerror) {
  std::setlocale(LC_ALL, "C");
  for (int err = 1; err <= 133; ++err) {
    if (errno_name(err).empty())
      continue;
    EXPECT_EQ(errno_message(err), std::strerror(err)) << err;
  }
}

TEST(ErrnoNames, messages_outside_the_table) {
  EXPECT_EQ(errno_message(0), "Success");
  EXPECT_EQ(errno_message(2), "No such file or directory");
  EXPECT_EQ(errno_message(512), "To be restarted if SA_RESTART is set");
  EXPECT_EQ(errno_message(516), "Interrupted by signal");
  EXPECT_EQ(errno_message(515), "Unknown error 515");
  EXPECT_EQ(errno_message(41), "Unknown error 41");
  EXPECT_EQ(errno_message(-3), "Unknown error -3");
}

TEST(ErrnoNames, summary_is_the_name_a_colon_and_the_message) {
  EXPECT_EQ(errno_summary(2), "ENOENT: No such file or directory");
  EXPECT_EQ(errno_summary(111), "ECONNREFUSED: Connection refused");
  EXPECT_EQ(errno_summary(512), "ERESTARTSYS: To be restarted if SA_RESTART "
                                "is set");
  EXPECT_EQ(errno_summary(41), "Unknown error 41"); // no name on x86_64
}

TEST(ErrnoNames, return_text_renders_like_strace) {
  EXPECT_EQ(errno_return(2), "-1 ENOENT (No such file or directory)");
  EXPECT_EQ(errno_return(41), "-1 (errno 41)");
  EXPECT_EQ(errno_return(515), "-1 ENOIOCTLCMD (Unknown error 515)");
  EXPECT_EQ(errno_return(512),
            "? ERESTARTSYS (To be restarted if SA_RESTART is set)");
  EXPECT_EQ(errno_return(514),
            "? ERESTARTNOHAND (To be restarted if no handler)");
}

} // namespace
} // namespace sctrace::decode
