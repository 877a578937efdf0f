// The server's protocol over loopback with the real curl: routes, the
// bearer token, bodies, errors.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "server_harness.h"

namespace sctrace::server::test {
namespace {

struct Route {
  std::string method, path, body;
};

const std::vector<Route>& v1_routes() {
  static const std::vector<Route> routes = {
      {"GET", "/v1/capabilities", ""},
      {"GET", "/v1/traces", ""},
      {"GET", "/v1/traces/t1", ""},
      {"GET", "/v1/traces/t1/events", ""},
      {"GET", "/v1/traces/t1/events?follow=1", ""},
      {"DELETE", "/v1/traces/t1", ""},
      {"POST", "/v1/requests", "{}"},
      {"POST", "/v1/traces", "{}"},
      {"POST", "/v1/suggest", "{\"description\":\"x\"}"}};
  return routes;
}

Response call(const RunningServer& s, const Route& r,
              std::vector<std::string> extra = {}) {
  std::vector<std::string> args = {"-X", r.method};
  if (!r.body.empty())
    args.insert(args.end(), {"--data-binary", r.body});
  args.insert(args.end(), extra.begin(), extra.end());
  args.push_back(s.url(r.path));
  return curl(args);
}

TEST(ServerHttp, healthz_needs_no_token) {
  RunningServer s;
  const Response r = curl({s.url("/healthz")});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.header("content-type"), "application/json");
  EXPECT_EQ(r.json(), nlohmann::json({{"status", "ok"}}));
  EXPECT_EQ(s.backend.count(), 0u);
}

TEST(ServerHttp, every_v1_route_refuses_a_missing_or_wrong_token) {
  RunningServer s;
  for (const Route& route : v1_routes()) {
    for (const std::vector<std::string>& auth :
         {std::vector<std::string>{},
          std::vector<std::string>{"-H", bearer("wrong")},
          std::vector<std::string>{"-H", bearer(kToken + "x")},
          std::vector<std::string>{"-H", "Authorization: Basic " + kToken}}) {
      const Response r = call(s, route, auth);
      SCOPED_TRACE(route.method + " " + route.path);
      EXPECT_EQ(r.status, 401);
      EXPECT_EQ(r.header("www-authenticate"), "Bearer realm=\"sctrace\"");
      EXPECT_EQ(r.header("content-type"), "application/json");
      EXPECT_EQ(r.json()["error"]["code"], "unauthorized");
    }
  }
  // Expect: 100-continue is refused before the body is sent.
  const Response expect =
      curl({"-H", "Expect: 100-continue", "-H", bearer("wrong"),
            "--data-binary", "{}", s.url("/v1/traces")});
  EXPECT_EQ(expect.status, 401);
  EXPECT_EQ(expect.header("www-authenticate"), "Bearer realm=\"sctrace\"");
  EXPECT_EQ(s.backend.count(), 0u);
}

TEST(ServerHttp, the_token_reaches_the_backend_with_the_parsed_body) {
  RunningServer s;
  const Response posted =
      curl({"-H", bearer(), "--data-binary", R"({"programs":[{"n":1}]})",
            s.url("/v1/requests")});
  EXPECT_EQ(posted.status, 200);
  EXPECT_EQ(posted.json()["echo"],
            nlohmann::json::parse(R"({"programs":[{"n":1}]})"));
  const Response started = curl({"-H", bearer(), "--data-binary",
                                 R"({"target":"x"})", s.url("/v1/traces")});
  EXPECT_EQ(started.status, 202);
  EXPECT_EQ(started.json()["id"], "t1");
  EXPECT_EQ(curl({"-H", bearer(), s.url("/v1/traces/t1")}).status, 200);
  EXPECT_EQ(curl({"-H", bearer(), s.url("/v1/traces/zz")}).status, 404);
  EXPECT_EQ(curl({"-H", bearer(), "-X", "DELETE", s.url("/v1/traces/t1")})
                .json()["status"],
            "stopping");
  EXPECT_EQ(curl({"-H", bearer(), "--data-binary", R"({"description":"d"})",
                  s.url("/v1/suggest")})
                .status,
            200);
  const auto calls = s.backend.calls();
  ASSERT_EQ(calls.size(), 6u);
  EXPECT_EQ(calls[0].name, "run_request");
  EXPECT_EQ(calls[0].args, nlohmann::json::parse(R"({"programs":[{"n":1}]})"));
  EXPECT_EQ(calls[1].name, "start_trace");
  EXPECT_EQ(calls[1].args, nlohmann::json({{"target", "x"}}));
  EXPECT_EQ(calls[2].args, nlohmann::json({{"id", "t1"}}));
  EXPECT_EQ(calls[3].args, nlohmann::json({{"id", "zz"}}));
  EXPECT_EQ(calls[4].name, "stop_trace");
  EXPECT_EQ(calls[5].name, "suggest");
  EXPECT_EQ(calls[5].args, nlohmann::json({{"description", "d"}}));
}

TEST(ServerHttp, events_query_is_checked_and_passed_on) {
  RunningServer s;
  const Response ok =
      curl({"-H", bearer(), s.url("/v1/traces/t1/events?cursor=5&limit=7")});
  EXPECT_EQ(ok.status, 200);
  const Response defaults =
      curl({"-H", bearer(), s.url("/v1/traces/t1/events")});
  EXPECT_EQ(defaults.status, 200);
  for (const char* query :
       {"cursor=abc", "cursor=-1", "cursor=99999999999999999999999", "limit=0",
        "limit=10001", "limit=1x", "follow=maybe", "cursor=1&cursor=2"}) {
    SCOPED_TRACE(query);
    const Response bad = curl(
        {"-H", bearer(), s.url(std::string("/v1/traces/t1/events?") + query)});
    EXPECT_EQ(bad.status, 400);
    EXPECT_EQ(bad.json()["error"]["code"], "bad_query");
  }
  const auto calls = s.backend.calls();
  ASSERT_EQ(calls.size(), 2u);
  EXPECT_EQ(calls[0].args,
            nlohmann::json({{"id", "t1"}, {"cursor", 5}, {"limit", 7}}));
  EXPECT_EQ(calls[1].args,
            nlohmann::json({{"id", "t1"}, {"cursor", 0}, {"limit", 1000}}));
}

TEST(ServerHttp, capabilities_carry_the_server_limits) {
  RunningServer s;
  const Response r = curl({"-H", bearer(), s.url("/v1/capabilities")});
  EXPECT_EQ(r.status, 200);
  const nlohmann::json body = r.json();
  EXPECT_EQ(body["version"], "test");
  EXPECT_EQ(body["limits"], nlohmann::json({{"max_body_bytes", 1 << 20},
                                            {"rate_per_second", 1000.0},
                                            {"rate_burst", 1000},
                                            {"threads", 4},
                                            {"tls", false}}));
}

TEST(ServerHttp, malformed_json_is_400_with_its_position) {
  RunningServer s;
  const Response r =
      curl({"-H", bearer(), "--data-binary", R"({"a":)", s.url("/v1/traces")});
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.header("content-type"), "application/json");
  const nlohmann::json error = r.json()["error"];
  EXPECT_EQ(error["code"], "bad_json");
  EXPECT_EQ(error["position"],
            nlohmann::json({{"byte", 6}, {"line", 1}, {"column", 6}}));
  EXPECT_NE(error["message"].get<std::string>().find("at byte 6 (line 1, "
                                                     "column 6)"),
            std::string::npos);
  const Response lines = curl({"-H", bearer(), "--data-binary",
                               "{\n  \"a\": ?\n}", s.url("/v1/traces")});
  EXPECT_EQ(lines.json()["error"]["position"],
            nlohmann::json({{"byte", 10}, {"line", 2}, {"column", 8}}));
  const Response array =
      curl({"-H", bearer(), "--data-binary", "[1]", s.url("/v1/traces")});
  EXPECT_EQ(array.status, 400);
  EXPECT_EQ(array.json()["error"]["code"], "body_not_object");
  const Response empty =
      curl({"-H", bearer(), "-X", "POST", s.url("/v1/traces")});
  EXPECT_EQ(empty.status, 400);
  EXPECT_EQ(empty.json()["error"]["code"], "bad_json");
  EXPECT_EQ(s.backend.count(), 0u);
}

