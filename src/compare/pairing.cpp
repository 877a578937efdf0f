#include "compare/pairing.h"

#include <algorithm>
#include <map>
#include <unordered_map>

namespace sctrace::compare {

namespace {

enum class Match { Unknown, Confirmed, Ambiguous };

struct Run {
  std::vector<std::uint32_t> order; // tids, first seen first
  std::unordered_map<std::uint32_t, std::size_t> index; // tid -> order
  // (tid, syscall) -> indexes of its calls, in order
  std::map<std::pair<std::uint32_t, std::string>, std::vector<std::size_t>>
      by_thread;
};

Run index_run(const std::vector<CallKey>& calls) {
  Run r;
  for (std::size_t i = 0; i < calls.size(); ++i) {
    const CallKey& c = calls[i];
    if (r.index.emplace(c.tid, r.order.size()).second)
      r.order.push_back(c.tid);
    r.by_thread[{c.tid, c.syscall}].push_back(i);
  }
  return r;
}

} // namespace

bool is_clone_family(const std::string& s) {
  return s == "clone" || s == "clone3" || s == "fork" || s == "vfork";
}

Pairing pair_calls(const std::vector<CallKey>& a,
                   const std::vector<CallKey>& b) {
  Run ra = index_run(a), rb = index_run(b);
  Pairing p;
  p.threads_a = ra.order.size();
  p.threads_b = rb.order.size();
  std::size_t n = std::min(p.threads_a, p.threads_b);
  std::vector<Match> match(n, Match::Unknown);
  if (n > 0)
    match[0] = Match::Confirmed;
  auto set = [&](std::size_t i, Match m) {
    if (i < n && match[i] != Match::Ambiguous)
      match[i] = m;
  };
  // Parents appear before their children, so one pass in order settles
  // each thread's match before its own children are checked.
  auto children = [&](const std::vector<CallKey>& calls, const Run& r,
                      std::uint32_t tid) {
    std::vector<std::size_t> out;
    for (const char* name : {"clone", "clone3", "fork", "vfork"}) {
      auto it = r.by_thread.find({tid, name});
      if (it == r.by_thread.end())
        continue;
      for (std::size_t i : it->second)
        if (auto c = calls[i].child; c && r.index.count(*c))
          out.push_back(r.index.at(*c));
    }
    return out;
  };
  for (std::size_t t = 0; t < n; ++t) {
    if (match[t] == Match::Ambiguous) {
      // Nothing under an uncertain match is certain either.
      for (std::size_t c : children(a, ra, ra.order[t]))
        set(c, Match::Ambiguous);
      for (std::size_t c : children(b, rb, rb.order[t]))
        set(c, Match::Ambiguous);
      continue;
    }
    if (match[t] == Match::Unknown && p.threads_a != p.threads_b)
      continue;
    for (const char* name : {"clone", "clone3", "fork", "vfork"}) {
      auto ia = ra.by_thread.find({ra.order[t], name});
      auto ib = rb.by_thread.find({rb.order[t], name});
      if (ia == ra.by_thread.end() || ib == rb.by_thread.end())
        continue;
      std::size_t k = std::min(ia->second.size(), ib->second.size());
      for (std::size_t j = 0; j < k; ++j) {
        const auto& ca = a[ia->second[j]].child;
        const auto& cb = b[ib->second[j]].child;
        if (!ca || !cb)
          continue;
        auto xa = ra.index.find(*ca);
        auto xb = rb.index.find(*cb);
        if (xa == ra.index.end() || xb == rb.index.end())
          continue; // a child that made no traced call
        if (xa->second == xb->second) {
          set(xa->second, Match::Confirmed);
        } else {
          set(xa->second, Match::Ambiguous);
          set(xb->second, Match::Ambiguous);
        }
      }
    }
  }
  std::size_t paired_b = 0;
  for (std::size_t t = 0; t < n; ++t) {
    bool keep = match[t] == Match::Confirmed ||
                (match[t] == Match::Unknown && p.threads_a == p.threads_b);
    if (!keep) {
      ++p.ambiguous_threads;
      continue;
    }
    p.threads.emplace_back(ra.order[t], rb.order[t]);
    for (const auto& [key, calls_a] : ra.by_thread) {
      if (key.first != ra.order[t])
        continue;
      auto it = rb.by_thread.find({rb.order[t], key.second});
      if (it == rb.by_thread.end())
        continue;
      std::size_t k = std::min(calls_a.size(), it->second.size());
      for (std::size_t j = 0; j < k; ++j) {
        p.calls.push_back({calls_a[j], it->second[j]});
      }
      paired_b += k;
    }
  }
  std::sort(p.calls.begin(), p.calls.end(),
            [](const CallPair& x, const CallPair& y) { return x.a < y.a; });
  p.unpaired_a = a.size() - p.calls.size();
  p.unpaired_b = b.size() - paired_b;
  return p;
}

} // namespace sctrace::compare
