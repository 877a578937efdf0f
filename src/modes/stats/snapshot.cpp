#include "modes/stats/snapshot.h"

#include <bit>
#include <charconv>
#include <optional>

#include "gen/syscall_table.h"

namespace sctrace::stats {

namespace {

bool parse_long(std::string_view text, long& out) {
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && p == text.data() + text.size();
}

bool parse_u64(std::string_view text, std::uint64_t& out) {
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && p == text.data() + text.size();
}

using events::MapValue;

// The value as a count: negative numbers and non-numbers are 0.
std::uint64_t as_u64(const MapValue& v) {
  const events::MapInt* i = events::as_int(v);
  return i ? i->as_u64() : 0;
}

// Index of the bucket whose lower bound (in us) is `min`.
int bucket_index(std::uint64_t min) {
  if (min == 0)
    return 0;
  return std::bit_width(min); // 1 -> 1, 2..3 -> 2, 4..7 -> 3, ...
}

// Adds c calls to bucket i of s (the last bucket holds everything past it).
void add_to_bucket(SyscallStats& s, int i, std::uint64_t c) {
  const auto at = static_cast<std::size_t>(std::min(i, kMaxBuckets - 1));
  if (s.buckets.size() <= at)
    s.buckets.resize(at + 1);
  s.buckets[at] += c;
  s.count += c;
}

// 1000 * 2^k, saturated at UINT64_MAX (from k = 54 on it would wrap), so
// bucket bounds stay ordered even for buckets no real call reaches.
std::uint64_t us_power_ns(int k) {
  const std::uint64_t p = std::uint64_t{1} << k;
  return p > UINT64_MAX / 1000 ? UINT64_MAX : p * 1000;
}

// One entry of @sctrace_hist, latency's histogram as a sum per
// "NR,BUCKET" (bpftrace 0.23, gen/stats_program.h): the bucket is the one
// bucket_index() gives. A key that does not parse counts in bad_keys.
void add_hist_sum(Snapshot& snap, const std::string& key, const MapValue& v) {
  auto comma = key.find(',');
  long nr = 0, bucket = 0;
  if (comma == std::string::npos || key.find(',', comma + 1) != key.npos ||
      !parse_long(key.substr(0, comma), nr) ||
      !parse_long(key.substr(comma + 1), bucket) || bucket < 0) {
    ++snap.bad_keys;
    return;
  }
  std::uint64_t c = as_u64(v);
  if (c == 0) // created by the first of the two updates, then lost
    return;
  add_to_bucket(snap.syscalls[gen::exit_syscall_number(nr)],
                static_cast<int>(std::min<long>(bucket, kMaxBuckets)), c);
}

// A count -P key "PID,START,COMM,NR" (COMM may hold commas, the numbers
// cannot; COMM is unescaped when escaped_keys), or nullopt.
std::optional<ProcessKey> parse_process_key(const std::string& key,
                                            bool escaped_keys) {
  const auto first = key.find(',');
  const auto second = key.find(',', first + 1);
  const auto last = key.rfind(',');
  long pid = 0, nr = 0;
  std::uint64_t start = 0;
  if (first == std::string::npos || second == std::string::npos ||
      second >= last || !parse_long(key.substr(0, first), pid) || pid <= 0 ||
      !parse_u64(key.substr(first + 1, second - first - 1), start) ||
      !parse_long(key.substr(last + 1), nr))
    return std::nullopt;
  std::string comm = key.substr(second + 1, last - second - 1);
  if (escaped_keys && !events::unescape_key_string(comm))
    return std::nullopt;
  return ProcessKey{static_cast<std::uint32_t>(pid), std::move(comm),
                    gen::exit_syscall_number(nr), start};
}

// The stats a map key names: "NR" (per syscall), or a count -P key (per
// process). Null, counted in bad_keys, when the key does not parse.
SyscallStats* stats_for_key(Snapshot& snap, const std::string& key,
                            bool escaped_keys) {
  if (key.find(',') == std::string::npos) {
    long nr = 0;
    if (!parse_long(key, nr)) {
      ++snap.bad_keys;
      return nullptr;
    }
    return &snap.syscalls[gen::exit_syscall_number(nr)];
  }
  auto k = parse_process_key(key, escaped_keys);
  if (!k) {
    ++snap.bad_keys;
    return nullptr;
  }
  return &snap.processes[std::move(*k)];
}

// Adds one value of map `name` (a hist's bucket list, or a count, errors,
// total, min or max) to s.
void add_value(SyscallStats& s, const std::string& name, const MapValue& v,
               bool hist) {
  if (hist) {
    const auto* buckets = std::get_if<events::Hist>(&v);
    if (!buckets)
      return;
    for (const auto& b : *buckets)
      add_to_bucket(s, bucket_index(b.min ? b.min->as_u64() : 0), b.count);
  } else if (name == "@sctrace_count") {
    s.count += as_u64(v);
  } else if (name == "@sctrace_errors") {
    s.errors += as_u64(v);
  } else if (name == "@sctrace_total") {
    s.total_ns += as_u64(v);
  } else if (name == "@sctrace_min") {
    std::uint64_t m = as_u64(v);
    s.min_ns = s.min_ns ? std::min(s.min_ns, m) : m;
  } else if (name == "@sctrace_max") {
    s.max_ns = std::max(s.max_ns, as_u64(v));
  }
}
} // namespace

std::uint64_t bucket_low_ns(int index) {
  return index <= 0 ? 0 : us_power_ns(index - 1);
}

std::uint64_t bucket_high_ns(int index) {
  if (index >= kMaxBuckets - 1)
    return UINT64_MAX;
  return us_power_ns(index);
}

namespace {

bool is_stats_map(const std::string& name) {
  return name == "@sctrace_count" || name == "@sctrace_errors" ||
         name == "@sctrace_total" || name == "@sctrace_min" ||
         name == "@sctrace_max" || name == "@sctrace_hist";
}

std::uint64_t scalar_u64(const events::MapRecord& map) {
  const MapValue* value = map.scalar();
  return value ? as_u64(*value) : 0;
}

} // namespace

std::optional<Snapshot> SnapshotCollector::add(const events::MapRecord& map) {
  if (finished_ ||
      (map.kind != events::MapKind::Hist && map.kind != events::MapKind::Map))
    return std::nullopt;
  if (map.name == "@sctrace_snapshot") {
    // 0.23 prints a scalar map it could not clear as 0 at exit.
    kernel_ns_ = std::max(kernel_ns_, scalar_u64(map));
    if (!final_)
      return build();
  } else if (map.name == "@sctrace_end") {
    final_ = final_ || scalar_u64(map) != 0;
  } else if (is_stats_map(map.name)) {
    auto [it, fresh] = printed_.insert_or_assign(map.name, map);
    repeated_maps_ += fresh ? 0 : 1;
  }
  return std::nullopt;
}

std::optional<Snapshot> SnapshotCollector::finish() {
  if (finished_ || !final_ || kernel_ns_ == 0)
    return std::nullopt;
  finished_ = true;
  return build();
}

Snapshot SnapshotCollector::build() {
  current_ = Snapshot();
  for (const auto& [name, map] : printed_)
    add_map(map, map.kind == events::MapKind::Hist);
  printed_.clear();
  current_.kernel_ns = kernel_ns_;
  current_.final = final_;
  kernel_ns_ = 0;
  return std::move(current_);
}

void SnapshotCollector::add_map(const events::MapRecord& map, bool hist) {
  if (!map.keyed)
    return;
  const std::string& name = map.name;
  current_.largest_map = std::max(current_.largest_map, map.entries.size());
  const bool seedable = name == "@sctrace_count" || name == "@sctrace_errors" ||
                        name == "@sctrace_total";
  for (const auto& [key, v] : map.entries) {
    // A key seeded in BEGIN (gen/stats_program.h) and never counted.
    if (!hist && seedable && as_u64(v) == 0)
      continue;
    if (!hist && name == "@sctrace_hist") {
      add_hist_sum(current_, key, v);
      continue;
    }
    if (SyscallStats* s = stats_for_key(current_, key, escaped_keys_))
      add_value(*s, name, v, hist);
  }
}

namespace {

SyscallStats minus(const SyscallStats& now, const SyscallStats* before) {
  if (!before)
    return now;
  SyscallStats d = now;
  auto sub = [](std::uint64_t a, std::uint64_t b) { return a > b ? a - b : 0; };
  d.count = sub(now.count, before->count);
  d.errors = sub(now.errors, before->errors);
  d.total_ns = sub(now.total_ns, before->total_ns);
  for (std::size_t i = 0; i < d.buckets.size(); ++i)
    d.buckets[i] = sub(now.buckets[i],
                       i < before->buckets.size() ? before->buckets[i] : 0);
  return d;
}

template <typename Map> Map minus_all(const Map& now, const Map& before) {
  Map out;
  for (const auto& [k, v] : now) {
    auto it = before.find(k);
    SyscallStats d = minus(v, it == before.end() ? nullptr : &it->second);
    if (d.count || d.errors)
      out.emplace(k, std::move(d));
  }
  return out;
}

} // namespace

Snapshot difference(const Snapshot& now, const Snapshot& before) {
  Snapshot d;
  d.kernel_ns = now.kernel_ns;
  d.final = now.final;
  d.syscalls = minus_all(now.syscalls, before.syscalls);
  d.processes = minus_all(now.processes, before.processes);
  d.bad_keys = now.bad_keys;
  d.largest_map = now.largest_map;
  return d;
}

} // namespace sctrace::stats
