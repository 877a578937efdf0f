// HTTPS with a self-signed certificate made by the openssl CLI at test
// time: curl --cacert succeeds, plain HTTP to the same port fails.
#include <string>

#include <gtest/gtest.h>

#include "server_harness.h"

namespace sctrace::server::test {
namespace {

TEST(ServerTls, https_with_the_certificate_and_no_plain_http) {
  TempDir dir;
  const std::string cert = dir.file("cert.pem"), key = dir.file("key.pem");
  const Output made = run_program(
      {"openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
       "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1", "-subj",
       "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1", "-keyout",
       key, "-out", cert});
  ASSERT_EQ(made.exit_code, 0) << "openssl req failed";
  ServerOptions o = test_options();
  o.tls_cert = cert;
  o.tls_key = key;
  RunningServer s(o);
  const Response https =
      curl({"--cacert", cert, "-H", bearer(), s.url("/v1/capabilities", true)});
  EXPECT_EQ(https.exit_code, 0);
  EXPECT_EQ(https.status, 200);
  EXPECT_EQ(https.json()["limits"]["tls"], true);
  const Response unknown_ca = curl({s.url("/healthz", true)});
  EXPECT_NE(unknown_ca.exit_code, 0); // the certificate is not trusted
  const Response plain = curl({s.url("/healthz")});
  EXPECT_NE(plain.exit_code, 0);
  EXPECT_NE(plain.status, 200);
  // Still serving HTTPS after the plain attempt.
  EXPECT_EQ(curl({"--cacert", cert, s.url("/healthz", true)}).status, 200);
}

TEST(ServerTls, a_bad_certificate_is_refused_at_bind) {
  TempDir dir;
  FakeBackend backend;
  ServerOptions o = test_options();
  o.tls_cert = dir.write("cert.pem", "not a certificate\n");
  o.tls_key = dir.write("key.pem", "not a key\n");
  Server server(o, backend);
  auto bound = server.bind();
  ASSERT_FALSE(bound.ok());
  EXPECT_EQ(bound.error().kind, ErrorKind::Invalid);
  EXPECT_NE(bound.error().message.find("cert.pem"), std::string::npos);
  o.tls_cert = dir.file("missing.pem");
  EXPECT_EQ(Server(o, backend).bind().error().kind, ErrorKind::Io);
}

} // namespace
} // namespace sctrace::server::test
