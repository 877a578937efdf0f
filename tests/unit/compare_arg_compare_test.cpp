#include "modes/compare/arg_compare.h"

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

Verdict check(const std::string& syscall, const SctraceArg& a,
              std::string_view strace,
              std::vector<std::string> extraction_errors = {}) {
  SctraceCall c;
  c.syscall = syscall;
  c.args = {a};
  c.extraction_errors = std::move(extraction_errors);
  return compare_arg(syscall, c, a, strace).verdict;
}

std::string reason(const std::string& syscall, const SctraceArg& a,
                   std::string_view strace) {
  SctraceCall c;
  c.syscall = syscall;
  return compare_arg(syscall, c, a, strace).reason;
}

TEST(ArgCompare, plain_values_compare_as_text) {
  EXPECT_EQ(check("close", arg("fd", Kind::Int, "3"), "3"), Verdict::Equal);
  EXPECT_EQ(check("close", arg("fd", Kind::Int, "4"), "3"), Verdict::Differ);
  EXPECT_EQ(check("openat", arg("flags", Kind::String, "O_RDONLY|O_CLOEXEC"),
                  "O_RDONLY|O_CLOEXEC"),
            Verdict::Equal);
  EXPECT_EQ(check("openat", arg("flags", Kind::String, "O_RDONLY"),
                  "O_RDONLY|O_CLOEXEC"),
            Verdict::Differ);
  EXPECT_EQ(check("ioctl", arg("cmd", Kind::Int, "21505"), "TCGETS"),
            Verdict::Differ);
}

TEST(ArgCompare, null_pointers_are_the_same_however_written) {
  EXPECT_EQ(check("mmap", arg("addr", Kind::Int, "0"), "NULL"), Verdict::Equal);
  EXPECT_EQ(check("wait4", arg("ru", Kind::Null), "NULL"), Verdict::Equal);
  EXPECT_EQ(check("rt_sigaction", arg("oact", Kind::String, "0x0"), "NULL"),
            Verdict::Equal);
  EXPECT_EQ(
      check("rt_sigaction", arg("oact", Kind::String, "0x7ffd1000"), "NULL"),
      Verdict::Differ);
}

TEST(ArgCompare, pointers_pids_and_memory_are_ignored) {
  EXPECT_EQ(check("munmap", arg("addr", Kind::Int, "140624116047872"),
                  "0x7fe6b8a2c000"),
            Verdict::Ignored);
  EXPECT_EQ(reason("read", arg("buf", Kind::String, "0x7ffe764f2918"),
                   R"("\177ELF\2\1\1"...)"),
            "pointer");
  EXPECT_EQ(reason("read", arg("buf", Kind::Int, "140730883323008"),
                   R"("\177ELF\2\1\1"...)"),
            "buffer");
  EXPECT_EQ(reason("newfstatat", arg("statbuf", Kind::Int, "1"),
                   "{st_mode=S_IFREG|0644, st_size=3360, ...}"),
            "struct");
  EXPECT_EQ(reason("pipe2", arg("fildes", Kind::Int, "1"), "[3, 4]"), "struct");
  EXPECT_EQ(reason("kill", arg("pid", Kind::Int, "16376"), "16999"), "pid");
  EXPECT_EQ(reason("clone", arg("clone_flags", Kind::String, "SIGCHLD"),
                   "child_stack=NULL"),
            "named");
  EXPECT_EQ(reason("execve", arg("envp", Kind::String, "0x5651f54b10e0"),
                   "0x7ffd0f569718 /* 41 vars */"),
            "pointer");
}

TEST(ArgCompare, hex_offsets_compare_as_numbers) {
  EXPECT_EQ(check("mmap", arg("off", Kind::Int, "28672"), "0x7000"),
            Verdict::Equal);
  EXPECT_EQ(check("mmap", arg("off", Kind::Int, "4096"), "0x7000"),
            Verdict::Differ);
}

TEST(ArgCompare, unread_arguments_are_ignored) {
  EXPECT_EQ(check("openat", arg("filename", Kind::Null), "\"/x\"",
                  {"filename_read_failed"}),
            Verdict::Ignored);
  EXPECT_EQ(check("clone", arg("clone_flags", Kind::Null), "SIGCHLD",
                  {"args_unavailable"}),
            Verdict::Ignored);
}

