// MapRecord: one bpftrace map as `-f json` prints it (print(@m), clear at
// interval ends, the dump at exit), typed once here so that no mode reads
// bpftrace's JSON.
//
// Shapes (the same in bpftrace 0.17 and 0.23, see tests/data/):
//   {"type": "map",   "data": {"@m": 5}}                      scalar
//   {"type": "map",   "data": {"@m": {"KEY": VALUE, ...}}}    keyed
//   {"type": "hist",  "data": {"@h": [BUCKET, ...]}}          hist, lhist
//   {"type": "hist",  "data": {"@h": {"KEY": [BUCKET, ...]}}}
//   {"type": "stats", "data": {"@s": {"count": C, "average": A, "total": T}}}
//   {"type": "stats", "data": {"@s": {"KEY": {"count": C, ...}}}}
//   {"type": "stats", "data": {"@a": 3}}                      avg() alone
// VALUE is an integer, a string or a tuple [integer or string, ...];
// BUCKET is {"min": LO, "max": HI, "count": N}, where the bucket below
// every range has no min and the one above has no max.
//
// Contract:
//  - parse_map_record() takes one line, never throws, and returns a
//    MapRecord or an Invalid error (not a map record, a record of several
//    maps, a value of an unknown shape). Strings, the name and keys are
//    made valid UTF-8 as events::normalize_json() does.
//  - Keys are the text bpftrace printed, decoded from JSON once: a tuple
//    key is its members joined by ',' ("1,x"). On dialects with
//    gen::Dialect::escaped_map_keys (bpftrace 0.23) string members are
//    escaped a second time inside that text; unescape_key_string() decodes
//    such a member once the caller has cut it out.
//  - Entries are sorted by key (bytewise), each key once; a key printed
//    twice keeps its last value.
//  - An unkeyed map has exactly one entry, with an empty key.
//  - A stats value keyed by exactly "average", "count" and "total", each
//    an integer, is read as an unkeyed stats() value (the two print the
//    same).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "util/result.h"

namespace sctrace::events {

// An integer as bpftrace printed it: non-negative ones up to 2^64-1,
// negative ones down to INT64_MIN.
class MapInt {
public:
  MapInt() = default;
  static MapInt of(std::int64_t v) {
    return MapInt(static_cast<std::uint64_t>(v), v < 0);
  }
  static MapInt of_unsigned(std::uint64_t v) { return MapInt(v, false); }

  bool negative() const { return negative_; }
  // Negative values are 0.
  std::uint64_t as_u64() const { return negative_ ? 0 : bits_; }
  // Values above INT64_MAX wrap, as a cast to int64 does.
  std::int64_t as_i64() const { return static_cast<std::int64_t>(bits_); }
  bool operator==(const MapInt&) const = default;

private:
  MapInt(std::uint64_t bits, bool negative)
      : bits_(bits), negative_(negative) {}
  std::uint64_t bits_ = 0; // two's complement when negative_
  bool negative_ = false;
};

// One bucket of a hist() or lhist(): values in [min, max].
struct HistBucket {
  std::optional<MapInt> min; // none: everything below max
  std::optional<MapInt> max; // none: everything from min on
  std::uint64_t count = 0;
  bool operator==(const HistBucket&) const = default;
};

// A stats() value (average is bpftrace's integer division).
struct StatsValue {
  std::uint64_t count = 0;
  MapInt average;
  MapInt total;
  bool operator==(const StatsValue&) const = default;
};

// A tuple value's member.
using TupleMember = std::variant<MapInt, std::string>;
using Tuple = std::vector<TupleMember>;
using Hist = std::vector<HistBucket>;

// One value of a map: which alternative follows from the record's kind and
// what bpftrace printed (MapKind::Hist values are Hist, MapKind::Stats ones
// StatsValue or, for avg(), MapInt).
using MapValue = std::variant<MapInt, std::string, Tuple, Hist, StatsValue>;

// The record's "type": map (count, sum, min, max, plain values), hist
// (hist and lhist), stats (stats and avg).
enum class MapKind { Map, Hist, Stats };

struct MapEntry {
  std::string key; // "" in an unkeyed map
  MapValue value;
  bool operator==(const MapEntry&) const = default;
};

struct MapRecord {
  std::string name; // with its '@'
  MapKind kind = MapKind::Map;
  bool keyed = false;
  std::vector<MapEntry> entries;

  // The value of an unkeyed map; null for a keyed one.
  const MapValue* scalar() const {
    return keyed || entries.empty() ? nullptr : &entries.front().value;
  }
  bool operator==(const MapRecord&) const = default;
};

// The integer in v; null when v holds something else.
inline const MapInt* as_int(const MapValue& v) {
  return std::get_if<MapInt>(&v);
}

// Parses one bpftrace -f json line that prints a map (see the shapes above).
Result<MapRecord> parse_map_record(std::string_view line);

// Decodes a string member of a map key that bpftrace escaped inside the
// key's text (gen::Dialect::escaped_map_keys; the same escapes as its
// -f json strings, \uffffffXX included). Bytes that are not UTF-8 become
// U+FFFD, as they do in keys escaped once. False, text unchanged, when it
// does not decode.
bool unescape_key_string(std::string& text);

} // namespace sctrace::events
