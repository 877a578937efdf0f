// parse_map_record(): bpftrace's printed maps in the shapes bpftrace 0.17
// and 0.23 print them (the lines below are theirs, from
// `bpftrace -f json -e 'BEGIN { ...; exit() }'`, and the recordings in
// tests/data/), and unescape_key_string() for 0.23's escaped keys.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "events/map_record.h"

namespace sctrace::events {
namespace {

MapRecord parsed(const std::string& line) {
  auto m = parse_map_record(line);
  EXPECT_TRUE(m.ok()) << line << ": " << (m.ok() ? "" : m.error().message);
  return m.ok() ? std::move(*m) : MapRecord{};
}

MapInt i(std::int64_t v) {
  return MapInt::of(v);
}

TEST(MapRecord, scalar_integers_keep_their_full_range) {
  MapRecord v = parsed(R"({"type": "map", "data": {"@v": 5}})");
  EXPECT_EQ(v.name, "@v");
  EXPECT_EQ(v.kind, MapKind::Map);
  EXPECT_FALSE(v.keyed);
  ASSERT_EQ(v.entries.size(), 1u);
  EXPECT_EQ(v.entries[0].key, "");
  EXPECT_EQ(*v.scalar(), MapValue(i(5)));

  const MapRecord neg_record =
      parsed(R"({"type": "map", "data": {"@neg": -3}})");
  const MapInt* neg = as_int(*neg_record.scalar());
  ASSERT_NE(neg, nullptr);
  EXPECT_TRUE(neg->negative());
  EXPECT_EQ(neg->as_i64(), -3);
  EXPECT_EQ(neg->as_u64(), 0u);

  const MapRecord big_record =
      parsed(R"({"type": "map", "data": {"@u": 18446744073709551615}})");
  const MapInt* big = as_int(*big_record.scalar());
  ASSERT_NE(big, nullptr);
  EXPECT_FALSE(big->negative());
  EXPECT_EQ(big->as_u64(), UINT64_MAX);
  EXPECT_EQ(big->as_i64(), -1); // as a cast to int64 gives
}

// @a[1, "x\"y,z"] = count(): 0.17 escapes the key's string member once,
// 0.23 a second time inside the key's text.
TEST(MapRecord, tuple_keys_in_both_dialects) {
  MapRecord v17 = parsed(R"({"type": "map", "data": {"@a": {"1,x\"y,z": 1}}})");
  EXPECT_TRUE(v17.keyed);
  ASSERT_EQ(v17.entries.size(), 1u);
  EXPECT_EQ(v17.entries[0].key, "1,x\"y,z");
  EXPECT_EQ(v17.entries[0].value, MapValue(i(1)));
  EXPECT_EQ(v17.scalar(), nullptr);

  MapRecord v23 =
      parsed(R"({"type": "map", "data": {"@a": {"1,x\\\"y,z": 1}}})");
  ASSERT_EQ(v23.entries.size(), 1u);
  EXPECT_EQ(v23.entries[0].key, "1,x\\\"y,z"); // as printed
  std::string member = "x\\\"y";               // cut out by the caller
  ASSERT_TRUE(unescape_key_string(member));
  EXPECT_EQ(member, "x\"y");
}

TEST(MapRecord, unescape_key_string_decodes_bpftrace_escapes) {
  std::string s = "caf\\uffffffc3\\uffffffa9";
  ASSERT_TRUE(unescape_key_string(s));
  EXPECT_EQ(s, "caf\xc3\xa9");
  s = "a\\uffffffffb"; // a byte that is not UTF-8
  ASSERT_TRUE(unescape_key_string(s));
  EXPECT_EQ(s, "a\xef\xbf\xbd"
               "b");
  s = "bad\\q";
  EXPECT_FALSE(unescape_key_string(s));
  EXPECT_EQ(s, "bad\\q");
}

