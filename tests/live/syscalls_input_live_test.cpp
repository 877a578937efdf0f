// `sctrace syscalls --input -`: a trace_syscalls JSON document on stdin
// (modes/syscalls/input_json.h) runs the trace the options would: the
// workload's 7 getppid calls (tests/testprogs/workload.cpp, mode counts),
// exactly, and nothing but the selected syscall.
#include <fstream>

#include "syscalls_live_util.h"

namespace sctrace::live {
namespace {

TEST(LiveSyscallsInput, stdin_json_traces_a_command_exactly) {
  SCTRACE_REQUIRE_SYSCALLS_LIVE();
  TempDir dir;
  nlohmann::json input = {{"target", {{"command", {workload_bin(), "counts"}}}},
                          {"syscalls", {"getppid"}},
                          {"format", "jsonl"},
                          {"only_success", true},
                          {"duration", 20}};
  std::string json_path = dir.file("input.json");
  std::ofstream(json_path) << input.dump();
  std::string out = dir.file("events.jsonl");
  // Through a shell: run() gives the child no stdin of ours.
  auto r =
      run({"/bin/sh", "-c", "exec \"$0\" syscalls --input - -o \"$1\" < \"$2\"",
           sctrace_bin(), out, json_path},
          60);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto o = parse_jsonl(read_file(out));
  ASSERT_EQ(o.summary["tool_stats"]["events_dropped"], 0) << r.err;
  std::size_t getppid = 0;
  for (const auto& e : o.events) {
    EXPECT_EQ(e["syscall"], "getppid") << e;
    getppid += e["syscall"] == "getppid";
  }
  EXPECT_EQ(getppid, 7u);
  EXPECT_EQ(o.summary["total_events"], 7);
}

} // namespace
} // namespace sctrace::live
