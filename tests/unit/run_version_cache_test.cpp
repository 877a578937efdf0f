// The version cache (run/version_cache.h) over a copy of the fake bpftrace
// (an ELF file) that logs each --version run: an unchanged file is asked
// once, a changed one again, and a script or a cache directory others can
// write to is asked every time.
#include "run/version_cache.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "run/bpftrace.h"
#include "temp_dir.h"

namespace sctrace::run {
namespace {

namespace fs = std::filesystem;

class VersionCacheTest : public ::testing::Test {
protected:
  void SetUp() override {
    bpftrace_ = dir_ + "/bpftrace";
    fs::copy_file(SCTRACE_FAKE_BPFTRACE, bpftrace_);
    log_ = dir_ + "/runs";
    ::setenv("FAKE_BPFTRACE_VERSION_LOG", log_.c_str(), 1);
    ::unsetenv("FAKE_BPFTRACE_VERSION");
  }
  void TearDown() override {
    ::unsetenv("FAKE_BPFTRACE_VERSION_LOG");
    ::unsetenv("FAKE_BPFTRACE_VERSION");
  }

  Result<gen::BpftraceVersion> ask(const std::string& path) {
    return cached_bpftrace_version(path, std::chrono::seconds(10),
                                   VersionCache(dir_ + "/cache"));
  }
  // How many times the fake answered --version.
  int runs() {
    std::ifstream in(log_);
    std::string all((std::istreambuf_iterator<char>(in)), {});
    return static_cast<int>(std::count(all.begin(), all.end(), '\n'));
  }

  test::TempDir tmp_{"sctrace-version-cache"};
  const std::string dir_ = tmp_.path();
  std::string bpftrace_, log_;
};

TEST_F(VersionCacheTest, an_unchanged_bpftrace_is_asked_once) {
  ::setenv("FAKE_BPFTRACE_VERSION", "bpftrace v0.23.2-1", 1);
  for (int i = 0; i < 3; ++i) {
    auto v = ask(bpftrace_);
    ASSERT_TRUE(v.ok()) << v.error().message;
    EXPECT_EQ(v->text(), "0.23.2");
  }
  EXPECT_EQ(runs(), 1);
}

TEST_F(VersionCacheTest, a_changed_bpftrace_is_asked_again) {
  ASSERT_TRUE(ask(bpftrace_).ok());
  // The same inode, rewritten: only its times change (an upgrade in place).
  ::setenv("FAKE_BPFTRACE_VERSION", "bpftrace v0.23.2", 1);
  fs::copy_file(SCTRACE_FAKE_BPFTRACE, bpftrace_,
                fs::copy_options::overwrite_existing);
  auto v = ask(bpftrace_);
  ASSERT_TRUE(v.ok()) << v.error().message;
  EXPECT_EQ(v->minor, 23);
  EXPECT_EQ(runs(), 2);
}

TEST_F(VersionCacheTest, a_script_is_asked_every_time) {
  std::string script = dir_ + "/wrapper";
  std::ofstream(script) << "#!/bin/sh\necho x >> " << log_
                        << "\necho 'bpftrace v0.17.0'\n";
  fs::permissions(script, fs::perms(0755));
  EXPECT_FALSE(executable_key(script).has_value());
  ASSERT_TRUE(ask(script).ok());
  ASSERT_TRUE(ask(script).ok());
  EXPECT_EQ(runs(), 2);
}

TEST_F(VersionCacheTest, a_failed_answer_is_not_kept) {
  ::setenv("FAKE_BPFTRACE_VERSION", "not a version", 1);
  EXPECT_FALSE(ask(bpftrace_).ok());
  ::unsetenv("FAKE_BPFTRACE_VERSION");
  auto v = ask(bpftrace_);
  ASSERT_TRUE(v.ok()) << v.error().message;
  EXPECT_EQ(v->minor, 17);
  EXPECT_EQ(runs(), 2);
}

TEST_F(VersionCacheTest, a_directory_others_can_write_is_not_used) {
  ASSERT_TRUE(ask(bpftrace_).ok());
  fs::permissions(dir_ + "/cache", fs::perms(0777));
  ASSERT_TRUE(ask(bpftrace_).ok());
  EXPECT_EQ(runs(), 2);
}

TEST_F(VersionCacheTest, a_malformed_or_linked_record_is_a_miss) {
  ASSERT_TRUE(ask(bpftrace_).ok());
  auto key = executable_key(bpftrace_);
  ASSERT_TRUE(key.has_value());
  std::string record = dir_ + "/cache/bpftrace-version-" +
                       std::to_string(key->device) + "-" +
                       std::to_string(key->inode);
  ASSERT_TRUE(fs::exists(record));
  std::ofstream(record) << "sctrace bpftrace-version 1\n1 2 3\nbpftrace v9.9\n";
  auto v = ask(bpftrace_);
  ASSERT_TRUE(v.ok()) << v.error().message;
  EXPECT_EQ(v->minor, 17); // asked again, and stored again
  EXPECT_EQ(runs(), 2);
  // A symlink in the record's place is not followed.
  std::string elsewhere = dir_ + "/elsewhere";
  fs::rename(record, elsewhere);
  fs::create_symlink(elsewhere, record);
  ASSERT_TRUE(ask(bpftrace_).ok());
  EXPECT_EQ(runs(), 3);
}

} // namespace
} // namespace sctrace::run
