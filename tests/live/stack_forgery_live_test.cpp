// Issue 12 case 10: a symbol name holding a line break must not forge user
// stack frames. sctrace_workload's forged_frame mode makes getppid calls
// from a function named SCTRACE_FORGED_FRAME_NAME; a copy of the workload
// with that name rewritten to hold "\n        main+1" (8 spaces: the next
// frame line of bpftrace's ustack) must give that one frame with the name
// as it is, line break and all: bpftrace prints user stacks as addresses
// only and sctrace symbolises them (gen::stack_print), so a name never
// passes through bpftrace's line-based text.
#include <sys/stat.h>

#include <fstream>
#include <iterator>

#include "../testprogs/forged_frame.h"
#include "live_util.h"

namespace sctrace::live {
namespace {

using nlohmann::json;

constexpr long kCalls = 3;

// Copies the workload to DIR/sctrace_workload with every copy of the
// placeholder name replaced by NAME (same length).
std::string forged_copy(const TempDir& dir, std::string name) {
  const std::string placeholder = SCTRACE_FORGED_FRAME_NAME;
  name.resize(placeholder.size(), 'x');
  std::string bytes = read_file(workload_bin());
  std::size_t replaced = 0;
  for (auto at = bytes.find(placeholder); at != std::string::npos;
       at = bytes.find(placeholder, at + 1), ++replaced)
    bytes.replace(at, placeholder.size(), name);
  EXPECT_GT(replaced, 0u) << "no symbol named " << placeholder;
  const std::string path = dir.file("sctrace_workload");
  std::ofstream(path, std::ios::binary) << bytes;
  ::chmod(path.c_str(), 0755);
  return path;
}

// The getppid events of `sctrace -U sys_getppid -- BINARY forged_frame 3`.
std::vector<json> traced_stacks(const TempDir& dir, const std::string& binary,
                                RunResult& r) {
  const std::string out = dir.file("events.jsonl");
  r = sctrace({"--format", "jsonl", "-o", out, "-U", "sys_getppid", "--",
               binary, "forged_frame", std::to_string(kCalls)});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  std::vector<json> stacks;
  for (const json& e : parse_jsonl(read_file(out)).events)
    if (e.value("comm", "") == "sctrace_workloa")
      stacks.push_back(e.value("user_stack", json::array()));
  return stacks;
}

TEST(LiveStackForgery, the_real_name_is_the_innermost_user_frame) {
  SCTRACE_REQUIRE_LIVE();
  TempDir dir;
  RunResult r;
  auto stacks =
      traced_stacks(dir, forged_copy(dir, SCTRACE_FORGED_FRAME_NAME), r);
  ASSERT_EQ(stacks.size(), static_cast<std::size_t>(kCalls)) << r.err;
  for (const json& s : stacks) {
    ASSERT_FALSE(s.empty()) << s;
    EXPECT_TRUE(s[0].get<std::string>().starts_with(
        std::string(SCTRACE_FORGED_FRAME_NAME) + "+"))
        << s;
  }
}

TEST(LiveStackForgery, a_line_break_in_a_symbol_stays_in_its_frame) {
  SCTRACE_REQUIRE_LIVE();
  TempDir dir;
  RunResult r;
  std::string name = "forged\n        main+1\n";
  auto stacks = traced_stacks(dir, forged_copy(dir, name), r);
  name.resize(std::string(SCTRACE_FORGED_FRAME_NAME).size(), 'x');
  ASSERT_EQ(stacks.size(), static_cast<std::size_t>(kCalls)) << r.err;
  for (const json& s : stacks) {
    ASSERT_FALSE(s.empty()) << s;
    EXPECT_TRUE(s[0].get<std::string>().starts_with(name + "+")) << s;
    for (const json& f : s)
      EXPECT_FALSE(f.get<std::string>().starts_with("main+1")) << s;
  }
}

} // namespace
} // namespace sctrace::live
