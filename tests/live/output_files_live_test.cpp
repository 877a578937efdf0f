// Live tests of -o FILE and compare --logs DIR as root: a rejected run
// leaves an existing file as it was, and a symlink another user planted in
// a sticky world-writable directory (like /tmp) is refused.
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>

#include "live_util.h"

namespace sctrace::live {
namespace {

std::string make_keep_file(const TempDir& d) {
  std::string path = d.file("keep.txt");
  std::ofstream(path) << "keep\n";
  return path;
}

void expect_rejected_and_kept(const std::vector<std::string>& args,
                              const std::string& path) {
  auto r = sctrace(args);
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_EQ(read_file(path), "keep\n")
      << "sctrace " << args[0] << ": " << r.err;
}

TEST(LiveOutputFiles, trace_mode_rejected_keeps_the_output_file) {
  SCTRACE_REQUIRE_LIVE();
  TempDir d;
  std::string f = make_keep_file(d);
  expect_rejected_and_kept({"-o", f, "--duration", "1", "sys_nonexistent"}, f);
}

TEST(LiveOutputFiles, syscalls_rejected_keeps_the_output_file) {
  SCTRACE_REQUIRE_LIVE();
  TempDir d;
  std::string f = make_keep_file(d);
  expect_rejected_and_kept(
      {"syscalls", "-o", f, "-e", "trace=nonexistent", "--", "true"}, f);
  expect_rejected_and_kept({"syscalls", "-o", f, "-p", "999999999"}, f);
}

TEST(LiveOutputFiles, count_and_latency_rejected_keep_the_output_file) {
  SCTRACE_REQUIRE_LIVE();
  TempDir d;
  std::string f = make_keep_file(d);
  expect_rejected_and_kept(
      {"count", "-o", f, "--syscalls", "nonexistent", "--", "true"}, f);
  expect_rejected_and_kept(
      {"latency", "-o", f, "--syscalls", "nonexistent", "--", "true"}, f);
}

TEST(LiveOutputFiles, slow_rejected_keeps_the_output_file) {
  SCTRACE_REQUIRE_LIVE();
  TempDir d;
  std::string f = make_keep_file(d);
  expect_rejected_and_kept(
      {"slow", "-o", f, "-e", "trace=nonexistent", "--", "true"}, f);
}

TEST(LiveOutputFiles, compare_rejected_keeps_the_report_file) {
  SCTRACE_REQUIRE_LIVE();
  if (!have_command("strace"))
    SCTRACE_SKIP_MISSING("strace is not installed");
  TempDir d;
  std::string f = make_keep_file(d);
  expect_rejected_and_kept(
      {"compare", "-q", "-o", f, "--syscalls", "nonexistent", "--", "true"}, f);
}

// d/sticky (mode 1777, like /tmp) holds d/sticky/link -> d/keep.txt, owned
// by uid.
std::string plant_link(const TempDir& d, const std::string& target, uid_t uid) {
  std::string sticky = d.file("sticky");
  ::mkdir(sticky.c_str(), 0700);
  EXPECT_EQ(::chmod(sticky.c_str(), 01777), 0);
  std::string link = sticky + "/link";
  EXPECT_EQ(::symlink(target.c_str(), link.c_str()), 0);
  EXPECT_EQ(::lchown(link.c_str(), uid, uid), 0);
  return link;
}

TEST(LiveOutputFiles, o_through_another_users_link_in_sticky_dir_is_refused) {
  SCTRACE_REQUIRE_LIVE();
  TempDir d;
  std::string f = make_keep_file(d);
  std::string link = plant_link(d, f, 65534);
  auto r =
      sctrace({"syscalls", "-o", link, "-e", "trace=getpid", "--", "true"});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("refusing to write through " + link), std::string::npos)
      << r.err;
  EXPECT_EQ(read_file(f), "keep\n");
}

TEST(LiveOutputFiles, o_through_roots_link_in_sticky_dir_writes_the_target) {
  SCTRACE_REQUIRE_LIVE();
  TempDir d;
  std::string f = make_keep_file(d);
  std::string link = plant_link(d, f, 0);
  auto r = sctrace({"syscalls", "--format", "jsonl", "-o", link, "-e",
                    "trace=getpid", "--", "true"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(read_file(f).find("\"summary\""), std::string::npos);
}

TEST(LiveOutputFiles, o_through_another_users_link_in_normal_dir_works) {
  SCTRACE_REQUIRE_LIVE();
  TempDir d;
  std::string f = make_keep_file(d);
  std::string link = d.file("link");
  ASSERT_EQ(::symlink(f.c_str(), link.c_str()), 0);
  ASSERT_EQ(::lchown(link.c_str(), 65534, 65534), 0);
  auto r = sctrace({"syscalls", "--format", "jsonl", "-o", link, "-e",
                    "trace=getpid", "--", "true"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(read_file(f).find("\"summary\""), std::string::npos);
}

TEST(LiveOutputFiles, compare_logs_never_overwrite_or_follow_existing_files) {
  SCTRACE_REQUIRE_LIVE();
  if (!have_command("strace"))
    SCTRACE_SKIP_MISSING("strace is not installed");
  TempDir d;
  std::string f = make_keep_file(d);
  std::string logs = d.file("logs");
  ASSERT_EQ(::mkdir(logs.c_str(), 01777), 0);
  ASSERT_EQ(::chmod(logs.c_str(), 01777), 0);
  std::string link = logs + "/strace.log";
  ASSERT_EQ(::symlink(f.c_str(), link.c_str()), 0);
  ASSERT_EQ(::lchown(link.c_str(), 65534, 65534), 0);
  auto r = sctrace({"compare", "-q", "--logs", logs, "--", "true"});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find(link + " exists already"), std::string::npos) << r.err;
  EXPECT_EQ(read_file(f), "keep\n");
}

} // namespace
} // namespace sctrace::live
