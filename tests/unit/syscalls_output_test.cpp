// The writers of `sctrace syscalls`: strace-like text, JSON documents that
// parse and pass the JSON Schemas in specs/, JSONL and CSV, with hostile
// bytes in every string.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "decode/errno_names.h"
#include "modes/syscalls/output.h"

namespace sctrace::syscalls {
namespace {

SyscallArg num(const char* name, std::int64_t v) {
  SyscallArg a;
  a.name = name;
  a.number = v;
  return a;
}
SyscallArg txt(const char* name, std::string v,
               SyscallArg::Kind k = SyscallArg::Kind::Text) {
  SyscallArg a;
  a.name = name;
  a.kind = k;
  a.text = std::move(v);
  return a;
}

SyscallEvent openat(std::string path, std::int64_t ret) {
  SyscallEvent e;
  e.timestamp_ns = 1'763'790'000'123'456'789ULL;
  e.pid = e.tid = 42;
  e.comm = "cat";
  e.syscall = "openat";
  e.nr = 257;
  e.args = {txt("dfd", "AT_FDCWD"),
            txt("filename", std::move(path), SyscallArg::Kind::Path),
            txt("flags", "O_RDONLY|O_CLOEXEC")};
  e.return_value = ret;
  e.duration_ns = 12'345;
  if (ret < 0)
    e.error = static_cast<int>(-ret);
  return e;
}

SyscallSummary summary() {
  SyscallSummary s;
  s.total_events = 2;
  s.duration_seconds = 1.5;
  s.syscalls_per_second = 1.333;
  s.error_rate = 0.5;
  s.per_syscall = {{"openat", 2, 1, 24690}};
  s.stop_reason = "command_exited";
  s.command_exit_code = 0;
  s.tool_stats.events_captured = 2;
  s.tool_stats.bpftrace_version = "0.17.0";
  return s;
}

std::string write_all(std::string_view format,
                      const std::vector<SyscallEvent>& events) {
  std::ostringstream out, notes;
  auto w = make_syscall_writer(format, out, notes);
  EXPECT_TRUE(w.ok());
  for (const auto& e : events)
    (*w)->event(e);
  (*w)->finish(summary());
  return out.str();
}

TEST(SyscallOutput, TextLooksLikeStrace) {
  std::string line;
  append_event_text(line, openat("/etc/hostname", 3));
  EXPECT_EQ(line, "openat(AT_FDCWD, \"/etc/hostname\", O_RDONLY|O_CLOEXEC) "
                  "= 3 <0.000012>");
  line.clear();
  append_event_text(line, openat("/nope", -2));
  EXPECT_EQ(line, "openat(AT_FDCWD, \"/nope\", O_RDONLY|O_CLOEXEC) = -1 "
                  "ENOENT (No such file or directory) <0.000012>");
  SyscallEvent read;
  read.syscall = "read";
  read.args = {num("fd", 0), txt("buf", "0x7ffd00"), num("count", 1)};
  read.unfinished = Unfinished::RunningAtStop;
  line.clear();
  append_event_text(line, read);
  EXPECT_EQ(line, "read(0, 0x7ffd00, 1 <unfinished ...>");
  read.unfinished = Unfinished::StartedBeforeTrace;
  read.args.clear();
  read.return_value = 1;
  line.clear();
  append_event_text(line, read);
  EXPECT_EQ(line, "<... read resumed>) = 1");
  SyscallEvent exit;
  exit.syscall = "exit_group";
  exit.args = {num("error_code", 0)};
  exit.unfinished = Unfinished::NeverReturned;
  line.clear();
  append_event_text(line, exit);
  EXPECT_EQ(line, "exit_group(0) = ?");
}

TEST(SyscallOutput, TextPrefixesPidsOnceThereAreSeveral) {
  auto a = openat("/a", 3), b = openat("/b", 4);
  b.tid = 43;
  std::string text = write_all("text", {a, b});
  EXPECT_EQ(text, "openat(AT_FDCWD, \"/a\", O_RDONLY|O_CLOEXEC) = 3 "
                  "<0.000012>\n[pid 43] openat(AT_FDCWD, \"/b\", "
                  "O_RDONLY|O_CLOEXEC) = 4 <0.000012>\n");
}

// Each errno's "error" object is made once per thread and reused: the
// same errno again, another in between, one without a name and one past
// the cached range each give their own object.
TEST(SyscallOutput, JsonErrorObjectPerErrno) {
  auto error_of = [](std::int64_t ret) {
    std::string out;
    append_event_json(out, openat("/x", ret));
    return nlohmann::json::parse(out)["error"];
  };
  for (int round = 0; round < 2; ++round) {
    auto e = error_of(-2);
    EXPECT_EQ(e["errno"], 2);
    EXPECT_EQ(e["message"], "ENOENT: No such file or directory");
    e = error_of(-13);
    EXPECT_EQ(e["name"], "EACCES");
    EXPECT_EQ(e["message"], "EACCES: Permission denied");
    e = error_of(-4000);
    EXPECT_EQ(e["errno"], 4000);
    EXPECT_EQ(e["name"], decode::errno_name(4000));
    EXPECT_EQ(e["message"], decode::errno_summary(4000));
    e = error_of(-4095);
    EXPECT_EQ(e["errno"], 4095);
    e = error_of(-5000);
    EXPECT_EQ(e["errno"], 5000);
    EXPECT_EQ(e["message"], decode::errno_summary(5000));
    EXPECT_TRUE(error_of(3).is_null());
  }
}

// The JSON of an event, byte for byte: the writers assemble parts of it
// in buffers, and the bytes must stay these.
TEST(SyscallOutput, JsonEventBytes) {
  std::string out;
  append_event_json(out, openat("/nope", -2));
  EXPECT_EQ(
      out,
      R"({"timestamp":"2025-11-22T05:40:00.123456789Z","pid":42,"tid":42,"comm":"cat","syscall":"openat","nr":257,"args":{"dfd":"AT_FDCWD","filename":"/nope","flags":"O_RDONLY|O_CLOEXEC"},"return_value":-2,"duration_ns":12345,"duration_us":12,"error":{"errno":2,"name":"ENOENT","message":"ENOENT: No such file or directory"},"unfinished":null})");
  SyscallEvent e = openat("/x", 3);
  e.return_value.reset();
  e.duration_ns.reset();
  e.unfinished = Unfinished::RunningAtStop;
  out.clear();
  append_event_json(out, e);
  EXPECT_NE(
      out.find(
          R"("return_value":null,"duration_ns":null,"duration_us":null,"error":null,"unfinished":"running_at_stop"})"),
      std::string::npos)
      << out;
}

TEST(SyscallOutput, JsonEventFields) {
  std::string out;
  append_event_json(out, openat("/nope", -2));
  auto j = nlohmann::json::parse(out);
  EXPECT_EQ(j["timestamp"], "2025-11-22T05:40:00.123456789Z");
  EXPECT_EQ(j["syscall"], "openat");
  EXPECT_EQ(j["nr"], 257);
  EXPECT_EQ(j["args"]["dfd"], "AT_FDCWD");
  EXPECT_EQ(j["args"]["filename"], "/nope");
  EXPECT_EQ(j["return_value"], -2);
  EXPECT_EQ(j["duration_ns"], 12345);
  EXPECT_EQ(j["duration_us"], 12);
  EXPECT_EQ(j["error"]["errno"], 2);
  EXPECT_EQ(j["error"]["name"], "ENOENT");
  EXPECT_EQ(j["error"]["message"], "ENOENT: No such file or directory");
  EXPECT_TRUE(j["unfinished"].is_null());
  EXPECT_FALSE(j["args"].contains("extraction_errors"));
}

// -y/-yy: fd arguments and returned fds as strace -y prints them, '>'
// and control bytes escaped; JSON fd_path (and fd_paths when several).
SyscallEvent named_read() {
  SyscallEvent e;
  e.syscall = "read";
  e.args = {num("fd", 3), txt("buf", "0x7ffd00"), num("count", 5)};
  e.return_value = 5;
  e.fd_paths = {{"fd", "/tmp/a>b\n"}};
  e.fd_path = "/tmp/a>b\n";
  return e;
}

TEST(SyscallOutput, TextNamesFdsAsStraceY) {
  std::string line;
  append_event_text(line, named_read(), false);
  EXPECT_EQ(line, "read(3</tmp/a\\x3eb\\n>, 0x7ffd00, 5) = 5");
  auto open = openat("/etc/hostname", 3);
  open.fd_paths = {{"return_value", "/etc/hostname"}};
  open.fd_path = "/etc/hostname";
  line.clear();
  append_event_text(line, open, false);
  EXPECT_EQ(line, "openat(AT_FDCWD, \"/etc/hostname\", O_RDONLY|O_CLOEXEC) "
                  "= 3</etc/hostname>");
  // A socket's "->" stays; a '>' in a path or a UNIX name does not.
  auto sock = named_read();
  sock.fd_paths = {{"fd", "TCP:[127.0.0.1:1->127.0.0.1:2]"}};
  line.clear();
  append_event_text(line, sock, false);
  EXPECT_EQ(line, "read(3<TCP:[127.0.0.1:1->127.0.0.1:2]>, 0x7ffd00, 5) = 5");
  sock.fd_paths = {{"fd", "/tmp/a->b"}};
  line.clear();
  append_event_text(line, sock, false);
  EXPECT_EQ(line, "read(3</tmp/a-\\x3eb>, 0x7ffd00, 5) = 5");
  // sctrace slow's fd_paths alone (no fd_path) change nothing here.
  auto slow = named_read();
  slow.fd_path.reset();
  line.clear();
  append_event_text(line, slow, false);
  EXPECT_EQ(line, "read(3, 0x7ffd00, 5) = 5");
}

TEST(SyscallOutput, JsonCarriesFdPath) {
  std::string out;
  append_event_json(out, named_read());
  auto j = nlohmann::json::parse(out);
  EXPECT_EQ(j["fd_path"], "/tmp/a>b\n");
  EXPECT_FALSE(j.contains("fd_paths"));
  auto dup = named_read();
  dup.syscall = "dup2";
  dup.args = {num("oldfd", 3), num("newfd", 9)};
  dup.fd_paths = {{"oldfd", "/x"}, {"return_value", "/x"}};
  dup.fd_path = "/x";
  out.clear();
  append_event_json(out, dup);
  j = nlohmann::json::parse(out);
  EXPECT_EQ(j["fd_path"], "/x");
  EXPECT_EQ(j["fd_paths"]["return_value"], "/x");
  std::string csv = write_all("csv", {named_read()});
  EXPECT_NE(csv.find("\"3</tmp/a\\x3eb\\n>, 0x7ffd00, 5\""), std::string::npos)
      << csv;
}

TEST(SyscallOutput, SummaryCountsUnresolvedFdsOnlyWithY) {
  std::string out;
  append_summary_json(out, summary());
  EXPECT_FALSE(
      nlohmann::json::parse(out)["tool_stats"].contains("fd_paths_unresolved"));
  auto s = summary();
  s.tool_stats.fd_paths_unresolved = 4;
  out.clear();
  append_summary_json(out, s);
  EXPECT_EQ(nlohmann::json::parse(out)["tool_stats"]["fd_paths_unresolved"], 4);
}

// Bytes that break naive formats: newline, quote, comma, tab, backslash,
// invalid UTF-8.
const std::string kHostile = std::string("/tmp/a\nb\"c,d\te\\f") + "\xff\xfe";

TEST(SyscallOutput, HostileBytesKeepEveryFormatValid) {
  auto e = openat(kHostile, 3);
  e.comm = "x\"y\n";
  e.extraction_errors = {"filename_truncated"};
  auto doc = nlohmann::json::parse(write_all("json", {e, e}));
  ASSERT_EQ(doc["events"].size(), 2u);
  EXPECT_EQ(doc["events"][0]["args"]["extraction_errors"][0],
            "filename_truncated");
  EXPECT_EQ(doc["summary"]["tool_stats"]["bpftrace_version"], "0.17.0");

  std::istringstream lines(write_all("jsonl", {e, e}));
  std::string line;
  int n = 0;
  while (std::getline(lines, line)) {
    auto j = nlohmann::json::parse(line);
    ++n;
    if (n == 3) {
      EXPECT_TRUE(j.contains("summary"));
    }
  }
  EXPECT_EQ(n, 3);

  std::string text = write_all("text", {e});
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 1);

