// Seed 001 end to end: its example request POSTed to a real `sctrace serve`
// (and piped to `sctrace request -`), a real nginx-named workload traced,
// the answer exact and valid against specs/ebpf_response.schema.json.
#include <unistd.h>

#include "remote_live_util.h"

namespace sctrace::live::remote {
namespace {

json seed_request(const std::string& marker) {
  return {{"commands", {{{"id", "cmd1"}, {"command", "touch " + marker}}}},
          {"ebpf_programs",
           {{{"name", "file_monitoring"},
             {"type", "kprobe"},
             {"target", "sys_open"},
             {"duration", 4},
             {"filters", {{"process", "nginx"}}},
             {"description", "Monitor file access by nginx"}}}}};
}

// Runs nginx and other (each 7 x open(2) of /etc/hostname).
void run_workloads(const TempDir& dir) {
  for (const char* name : {"nginx", "other"}) {
    auto r = run_to_end(
        {workload_named(dir, name), "open_legacy", "7", "/etc/hostname"}, dir);
    EXPECT_EQ(r.exit_code, 0) << name << ": " << r.err;
  }
}

// Polls GET /v1/traces (at most 20 s) until one trace is attached.
bool wait_any_attached(const Server& s) {
  auto t0 = Clock::now();
  while (seconds_since(t0) < 20) {
    Reply r = s.get("/v1/traces");
    if (r.status == 200)
      for (const auto& t : r.doc["traces"])
        if (t.value("attached", false))
          return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return false;
}

void expect_seed_answer(const json& doc, const std::string& marker) {
  ASSERT_TRUE(doc.is_object()) << doc.dump();
  ASSERT_EQ(doc["commands"].size(), 1u);
  EXPECT_EQ(doc["commands"][0]["id"], "cmd1");
  EXPECT_EQ(doc["commands"][0]["status"], "not_run");
  EXPECT_EQ(doc["commands"][0]["success"], false);
  EXPECT_NE(::access(marker.c_str(), F_OK), 0) << "the command ran";
  ASSERT_EQ(doc["ebpf_programs"].size(), 1u);
  const json& p = doc["ebpf_programs"][0];
  EXPECT_EQ(p["name"], "file_monitoring");
  EXPECT_EQ(p["status"], "completed");
  EXPECT_EQ(p["success"], true);
  EXPECT_EQ(p["description"], "Monitor file access by nginx");
  EXPECT_EQ(p["event_count"], 7);
  EXPECT_EQ(p["statistics"]["total_events"], 7);
  EXPECT_EQ(p["statistics"]["top_processes"].size(), 1u);
  EXPECT_EQ(p["statistics"]["top_processes"][0]["process_name"], "nginx");
  EXPECT_EQ(p["statistics"]["top_processes"][0]["event_count"], 7);
  EXPECT_EQ(p["events_dropped"], 0);
  EXPECT_EQ(p["loss_exact"], true);
  ASSERT_EQ(p["events"].size(), 7u) << p.dump();
  for (const auto& e : p["events"]) {
    EXPECT_EQ(e["process_name"], "nginx");
    EXPECT_TRUE(e["function"].is_string() && !e["function"].empty());
    EXPECT_EQ(e["message"].get<std::string>().rfind("open(/etc/hostname, ", 0),
              0u)
        << e.dump();
    EXPECT_EQ(e["raw_args"]["arg1"], "/etc/hostname");
  }
}

TEST(RemoteSeed, seed_001_request_over_http_is_answered_exactly) {
  SCTRACE_REQUIRE_LIVE();
  Server s;
  ASSERT_TRUE(s.ok()) << s.log();
  std::string marker = s.dir().file("MARKER");
  std::string out = s.dir().file("response.txt");
  auto curl = start(
      s.curl_args("POST", "/v1/requests", seed_request(marker).dump()), out);
  ASSERT_TRUE(curl);
  ASSERT_TRUE(wait_any_attached(s)) << s.log();
  run_workloads(s.dir());
  ASSERT_EQ(finish(*curl, 30000), 0);
  Reply r = parse_reply({0, read_file(out), ""});
  ASSERT_EQ(r.status, 200) << r.body;
  expect_seed_answer(r.doc, marker);
  EXPECT_EQ(schema_errors("ebpf_response.schema.json", {r.doc}, s.dir()), "");
  EXPECT_EQ(schema_errors("ebpf_request.schema.json", {seed_request(marker)},
                          s.dir()),
            "");
  EXPECT_EQ(s.stop(), 0) << s.log();
}

// `sctrace request -` has no server to poll: wait (bounded) until its
// bpftrace holds its BPF programs and at least as many perf events (the
// tracepoint attachments), then run the workloads.
TEST(RemoteSeed, sctrace_request_on_stdin_gives_the_same_answer) {
  SCTRACE_REQUIRE_LIVE();
  TempDir dir;
  std::string marker = dir.file("MARKER");
  std::string in = dir.file("request.json");
  std::ofstream(in) << seed_request(marker).dump();
  std::string out = dir.file("response.json");
  auto p = start({sctrace_bin(), "request", "-"}, out, dir.file("err"), in);
  ASSERT_TRUE(p);
  auto t0 = Clock::now();
  int bt = 0;
  while (seconds_since(t0) < 20 &&
         (bt == 0 || bpf_programs_of(bt).empty() ||
          perf_event_fds(bt) < bpf_programs_of(bt).size())) {
    auto b = bpftraces_below(p->pid());
    bt = b.empty() ? 0 : b[0];
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ASSERT_NE(bt, 0) << read_file(dir.file("err"));
  ASSERT_FALSE(bpf_programs_of(bt).empty());
  run_workloads(dir);
  ASSERT_EQ(finish(*p, 30000), 0) << read_file(dir.file("err"));
  json doc = json::parse(read_file(out), nullptr, false);
  expect_seed_answer(doc, marker);
  EXPECT_EQ(schema_errors("ebpf_response.schema.json", {doc}, dir), "");
}

} // namespace
} // namespace sctrace::live::remote