TEST(ArgCompare, strings_compare_as_bytes) {
  EXPECT_EQ(check("openat", arg("filename", Kind::String, "/tmp/a\"b\nc,d\\e"),
                  R"("/tmp/a\"b\nc,d\\e")"),
            Verdict::Equal);
  EXPECT_EQ(check("openat", arg("filename", Kind::String, "caf\xc3\xa9"),
                  R"("caf\303\251")"),
            Verdict::Equal);
  // sctrace's JSON carries invalid UTF-8 as U+FFFD, one per byte.
  EXPECT_EQ(check("openat",
                  arg("filename", Kind::String, "bad\xef\xbf\xbd\xef\xbf\xbdx"),
                  R"("bad\377\376x")"),
            Verdict::Equal);
  EXPECT_EQ(
      check("openat", arg("filename", Kind::String, "/etc/y"), R"("/etc/x")"),
      Verdict::Differ);
  EXPECT_EQ(
      check("openat", arg("filename", Kind::String, "/etc/x"), R"(0x1234)"),
      Verdict::Ignored); // strace could not read it either
}

TEST(ArgCompare, truncated_strings_compare_as_prefixes) {
  EXPECT_EQ(check("openat", arg("filename", Kind::String, "/usr/lib/loc"),
                  R"("/usr/lib/locale/C.UTF-8")", {"filename_truncated"}),
            Verdict::Equal);
  EXPECT_EQ(check("openat", arg("filename", Kind::String, "/usr/lib/lox"),
                  R"("/usr/lib/locale/C.UTF-8")", {"filename_truncated"}),
            Verdict::Differ);
  EXPECT_EQ(check("sethostname", arg("name", Kind::String, "abcdefgh"),
                  R"("abcd"...)"),
            Verdict::Equal);
  // A cut through a UTF-8 sequence leaves a U+FFFD at the end.
  EXPECT_EQ(check("openat", arg("filename", Kind::String, "caf\xef\xbf\xbd"),
                  R"("caf\303\251/x")", {"filename_truncated"}),
            Verdict::Equal);
  // Without the truncation mark, a prefix is not enough.
  EXPECT_EQ(check("openat", arg("filename", Kind::String, "/usr/lib/loc"),
                  R"("/usr/lib/locale")"),
            Verdict::Differ);
}

TEST(ArgCompare, socket_addresses_compare_by_field) {
  SctraceArg u = arg("uservaddr", Kind::Sockaddr);
  u.family = "AF_UNIX";
  u.path = "/var/run/nscd/socket";
  EXPECT_EQ(check("connect", u,
                  R"({sa_family=AF_UNIX, sun_path="/var/run/nscd/socket"})"),
            Verdict::Equal);
  EXPECT_EQ(check("connect", u, R"({sa_family=AF_UNIX, sun_path="/x"})"),
            Verdict::Differ);
  u.path = "a,b}c";
  EXPECT_EQ(check("connect", u, R"({sa_family=AF_UNIX, sun_path=@"a,b}c"})"),
            Verdict::Equal);
  SctraceArg in6 = arg("uservaddr", Kind::Sockaddr);
  in6.family = "AF_INET6";
  in6.address = "::1";
  in6.port = 22;
  EXPECT_EQ(check("connect", in6,
                  R"({sa_family=AF_INET6, sin6_port=htons(22), )"
                  R"(sin6_flowinfo=htonl(0), inet_pton(AF_INET6, "::1", )"
                  R"(&sin6_addr), sin6_scope_id=0})"),
            Verdict::Equal);
  SctraceArg in = arg("uservaddr", Kind::Sockaddr);
  in.family = "AF_INET";
  in.address = "127.0.0.1";
  in.port = 53;
  EXPECT_EQ(check("connect", in,
                  R"({sa_family=AF_INET, sin_port=htons(54), )"
                  R"(sin_addr=inet_addr("127.0.0.1")})"),
            Verdict::Differ);
}

TEST(ArgCompare, futex_compares_only_its_first_three_arguments) {
  EXPECT_EQ(comparable_args("futex"), 3u);
  EXPECT_GT(comparable_args("openat"), 6u);
}

TEST(ArgCompare, lossy_utf8_replaces_each_bad_byte) {
  EXPECT_EQ(lossy_utf8("a\xff\xfe"
                       "b"),
            "a\xef\xbf\xbd\xef\xbf\xbd"
            "b");
  EXPECT_EQ(lossy_utf8("caf\xc3\xa9"), "caf\xc3\xa9");
}

} // namespace
} // namespace sctrace::compare