  std::string csv = write_all("csv", {e});
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 2);
  EXPECT_EQ(csv.find('\t'), std::string::npos);
}

// The exact JSONL bytes of events with hostile bytes in every string,
// each member kind (number, text, path, null, extraction errors), an
// errno outside the per-errno cache and an unfinished call; the same line
// from the JSONL writer (its own buffer) and append_event_json(), also
// after a longer event grew the writer's buffer.
TEST(SyscallOutput, JsonlEventBytesWithHostileStrings) {
  SyscallEvent e = openat(std::string("/t\"\\\n\x01\x7f\xc3\xa9\xff/"), -2);
  e.comm = std::string("c\0\x1f\"\xe2\x82", 6);
  e.args.push_back(num("mode", -1));
  e.args.push_back(txt("buf", "", SyscallArg::Kind::Null));
  e.extraction_errors = {"a\tb", "filename_truncated"};
  SyscallEvent f = openat(std::string(300, '\x01'), 3);
  f.error = 5000;
  f.return_value.reset();
  f.unfinished = Unfinished::NeverReturned;
  const std::string want_e =
      R"({"timestamp":"2025-11-22T05:40:00.123456789Z","pid":42,"tid":42,)"
      R"("comm":"c\u0000\u001f\")"
      "\xef\xbf\xbd\xef\xbf\xbd"
      R"(","syscall":"openat","nr":257,"args":{"dfd":"AT_FDCWD",)"
      R"("filename":"/t\"\\\n\u0001)"
      "\x7f\xc3\xa9\xef\xbf\xbd"
      R"(/","flags":"O_RDONLY|O_CLOEXEC","mode":-1,"buf":null,)"
      R"("extraction_errors":["a\tb","filename_truncated"]},)"
      R"("return_value":-2,"duration_ns":12345,"duration_us":12,)"
      R"("error":{"errno":2,"name":"ENOENT","message":"ENOENT: No such file )"
      R"(or directory"},"unfinished":null})";
  std::string path_f;
  for (int i = 0; i < 300; ++i)
    path_f += "\\u0001";
  const std::string errno_5000 = [] {
    std::string out;
    SyscallEvent g = openat("/", -2);
    g.error = 5000;
    append_event_json(out, g);
    auto at = out.find(R"("error":)");
    return out.substr(at, out.find(R"(,"unfinished")") - at);
  }();
  EXPECT_EQ(errno_5000.rfind(R"("error":{"errno":5000,"name":)", 0), 0u)
      << errno_5000;
  const std::string want_f =
      R"({"timestamp":"2025-11-22T05:40:00.123456789Z","pid":42,"tid":42,)"
      R"("comm":"cat","syscall":"openat","nr":257,"args":{"dfd":"AT_FDCWD",)"
      R"("filename":")" +
      path_f +
      R"(","flags":"O_RDONLY|O_CLOEXEC"},"return_value":null,)"
      R"("duration_ns":12345,"duration_us":12,)" +
      errno_5000 + R"(,"unfinished":"never_returned"})";
  std::string one;
  append_event_json(one, e);
  EXPECT_EQ(one, want_e);
  one.clear();
  append_event_json(one, f);
  EXPECT_EQ(one, want_f);
  EXPECT_EQ(write_all("jsonl", {e, f, e}), want_e + "\n" + want_f + "\n" +
                                               want_e + "\n" +
                                               write_all("jsonl", {}));
}

