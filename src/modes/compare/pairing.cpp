#include "modes/compare/pairing.h"

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

constexpr const char* kCloneFamily[] = {"clone", "clone3", "fork", "vfork"};

// Thread matches by first-seen position; set() never overrides Ambiguous
// and ignores positions past the shorter run.
struct Matches {
  std::vector<Match> match;
  void set(std::size_t i, Match m) {
    if (i < match.size() && match[i] != Match::Ambiguous)
      match[i] = m;
  }
};

// Positions (in r.order) of the traced children tid's clone-family calls
// created.
std::vector<std::size_t> clone_children(const std::vector<CallKey>& calls,
                                        const Run& r, std::uint32_t tid) {
  std::vector<std::size_t> out;
  for (const char* name : kCloneFamily) {
    auto it = r.by_thread.find({tid, name});
    if (it == r.by_thread.end())
      continue;
    for (std::size_t i : it->second)
      if (auto c = calls[i].child; c && r.index.count(*c))
        out.push_back(r.index.at(*c));
  }
  return out;
}

// Compares the children created by the j-th clone-family call of thread
// position t in both runs: same position confirms the child's match, a
// different one makes both ambiguous.
void match_clone_children(const std::vector<CallKey>& a, const Run& ra,
                          const std::vector<CallKey>& b, const Run& rb,
                          std::size_t t, Matches& m) {
  for (const char* name : kCloneFamily) {
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
        m.set(xa->second, Match::Confirmed);
      } else {
        m.set(xa->second, Match::Ambiguous);
        m.set(xb->second, Match::Ambiguous);
      }
    }
  }
}

// How each thread position (up to the shorter run) matches: the first
// thread is confirmed, children follow their clone calls.
std::vector<Match> match_threads(const std::vector<CallKey>& a, const Run& ra,
                                 const std::vector<CallKey>& b, const Run& rb) {
  const bool same_count = ra.order.size() == rb.order.size();
  const std::size_t n = std::min(ra.order.size(), rb.order.size());
  Matches m{std::vector<Match>(n, Match::Unknown)};
  if (n > 0)
    m.match[0] = Match::Confirmed;
  // Parents appear before their children, so one pass in order settles
  // each thread's match before its own children are checked.
  for (std::size_t t = 0; t < n; ++t) {
    if (m.match[t] == Match::Ambiguous) {
      // Nothing under an uncertain match is certain either.
      for (std::size_t c : clone_children(a, ra, ra.order[t]))
        m.set(c, Match::Ambiguous);
      for (std::size_t c : clone_children(b, rb, rb.order[t]))
        m.set(c, Match::Ambiguous);
      continue;
    }
    if (m.match[t] == Match::Unknown && !same_count)
      continue;
    match_clone_children(a, ra, b, rb, t, m);
  }
  return std::move(m.match);
}

// Pairs the calls of thread position t in both runs, syscall by syscall in
// order, into p.calls; returns how many calls of b were paired.
std::size_t pair_thread_calls(const Run& ra, const Run& rb, std::size_t t,
                              Pairing& p) {
  std::size_t paired_b = 0;
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
  return paired_b;
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
  const std::vector<Match> match = match_threads(a, ra, b, rb);
  std::size_t paired_b = 0;
  for (std::size_t t = 0; t < match.size(); ++t) {
    bool keep = match[t] == Match::Confirmed ||
                (match[t] == Match::Unknown && p.threads_a == p.threads_b);
    if (!keep) {
      ++p.ambiguous_threads;
      continue;
    }
    p.threads.emplace_back(ra.order[t], rb.order[t]);
    paired_b += pair_thread_calls(ra, rb, t, p);
  }
  std::sort(p.calls.begin(), p.calls.end(),
            [](const CallPair& x, const CallPair& y) { return x.a < y.a; });
  p.unpaired_a = a.size() - p.calls.size();
  p.unpaired_b = b.size() - paired_b;
  return p;
}

} // namespace sctrace::compare
