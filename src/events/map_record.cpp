// bpftrace's map records -> MapRecord. The one place that reads the JSON
// of a printed map; see map_record.h for the shapes.
#include "events/map_record.h"

#include <exception>

#include "events/json_scan.h"
#include "events/map_record_json.h"
#include "util/strings.h"

namespace sctrace::events {
namespace {

using nlohmann::json;

Error invalid(const std::string& what) {
  return make_error(ErrorKind::Invalid, "bpftrace map record: " + what);
}

bool read_int(const json& v, MapInt& out) {
  if (v.is_number_unsigned())
    out = MapInt::of_unsigned(v.get<std::uint64_t>());
  else if (v.is_number_integer())
    out = MapInt::of(v.get<std::int64_t>());
  else
    return false;
  return true;
}

// An absent member stays unset; a present one must be an integer.
bool read_optional_int(const json& obj, const char* name,
                       std::optional<MapInt>& out) {
  auto it = obj.find(name);
  if (it == obj.end())
    return true;
  MapInt v;
  if (!read_int(*it, v))
    return false;
  out = v;
  return true;
}

bool read_count(const json& obj, const char* name, std::uint64_t& out) {
  auto it = obj.find(name);
  MapInt v;
  if (it == obj.end() || !read_int(*it, v) || v.negative())
    return false;
  out = v.as_u64();
  return true;
}

// A map value: integer, string, or a tuple of integers and strings.
bool read_plain(const json& v, MapValue& out) {
  MapInt i;
  if (read_int(v, i)) {
    out = i;
    return true;
  }
  if (v.is_string()) {
    out = v.get<std::string>();
    return true;
  }
  if (!v.is_array())
    return false;
  Tuple t;
  for (const auto& m : v) {
    if (read_int(m, i))
      t.emplace_back(i);
    else if (m.is_string())
      t.emplace_back(m.get<std::string>());
    else
      return false;
  }
  out = std::move(t);
  return true;
}

bool read_hist(const json& v, MapValue& out) {
  if (!v.is_array())
    return false;
  Hist h;
  for (const auto& b : v) {
    HistBucket bucket;
    if (!b.is_object() || !read_count(b, "count", bucket.count) ||
        !read_optional_int(b, "min", bucket.min) ||
        !read_optional_int(b, "max", bucket.max))
      return false;
    h.push_back(bucket);
  }
  out = std::move(h);
  return true;
}

// {"count": C, "average": A, "total": T} and nothing else.
bool is_stats_object(const json& v) {
  if (!v.is_object() || v.size() != 3)
    return false;
  for (const char* name : {"count", "average", "total"}) {
    auto it = v.find(name);
    if (it == v.end() || !it->is_number_integer())
      return false;
  }
  return true;
}

bool read_stats(const json& v, MapValue& out) {
  MapInt avg;
  if (read_int(v, avg)) { // avg() prints only the average
    out = avg;
    return true;
  }
  StatsValue s;
  if (!is_stats_object(v) || !read_count(v, "count", s.count) ||
      !read_int(v["average"], s.average) || !read_int(v["total"], s.total))
    return false;
  out = s;
  return true;
}

bool read_value(MapKind kind, const json& v, MapValue& out) {
  switch (kind) {
  case MapKind::Map:
    return read_plain(v, out);
  case MapKind::Hist:
    return read_hist(v, out);
  case MapKind::Stats:
    return read_stats(v, out);
  }
  return false;
}

bool is_keyed(MapKind kind, const json& v) {
  return v.is_object() && !(kind == MapKind::Stats && is_stats_object(v));
}

std::optional<MapKind> kind_of(const std::string& type) {
  if (type == "map")
    return MapKind::Map;
  if (type == "hist")
    return MapKind::Hist;
  if (type == "stats")
    return MapKind::Stats;
  return std::nullopt;
}

Result<MapRecord> read_record(const json& record) {
  auto type = record.find("type");
  auto data = record.find("data");
  if (type == record.end() || !type->is_string() || data == record.end())
    return invalid("no \"type\" or \"data\"");
  auto kind = kind_of(type->get<std::string>());
  if (!kind)
    return invalid("type " + type->dump() + " is not a map's");
  if (!data->is_object() || data->size() != 1)
    return invalid("\"data\" is not one map");
  MapRecord m;
  m.kind = *kind;
  m.name = data->begin().key();
  const json& value = data->begin().value();
  m.keyed = is_keyed(m.kind, value);
  if (!m.keyed) {
    m.entries.emplace_back();
    if (!read_value(m.kind, value, m.entries.back().value))
      return invalid(m.name + ": a value of an unknown shape");
    return m;
  }
  m.entries.reserve(value.size());
  for (const auto& [key, v] : value.items()) {
    MapEntry e{key, MapValue()};
    if (!read_value(m.kind, v, e.value))
      return invalid(m.name + ": the value of a key has an unknown shape");
    m.entries.push_back(std::move(e));
  }
  return m;
}

} // namespace

Result<MapRecord> map_record_from_json(const nlohmann::json& record) {
  if (!record.is_object())
    return invalid("not a JSON object");
  try {
    return read_record(record);
  } catch (const std::exception& e) {
    // Only bad_alloc, or type confusion the checks above rule out.
    return invalid(std::string("unreadable: ") + e.what());
  }
}

Result<MapRecord> parse_map_record(std::string_view line) {
  try {
    std::string normalized;
    if (!normalize_json(line, normalized))
      return invalid("a string does not decode");
    auto j = json::parse(normalized, nullptr, false);
    if (j.is_discarded())
      return invalid("not JSON");
    return map_record_from_json(j);
  } catch (const std::exception& e) {
    return invalid(std::string("unreadable: ") + e.what());
  }
}

bool unescape_key_string(std::string& text) {
  std::string quoted = "\"" + text + "\"";
  JsonCursor cursor(quoted);
  std::string bytes;
  if (!cursor.read_string_into(bytes) || !cursor.at_end())
    return false;
  text.clear();
  for (std::size_t i = 0; i < bytes.size();) {
    std::size_t n = util::utf8_sequence_length(bytes, i);
    if (n == 0) {
      text += "\xEF\xBF\xBD";
      ++i;
    } else {
      text.append(bytes, i, n);
      i += n;
    }
  }
  return true;
}

} // namespace sctrace::events