TEST(SyscallOutput, EmptyDocumentIsStillADocument) {
  auto doc = nlohmann::json::parse(write_all("json", {}));
  EXPECT_TRUE(doc["events"].empty());
  EXPECT_EQ(doc["summary"]["total_events"], 2);
}

TEST(SyscallOutput, DocumentsPassTheSchemas) {
  if (std::system("/usr/bin/python3 -c 'import jsonschema' 2>/dev/null") != 0)
    GTEST_SKIP() << "/usr/bin/python3 has no jsonschema (apt-get install "
                    "python3-jsonschema)";
  SyscallEvent connect;
  connect.timestamp_ns = 1;
  connect.syscall = "connect";
  connect.nr = 42;
  SyscallArg addr;
  addr.name = "uservaddr";
  addr.kind = SyscallArg::Kind::Sockaddr;
  addr.family = "AF_INET";
  addr.address = "127.0.0.1";
  addr.port = 9;
  SyscallArg netlink;
  netlink.name = "other";
  netlink.kind = SyscallArg::Kind::Sockaddr;
  netlink.family = "AF_NETLINK";
  connect.args = {num("fd", 3), addr, netlink};
  connect.return_value = -111;
  connect.error = 111;
  auto bad = openat(kHostile, -14);
  bad.args[1].kind = SyscallArg::Kind::Null;
  bad.extraction_errors = {"filename_read_failed"};
  SyscallEvent running;
  running.syscall = "read";
  running.unfinished = Unfinished::RunningAtStop;
  running.duration_ns = 5;
  const std::string validator =
      std::string(SCTRACE_TEST_DATA) + "/../live/validate_syscalls.py";
  for (const char* format : {"json", "jsonl"}) {
    std::string path = ::testing::TempDir() + "/sctrace_doc." + format;
    std::ofstream(path) << write_all(format, {openat("/etc/hostname", 3), bad,
                                              connect, running, named_read()});
    std::string cmd =
        "/usr/bin/python3 " + validator + " " + format + " " + path;
    EXPECT_EQ(std::system(cmd.c_str()), 0) << cmd;
  }
}

} // namespace
} // namespace sctrace::syscalls
