#include "modes/monitor/counters.h"

#include <algorithm>
#include <vector>

namespace sctrace::monitor {

namespace {

std::uint64_t sat_add(std::uint64_t a, std::uint64_t b) {
  return a > UINT64_MAX - b ? UINT64_MAX : a + b;
}

std::uint64_t sat_sub(std::uint64_t a, std::uint64_t b) {
  return a > b ? a - b : 0;
}

std::uint64_t bucket(const SyscallCounters& c, std::size_t i) {
  return i < c.buckets.size() ? c.buckets[i] : 0;
}

} // namespace

void add_counters(SyscallCounters& into, const SyscallCounters& add) {
  into.calls = sat_add(into.calls, add.calls);
  into.errors = sat_add(into.errors, add.errors);
  for (const auto& [e, n] : add.errnos)
    into.errnos[e] = sat_add(into.errnos[e], n);
  into.total_ns = sat_add(into.total_ns, add.total_ns);
  into.slow = sat_add(into.slow, add.slow);
  into.buckets.resize(kBuckets);
  for (std::size_t i = 0; i < kBuckets; ++i)
    into.buckets[i] = sat_add(into.buckets[i], bucket(add, i));
}

SyscallCounters minus_counters(const SyscallCounters& now,
                               const SyscallCounters& before) {
  SyscallCounters d;
  d.calls = sat_sub(now.calls, before.calls);
  d.errors = sat_sub(now.errors, before.errors);
  for (const auto& [e, n] : now.errnos) {
    auto it = before.errnos.find(e);
    std::uint64_t v = sat_sub(n, it == before.errnos.end() ? 0 : it->second);
    if (v)
      d.errnos[e] = v;
  }
  d.total_ns = sat_sub(now.total_ns, before.total_ns);
  d.slow = sat_sub(now.slow, before.slow);
  d.buckets.resize(kBuckets);
  for (std::size_t i = 0; i < kBuckets; ++i)
    d.buckets[i] = sat_sub(bucket(now, i), bucket(before, i));
  return d;
}

void keep_max(SyscallCounters& into, const SyscallCounters& other) {
  into.calls = std::max(into.calls, other.calls);
  into.errors = std::max(into.errors, other.errors);
  for (const auto& [e, n] : other.errnos)
    into.errnos[e] = std::max(into.errnos[e], n);
  into.total_ns = std::max(into.total_ns, other.total_ns);
  into.slow = std::max(into.slow, other.slow);
  into.buckets.resize(kBuckets);
  for (std::size_t i = 0; i < kBuckets; ++i)
    into.buckets[i] = std::max(into.buckets[i], bucket(other, i));
}

void add_all(CounterMap& into, const CounterMap& add) {
  for (const auto& [name, c] : add)
    add_counters(into[name], c);
}

CounterMap minus_all(const CounterMap& now, const CounterMap& before) {
  static const SyscallCounters kNone;
  CounterMap out;
  for (const auto& [name, c] : now) {
    auto it = before.find(name);
    SyscallCounters d =
        minus_counters(c, it == before.end() ? kNone : it->second);
    if (d.calls || d.errors || d.total_ns || d.slow)
      out.emplace(name, std::move(d));
  }
  return out;
}

void keep_max_all(CounterMap& into, const CounterMap& other) {
  for (const auto& [name, c] : other)
    keep_max(into[name], c);
}

void add_all(CommMap& into, const CommMap& add) {
  for (const auto& [comm, calls] : add)
    for (const auto& [name, n] : calls)
      into[comm][name] = sat_add(into[comm][name], n);
}

void keep_max_all(CommMap& into, const CommMap& other) {
  for (const auto& [comm, calls] : other)
    for (const auto& [name, n] : calls)
      into[comm][name] = std::max(into[comm][name], n);
}

CommMap top_comms(const CommMap& all, int top_n) {
  std::vector<std::pair<std::uint64_t, std::string>> order;
  for (const auto& [comm, calls] : all) {
    std::uint64_t sum = 0;
    for (const auto& [name, n] : calls)
      sum = sat_add(sum, n);
    order.emplace_back(sum, comm);
  }
  std::sort(order.begin(), order.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  });
  CommMap out;
  for (std::size_t i = 0; i < order.size(); ++i) {
    const std::string& comm = order[i].second;
    const bool kept =
        i < static_cast<std::size_t>(std::max(top_n, 0)) && comm != "other";
    auto& into = out[kept ? comm : std::string("other")];
    for (const auto& [name, n] : all.at(comm))
      into[name] = sat_add(into[name], n);
  }
  return out;
}

} // namespace sctrace::monitor