TEST(ServerHttp, unknown_route_is_404_and_wrong_method_405) {
  RunningServer s;
  const Response missing = curl({"-H", bearer(), s.url("/v1/nope")});
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.header("content-type"), "application/json");
  EXPECT_EQ(missing.json()["error"]["code"], "not_found");
  const Response post =
      curl({"-H", bearer(), "--data-binary", "{}", s.url("/v1/capabilities")});
  EXPECT_EQ(post.status, 405);
  EXPECT_EQ(post.header("allow"), "GET, HEAD");
  EXPECT_EQ(post.json()["error"]["code"], "method_not_allowed");
  const Response put = curl({"-H", bearer(), "-X", "PUT", "--data-binary", "{}",
                             s.url("/v1/traces/t1")});
  EXPECT_EQ(put.status, 405);
  EXPECT_EQ(put.header("allow"), "GET, HEAD, DELETE");
  const Response get = curl({"-H", bearer(), s.url("/v1/requests")});
  EXPECT_EQ(get.status, 405);
  EXPECT_EQ(get.header("allow"), "POST");
  const Response events =
      curl({"-H", bearer(), "-X", "DELETE", s.url("/v1/traces/t1/events")});
  EXPECT_EQ(events.status, 405);
  EXPECT_EQ(events.header("allow"), "GET, HEAD");
  for (const char* path : {"/v1/traces/a%20b", "/v1/traces/t1/x",
                           "/v1/traces//events", "/healthz/"}) {
    SCOPED_TRACE(path);
    EXPECT_EQ(curl({"-H", bearer(), "-X", "PUT", s.url(path)}).status, 404);
  }
  // Without the token an unknown /v1 path is 401, like the others.
  EXPECT_EQ(curl({s.url("/v1/nope")}).status, 401);
  EXPECT_EQ(s.backend.count(), 0u);
}

