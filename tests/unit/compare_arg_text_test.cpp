#include "modes/compare/arg_text.h"

#include <gtest/gtest.h>

namespace sctrace::compare {
namespace {

using Kind = SctraceArg::Kind;

SctraceArg arg(std::string name, Kind kind, std::string text = {}) {
  SctraceArg a;
  a.name = std::move(name);
  a.kind = kind;
  a.text = std::move(text);
  return a;
}

TEST(ArgText, renders_ints_nulls_and_verbatim_strings) {
  EXPECT_EQ(arg_text("read", arg("count", Kind::Int, "832")), "832");
  EXPECT_EQ(arg_text("read", arg("fd", Kind::Int, "-1")), "-1");
  EXPECT_EQ(arg_text("wait4", arg("ru", Kind::Null)), "NULL");
  EXPECT_EQ(
      arg_text("openat", arg("flags", Kind::String, "O_RDONLY|O_CLOEXEC")),
      "O_RDONLY|O_CLOEXEC");
  EXPECT_EQ(arg_text("openat", arg("dfd", Kind::String, "AT_FDCWD")),
            "AT_FDCWD");
  EXPECT_EQ(arg_text("read", arg("buf", Kind::String, "0x7ffd0000")),
            "0x7ffd0000");
}

TEST(ArgText, quotes_paths_as_strace_does) {
  EXPECT_EQ(arg_text("openat", arg("filename", Kind::String, "/etc/x")),
            "\"/etc/x\"");
  EXPECT_EQ(arg_text("openat",
                     arg("filename", Kind::String, "/tmp/a\"b\nc,d\\e\t\x1f")),
            R"("/tmp/a\"b\nc,d\\e\t\37")");
  // Non-ASCII in octal, three digits before a digit.
  EXPECT_EQ(arg_text("openat", arg("filename", Kind::String,
                                   "caf\xc3\xa9\x01"
                                   "7")),
            R"("caf\303\251\0017")");
  EXPECT_EQ(arg_text("rename", arg("oldname", Kind::String, "")), "\"\"");
}

TEST(ArgText, pointer_valued_names_and_socket_type_stay_verbatim) {
  // uname(struct new_utsname *name): "name" but not a string.
  EXPECT_EQ(arg_text("uname", arg("name", Kind::String, "0x7ffe7eb89460")),
            "0x7ffe7eb89460");
  EXPECT_EQ(arg_text("socket", arg("type", Kind::String, "SOCK_STREAM")),
            "SOCK_STREAM");
  EXPECT_EQ(arg_text("mount", arg("type", Kind::String, "tmpfs")), "\"tmpfs\"");
}

TEST(ArgText, renders_socket_addresses) {
  SctraceArg a = arg("uservaddr", Kind::Sockaddr);
  a.family = "AF_INET";
  a.address = "127.0.0.1";
  a.port = 53;
  EXPECT_EQ(arg_text("connect", a),
            R"({sa_family=AF_INET, sin_port=htons(53), )"
            R"(sin_addr=inet_addr("127.0.0.1")})");
  a.family = "AF_INET6";
  a.address = "::1";
  EXPECT_EQ(arg_text("connect", a),
            R"({sa_family=AF_INET6, sin6_port=htons(53), )"
            R"(inet_pton(AF_INET6, "::1", &sin6_addr)})");
  SctraceArg u = arg("uservaddr", Kind::Sockaddr);
  u.family = "AF_UNIX";
  u.path = "/run/x";
  EXPECT_EQ(arg_text("connect", u),
            R"({sa_family=AF_UNIX, sun_path="/run/x"})");
  u.abstract = true;
  EXPECT_EQ(arg_text("connect", u),
            R"({sa_family=AF_UNIX, sun_path=@"/run/x"})");
  SctraceArg n = arg("uservaddr", Kind::Sockaddr);
  n.family = "AF_NETLINK";
  EXPECT_EQ(arg_text("bind", n), "{sa_family=AF_NETLINK, ...}");
}

TEST(ArgText, renders_whole_calls) {
  SctraceCall c;
  c.syscall = "openat";
  c.args = {arg("dfd", Kind::String, "AT_FDCWD"),
            arg("filename", Kind::String, "/x"),
            arg("flags", Kind::String, "O_RDONLY")};
  c.return_value = -2;
  c.error_name = "ENOENT";
  EXPECT_EQ(sctrace_call_text(c), "openat(AT_FDCWD, \"/x\", O_RDONLY) = -1 "
                                  "ENOENT (No such file or directory)");
  c.return_value = 3;
  c.error_name.clear();
  EXPECT_EQ(sctrace_call_text(c), "openat(AT_FDCWD, \"/x\", O_RDONLY) = 3");
  SctraceCall e;
  e.syscall = "exit_group";
  e.args = {arg("error_code", Kind::Int, "0")};
  EXPECT_EQ(sctrace_call_text(e), "exit_group(0) = ?");
  SctraceCall r;
  r.syscall = "vfork";
  r.return_value = 0;
  r.unfinished = "started_before_trace";
  EXPECT_EQ(sctrace_call_text(r), "<... vfork resumed>) = 0");
}

} // namespace
} // namespace sctrace::compare
