// `sctrace exporter` on the real kernel (docs/exporter.md): it binds,
// serves 503 or metrics, its scrape passes `promtool check metrics`, a
// known workload's reads show in syscall_total, counters never decrease
// between scrapes, and SIGINT stops it with exit 0 and no bpftrace left.
#include <signal.h>

#include <chrono>
#include <cstdint>
#include <fstream>
#include <string>
#include <thread>

#include <gtest/gtest.h>

#include "live_util.h"
#include "remote_live_util.h"

namespace sctrace::live {
namespace {

using remote::Clock;
using namespace std::chrono_literals;

// curl -sS -i URL: status and body.
std::pair<int, std::string> scrape(const std::string& url) {
  RunResult r = run({"/usr/bin/curl", "-sS", "-i", "--max-time", "10", url});
  const auto head_end = r.out.find("\r\n\r\n");
  if (r.exit_code != 0 || r.out.size() < 12 || head_end == std::string::npos)
    return {0, r.err};
  return {std::stoi(r.out.substr(9, 3)), r.out.substr(head_end + 4)};
}

// The value of the sample line that starts with SERIES (name and labels).
std::uint64_t sample(const std::string& text, const std::string& series) {
  const auto at = text.find("\n" + series + " ");
  if (at == std::string::npos)
    return 0;
  return std::stoull(text.substr(at + series.size() + 2));
}

TEST(ExporterLive, ServesPromtoolCleanMonotonicMetricsAndStopsCleanly) {
  SCTRACE_REQUIRE_LIVE();
  if (!have_command("promtool"))
    SCTRACE_SKIP_MISSING("promtool (apt-get install prometheus)");
  TempDir dir;
  auto proc = remote::start({sctrace_bin(), "exporter", "--listen",
                             "127.0.0.1:0", "--interval", "200ms"},
                            "", dir.file("err"));
  ASSERT_TRUE(proc);
  std::string port;
  for (auto end = Clock::now() + 30s; port.empty() && Clock::now() < end;) {
    const std::string err = read_file(dir.file("err"));
    const auto at = err.find("listening on http://127.0.0.1:");
    if (at != std::string::npos)
      port = err.substr(at + 30, err.find('/', at + 30) - at - 30);
    else if (remote::exited_now(*proc))
      FAIL() << "sctrace exporter ended: " << err;
    std::this_thread::sleep_for(20ms);
  }
  ASSERT_FALSE(port.empty()) << read_file(dir.file("err"));
  const std::string url = "http://127.0.0.1:" + port + "/metrics";
  std::pair<int, std::string> first{0, ""};
  for (auto end = Clock::now() + 30s; Clock::now() < end;) {
    // 200 from the first snapshot on; the probes are live once
    // sctrace_bpftrace_up is 1 (bpftrace 0.17 takes seconds to attach).
    first = scrape(url);
    if (first.first == 200 && sample(first.second, "sctrace_bpftrace_up") == 1)
      break;
    if (first.first != 200)
      EXPECT_EQ(first.first, 503) << first.second;
    std::this_thread::sleep_for(100ms);
  }
  ASSERT_EQ(first.first, 200) << first.second;
  const int bpftrace = bpftrace_below(proc->pid());
  EXPECT_NE(bpftrace, 0);
  RunResult dd = run({"/usr/bin/dd", "if=/dev/zero", "of=/dev/null", "bs=1",
                      "count=20000", "status=none"});
  ASSERT_EQ(dd.exit_code, 0);
  std::this_thread::sleep_for(1s); // more than one --interval
  const auto second = scrape(url);
  ASSERT_EQ(second.first, 200);
  const std::string read = "syscall_total{syscall=\"read\"}";
  EXPECT_GE(sample(second.second, read), sample(first.second, read) + 20000);
  EXPECT_EQ(sample(second.second, "sctrace_bpftrace_up"), 1u);
  std::ofstream(dir.file("scrape.prom")) << second.second;
  RunResult check =
      run({"/bin/sh", "-c",
           "promtool check metrics < " + dir.file("scrape.prom") + " 2>&1"});
  EXPECT_EQ(check.exit_code, 0) << check.out;
  EXPECT_EQ(check.out, "");
  ASSERT_TRUE(proc->signal(SIGINT).ok());
  EXPECT_EQ(remote::finish(*proc, 20000), 0) << read_file(dir.file("err"));
  if (bpftrace != 0) {
    EXPECT_TRUE(process_gone(bpftrace)) << "bpftrace " << bpftrace << " lives";
  }
}

} // namespace
} // namespace sctrace::live
