// No file name can break an output format of `sctrace syscalls`. The
// workload (hostile_paths) creates and opens files named with a newline, a
// double quote, a comma, a backslash, a tab and \x1f, invalid UTF-8
// (\xff\xfe), valid UTF-8 (café), 250 characters, and a path of 4000
// bytes through directories of 200 characters. Then:
//   json, jsonl  parse (nlohmann), pass tests/live/validate_syscalls.py
//                (python3-jsonschema, specs/syscall_*.schema.json), and
//                hold each path as read: whole, or cut at the string size
//                with "<arg>_truncated" in extraction_errors;
//   csv          every row has the header's number of fields (RFC 4180),
//                one row per event;
//   text         one line per event, valid UTF-8, no raw control bytes.
#include <map>
#include <regex>
#include <sstream>
#include <tuple>

#include "syscalls_live_util.h"

namespace sctrace::live {
namespace {

// The names of workload.cpp's hostile(), and the deep path of
// hostile_paths() (with the directories leading to it).
const std::vector<std::string>& hostile_names() {
  static const std::vector<std::string> names = {
      "new\nline",       "quote\"d",
      "comma,\"x\":1,]", "back\\slash",
      "tab\tand\x1f",    "bad\xff\xfeutf8",
      "caf\xc3\xa9",     std::string(250, 'L'),
  };
  return names;
}

struct DeepPath {
  std::vector<std::string> dirs;
  std::string file;
};

DeepPath deep_path(const std::string& dir) {
  DeepPath d;
  std::string p = dir;
  while (p.size() + 201 + 16 < 4000) {
    p += "/" + std::string(200, 'D');
    d.dirs.push_back(p);
  }
  d.file = p + "/" + std::string(4000 - p.size() - 1, 'F');
  return d;
}

// What sctrace reads of PATH with str() of SIZE bytes (SIZE - 1 at most).
std::string as_read(const std::string& path, int size) {
  return path.substr(0, std::min(path.size(), std::size_t(size - 1)));
}

RunResult run_hostile(const TempDir& dir, const std::string& format,
                      const std::string& out) {
  return sctrace({"syscalls", "--format", format, "-o", out, "--",
                  workload_bin(), "hostile_paths", dir.path()},
                 60);
}

std::vector<std::string> errors_of(const nlohmann::json& e) {
  std::vector<std::string> out;
  if (e["args"].contains("extraction_errors"))
    for (const auto& x : e["args"]["extraction_errors"])
      out.push_back(x);
  return out;
}

bool has(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

// Checks events (from json or jsonl) against the paths the workload used.
void expect_paths(const std::vector<nlohmann::json>& events,
                  const nlohmann::json& summary, const std::string& dir) {
  const int size = summary["tool_stats"]["string_size"];
  ASSERT_GT(size, 1);
  EXPECT_EQ(summary["total_events"].get<std::size_t>(), events.size());
  EXPECT_EQ(summary["tool_stats"]["events_dropped"], 0);

  // Each path: its events (syscall, path arg), how many, as read.
  struct Expect {
    std::string syscall, arg, path;
    std::size_t count;
  };
  std::vector<Expect> expected;
  for (const auto& n : hostile_names())
    expected.push_back({"openat", "filename", dir + "/" + n, 2});
  DeepPath deep = deep_path(dir);
  expected.push_back({"openat", "filename", deep.file, 2});
  for (const auto& d : deep.dirs)
    expected.push_back({"mkdir", "pathname", d, 1});

  // Paths cut at the string size can look alike (the deep directories):
  // group by what is seen.
  struct Seen {
    std::size_t count = 0;
    std::size_t min_len = std::string::npos, max_len = 0;
  };
  std::map<std::tuple<std::string, std::string, std::string>, Seen> by_seen;
  for (const auto& x : expected) {
    auto& g =
        by_seen[{x.syscall, x.arg, sc::utf8_sanitized(as_read(x.path, size))}];
    g.count += x.count;
    g.min_len = std::min(g.min_len, x.path.size());
    g.max_len = std::max(g.max_len, x.path.size());
  }
  std::size_t cut_events = 0, long_paths = 0;
  for (const auto& x : expected)
    if (x.path.size() >= static_cast<std::size_t>(size))
      long_paths += x.count;
  for (const auto& [key, g] : by_seen) {
    const auto& [syscall, arg, seen] = key;
    std::size_t n = 0;
    for (const auto& e : events) {
      if (e["syscall"] != syscall || !e["args"][arg].is_string() ||
          e["args"][arg] != seen)
        continue;
      ++n;
      const bool cut = has(errors_of(e), arg + "_truncated");
      cut_events += cut;
      // A path of exactly size - 1 bytes fills the buffer: it may or may
      // not have been cut, so sctrace may say either.
      if (g.min_len >= static_cast<std::size_t>(size)) {
        EXPECT_TRUE(cut) << g.min_len << "-byte path, string size " << size
                         << ": " << e;
      } else if (g.max_len + 2 <= static_cast<std::size_t>(size)) {
        EXPECT_FALSE(cut) << e;
      }
      EXPECT_GE(e["return_value"].get<long>(), 0) << e;
    }
    EXPECT_EQ(n, g.count) << syscall << " of " << nlohmann::json(seen) << " ("
                          << g.min_len << " to " << g.max_len
                          << " bytes, string size " << size << ")";
  }
  // The cut ones: the 4000-byte path always, and with bpftrace 0.17's
  // string sizes the 250-character name and the deep directories too.
  EXPECT_GE(long_paths, 2u);
  EXPECT_EQ(cut_events, long_paths);
}

std::string skip_without_python() {
  return sc::python_skip_reason();
}

TEST(LiveSyscallsFormats, json_document_with_hostile_paths) {
  SCTRACE_REQUIRE_SYSCALLS_LIVE();
  if (auto why = skip_without_python(); !why.empty())
    SCTRACE_SKIP_MISSING(why);
  TempDir dir;
  TempDir outdir;
  std::string out = outdir.file("events.json");
  auto r = run_hostile(dir, "json", out);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  nlohmann::json doc = nlohmann::json::parse(read_file(out));
  auto v = sc::validate_syscalls("json", out);
  EXPECT_EQ(v.exit_code, 0) << v.err;
  ASSERT_TRUE(doc["events"].is_array());
  expect_paths(doc["events"].get<std::vector<nlohmann::json>>(), doc["summary"],
               dir.path());
}

TEST(LiveSyscallsFormats, jsonl_with_hostile_paths) {
  SCTRACE_REQUIRE_SYSCALLS_LIVE();
  if (auto why = skip_without_python(); !why.empty())
    SCTRACE_SKIP_MISSING(why);
  TempDir dir;
  TempDir outdir;
  std::string out = outdir.file("events.jsonl");
  auto r = run_hostile(dir, "jsonl", out);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto o = parse_jsonl(read_file(out));
  auto v = sc::validate_syscalls("jsonl", out);
  EXPECT_EQ(v.exit_code, 0) << v.err;
  expect_paths(o.events, o.summary, dir.path());
}

TEST(LiveSyscallsFormats, csv_with_hostile_paths_has_one_row_per_event) {
  SCTRACE_REQUIRE_SYSCALLS_LIVE();
  TempDir dir;
  TempDir outdir;
  // The reference: the same workload in jsonl (it is deterministic: see
  // syscalls_counts_live_test.cpp).
  std::string jsonl = outdir.file("events.jsonl");
  auto r = run_hostile(dir, "jsonl", jsonl);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto o = parse_jsonl(read_file(jsonl));

  TempDir dir2; // fresh: the workload creates its files again
  std::string out = outdir.file("events.csv");
  r = run_hostile(dir2, "csv", out);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::string text = read_file(out);
  auto rows = sc::parse_csv(text);
  ASSERT_FALSE(rows.empty());
  const std::vector<std::string> header = {
      "timestamp",  "pid",         "tid",          "comm",
      "syscall",    "args",        "return_value", "errno",
      "error_name", "duration_ns", "unfinished",   "extraction_errors"};
  EXPECT_EQ(rows[0], header);
  std::map<std::string, std::uint64_t> per_syscall;
  for (std::size_t i = 1; i < rows.size(); ++i) {
    ASSERT_EQ(rows[i].size(), header.size())
        << "row " << i << ": " << nlohmann::json(rows[i]);
    ++per_syscall[rows[i][4]];
  }
  EXPECT_EQ(rows.size() - 1, o.events.size());
  EXPECT_EQ(per_syscall, sc::calls_only(sc::per_syscall(o.summary)));
  // One record per line: no raw newline inside a field.
  EXPECT_EQ(
      static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')),
      rows.size());
  // The args column is the text format's rendering (strace's), each
  // path quoted and C-escaped once: RFC 4180 quoting is the only layer
  // on top.
  const std::string d = dir2.path();
  for (const std::string& name :
       {std::string("new\\nline"), std::string("quote\\\"d"),
        std::string("comma,\\\"x\\\":1,]"), std::string("back\\\\slash"),
        std::string("tab\\tand\\x1f"), std::string("bad\\xff\\xfeutf8")}) {
    const std::string expect =
        "AT_FDCWD, \"" + d + "/" + name + "\", O_RDONLY|O_CLOEXEC";
    std::size_t n = 0;
    for (std::size_t i = 1; i < rows.size(); ++i)
      n += rows[i].size() > 5 && rows[i][5] == expect;
    EXPECT_EQ(n, 1u) << "no row with args " << expect;
  }
}

TEST(LiveSyscallsFormats, text_with_hostile_paths_has_one_line_per_event) {
  SCTRACE_REQUIRE_SYSCALLS_LIVE();
  TempDir dir;
  TempDir outdir;
  std::string out = outdir.file("events.txt");
  auto r = run_hostile(dir, "text", out);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::string text = read_file(out);
  // The summary on stderr: "N calls in S s (...)".
  std::smatch m;
  static const std::regex total(R"((\d+) calls in )");
  ASSERT_TRUE(std::regex_search(r.err, m, total)) << r.err;
  const std::size_t events = std::stoul(m[1]);
  // One line per call, and the command's exit (strace's last line).
  EXPECT_EQ(
      static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')),
      events + 1);
  ASSERT_TRUE(text.ends_with("+++ exited with 0 +++\n"));
  EXPECT_EQ(sc::utf8_sanitized(text), text) << "not valid UTF-8";
  for (unsigned char c : text) {
    if (c != '\n') {
      ASSERT_FALSE(c < 0x20 || c == 0x7f) << "raw control byte " << int(c);
    }
  }
  const std::string d = dir.path();
  for (const std::string& name :
       {std::string("new\\nline"), std::string("quote\\\"d"),
        std::string("comma,\\\"x\\\":1,]"), std::string("back\\\\slash"),
        std::string("tab\\tand\\x1f"), std::string("bad\\xff\\xfeutf8")}) {
    std::string expect = "openat(AT_FDCWD, \"" + d + "/" + name + "\", ";
    std::size_t n = 0;
    for (std::size_t pos = text.find(expect); pos != std::string::npos;
         pos = text.find(expect, pos + 1))
      ++n;
    EXPECT_EQ(n, 2u) << expect;
  }
}

} // namespace
} // namespace sctrace::live
