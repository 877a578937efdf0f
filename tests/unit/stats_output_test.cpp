// The count/latency writers: every format parses, JSON and JSONL objects
// have exactly the keys specs/syscall_stats.schema.json lists for them,
// text has thousands separators and bcc-style histograms, JSON carries raw
// buckets, and no comm can break CSV or JSON.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <cmath>
#include <fstream>
#include <set>
#include <sstream>

#include "modes/stats/output.h"

namespace sctrace::stats {
namespace {

Report sample_report(bool latency) {
  Snapshot d;
  SyscallStats read;
  read.count = 1234567;
  read.errors = 3;
  if (latency) {
    read.buckets = {1234000, 0, 567};
    read.total_ns = 5'000'000;
    read.min_ns = 300;
    read.max_ns = 3'500;
  }
  d.syscalls[0] = read;
  d.processes[{42, "we,ird\"\n", 0, 1'700'000'000'000'000'000ULL}] =
      SyscallStats{7, 1, 0, 0, 0, {}};
  if (latency)
    d.processes.clear();
  Report r = make_report(d, 10.0, {});
  r.index = 1;
  r.start_ns = 1'700'000'000'000'000'000ULL;
  r.end_ns = r.start_ns + 10'000'000'000ULL;
  return r;
}

std::string write(std::string_view format, gen::StatsKind kind,
                  StatsTextOptions text = {}) {
  std::ostringstream out;
  auto w = make_stats_writer(format, kind, text, out);
  EXPECT_TRUE(w.ok());
  bool latency = kind == gen::StatsKind::Latency;
  (*w)->interval(sample_report(latency));
  Report total = sample_report(latency);
  total.index = 0;
  (*w)->total(total);
  StatsSummary s;
  s.total_calls = 1234567;
  s.tool_stats.map_keys = 4096;
  (*w)->finish(s);
  return out.str();
}

TEST(StatsOutput, separators_and_human_durations) {
  EXPECT_EQ(with_separators(0), "0");
  EXPECT_EQ(with_separators(999), "999");
  EXPECT_EQ(with_separators(1000), "1,000");
  EXPECT_EQ(with_separators(1234567), "1,234,567");
  EXPECT_EQ(human_duration(512), "512ns");
  EXPECT_EQ(human_duration(1250), "1.25us");
  EXPECT_EQ(human_duration(45'200'000), "45.2ms");
  EXPECT_EQ(human_duration(150'000'000), "150ms");
  EXPECT_EQ(human_duration(2'000'000'000), "2.00s");
}

TEST(StatsOutput, count_text_table) {
  std::string t = write("text", gen::StatsKind::Count);
  EXPECT_NE(t.find("1,234,567"), std::string::npos) << t;
  EXPECT_NE(t.find("123,457"), std::string::npos) << t; // rate per second
  EXPECT_NE(t.find("interval 1, 10.00 s"), std::string::npos) << t;
  EXPECT_NE(t.find("Total: 10.00 s"), std::string::npos) << t;
}

TEST(StatsOutput, per_process_text_escapes_the_comm) {
  StatsTextOptions o;
  o.per_process = true;
  std::string t = write("text", gen::StatsKind::Count, o);
  EXPECT_NE(t.find("we,ird\\\"\\n"), std::string::npos) << t;
  EXPECT_EQ(t.find("ird\"\n"), std::string::npos) << t;
  EXPECT_NE(t.find("read 100%"), std::string::npos) << t;
}

TEST(StatsOutput, json_document_and_jsonl_lines_parse) {
  auto doc = nlohmann::json::parse(write("json", gen::StatsKind::Count));
  EXPECT_EQ(doc["type"], "syscall_count");
  ASSERT_EQ(doc["intervals"].size(), 1u);
  EXPECT_EQ(doc["intervals"][0]["interval"], 1);
  EXPECT_TRUE(doc["total"]["interval"].is_null());
  EXPECT_EQ(doc["total"]["syscalls"][0]["count"], 1234567);
  EXPECT_EQ(doc["total"]["processes"][0]["comm"], "we,ird\"\n");
  EXPECT_EQ(doc["summary"]["tool_stats"]["map_keys"], 4096);
  EXPECT_EQ(doc["intervals"][0]["start"], "2023-11-14T22:13:20.000000000Z");

  std::istringstream in(write("jsonl", gen::StatsKind::Count));
  std::vector<std::string> types;
  for (std::string l; std::getline(in, l);)
    types.push_back(nlohmann::json::parse(l)["type"]);
  EXPECT_EQ(types, (std::vector<std::string>{"interval", "total", "summary"}));
}

TEST(StatsOutput, latency_json_carries_every_bucket_with_bounds) {
  auto doc = nlohmann::json::parse(write("json", gen::StatsKind::Latency));
  EXPECT_EQ(doc["type"], "syscall_latency");
  const auto& row = doc["total"]["syscalls"][0];
  EXPECT_EQ(row["total_ns"], 5'000'000);
  EXPECT_EQ(row["min_ns"], 300);
  ASSERT_EQ(row["histogram"].size(), 3u);
  EXPECT_EQ(row["histogram"][0]["low_ns"], 0);
  EXPECT_EQ(row["histogram"][0]["high_ns"], 1000);
  EXPECT_EQ(row["histogram"][2]["low_ns"], 2000);
  EXPECT_EQ(row["histogram"][2]["high_ns"], 4000);
  EXPECT_EQ(row["histogram"][2]["count"], 567);
  EXPECT_FALSE(doc["total"].contains("processes"));
}

TEST(StatsOutput, latency_text_histogram) {
  std::string t = write("text", gen::StatsKind::Latency);
  // The first bucket has the most calls: a full bar.
  EXPECT_NE(t.find("0 -> 1        : 1234000   "
                   "|****************************************|"),
            std::string::npos)
      << t;
  // 567 of 1234000 still shows one star: never hidden.
  EXPECT_NE(t.find("2 -> 4        : 567       |*      "), std::string::npos)
      << t;
}

TEST(StatsOutput, histogram_gathers_over_a_second) {
  SyscallStats s;
  s.buckets.assign(23, 0);
  s.buckets[20] = 2; // [524288, 1048576) us
  s.buckets[21] = 1; // above: >1s
  s.buckets[22] = 1;
  std::string t;
  append_histogram_text(t, s);
  EXPECT_NE(t.find("524288 -> 1048576  : 2 "), std::string::npos) << t;
  EXPECT_NE(t.find(">1s : 2 "), std::string::npos) << t;
}

TEST(StatsOutput, csv_quotes_what_needs_it) {
  std::string t = write("csv", gen::StatsKind::Count);
  std::istringstream in(t);
  std::string header;
  std::getline(in, header);
  EXPECT_EQ(header, "scope,interval,start,end,seconds,pid,started,comm,"
                    "syscall,nr,count,rate,errors");
  EXPECT_NE(
      t.find(
          ",42,2023-11-14T22:13:20.000000000Z,\"we,ird\\\"\"\\n\",read,0,7,"),
      std::string::npos)
      << t;
  // No raw newline inside a field: one line per row.
  std::size_t lines = 0;
  for (char c : t)
    lines += c == '\n';
  EXPECT_EQ(lines, 5u); // header, 2 x (syscall row + process row)
}

TEST(StatsOutput, unknown_format_is_refused) {
  std::ostringstream out;
  auto w = make_stats_writer("xml", gen::StatsKind::Count, {}, out);
  ASSERT_FALSE(w.ok());
  EXPECT_NE(w.error().message.find("text, json, jsonl or csv"),
            std::string::npos);
}

// --- Structure: the keys of every object, as the schema lists them ---

const nlohmann::json& schema() {
  static const nlohmann::json s = [] {
    std::ifstream in(std::string(SCTRACE_SPECS_DIR) +
                     "/syscall_stats.schema.json");
    return nlohmann::json::parse(in);
  }();
  return s;
}

// The required and allowed keys of a schema object (following allOf $refs
// into $defs, as the report definitions use).
void keys_of(const nlohmann::json& def, std::set<std::string>& required,
             std::set<std::string>& allowed) {
  for (const auto& k : def.value("required", nlohmann::json::array()))
    required.insert(k.get<std::string>());
  const nlohmann::json props =
      def.value("properties", nlohmann::json::object());
  for (const auto& item : props.items())
    allowed.insert(item.key());
  for (const auto& part : def.value("allOf", nlohmann::json::array()))
    if (part.contains("$ref")) {
      std::string ref = part["$ref"];
      keys_of(schema()["$defs"][ref.substr(ref.rfind('/') + 1)], required,
              allowed);
    }
}

void expect_keys(const nlohmann::json& obj, const nlohmann::json& def,
                 const std::string& where) {
  ASSERT_TRUE(obj.is_object()) << where;
  std::set<std::string> required, allowed, have;
  keys_of(def, required, allowed);
  for (const auto& item : obj.items())
    have.insert(item.key());
  for (const auto& k : required)
    EXPECT_TRUE(have.contains(k)) << where << " lacks " << k;
  for (const auto& k : have)
    EXPECT_TRUE(allowed.contains(k)) << where << " has " << k;
}

const nlohmann::json& def(const char* name) {
  return schema()["$defs"][name];
}

void expect_report(const nlohmann::json& r, bool latency,
                   const std::string& where) {
  expect_keys(r, def(latency ? "latency_report" : "count_report"), where);
  for (const auto& row : r["syscalls"]) {
    expect_keys(row, def(latency ? "latency_row" : "count_row"), where);
    EXPECT_TRUE(row["nr"].is_number_integer()) << where;
    EXPECT_TRUE(row["rate"].is_number()) << where;
    if (latency)
      for (const auto& b : row["histogram"])
        expect_keys(b, def("bucket"), where + " bucket");
  }
  if (!latency)
    for (const auto& p : r["processes"]) {
      expect_keys(p, def("process"), where + " process");
      for (const auto& row : p["syscalls"])
        expect_keys(row, def("count_row"), where + " process row");
    }
}

void expect_summary(const nlohmann::json& s, const std::string& where) {
  expect_keys(s, def("summary"), where);
  expect_keys(s["tool_stats"], def("summary")["properties"]["tool_stats"],
              where + ".tool_stats");
}

TEST(StatsOutput, json_document_has_the_schema_keys) {
  for (auto kind : {gen::StatsKind::Count, gen::StatsKind::Latency}) {
    const bool latency = kind == gen::StatsKind::Latency;
    auto doc = nlohmann::json::parse(write("json", kind));
    expect_keys(doc, schema(), "document");
    for (const auto& r : doc["intervals"])
      expect_report(r, latency, "interval");
    expect_report(doc["total"], latency, "total");
    expect_summary(doc["summary"], "summary");
  }
}

TEST(StatsOutput, jsonl_lines_have_the_schema_keys) {
  for (auto kind : {gen::StatsKind::Count, gen::StatsKind::Latency}) {
    const bool latency = kind == gen::StatsKind::Latency;
    std::istringstream in(write("jsonl", kind));
    int lines = 0;
    for (std::string l; std::getline(in, l); ++lines) {
      auto j = nlohmann::json::parse(l);
      EXPECT_EQ(j["tool"], latency ? "syscall_latency" : "syscall_count");
      std::set<std::string> have;
      for (const auto& item : j.items())
        have.insert(item.key());
      if (j["type"] == "summary") {
        EXPECT_EQ(have, (std::set<std::string>{"type", "tool", "summary"}));
        expect_summary(j["summary"], "summary line");
      } else {
        EXPECT_EQ(have, (std::set<std::string>{"type", "tool", "report"}));
        expect_report(j["report"], latency, "report line");
        // The total's interval number is null, an interval's is not.
        EXPECT_EQ(j["report"]["interval"].is_null(), j["type"] == "total");
      }
    }
    EXPECT_EQ(lines, 3);
  }
}

TEST(StatsOutput, json_without_intervals_or_total_is_still_a_document) {
  // bpftrace ended without its final numbers: finish() alone.
  std::ostringstream out;
  auto w = make_stats_writer("json", gen::StatsKind::Latency, {}, out);
  ASSERT_TRUE(w.ok());
  StatsSummary s;
  s.stop_reason = "bpftrace_exited";
  s.command_exit_code = 3;
  (*w)->finish(s);
  auto doc = nlohmann::json::parse(out.str());
  expect_keys(doc, schema(), "document");
  EXPECT_TRUE(doc["intervals"].empty());
  EXPECT_TRUE(doc["total"].is_null());
  EXPECT_EQ(doc["summary"]["command_exit_code"], 3);
  EXPECT_EQ(doc["summary"]["stop_reason"], "bpftrace_exited");
}

TEST(StatsOutput, json_strings_stay_valid_utf8_and_numbers_finite) {
  Snapshot d;
  d.processes[{7, "bad\xff\xfe", 0}] = SyscallStats{1, 0, 0, 0, 0, {}};
  Report r = make_report(d, 1.0, {});
  r.rows[0].rate = std::nan("");
  r.processes[0].rate = INFINITY;
  std::ostringstream out;
  auto w = make_stats_writer("json", gen::StatsKind::Count, {}, out);
  ASSERT_TRUE(w.ok());
  (*w)->total(r);
  (*w)->finish(StatsSummary{});
  nlohmann::json doc;
  ASSERT_NO_THROW(doc = nlohmann::json::parse(out.str())) << out.str();
  // Each byte of the invalid sequence becomes U+FFFD.
  EXPECT_EQ(doc["total"]["processes"][0]["comm"], "bad\uFFFD\uFFFD");
  EXPECT_EQ(doc["total"]["syscalls"][0]["rate"], 0);
  EXPECT_EQ(doc["total"]["processes"][0]["rate"], 0);
}

// --- CSV, read back with an RFC 4180 reader ---

std::vector<std::vector<std::string>> read_csv(const std::string& text) {
  std::vector<std::vector<std::string>> rows(1);
  std::string field;
  bool quoted = false, was_quoted = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c == '"' && field.empty() && !was_quoted) {
      quoted = was_quoted = true;
    } else if (c == ',' || c == '\n') {
      rows.back().push_back(field);
      field.clear();
      was_quoted = false;
      if (c == '\n')
        rows.emplace_back();
    } else {
      field += c;
    }
  }
  EXPECT_FALSE(quoted) << "unterminated quote";
  if (rows.back().empty())
    rows.pop_back();
  return rows;
}

TEST(StatsOutput, csv_rows_have_the_header_width_and_the_comm_reads_back) {
  auto rows = read_csv(write("csv", gen::StatsKind::Count));
  ASSERT_EQ(rows.size(), 5u); // header, then interval and total: row + proc
  const auto& header = rows[0];
  ASSERT_EQ(header.size(), 13u);
  for (const auto& row : rows)
    EXPECT_EQ(row.size(), header.size());
  // scope, interval (empty for the total), pid, started, comm: the comm is
  // C-escaped (no raw newline), so `we,ird"<LF>` reads back as
  // we,ird\"\n with the backslashes.
  EXPECT_EQ(rows[1][0], "interval");
  EXPECT_EQ(rows[1][1], "1");
  EXPECT_EQ(rows[1][6], ""); // no process: no start
  EXPECT_EQ(rows[2][0], "process");
  EXPECT_EQ(rows[2][5], "42");
  EXPECT_EQ(rows[2][6], "2023-11-14T22:13:20.000000000Z");
  EXPECT_EQ(rows[2][7], "we,ird\\\"\\n");
  EXPECT_EQ(rows[2][8], "read");
  EXPECT_EQ(rows[2][10], "7");
  EXPECT_EQ(rows[3][0], "total");
  EXPECT_EQ(rows[3][1], "");
  EXPECT_EQ(rows[3][10], "1234567");
}

TEST(StatsOutput, latency_csv_adds_the_time_columns) {
  auto rows = read_csv(write("csv", gen::StatsKind::Latency));
  ASSERT_EQ(rows.size(), 3u); // header, interval row, total row
  EXPECT_EQ(rows[0].size(), 20u);
  EXPECT_EQ(rows[0][13], "total_ns");
  EXPECT_EQ(rows[0][19], "p99_ns");
  for (const auto& row : rows)
    EXPECT_EQ(row.size(), 20u);
  EXPECT_EQ(rows[2][13], "5000000"); // total_ns
  EXPECT_EQ(rows[2][14], "4");       // avg: 5000000 / 1234567
  EXPECT_EQ(rows[2][15], "300");     // min
  EXPECT_EQ(rows[2][16], "3500");    // max
}

// --- Text ---

TEST(StatsOutput, latency_text_header_and_row_use_separators_and_units) {
  std::string t = write("text", gen::StatsKind::Latency);
  // 1,234,567 calls taking 5 ms in all.
  EXPECT_NE(t.find("10.00 s: 1,234,567 calls, 3 errors, 5.00ms in the "
                   "kernel"),
            std::string::npos)
      << t;
  // count, errors, total 5.00ms, avg 5000000/1234567 = 4ns, min 300ns,
  // max 3.50us.
  EXPECT_NE(t.find("1,234,567        3    5.00ms       4ns     300ns    "
                   "3.50us"),
            std::string::npos)
      << t;
}

TEST(StatsOutput, top_n_says_how_many_rows_are_hidden) {
  Snapshot d;
  for (long nr = 0; nr < 5; ++nr)
    d.syscalls[nr] = SyscallStats{std::uint64_t(10 + nr), 0, 0, 0, 0, {}};
  Report r = make_report(d, 1.0, {SortKey::Count, 2});
  std::ostringstream out;
  auto w = make_stats_writer("text", gen::StatsKind::Count, {}, out);
  ASSERT_TRUE(w.ok());
  (*w)->total(r);
  EXPECT_NE(out.str().find("(3 more syscalls; -T 5 shows them all)"),
            std::string::npos)
      << out.str();
}

TEST(StatsOutput, map_full_warning_in_text) {
  std::ostringstream out;
  auto w = make_stats_writer("text", gen::StatsKind::Count, {}, out);
  ASSERT_TRUE(w.ok());
  StatsSummary s;
  s.tool_stats.map_keys = 4096;
  s.tool_stats.map_full = true;
  (*w)->finish(s);
  EXPECT_NE(out.str().find("WARNING: a map reached 4096 keys"),
            std::string::npos)
      << out.str();
}

TEST(StatsOutput, lost_updates_in_text_and_json) {
  StatsSummary s;
  s.tool_stats.map_keys = 65536;
  s.tool_stats.updates_lost = 3;
  std::ostringstream text;
  auto w = make_stats_writer("text", gen::StatsKind::Latency, {}, text);
  ASSERT_TRUE(w.ok());
  (*w)->finish(s);
  EXPECT_NE(text.str().find("WARNING: bpftrace lost 3 map updates"),
            std::string::npos)
      << text.str();
  std::ostringstream jsonl;
  auto j = make_stats_writer("jsonl", gen::StatsKind::Latency, {}, jsonl);
  ASSERT_TRUE(j.ok());
  (*j)->finish(s);
  auto line = nlohmann::json::parse(jsonl.str());
  EXPECT_EQ(line["summary"]["tool_stats"]["updates_lost"], 3);
}

TEST(StatsOutput, histogram_bars_are_proportional_to_the_peak) {
  SyscallStats s;
  s.buckets = {4, 2, 0, 1};
  std::string t;
  append_histogram_text(t, s);
  std::istringstream in(t);
  std::vector<std::string> lines;
  for (std::string l; std::getline(in, l);)
    lines.push_back(l);
  ASSERT_EQ(lines.size(), 5u); // the header, then buckets 0..3
  auto stars = [](const std::string& l) {
    return std::count(l.begin(), l.end(), '*');
  };
  EXPECT_EQ(stars(lines[1]), 40); // 4 of 4
  EXPECT_EQ(stars(lines[2]), 20); // 2 of 4
  EXPECT_EQ(stars(lines[3]), 0);
  EXPECT_EQ(stars(lines[4]), 10); // 1 of 4
  EXPECT_NE(lines[4].find("4 -> 8 "), std::string::npos) << lines[4];
}

TEST(StatsOutput, more_human_durations) {
  EXPECT_EQ(human_duration(0), "0ns");
  EXPECT_EQ(human_duration(999), "999ns");
  EXPECT_EQ(human_duration(1000), "1.00us");
  EXPECT_EQ(human_duration(10'000), "10.0us");
  EXPECT_EQ(human_duration(100'000), "100us");
  EXPECT_EQ(human_duration(1'000'000), "1.00ms");
  EXPECT_EQ(human_duration(1'000'000'000), "1.00s");
  EXPECT_EQ(human_duration(61'000'000'000), "61.0s");
  EXPECT_EQ(with_separators(1'000'000), "1,000,000");
  EXPECT_EQ(with_separators(UINT64_MAX), "18,446,744,073,709,551,615");
}

} // namespace
} // namespace sctrace::stats
