#include "modes/monitor/kernel_snapshot.h"

#include <algorithm>
#include <bit>
#include <charconv>

#include "gen/syscall_table.h"

namespace sctrace::monitor {

namespace {

using events::MapRecord;
using events::MapValue;

bool parse_long(std::string_view text, long& out) {
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && p == text.data() + text.size();
}

std::uint64_t as_u64(const MapValue& v) {
  const events::MapInt* i = events::as_int(v);
  return i ? i->as_u64() : 0;
}

std::string name_of(long id) {
  return gen::syscall_display_name(gen::exit_syscall_number(id));
}

// "A,B" as two numbers.
bool parse_pair(const std::string& key, long& a, long& b) {
  auto comma = key.find(',');
  return comma != std::string::npos &&
         parse_long(std::string_view(key).substr(0, comma), a) &&
         parse_long(std::string_view(key).substr(comma + 1), b);
}

void add_bucket(SyscallCounters& c, long index, std::uint64_t n) {
  const auto at =
      static_cast<std::size_t>(std::clamp<long>(index, 0, kBuckets - 1));
  c.buckets.resize(kBuckets);
  c.buckets[at] += n;
}

// A hist() bucket's index, named by its lower bound. bpftrace 0.17's JSON
// prints bucket bounds as 32-bit ints: every duration of 2^31 ns or more
// comes as one entry {"min": -2147483648, "max": 0}. How long those calls
// took past 2^31 ns is lost, so they go to the last bucket, past every
// finite le (in +Inf only), never into a bound they may exceed.
long hist_index(const events::HistBucket& b) {
  if (b.min && b.min->negative())
    return kBuckets - 1;
  const std::uint64_t low = b.min ? b.min->as_u64() : 0;
  return low == 0 ? 0 : std::bit_width(low);
}

void add_hist(SyscallCounters& c, const events::Hist& hist) {
  for (const auto& b : hist)
    add_bucket(c, hist_index(b), b.count);
}

// One entry of a per-syscall map (calls, total, slow, 0.17's hist).
bool add_by_nr(KernelSnapshot& s, const std::string& map,
               const std::string& key, const MapValue& v) {
  long nr = 0;
  if (!parse_long(key, nr))
    return false;
  SyscallCounters& c = s.syscalls[name_of(nr)];
  if (const auto* hist = std::get_if<events::Hist>(&v))
    add_hist(c, *hist);
  else if (map == "@sctrace_calls")
    c.calls += as_u64(v);
  else if (map == "@sctrace_total")
    c.total_ns += as_u64(v);
  else if (map == "@sctrace_slow")
    c.slow += as_u64(v);
  return true;
}

// "COMM,NR" (the comm may hold commas; escaped once more on 0.23).
bool add_comm(KernelSnapshot& s, const std::string& key, std::uint64_t n,
              bool escaped) {
  const auto last = key.rfind(',');
  long nr = 0;
  if (last == std::string::npos ||
      !parse_long(std::string_view(key).substr(last + 1), nr))
    return false;
  std::string comm = key.substr(0, last);
  if (escaped && !events::unescape_key_string(comm))
    return false;
  s.by_comm[comm][name_of(nr)] += n;
  return true;
}

bool add_entry(KernelSnapshot& s, const std::string& map,
               const events::MapEntry& e, bool escaped) {
  const std::uint64_t n = as_u64(e.value);
  const bool hist = std::holds_alternative<events::Hist>(e.value);
  if (!hist && n == 0)
    return true; // a key a zero update made: no call
  long a = 0, b = 0;
  if (map == "@sctrace_errno") {
    if (!parse_pair(e.key, a, b) || b <= 0)
      return false;
    SyscallCounters& c = s.syscalls[name_of(a)];
    c.errnos[static_cast<int>(b)] += n;
    c.errors += n;
    return true;
  }
  if (map == "@sctrace_hist" && !hist) {
    if (!parse_pair(e.key, a, b))
      return false;
    add_bucket(s.syscalls[name_of(a)], b, n);
    return true;
  }
  if (map == "@sctrace_comm")
    return add_comm(s, e.key, n, escaped);
  return add_by_nr(s, map, e.key, e.value);
}

bool is_monitor_map(const std::string& name) {
  return name == "@sctrace_calls" || name == "@sctrace_errno" ||
         name == "@sctrace_total" || name == "@sctrace_hist" ||
         name == "@sctrace_slow" || name == "@sctrace_comm" ||
         name == "@sctrace_full";
}

std::uint64_t scalar_u64(const MapRecord& map) {
  const MapValue* v = map.scalar();
  return v ? as_u64(*v) : 0;
}

} // namespace

std::optional<KernelSnapshot> KernelCollector::add(const MapRecord& map) {
  if (ended_ ||
      (map.kind != events::MapKind::Hist && map.kind != events::MapKind::Map))
    return std::nullopt;
  if (map.name == "@sctrace_end") {
    ended_ = scalar_u64(map) != 0;
  } else if (map.name == "@sctrace_snapshot") {
    const std::uint64_t ns = scalar_u64(map);
    if (ns != 0)
      return build(ns);
  } else if (is_monitor_map(map.name)) {
    printed_.insert_or_assign(map.name, map);
  }
  return std::nullopt;
}

KernelSnapshot KernelCollector::build(std::uint64_t kernel_ns) {
  KernelSnapshot s;
  s.kernel_ns = kernel_ns;
  for (const auto& [name, map] : printed_)
    add_map(s, map);
  printed_.clear();
  return s;
}

void KernelCollector::add_map(KernelSnapshot& s, const MapRecord& map) const {
  if (map.name == "@sctrace_full") {
    s.map_full += scalar_u64(map);
    return;
  }
  if (!map.keyed)
    return;
  s.largest_map = std::max(s.largest_map, map.entries.size());
  for (const auto& e : map.entries)
    if (!add_entry(s, map.name, e, escaped_keys_))
      ++s.bad_keys;
}

} // namespace sctrace::monitor
