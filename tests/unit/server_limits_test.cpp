// Body size and rate limits over loopback; the rate limiter and request
// log on their own.
#include <string>

#include <gtest/gtest.h>
#include <httplib.h>

#include "server/rate_limit.h"
#include "server/request_log.h"
#include "server_harness.h"

namespace sctrace::server::test {
namespace {

ServerOptions small_body() {
  ServerOptions o = test_options();
  o.max_body_bytes = 1024;
  return o;
}

void expect_too_large(const Response& r) {
  EXPECT_EQ(r.status, 413);
  EXPECT_EQ(r.header("content-type"), "application/json");
  EXPECT_EQ(r.json()["error"]["code"], "body_too_large");
}

TEST(ServerLimits, a_body_over_the_limit_is_413_and_never_reaches_the_backend) {
  RunningServer s(small_body());
  TempDir dir;
  const std::string big =
      dir.write("big.json", "{\"a\":\"" + std::string(2000, 'x') + "\"}");
  const std::string data = "@" + big;
  // Content-Length.
  expect_too_large(curl({"-H", bearer(), "-H", "Expect:", "--data-binary", data,
                         s.url("/v1/traces")}));
  // Expect: 100-continue: refused before the body is sent.
  expect_too_large(curl({"-H", bearer(), "-H", "Expect: 100-continue",
                         "--data-binary", data, s.url("/v1/traces")}));
  // Chunked: no Content-Length, cut off at the limit while reading.
  expect_too_large(curl({"-H", bearer(), "-H", "Transfer-Encoding: chunked",
                         "--data-binary", data, s.url("/v1/traces")}));
  EXPECT_EQ(s.backend.count(), 0u);
  // Exactly the limit is fine.
  const std::string fits =
      dir.write("fits.json", "{\"a\":\"" + std::string(1024 - 8, 'x') + "\"}");
  EXPECT_EQ(
      curl({"-H", bearer(), "--data-binary", "@" + fits, s.url("/v1/traces")})
          .status,
      202);
  EXPECT_EQ(s.backend.count(), 1u);
}

TEST(ServerLimits, the_limit_applies_to_the_decompressed_body) {
  RunningServer s(small_body());
  TempDir dir;
  const std::string plain = dir.write("bomb.json", std::string(100000, ' '));
  ASSERT_EQ(run_program({"gzip", "-k", plain}).exit_code, 0);
  ASSERT_LT(std::filesystem::file_size(plain + ".gz"), 1024u);
  expect_too_large(
      curl({"-H", bearer(), "-H", "Content-Encoding: gzip", "--data-binary",
            "@" + plain + ".gz", s.url("/v1/traces")}));
  const std::string small = dir.write("small.json", R"({"gz":1})");
  ASSERT_EQ(run_program({"gzip", "-k", small}).exit_code, 0);
  const Response ok =
      curl({"-H", bearer(), "-H", "Content-Encoding: gzip", "--data-binary",
            "@" + small + ".gz", s.url("/v1/requests")});
  EXPECT_EQ(ok.status, 200);
  EXPECT_EQ(ok.json()["echo"], nlohmann::json({{"gz", 1}}));
  // multipart/form-data is refused unread.
  const Response form =
      curl({"-H", bearer(), "-F", "a=b", s.url("/v1/requests")});
  EXPECT_EQ(form.status, 415);
  EXPECT_EQ(form.json()["error"]["code"], "unsupported_media_type");
  EXPECT_EQ(s.backend.count(), 1u);
}

TEST(ServerLimits, httplib_client_gets_413_json_too) {
  RunningServer s(small_body());
  httplib::Client client("127.0.0.1", s.port);
  client.set_bearer_token_auth(kToken.c_str());
  client.set_read_timeout(5, 0);
  auto res = client.Post("/v1/suggest", std::string(5000, ' ') + "{}",
                         "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 413);
  EXPECT_EQ(nlohmann::json::parse(res->body)["error"]["code"],
            "body_too_large");
  EXPECT_EQ(s.backend.count(), 0u);
}

TEST(ServerLimits, the_fourth_immediate_request_is_429) {
  ServerOptions o = test_options();
  o.rate_per_second = 1;
  o.rate_burst = 3;
  RunningServer s(o);
  for (int i = 0; i < 3; ++i)
    EXPECT_EQ(curl({s.url("/healthz")}).status, 200) << i;
  const Response limited = curl({s.url("/healthz")});
  EXPECT_EQ(limited.status, 429);
  EXPECT_EQ(limited.header("retry-after"), "1");
  EXPECT_EQ(limited.header("content-type"), "application/json");
  EXPECT_EQ(limited.json()["error"]["code"], "rate_limited");
}

TEST(RateLimiter, refills_at_the_rate_up_to_the_burst) {
  RateLimiter limiter(2, 3);
  const auto t0 = RateLimiter::Clock::time_point{} + std::chrono::hours(1);
  for (int i = 0; i < 3; ++i)
    EXPECT_TRUE(limiter.take("a", t0).allowed);
  const auto refused = limiter.take("a", t0);
  EXPECT_FALSE(refused.allowed);
  EXPECT_EQ(refused.retry_after_seconds, 1);
  EXPECT_TRUE(limiter.take("b", t0).allowed); // per key
  EXPECT_TRUE(limiter.take("a", t0 + std::chrono::milliseconds(500)).allowed);
  EXPECT_FALSE(limiter.take("a", t0 + std::chrono::milliseconds(500)).allowed);
  // A long pause refills only up to the burst.
  const auto later = t0 + std::chrono::hours(1);
  for (int i = 0; i < 3; ++i)
    EXPECT_TRUE(limiter.take("a", later).allowed);
  EXPECT_FALSE(limiter.take("a", later).allowed);
}

TEST(RateLimiter, slow_rates_say_how_long_to_wait) {
  RateLimiter limiter(0.1, 1);
  const auto t0 = RateLimiter::Clock::time_point{} + std::chrono::hours(1);
  EXPECT_TRUE(limiter.take("a", t0).allowed);
  EXPECT_EQ(limiter.take("a", t0).retry_after_seconds, 10);
}

TEST(RateLimiter, keeps_at_most_max_keys) {
  RateLimiter limiter(1, 1, 4);
  const auto t0 = RateLimiter::Clock::time_point{} + std::chrono::hours(1);
  for (int i = 0; i < 100; ++i)
    EXPECT_TRUE(limiter.take("k" + std::to_string(i), t0).allowed);
}

TEST(RequestLog, one_terminal_safe_line) {
  EXPECT_EQ(format_request_log("GET", "/v1/traces/t1", 200, 1.25),
            "sctrace serve: GET /v1/traces/t1 200 1.2ms\n");
  EXPECT_EQ(format_request_log("GET", "/a\x1b[2J\nb", 404, 0),
            "sctrace serve: GET /a\\x1b[2J\\x0ab 404 0.0ms\n");
  const std::string line =
      format_request_log("GET", std::string(500, 'p'), 200, 0);
  EXPECT_EQ(line.size(), std::string("sctrace serve: GET ").size() + 200 + 3 +
                             std::string(" 200 0.0ms\n").size());
}

} // namespace
} // namespace sctrace::server::test
