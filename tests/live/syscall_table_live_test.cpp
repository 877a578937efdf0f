// sctrace's own x86_64 syscall table (src/gen/data/syscall_numbers_x86_64.tsv)
// against the running kernel: every syscalls:sys_enter_* tracepoint must
// name a syscall in the table, with the number the kernel reports for it.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "gen/syscall_table.h"
#include "gen/tracefs.h"
#include "live_util.h"

namespace sctrace::live {
namespace {

TEST(LiveSyscallTable, every_syscall_tracepoint_of_this_kernel_is_named) {
  SCTRACE_REQUIRE_LIVE();
  auto tracefs = gen::find_tracefs();
  ASSERT_TRUE(tracefs.has_value()) << "tracefs is not mounted";
  std::size_t checked = 0;
  std::string missing;
  for (const auto& entry :
       std::filesystem::directory_iterator(*tracefs + "/events/syscalls")) {
    std::string name = entry.path().filename();
    if (!name.starts_with("sys_enter_"))
      continue;
    ++checked;
    if (!gen::syscall_number(name.substr(10)))
      missing += " " + name.substr(10);
  }
  EXPECT_GT(checked, 300u);
  EXPECT_EQ(missing, "") << "not in syscall_numbers_x86_64.tsv:" << missing;
}

} // namespace
} // namespace sctrace::live