// hist(-5), lhist(-5, 0, 10, 2) and lhist(50, ...): the bucket below every
// range has no min, the one above no max.
TEST(MapRecord, hist_buckets_with_open_ends) {
  MapRecord h = parsed(
      R"({"type": "hist", "data": {"@l": [{"max": -1, "count": 1}, {"min": 0, "max": 1, "count": 0}, {"min": 10, "count": 1}]}})");
  EXPECT_EQ(h.kind, MapKind::Hist);
  EXPECT_FALSE(h.keyed);
  const auto* buckets = std::get_if<Hist>(h.scalar());
  ASSERT_NE(buckets, nullptr);
  ASSERT_EQ(buckets->size(), 3u);
  EXPECT_EQ((*buckets)[0], (HistBucket{std::nullopt, i(-1), 1}));
  EXPECT_EQ((*buckets)[1], (HistBucket{i(0), i(1), 0}));
  EXPECT_EQ((*buckets)[2], (HistBucket{i(10), std::nullopt, 1}));

  MapRecord k = parsed(
      R"({"type": "hist", "data": {"@hk": {"3": [{"min": 64, "max": 127, "count": 1}], "10": []}}})");
  EXPECT_TRUE(k.keyed);
  ASSERT_EQ(k.entries.size(), 2u);
  EXPECT_EQ(k.entries[0].key, "10"); // sorted bytewise
  EXPECT_EQ(k.entries[0].value, MapValue(Hist{}));
  EXPECT_EQ(k.entries[1].value, MapValue(Hist{{i(64), i(127), 1}}));
}

TEST(MapRecord, stats_keyed_unkeyed_and_avg) {
  MapRecord s = parsed(
      R"({"type": "stats", "data": {"@s": {"count": 1, "average": 7, "total": 7}}})");
  EXPECT_EQ(s.kind, MapKind::Stats);
  EXPECT_FALSE(s.keyed);
  EXPECT_EQ(*s.scalar(), MapValue(StatsValue{1, i(7), i(7)}));

  MapRecord k = parsed(
      R"({"type": "stats", "data": {"@sk": {"k": {"count": 2, "average": -4, "total": -8}}}})");
  EXPECT_TRUE(k.keyed);
  ASSERT_EQ(k.entries.size(), 1u);
  EXPECT_EQ(k.entries[0].value, MapValue(StatsValue{2, i(-4), i(-8)}));

  MapRecord avg = parsed(R"({"type": "stats", "data": {"@avg": 3}})");
  EXPECT_EQ(*avg.scalar(), MapValue(i(3)));
  MapRecord avgs =
      parsed(R"({"type": "stats", "data": {"@avg": {"a": 3, "b": 4}}})");
  EXPECT_TRUE(avgs.keyed);
  EXPECT_EQ(avgs.entries[1].value, MapValue(i(4)));
}

TEST(MapRecord, strings_and_tuples_as_values) {
  MapRecord t = parsed(
      R"({"type": "map", "data": {"@t": {"7": [1,-2,"s"], "8": "hi"}}})");
  ASSERT_EQ(t.entries.size(), 2u);
  EXPECT_EQ(t.entries[0].value, MapValue(Tuple{i(1), i(-2), std::string("s")}));
  EXPECT_EQ(t.entries[1].value, MapValue(std::string("hi")));
  MapRecord unkeyed = parsed(R"({"type": "map", "data": {"@t": [1, 2]}})");
  EXPECT_FALSE(unkeyed.keyed);
  EXPECT_EQ(*unkeyed.scalar(), MapValue(Tuple{i(1), i(2)}));
}

TEST(MapRecord, keys_sorted_once_each_last_value_wins) {
  MapRecord m =
      parsed(R"({"type": "map", "data": {"@m": {"b": 1, "a": 2, "b": 3}}})");
  ASSERT_EQ(m.entries.size(), 2u);
  EXPECT_EQ(m.entries[0], (MapEntry{"a", i(2)}));
  EXPECT_EQ(m.entries[1], (MapEntry{"b", i(3)}));
  MapRecord empty = parsed(R"({"type": "map", "data": {"@e": {}}})");
  EXPECT_TRUE(empty.keyed);
  EXPECT_TRUE(empty.entries.empty());
}

