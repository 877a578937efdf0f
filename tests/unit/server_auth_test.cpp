// The bearer token: constant-time comparison, header parsing, token file.
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <string>

#include <gtest/gtest.h>

#include "server/server.h"
#include "server_harness.h"

namespace sctrace::server::test {
namespace {

TEST(TokensEqual, truth_table) {
  EXPECT_TRUE(tokens_equal("", ""));
  EXPECT_TRUE(tokens_equal("abc", "abc"));
  EXPECT_FALSE(tokens_equal("abc", "abd"));
  EXPECT_FALSE(tokens_equal("abc", "xbc"));
  EXPECT_FALSE(tokens_equal("abc", "ab"));
  EXPECT_FALSE(tokens_equal("ab", "abc"));
  EXPECT_FALSE(tokens_equal("", "a"));
  EXPECT_FALSE(tokens_equal("a", ""));
  EXPECT_FALSE(tokens_equal(std::string("a\0", 2), "a"));
  EXPECT_TRUE(tokens_equal(std::string(1000, 'z'), std::string(1000, 'z')));
}

TEST(BearerToken, parses_the_authorization_header) {
  EXPECT_EQ(bearer_token("Bearer abc"), "abc");
  EXPECT_EQ(bearer_token("bearer   abc "), "abc");
  EXPECT_EQ(bearer_token("Basic abc"), "");
  EXPECT_EQ(bearer_token("Bearerabc"), "");
  EXPECT_EQ(bearer_token(""), "");
  EXPECT_TRUE(authorized("Bearer t", "t"));
  EXPECT_FALSE(authorized("Bearer ", ""));
  EXPECT_FALSE(authorized("", ""));
}

mode_t mode_of(const std::string& path) {
  struct stat st {};
  EXPECT_EQ(::lstat(path.c_str(), &st), 0);
  return st.st_mode & 07777;
}

TEST(TokenFile, a_missing_file_is_created_0600_with_64_hex_chars) {
  TempDir dir;
  const std::string path = dir.file("token");
  bool created = false;
  auto token = load_or_create_token(path, created);
  ASSERT_TRUE(token.ok()) << token.error().message;
  EXPECT_TRUE(created);
  EXPECT_EQ(token->size(), 64u);
  EXPECT_EQ(token->find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_EQ(mode_of(path), 0600u);
  std::ifstream in(path);
  std::string text((std::istreambuf_iterator<char>(in)), {});
  EXPECT_EQ(text, *token + "\n");
  // Read back, not made again.
  auto again = load_or_create_token(path, created);
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_FALSE(created);
  EXPECT_EQ(*again, *token);
  // A second file gets another token.
  auto other = load_or_create_token(dir.file("token2"), created);
  ASSERT_TRUE(other.ok());
  EXPECT_NE(*other, *token);
}

TEST(TokenFile, an_existing_0600_file_is_read) {
  TempDir dir;
  const std::string path = dir.write("token", "  s3cret-token \nsecond\n");
  ASSERT_EQ(::chmod(path.c_str(), 0600), 0);
  bool created = true;
  auto token = load_or_create_token(path, created);
  ASSERT_TRUE(token.ok()) << token.error().message;
  EXPECT_FALSE(created);
  EXPECT_EQ(*token, "s3cret-token");
  ASSERT_EQ(::chmod(path.c_str(), 0400), 0);
  EXPECT_TRUE(load_or_create_token(path, created).ok());
}

TEST(TokenFile, a_file_others_can_read_is_refused_with_chmod_advice) {
  TempDir dir;
  const std::string path = dir.write("token", "s3cret\n");
  for (mode_t mode : {0644, 0640, 0602}) {
    ASSERT_EQ(::chmod(path.c_str(), mode), 0);
    bool created = true;
    auto token = load_or_create_token(path, created);
    ASSERT_FALSE(token.ok());
    EXPECT_EQ(token.error().kind, ErrorKind::Permission);
    EXPECT_NE(token.error().message.find("chmod 600 " + path),
              std::string::npos)
        << token.error().message;
    EXPECT_FALSE(created);
  }
}

TEST(TokenFile, a_symlink_is_refused_even_to_a_good_file) {
  TempDir dir;
  const std::string target = dir.write("real", "s3cret\n");
  ASSERT_EQ(::chmod(target.c_str(), 0600), 0);
  const std::string link = dir.file("token");
  ASSERT_EQ(::symlink(target.c_str(), link.c_str()), 0);
  bool created = true;
  auto token = load_or_create_token(link, created);
  ASSERT_FALSE(token.ok());
  EXPECT_NE(token.error().message.find("symbolic link"), std::string::npos);
  // A dangling link is not a missing file: nothing is created through it.
  const std::string dangling = dir.file("dangling");
  ASSERT_EQ(::symlink(dir.file("nowhere").c_str(), dangling.c_str()), 0);
  EXPECT_FALSE(load_or_create_token(dangling, created).ok());
  EXPECT_FALSE(std::filesystem::exists(dir.file("nowhere")));
}

TEST(TokenFile, empty_or_binary_tokens_and_directories_are_refused) {
  TempDir dir;
  bool created = false;
  for (const char* text : {"", "\n", "a b\n", "tab\there"}) {
    const std::string path = dir.write("t", text);
    ASSERT_EQ(::chmod(path.c_str(), 0600), 0);
    auto token = load_or_create_token(path, created);
    EXPECT_FALSE(token.ok()) << text;
  }
  ASSERT_EQ(::chmod(dir.path().c_str(), 0700), 0);
  EXPECT_EQ(load_or_create_token(dir.path(), created).error().kind,
            ErrorKind::Invalid);
}

} // namespace
} // namespace sctrace::server::test
