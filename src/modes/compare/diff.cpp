#include "modes/compare/diff.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "modes/compare/arg_compare.h"
#include "modes/compare/arg_text.h"
#include "modes/compare/pairing.h"
#include "modes/compare/return_compare.h"

namespace sctrace::compare {

namespace {

using Key = std::tuple<std::string, std::string, std::string>;

std::vector<const SctraceCall*> entry_order(const SctraceLog& log,
                                            std::uint64_t& excluded) {
  std::vector<const SctraceCall*> out;
  for (const auto& c : log.calls) {
    if (c.unfinished == "started_before_trace")
      ++excluded;
    else
      out.push_back(&c);
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const SctraceCall* x, const SctraceCall* y) {
                     return x->time_ns < y->time_ns;
                   });
  return out;
}

std::vector<SyscallCount>
count_calls(const StraceLog& strace,
            const std::vector<const SctraceCall*>& sctrace) {
  std::map<std::string, SyscallCount> m;
  for (const auto& c : strace.calls)
    ++m[c.syscall].strace;
  for (const auto* c : sctrace)
    ++m[c->syscall].sctrace;
  std::vector<SyscallCount> out;
  for (auto& [name, count] : m) {
    count.syscall = name;
    out.push_back(count);
  }
  return out;
}

std::string return_text(const SctraceCall& c) {
  std::string t = sctrace_call_text(c);
  return t.substr(t.rfind(" = ") + 3);
}

class Differ {
public:
  Differ(Diff& d, std::size_t max_examples)
      : diff_(d), max_examples_(max_examples) {}

  void pair(const StraceCall& s, const SctraceCall& c, std::size_t nth) {
    Comparison r = compare_return(s, c);
    if (r.verdict == Verdict::Ignored) {
      ++diff_.returns_ignored;
    } else {
      ++diff_.returns_compared;
      if (r.verdict == Verdict::Differ) {
        ++diff_.return_mismatches;
        add(s, c, nth, "return", -1, "",
            "strace: " + (s.ret ? s.ret->text : std::string("?")) +
                ", sctrace: " + return_text(c));
      }
    }
    std::size_t n =
        std::min({s.args.size(), c.args.size(), comparable_args(s.syscall)});
    for (std::size_t i = 0; i < n; ++i) {
      Comparison a = compare_arg(s.syscall, c, c.args[i], s.args[i]);
      if (a.verdict == Verdict::Ignored) {
        ++diff_.arguments_ignored;
        continue;
      }
      ++diff_.arguments_compared;
      if (a.verdict == Verdict::Differ) {
        ++diff_.argument_mismatches;
        add(s, c, nth, "argument", static_cast<int>(i), c.args[i].name,
            "strace: " + s.args[i] +
                ", sctrace: " + arg_text(c.syscall, c.args[i]));
      }
    }
  }

  // Examples: the first of each kind, then the rest in order.
  void finish() {
    std::set<Key> seen;
    std::vector<bool> taken(all_.size(), false);
    for (std::size_t i = 0; i < all_.size(); ++i) {
      if (diff_.examples.size() >= max_examples_)
        break;
      if (seen.insert(key(all_[i])).second) {
        diff_.examples.push_back(all_[i]);
        taken[i] = true;
      }
    }
    for (std::size_t i = 0; i < all_.size(); ++i) {
      if (diff_.examples.size() >= max_examples_)
        break;
      if (!taken[i])
        diff_.examples.push_back(all_[i]);
    }
    for (const auto& [k, n] : counts_)
      diff_.by_kind.push_back(
          {std::get<0>(k), std::get<1>(k), std::get<2>(k), n});
    std::stable_sort(
        diff_.by_kind.begin(), diff_.by_kind.end(),
        [](const auto& x, const auto& y) { return x.count > y.count; });
  }

private:
  static Key key(const Disagreement& d) {
    return {d.kind, d.syscall, d.argument};
  }

  void add(const StraceCall& s, const SctraceCall& c, std::size_t nth,
           std::string kind, int index, std::string arg, std::string detail) {
    Disagreement d;
    d.kind = std::move(kind);
    d.syscall = s.syscall;
    d.argument = std::move(arg);
    d.arg_index = index;
    d.nth = nth;
    d.strace_tid = s.tid;
    d.sctrace_tid = c.tid;
    d.strace_line = s.line;
    d.sctrace_line = c.line;
    d.detail = std::move(detail);
    ++counts_[key(d)];
    // Texts are only built for the examples that can still be kept.
    if (all_.size() < kKeep) {
      d.strace = strace_call_text(s);
      d.sctrace_text = sctrace_call_text(c);
      d.sctrace_json = c.json;
      all_.push_back(std::move(d));
    }
  }

  static constexpr std::size_t kKeep = 5000;
  Diff& diff_;
  std::size_t max_examples_;
  std::vector<Disagreement> all_;
  std::map<Key, std::uint64_t> counts_;
};

} // namespace

Diff diff_logs(const StraceLog& strace, const SctraceLog& sctrace,
               std::size_t max_examples) {
  Diff d;
  auto events = entry_order(sctrace, d.sctrace_started_before_trace);
  d.per_syscall = count_calls(strace, events);
  for (const auto& c : d.per_syscall)
    d.count_mismatches += c.match() ? 0 : 1;
  d.strace_calls = strace.calls.size();
  d.sctrace_calls = events.size();
  for (const auto& c : strace.calls)
    d.strace_unfinished += c.ret ? 0 : 1;

  std::vector<CallKey> a, b;
  for (const auto& c : strace.calls) {
    CallKey k{c.tid, c.syscall, std::nullopt};
    if (is_clone_family(c.syscall) && c.ret &&
        c.ret->kind == StraceReturn::Kind::Value && c.ret->value > 0)
      k.child = static_cast<std::uint32_t>(c.ret->value);
    a.push_back(std::move(k));
  }
  for (const auto* c : events) {
    CallKey k{c->tid, c->syscall, std::nullopt};
    if (is_clone_family(c->syscall) && c->return_value && *c->return_value > 0)
      k.child = static_cast<std::uint32_t>(*c->return_value);
    b.push_back(std::move(k));
  }
  Pairing p = pair_calls(a, b);
  d.strace_threads = p.threads_a;
  d.sctrace_threads = p.threads_b;
  d.paired_threads = p.threads.size();
  d.ambiguous_threads = p.ambiguous_threads;
  d.paired_calls = p.calls.size();
  d.unpaired_strace = p.unpaired_a;
  d.unpaired_sctrace = p.unpaired_b;

  Differ differ(d, max_examples);
  std::map<std::pair<std::uint32_t, std::string>, std::size_t> nth;
  for (const CallPair& cp : p.calls) {
    const StraceCall& s = strace.calls[cp.a];
    differ.pair(s, *events[cp.b], ++nth[{s.tid, s.syscall}]);
  }
  differ.finish();
  return d;
}

} // namespace sctrace::compare