TEST(MapRecord, strings_become_valid_utf8) {
  MapRecord m = parsed(
      R"({"type": "map", "data": {"@c": {"ev\uffffffffx": "caf\uffffffc3\uffffffa9"}}})");
  ASSERT_EQ(m.entries.size(), 1u);
  EXPECT_EQ(m.entries[0].key, "ev\xef\xbf\xbdx");
  EXPECT_EQ(m.entries[0].value, MapValue(std::string("caf\xc3\xa9")));
}

TEST(MapRecord, malformed_input_is_an_error) {
  for (
      const char* bad : {
          "",
          "not json",
          R"({"type": "map", "data": {"@v": 5})",
          R"([1, 2])",
          R"({"type": "value", "data": [-1, 0, 0]})",
          R"({"type": "attached_probes", "data": {"probes": 1}})",
          R"({"type": "map"})",
          R"({"data": {"@v": 1}})",
          R"({"type": 3, "data": {"@v": 1}})",
          R"({"type": "map", "data": {}})",
          R"({"type": "map", "data": {"@a": 1, "@b": 2}})",
          R"({"type": "map", "data": [1, 2]})",
          R"({"type": "map", "data": {"@v": 1.5}})",
          R"({"type": "map", "data": {"@v": null}})",
          R"({"type": "map", "data": {"@v": true}})",
          R"({"type": "map", "data": {"@v": {"k": {"x": 1}}}})",
          R"({"type": "map", "data": {"@v": {"k": [1, [2]]}}})",
          R"({"type": "map", "data": {"@v": 1e999}})",
          R"({"type": "map", "data": {"@v": 99999999999999999999999}})",
          R"({"type": "map", "data": {"@v\q": 1}})",
          R"({"type": "hist", "data": {"@h": 4}})",
          R"({"type": "hist", "data": {"@h": {"1": 4}}})",
          R"({"type": "hist", "data": {"@h": [{"min": 0, "max": 1}]}})",
          R"({"type": "hist", "data": {"@h": [{"count": -1}]}})",
          R"({"type": "hist", "data": {"@h": [{"min": "0", "count": 1}]}})",
          R"({"type": "hist", "data": {"@h": [3]}})",
          R"({"type": "stats", "data": {"@s": "x"}})",
          R"({"type": "stats", "data": {"@s": {"count": -1, "average": 0, "total": 0}}})",
          R"({"type": "stats", "data": {"@s": {"k": {"count": 1}}}})",
      }) {
    auto m = parse_map_record(bad);
    ASSERT_FALSE(m.ok()) << bad;
    EXPECT_EQ(m.error().kind, ErrorKind::Invalid) << bad;
  }
}

// Every map line bpftrace 0.17 and 0.23 printed in the recordings parses,
// and every proper prefix of one (a torn line) fails without a crash.
TEST(MapRecord, recorded_maps_of_both_versions_parse) {
  namespace fs = std::filesystem;
  std::size_t maps = 0;
  for (const char* dir : {"stats", "bpftrace_out"}) {
    for (const auto& f :
         fs::directory_iterator(std::string(SCTRACE_TEST_DATA) + "/" + dir)) {
      if (f.path().extension() != ".ndjson")
        continue;
      std::ifstream in(f.path());
      for (std::string line; std::getline(in, line);) {
        const bool map = line.starts_with(R"({"type": "map")") ||
                         line.starts_with(R"({"type": "hist")") ||
                         line.starts_with(R"({"type": "stats")");
        if (!map)
          continue;
        ++maps;
        EXPECT_TRUE(parse_map_record(line).ok()) << f.path() << ": " << line;
        for (std::size_t n = 0; n < line.size(); n += 7)
          EXPECT_FALSE(parse_map_record(line.substr(0, n)).ok());
      }
    }
  }
  EXPECT_GT(maps, 100u);
}

} // namespace
} // namespace sctrace::events
