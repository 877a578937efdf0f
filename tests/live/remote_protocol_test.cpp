// The remote API's refusals against a real `sctrace serve` over loopback
// with curl: authentication, body limit, malformed and invalid requests,
// per-program rejections; every error body valid against
// specs/error.schema.json.
#include <unistd.h>

#include "remote_live_util.h"

namespace sctrace::live::remote {
namespace {

// Checks status and error code; collects the error body for the schema.
void expect_error(const Reply& r, int status, const std::string& code,
                  std::vector<json>& bodies) {
  EXPECT_EQ(r.status, status) << r.body;
  ASSERT_TRUE(r.doc.is_object()) << r.body;
  EXPECT_EQ(r.doc["error"]["code"], code) << r.body;
  EXPECT_TRUE(r.doc["error"]["message"].is_string());
  bodies.push_back(r.doc);
}

bool contains(const json& s, const std::string& what) {
  return s.is_string() && s.get<std::string>().find(what) != std::string::npos;
}

void check_http_errors(const Server& s, std::vector<json>& bodies) {
  for (const std::string& token : {std::string(), "wrong" + s.token()}) {
    Reply r = s.http("GET", "/v1/traces", "", token);
    expect_error(r, 401, "unauthorized", bodies);
    EXPECT_NE(r.headers.find("WWW-Authenticate: Bearer"), std::string::npos)
        << r.headers;
  }
  EXPECT_EQ(s.http("GET", "/healthz", "", std::string()).status, 200);
  expect_error(s.http("POST", "/v1/traces", std::string(5000, 'a')), 413,
               "body_too_large", bodies);
  Reply bad = s.http("POST", "/v1/traces", "{\"mode\":\n \"trace\",,}");
  expect_error(bad, 400, "bad_json", bodies);
  EXPECT_EQ(bad.doc["error"]["position"]["line"], 2) << bad.body;
  EXPECT_EQ(bad.doc["error"]["position"]["column"], 10) << bad.body;
  Reply unknown = s.post("/v1/traces", {{"mode", "trace"}, {"bogus", 1}});
  expect_error(unknown, 400, "invalid", bodies);
  EXPECT_TRUE(contains(unknown.doc["error"]["message"], "'bogus'"));
}

json per_program_request() {
  auto program = [](const char* name) {
    return json{{"name", name}, {"duration", 1}};
  };
  json a = program("a"), b = program("b"), c = program("c"), d = program("d");
  a.update({{"type", "syscall"}, {"target", "openat"}, {"bogus_field", 1}});
  b.update({{"type", "bpftrace"}, {"target", "BEGIN { exit(); }"}});
  c["spec"] = "sys_read (arg3 > ) \"x\"";
  d["spec"] = "p:c:malloc";
  return {{"ebpf_programs", {a, b, c, d}}};
}

void check_per_program(const Server& s, std::vector<json>& bodies) {
  Reply r = s.post("/v1/requests", per_program_request());
  ASSERT_EQ(r.status, 200) << r.body;
  const json& p = r.doc["ebpf_programs"];
  ASSERT_EQ(p.size(), 4u) << r.body;
  for (const auto& one : p) {
    EXPECT_EQ(one["status"], "rejected") << one.dump();
    EXPECT_EQ(one["success"], false);
    EXPECT_EQ(one["event_count"], 0);
    bodies.push_back({{"error", one["error"]}});
  }
  EXPECT_EQ(p[0]["error"]["code"], "invalid");
  EXPECT_TRUE(contains(p[0]["error"]["message"], "'bogus_field'"));
  EXPECT_EQ(p[1]["error"]["code"], "invalid");
  EXPECT_TRUE(contains(p[1]["error"]["message"], "'bpftrace'"));
  EXPECT_EQ(p[2]["error"]["code"], "bad_spec");
  EXPECT_TRUE(contains(p[2]["error"]["message"], "spec:1:18:")) << p[2].dump();
  EXPECT_EQ(p[3]["error"]["code"], "refused_by_policy");
}

TEST(RemoteProtocol, refusals_are_exact_and_schema_valid) {
  SCTRACE_REQUIRE_LIVE();
  Server s({"--max-body", "1000"});
  ASSERT_TRUE(s.ok()) << s.log();
  std::vector<json> bodies;
  check_http_errors(s, bodies);
  check_per_program(s, bodies);
  std::string marker = s.dir().file("created-by-request");
  json cmd = {{"mode", "syscalls"},
              {"input", {{"target", {{"command", {"touch", marker}}}}}}};
  expect_error(s.post("/v1/traces", cmd), 400, "refused_by_policy", bodies);
  EXPECT_NE(::access(marker.c_str(), F_OK), 0) << "the command ran";
  expect_error(s.get("/v1/traces/t-0000000000000000"), 404, "not_found",
               bodies);
  EXPECT_EQ(s.get("/v1/traces").doc["traces"].size(), 0u);
  EXPECT_EQ(schema_errors("error.schema.json", bodies, s.dir()), "");
  EXPECT_EQ(s.stop(), 0) << s.log();
}

} // namespace
} // namespace sctrace::live::remote
