// The digest of a syscalls trace (digest.h).
#include <gtest/gtest.h>

#include "tools/digest.h"

namespace sctrace::tools {
namespace {

using nlohmann::json;

json event(const std::string& syscall, int pid, const std::string& comm,
           json args, const char* errno_name = nullptr) {
  json e = {{"syscall", syscall}, {"pid", pid},   {"tid", pid},
            {"comm", comm},       {"args", args}, {"error", nullptr}};
  if (errno_name)
    e["error"] = {{"errno", 2}, {"name", errno_name}, {"message", "x"}};
  return e;
}

TEST(ToolsDigest, counts_errors_processes_and_failing_paths) {
  std::vector<json> records;
  for (int i = 0; i < 3; ++i)
    records.push_back(
        event("openat", 10, "a", {{"filename", "/missing"}}, "ENOENT"));
  records.push_back(event("openat", 10, "a", {{"filename", "/etc/hostname"}}));
  records.push_back(event("openat", 11, "b", {{"filename", "/"}}, "EISDIR"));
  records.push_back(
      event("stat", 11, "b", {{"filename", "/missing"}}, "ENOENT"));
  records.push_back(event("read", 12, "c", {{"fd", 3}}, "EBADF"));
  records.push_back({{"unparsed", "x"}}); // not an event: skipped
  json d = digest_json(records, true);
  EXPECT_EQ(d["events"], 7);
  EXPECT_EQ(d["complete"], true);
  EXPECT_EQ(d["syscalls"]["openat"], json({{"count", 5}, {"errors", 4}}));
  EXPECT_EQ(d["syscalls"]["stat"], json({{"count", 1}, {"errors", 1}}));
  EXPECT_EQ(d["syscalls"]["read"], json({{"count", 1}, {"errors", 1}}));
  EXPECT_EQ(d["errors"], json({{"ENOENT", 4}, {"EISDIR", 1}, {"EBADF", 1}}));
  ASSERT_EQ(d["top_processes"].size(), 3u);
  EXPECT_EQ(d["top_processes"][0],
            json({{"pid", 10}, {"comm", "a"}, {"count", 4}}));
  EXPECT_EQ(d["top_processes"][1],
            json({{"pid", 11}, {"comm", "b"}, {"count", 2}}));
  // The read has no path; ties are ordered by path, then syscall.
  ASSERT_EQ(d["failing_paths"].size(), 3u);
  EXPECT_EQ(d["failing_paths"][0], json({{"path", "/missing"},
                                         {"syscall", "openat"},
                                         {"errno", "ENOENT"},
                                         {"count", 3}}));
  EXPECT_EQ(d["failing_paths"][1]["path"], "/");
  EXPECT_EQ(d["failing_paths"][2], json({{"path", "/missing"},
                                         {"syscall", "stat"},
                                         {"errno", "ENOENT"},
                                         {"count", 1}}));
}

TEST(ToolsDigest, keeps_the_top_10_processes_and_20_paths) {
  std::vector<json> records;
  for (int p = 1; p <= 30; ++p)
    for (int i = 0; i < p; ++i)
      records.push_back(event("openat", p, "w",
                              {{"pathname", "/p" + std::to_string(p)}},
                              "EACCES"));
  json d = digest_json(records, false);
  EXPECT_EQ(d["complete"], false);
  ASSERT_EQ(d["top_processes"].size(), 10u);
  EXPECT_EQ(d["top_processes"][0]["pid"], 30);
  EXPECT_EQ(d["top_processes"][9]["pid"], 21);
  ASSERT_EQ(d["failing_paths"].size(), 20u);
  EXPECT_EQ(d["failing_paths"][0]["path"], "/p30");
  EXPECT_EQ(d["failing_paths"][19]["count"], 11);
  EXPECT_EQ(d["errors"]["EACCES"], 465);
}

TEST(ToolsDigest, empty_trace) {
  json d = digest_json({}, true);
  EXPECT_EQ(d["events"], 0);
  EXPECT_TRUE(d["syscalls"].empty());
  EXPECT_TRUE(d["errors"].empty());
  EXPECT_TRUE(d["top_processes"].empty());
  EXPECT_TRUE(d["failing_paths"].empty());
}

} // namespace
} // namespace sctrace::tools
