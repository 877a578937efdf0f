// Asynchronous traces against a real `sctrace serve`: a DELETE in the
// middle of a burst ends the trace with exact accounting; follow=1 streams
// exactly the trace's records and ends with it; SIGKILL of the server
// leaves no bpftrace and no BPF program behind.
#include <signal.h>

#include <algorithm>
#include <iostream>
#include <sstream>

#include "remote_live_util.h"

namespace sctrace::live::remote {
namespace {

json getppid_trace(const std::string& comm, int duration) {
  return {{"mode", "trace"},
          {"program",
           {{"type", "syscall"},
            {"target", "getppid"},
            {"duration", duration},
            {"filters", {{"process", comm}}}}}};
}

// POSTs body, expects 202, returns the trace id.
std::string start_trace(const Server& s, const json& body) {
  Reply r = s.post("/v1/traces", body);
  EXPECT_EQ(r.status, 202) << r.body;
  return r.doc.is_object() ? r.doc.value("id", "") : "";
}

TEST(RemoteAsync, delete_mid_burst_accounts_for_every_event) {
  SCTRACE_REQUIRE_LIVE();
  Server s({"--max-events", "2000000"});
  ASSERT_TRUE(s.ok()) << s.log();
  std::string id = start_trace(s, getppid_trace("burster", 60));
  ASSERT_FALSE(id.empty());
  wait_attached(s, id);
  auto burster = start(
      {workload_named(s.dir(), "burster"), "burst_threads", "2", "1000000"});
  ASSERT_TRUE(burster);
  poll_trace(s, id, [](const json& i) { return i.value("events", 0) > 1000; });
  Reply del = s.http("DELETE", "/v1/traces/" + id);
  EXPECT_EQ(del.status, 200) << del.body;
  bool burst_running = !exited_now(*burster);
  (void)burster->signal(SIGKILL);
  finish(*burster, 10000);
  json info = wait_finished(s, id);
  EXPECT_TRUE(burst_running) << "the burst ended before the DELETE";
  EXPECT_EQ(info["status"], "stopped") << info.dump();
  const json& sum = info["summary"];
  ASSERT_TRUE(sum.is_object()) << info.dump();
  EXPECT_EQ(sum["loss_exact"], true) << sum.dump();
  EXPECT_EQ(sum["events_dropped"], sum["events_dropped_at_least"]);
  EXPECT_EQ(info["truncated"], false);
  auto events = page_all(s, id);
  EXPECT_EQ(sum["total_events"].get<std::uint64_t>(), events.size());
  EXPECT_EQ(info["events"].get<std::uint64_t>(), events.size());
  EXPECT_GT(events.size(), 1000u);
  std::cout << "remote_async: stopped mid-burst: " << events.size()
            << " events, " << sum["events_dropped"] << " dropped\n";
  EXPECT_EQ(schema_errors("trace_info.schema.json", {info, del.doc}, s.dir()),
            "");
  EXPECT_EQ(s.stop(), 0) << s.log();
}

// The JSON records of a follow=1 stream (JSONL), summary line apart.
std::vector<json> stream_events(const std::string& text, json& summary) {
  std::vector<json> out;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty())
      continue;
    json j = json::parse(line, nullptr, false);
    EXPECT_FALSE(j.is_discarded()) << "not JSON: " << line;
    if (j.is_object() && j.contains("summary"))
      summary = j["summary"];
    else
      out.push_back(j);
  }
  return out;
}

// Polls the first page (at most 10 s) until it holds an event.
bool wait_first_event(const Server& s, const std::string& id) {
  auto t0 = Clock::now();
  while (seconds_since(t0) < 10) {
    Reply r = s.get("/v1/traces/" + id + "/events?limit=1");
    if (r.status == 200 && !r.doc["events"].empty())
      return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  return false;
}

// Also measures POST -> attached and workload start -> first event
// pageable (printed as remote_latency).
TEST(RemoteAsync, follow_streams_exactly_the_records_then_ends) {
  SCTRACE_REQUIRE_LIVE();
  Server s;
  ASSERT_TRUE(s.ok()) << s.log();
  auto t_post = Clock::now();
  std::string id = start_trace(s, getppid_trace("follower", 3));
  ASSERT_FALSE(id.empty());
  std::string out = s.dir().file("follow.jsonl");
  auto args = s.curl_args("GET", "/v1/traces/" + id + "/events?follow=1");
  args.erase(std::find(args.begin(), args.end(), "-i"));
  args.insert(args.begin() + 1, "-N");
  auto curl = start(args, out);
  ASSERT_TRUE(curl);
  wait_attached(s, id);
  double attach_s = seconds_since(t_post);
  auto t_work = Clock::now();
  auto w = start({workload_named(s.dir(), "follower"), "burst", "25"});
  ASSERT_TRUE(w);
  EXPECT_TRUE(wait_first_event(s, id));
  double first_s = seconds_since(t_work);
  EXPECT_EQ(finish(*w, 10000), 0);
  std::cout << "remote_latency: POST to attached " << attach_s * 1000
            << " ms, workload start to first event pageable " << first_s * 1000
            << " ms\n";
  EXPECT_EQ(finish(*curl, 20000), 0) << s.log();
  std::string text = read_file(out);
  text = text.substr(0, text.rfind('\n')); // the -w status line
  json summary;
  auto streamed = stream_events(text, summary);
  EXPECT_EQ(streamed.size(), 25u) << text;
  EXPECT_EQ(streamed, page_all(s, id));
  json info = wait_finished(s, id);
  EXPECT_EQ(info["status"], "completed");
  EXPECT_EQ(info["summary"]["total_events"], 25);
  json page = s.get("/v1/traces/" + id + "/events?limit=1000").doc;
  EXPECT_EQ(page["events"].size(), 25u);
  EXPECT_EQ(schema_errors("trace_events.schema.json", {page}, s.dir()), "");
  EXPECT_EQ(s.stop(), 0) << s.log();
}

// Every BPF program id on the machine.
std::vector<std::uint32_t> loaded_program_ids() {
  std::vector<std::uint32_t> ids;
  for (const auto& p : bpf_programs())
    ids.push_back(p.id);
  return ids;
}

TEST(RemoteAsync, sigkill_of_the_server_leaves_no_bpftrace_or_program) {
  SCTRACE_REQUIRE_LIVE();
  if (!bpftool_available())
    SCTRACE_SKIP_MISSING("bpftool is not installed");
  Server s;
  ASSERT_TRUE(s.ok()) << s.log();
  std::string id = start_trace(s, getppid_trace("nobodyrunsthis", 60));
  ASSERT_FALSE(id.empty());
  wait_attached(s, id);
  auto bts = bpftraces_below(s.pid());
  ASSERT_EQ(bts.size(), 1u);
  auto ours = bpf_programs_of(bts[0]);
  ASSERT_FALSE(ours.empty());
  ASSERT_TRUE(s.process().signal(SIGKILL).ok());
  EXPECT_EQ(finish(s.process(), 5000), 128 + SIGKILL);
  EXPECT_TRUE(all_gone(bts, 5)) << "bpftrace outlived its server";
  auto t0 = Clock::now();
  bool unloaded = false;
  while (!unloaded && seconds_since(t0) < 10) {
    auto now = loaded_program_ids();
    unloaded = std::none_of(ours.begin(), ours.end(), [&](std::uint32_t p) {
      return std::find(now.begin(), now.end(), p) != now.end();
    });
    if (!unloaded)
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_TRUE(unloaded) << "a BPF program of the killed server is loaded";
}

} // namespace
} // namespace sctrace::live::remote
