// Load on a real `sctrace serve` with small limits: 100 concurrent curl
// clients each POST a 1 s trace; every answer is well formed (202 running
// or queued, or 503 busy), the server survives with bounded memory, and no
// bpftrace outlives it. A GET-heavy run gives requests/second and p99.
#include <algorithm>
#include <cstdio>
#include <iostream>
#include <sstream>

#include "remote_live_util.h"

namespace sctrace::live::remote {
namespace {

const std::size_t kClients = 100;
const long kMaxHwmKib = 200 * 1024;

// VmHWM of pid in KiB, or -1.
long vm_hwm_kib(int pid) {
  std::string status = read_file("/proc/" + std::to_string(pid) + "/status");
  auto at = status.find("VmHWM:");
  return at == std::string::npos ? -1 : std::atol(status.c_str() + at + 6);
}

double p99(std::vector<double> v) {
  if (v.empty())
    return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, (v.size() * 99 + 99) / 100 - 1)];
}

void report(const std::string& what, std::size_t n, double secs,
            const std::vector<double>& latencies, long hwm_kib) {
  char line[256];
  std::snprintf(line, sizeof line,
                "remote_load: %s: %zu requests in %.2f s, %.0f req/s, p99 "
                "%.1f ms, peak RSS %.1f MiB",
                what.c_str(), n, secs, n / secs, p99(latencies) * 1000,
                hwm_kib / 1024.0);
  std::cout << line << "\n";
  ::testing::Test::RecordProperty(what, line);
}

// One POST's answer: 202 running / queued (with its position) or 503 busy.
void check_answer(const Reply& r, int& accepted, int& busy) {
  ASSERT_TRUE(r.doc.is_object()) << r.status << " " << r.body;
  if (r.status == 503) {
    EXPECT_EQ(r.doc["error"]["code"], "busy") << r.body;
    ++busy;
    return;
  }
  ASSERT_EQ(r.status, 202) << r.body;
  ++accepted;
  std::string st = r.doc["status"];
  EXPECT_TRUE(st == "running" || st == "queued") << r.body;
  if (st == "queued") {
    EXPECT_GE(r.doc["queue_position"].get<int>(), 1) << r.body;
  }
}

json one_second_trace() {
  return {{"mode", "trace"},
          {"program",
           {{"type", "syscall"},
            {"target", "getppid"},
            {"duration", 1},
            {"filters", {{"process", "load-nobody"}}}}}};
}

TEST(RemoteLoad, hundred_concurrent_posts_are_answered_and_bounded) {
  SCTRACE_REQUIRE_LIVE();
  Server s({"--max-sessions", "2", "--max-queued", "4", "--rate", "1000",
            "--burst", "1000"});
  ASSERT_TRUE(s.ok()) << s.log();
  std::vector<run::Process> clients;
  std::vector<std::string> outs;
  auto t0 = Clock::now();
  for (std::size_t i = 0; i < kClients; ++i) {
    auto args = s.curl_args("POST", "/v1/traces", one_second_trace().dump(),
                            std::nullopt, 20);
    outs.push_back(s.dir().file("post" + std::to_string(i)));
    if (auto p = start(args, outs.back()))
      clients.push_back(std::move(*p));
  }
  ASSERT_EQ(clients.size(), kClients);
  int accepted = 0, busy = 0;
  std::vector<double> latencies;
  for (std::size_t i = 0; i < kClients; ++i) {
    EXPECT_EQ(finish(clients[i], 30000), 0);
    Reply r = parse_reply({0, read_file(outs[i]), ""});
    latencies.push_back(r.seconds);
    check_answer(r, accepted, busy);
  }
  double secs = seconds_since(t0);
  EXPECT_EQ(accepted + busy, static_cast<int>(kClients));
  EXPECT_GE(accepted, 6); // 2 running + 4 queued at least
  EXPECT_EQ(s.get("/healthz").status, 200);
  long hwm = vm_hwm_kib(s.pid());
  report("POST /v1/traces x100 concurrent", kClients, secs, latencies, hwm);
  EXPECT_GT(hwm, 0);
  EXPECT_LT(hwm, kMaxHwmKib);
  auto bts = bpftraces_below(s.pid());
  EXPECT_EQ(s.stop(), 0) << s.log();
  EXPECT_TRUE(all_gone(bts, 5)) << "a bpftrace outlived the server";
}

// A curl config of n GETs (healthz and capabilities in turn), each writing
// "STATUS SECONDS\n".
std::string get_config(const Server& s, int n) {
  std::string cfg;
  for (int i = 0; i < n; ++i) {
    cfg += "url = \"" + s.url(i % 2 ? "/v1/capabilities" : "/healthz") +
           "\"\noutput = \"/dev/null\"\nheader = \"Authorization: Bearer " +
           s.token() +
           "\"\nwrite-out = \"%{http_code} %{time_total}\\n\"\n"
           "max-time = 20\n";
    if (i + 1 < n)
      cfg += "next\n";
  }
  return cfg;
}

// As many connections at once as the server has workers (--threads 16):
// a connection beyond them waits for a worker, and an idle keep-alive
// connection holds one for up to 2 s (with 100 at once, p99 was 10 s).
TEST(RemoteLoad, thousand_parallel_gets) {
  SCTRACE_REQUIRE_LIVE();
  Server s({"--rate", "100000", "--burst", "100000"});
  ASSERT_TRUE(s.ok()) << s.log();
  const int n = 1000;
  std::string cfg = s.dir().file("gets.cfg");
  std::ofstream(cfg) << get_config(s, n);
  auto t0 = Clock::now();
  RunResult r = run_to_end(
      {"/usr/bin/curl", "-sS", "--parallel", "--parallel-max", "16", "-K", cfg},
      s.dir(), 60000);
  double secs = seconds_since(t0);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  std::istringstream in(r.out);
  int status = 0, ok = 0;
  double t = 0;
  std::vector<double> latencies;
  while (in >> status >> t) {
    ok += status == 200;
    latencies.push_back(t);
  }
  EXPECT_EQ(ok, n);
  report("GET /healthz + /v1/capabilities x1000, 16 parallel", n, secs,
         latencies, vm_hwm_kib(s.pid()));
  EXPECT_EQ(s.stop(), 0) << s.log();
}

} // namespace
} // namespace sctrace::live::remote