TEST(ServerHttp, an_exception_in_a_handler_is_500_json) {
  RunningServer s;
  const Response r = curl({"-H", bearer(), "--data-binary", R"({"throw":true})",
                           s.url("/v1/requests")});
  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(r.header("content-type"), "application/json");
  EXPECT_EQ(r.json()["error"]["code"], "internal");
  // Still serving.
  EXPECT_EQ(curl({s.url("/healthz")}).status, 200);
  // A backend status that is not one is a 500 too.
  const Response weird = curl({"-H", bearer(), s.url("/v1/traces/weird")});
  EXPECT_EQ(weird.status, 500);
  EXPECT_EQ(weird.json()["error"]["code"], "internal");
}

TEST(ServerHttp, malformed_http_is_400_json) {
  RunningServer s;
  // A request line httplib refuses (an unknown method).
  const Response r = curl({"-X", "BREW", s.url("/healthz")});
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.header("content-type"), "application/json");
  EXPECT_EQ(r.json()["error"]["code"], "bad_request");
}

// httplib's default socket options include SO_REUSEPORT, with which a
// second server would bind a port already served and share it silently.
TEST(ServerHttp, a_port_already_served_is_refused_with_a_clear_error) {
  RunningServer first;
  ServerOptions o = test_options();
  o.port = first.port;
  FakeBackend backend;
  Server second(o, backend);
  const auto bound = second.bind();
  ASSERT_FALSE(bound.ok());
  EXPECT_EQ(bound.error().kind, ErrorKind::System);
  EXPECT_NE(bound.error().message.find("cannot listen on 127.0.0.1:" +
                                       std::to_string(first.port)),
            std::string::npos)
      << bound.error().message;
  EXPECT_EQ(curl({first.url("/healthz")}).status, 200);
}

} // namespace
} // namespace sctrace::server::test
