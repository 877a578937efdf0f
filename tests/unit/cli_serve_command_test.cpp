// parse_listen, which serve and exporter share: HOST:PORT and [V6]:PORT
// are split; a bad value is refused with examples on the caller's port.
#include <gtest/gtest.h>

#include <string>

#include "cli/exporter_command.h"
#include "cli/serve_command.h"

namespace sctrace::cli {
namespace {

TEST(CliParseListen, splits_host_and_port) {
  auto v4 = parse_listen("127.0.0.1:9464", kExporterPort);
  ASSERT_TRUE(v4.ok());
  EXPECT_EQ(v4->first, "127.0.0.1");
  EXPECT_EQ(v4->second, 9464);
  auto v6 = parse_listen("[::1]:0", kServePort);
  ASSERT_TRUE(v6.ok());
  EXPECT_EQ(v6->first, "::1");
  EXPECT_EQ(v6->second, 0);
}

TEST(CliParseListen, refuses_bad_values) {
  for (const char* bad : {"", "9464", ":9464", "host:", "host:65536", "host:-1",
                          "host:12345678", "[]:1", "a:b"})
    EXPECT_FALSE(parse_listen(bad, kServePort).ok()) << bad;
}

// The error's examples are the caller's: serve's 8642, exporter's 9464.
TEST(CliParseListen, error_gives_the_callers_port) {
  auto serve = parse_listen("nope", kServePort);
  ASSERT_FALSE(serve.ok());
  EXPECT_EQ(serve.error().message, "--listen 'nope' is not HOST:PORT; e.g. "
                                   "127.0.0.1:8642 or [::1]:8642");
  auto exporter = parse_listen("nope", kExporterPort);
  ASSERT_FALSE(exporter.ok());
  EXPECT_EQ(exporter.error().message, "--listen 'nope' is not HOST:PORT; e.g. "
                                      "127.0.0.1:9464 or [::1]:9464");
}

} // namespace
} // namespace sctrace::cli
