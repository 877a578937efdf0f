#include "modes/compare/strace_log.h"

#include <cctype>
#include <cerrno>
#include <charconv>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <map>
#include <sstream>

#include "modes/compare/strace_args.h"
#include "util/strings.h"

namespace sctrace::compare {

namespace {

constexpr std::string_view kUnfinished = "<unfinished ...>";
constexpr std::size_t kMalformedExamples = 5;

bool all_digits(std::string_view s) {
  if (s.empty())
    return false;
  for (char c : s)
    if (!std::isdigit(static_cast<unsigned char>(c)))
      return false;
  return true;
}

bool is_name(std::string_view s) {
  if (s.empty())
    return false;
  for (char c : s)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_')
      return false;
  return true;
}

// s as a number when it is all digits and at most max (no exceptions, no
// overflow: strace's numbers are untrusted text).
std::optional<std::uint64_t> number_at_most(std::string_view s,
                                            std::uint64_t max) {
  std::uint64_t v = 0;
  if (!all_digits(s))
    return std::nullopt;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || v > max)
    return std::nullopt;
  return v;
}

// Seconds a time may have so that microseconds fit an int64 (285,000
// years).
constexpr std::uint64_t kMaxSeconds = 9'000'000'000'000;

std::string_view next_token(std::string_view s) {
  return s.substr(0, s.find(' '));
}

// "1700000000.123456" (-ttt), "12:34:56.123456" (-tt) or "12:34:56" (-t).
std::optional<std::int64_t> parse_time_us(std::string_view t) {
  std::int64_t secs = 0;
  std::string_view frac;
  std::size_t dot = t.find('.');
  std::string_view whole = t.substr(0, dot);
  if (dot != std::string_view::npos)
    frac = t.substr(dot + 1);
  if (whole.find(':') != std::string_view::npos) {
    auto parts = util::split(whole, ':');
    if (parts.size() != 3)
      return std::nullopt;
    for (const auto& p : parts) {
      auto v = number_at_most(p, 1'000'000); // strace prints 2 digits
      if (!v)
        return std::nullopt;
      secs = secs * 60 + static_cast<std::int64_t>(*v);
    }
  } else if (auto v = number_at_most(whole, kMaxSeconds);
             v && dot != std::string_view::npos) {
    secs = static_cast<std::int64_t>(*v);
  } else {
    return std::nullopt;
  }
  if (!frac.empty() && (!all_digits(frac) || frac.size() > 9))
    return std::nullopt;
  std::int64_t us = 0;
  for (std::size_t i = 0; i < 6; ++i)
    us = us * 10 + (i < frac.size() ? frac[i] - '0' : 0);
  return secs * 1'000'000 + us;
}

// Splits "name(args) = ret <dur>" into call. False when it does not parse.
bool parse_call_body(std::string_view body, StraceCall& call) {
  std::size_t open = body.find('(');
  if (open == std::string_view::npos || !is_name(body.substr(0, open)))
    return false;
  std::size_t close = find_args_end(body, open + 1);
  if (close == std::string_view::npos)
    return false;
  call.syscall = std::string(body.substr(0, open));
  call.args_text = std::string(body.substr(open + 1, close - open - 1));
  call.args = split_args(call.args_text);
  std::string_view rest = util::trim(body.substr(close + 1));
  if (rest.empty())
    return true; // no return value
  if (rest.front() != '=')
    return false;
  rest = util::trim(rest.substr(1));
  // -T appends " <0.000010>".
  std::size_t lt = rest.rfind(" <");
  if (!rest.empty() && rest.back() == '>' && lt != std::string_view::npos) {
    std::string_view d = rest.substr(lt + 2, rest.size() - lt - 3);
    double v = 0;
    auto [p, ec] = std::from_chars(d.data(), d.data() + d.size(), v);
    if (ec == std::errc() && p == d.data() + d.size()) {
      call.duration_s = v;
      rest = util::trim(rest.substr(0, lt));
    }
  }
  call.ret = parse_strace_return(rest);
  return true;
}

class Parser {
public:
  StraceLog finish() {
    for (auto& [tid, p] : pending_)
      close_unfinished(p);
    pending_.clear();
    return std::move(log_);
  }

  void line(std::string_view text, std::size_t number) {
    std::string_view s = text;
    if (!s.empty() && s.back() == '\r')
      s.remove_suffix(1);
    if (util::trim(s).empty())
      return;
    std::uint32_t tid = 0;
    if (s.substr(0, 5) == "[pid ") {
      std::size_t end = s.find(']');
      std::string_view n = util::trim(s.substr(5, end - 5));
      auto v = number_at_most(n, UINT32_MAX);
      if (end == std::string_view::npos || !v)
        return malformed(text);
      tid = static_cast<std::uint32_t>(*v);
      s = util::trim(s.substr(end + 1));
    } else if (all_digits(next_token(s))) {
      std::string_view n = next_token(s);
      auto v = number_at_most(n, UINT32_MAX);
      if (!v)
        return malformed(text);
      tid = static_cast<std::uint32_t>(*v);
      s = util::trim(s.substr(n.size()));
    }
    std::int64_t time_us = 0;
    if (auto t = parse_time_us(next_token(s))) {
      time_us = *t;
      s = util::trim(s.substr(next_token(s).size()));
    }
    body(tid, time_us, s, number, text);
  }

private:
  struct Pending {
    std::size_t index; // into log_.calls
    std::string text;  // "name(args, " without the unfinished marker
  };

  void body(std::uint32_t tid, std::int64_t time_us, std::string_view s,
            std::size_t number, std::string_view text) {
    if (s.substr(0, 4) == "+++ ")
      return exit_line(tid, time_us, s);
    if (s.substr(0, 4) == "--- ")
      return signal_line(tid, time_us, s);
    if (s.substr(0, 5) == "<... ")
      return resumed(tid, s, text);
    StraceCall call;
    call.tid = tid;
    call.time_us = time_us;
    call.line = number;
    std::string_view trimmed = util::trim(s);
    if (trimmed.size() >= kUnfinished.size() &&
        trimmed.substr(trimmed.size() - kUnfinished.size()) == kUnfinished) {
      // strace writes "%s <unfinished ...>": one space is the marker's.
      std::string_view head =
          trimmed.substr(0, trimmed.size() - kUnfinished.size());
      if (!head.empty() && head.back() == ' ')
        head.remove_suffix(1);
      std::size_t open = head.find('(');
      if (open == std::string_view::npos || !is_name(head.substr(0, open)))
        return malformed(text);
      call.syscall = std::string(head.substr(0, open));
      auto old = pending_.find(tid);
      if (old != pending_.end())
        close_unfinished(old->second);
      log_.calls.push_back(std::move(call));
      pending_[tid] = Pending{log_.calls.size() - 1, std::string(head)};
      return;
    }
    if (!parse_call_body(s, call))
      return malformed(text);
    log_.calls.push_back(std::move(call));
  }

  void resumed(std::uint32_t tid, std::string_view s, std::string_view text) {
    std::size_t gt = s.find(" resumed>");
    auto it = pending_.find(tid);
    if (gt == std::string_view::npos || it == pending_.end())
      return malformed(text);
    std::string_view name = s.substr(5, gt - 5);
    StraceCall& call = log_.calls[it->second.index];
    if (name != call.syscall)
      return malformed(text);
    std::string joined = it->second.text;
    std::string rest(s.substr(gt + 9));
    // A thread killed in the call: "<... read resumed> <unfinished ...>) = ?"
    // ends the arguments where the first part left them.
    std::size_t marker = rest.find(kUnfinished);
    if (marker != std::string::npos) {
      rest.erase(0, marker + kUnfinished.size());
      while (!joined.empty() && (joined.back() == ' ' || joined.back() == ','))
        joined.pop_back();
    }
    joined += rest;
    pending_.erase(it);
    if (!parse_call_body(joined, call)) {
      // parse_call_body may have set args from a part of the text.
      call.args_text = joined.substr(call.syscall.size() + 1);
      call.args = split_args(call.args_text);
      malformed(text);
    }
  }

  void close_unfinished(const Pending& p) {
    StraceCall& call = log_.calls[p.index];
    call.args_text = p.text.substr(call.syscall.size() + 1);
    while (!call.args_text.empty() && call.args_text.back() == ' ')
      call.args_text.pop_back();
    if (!call.args_text.empty() && call.args_text.back() == ',')
      call.args_text.pop_back();
    call.args = split_args(call.args_text);
  }

  void exit_line(std::uint32_t tid, std::int64_t time_us, std::string_view s) {
    StraceExit e;
    e.tid = tid;
    e.time_us = time_us;
    e.text = std::string(util::trim(s));
    std::string_view inner = util::trim(s.substr(4));
    if (inner.size() >= 3 && inner.substr(inner.size() - 3) == "+++")
      inner = util::trim(inner.substr(0, inner.size() - 3));
    if (inner.substr(0, 12) == "exited with ") {
      std::string_view n = inner.substr(12);
      int code = 0;
      auto [p, ec] = std::from_chars(n.data(), n.data() + n.size(), code);
      if (ec == std::errc())
        e.exit_code = code;
    } else if (inner.substr(0, 10) == "killed by ") {
      e.signal = std::string(next_token(inner.substr(10)));
    }
    auto it = pending_.find(tid);
    if (it != pending_.end()) {
      close_unfinished(it->second);
      pending_.erase(it);
    }
    log_.exits.push_back(std::move(e));
  }

  void signal_line(std::uint32_t tid, std::int64_t time_us,
                   std::string_view s) {
    StraceSignal sig;
    sig.tid = tid;
    sig.time_us = time_us;
    sig.text = std::string(util::trim(s));
    std::string_view inner = s.substr(4);
    if (inner.substr(0, 11) == "stopped by ")
      inner = inner.substr(11);
    sig.signal = std::string(next_token(inner));
    log_.signals.push_back(std::move(sig));
  }

  void malformed(std::string_view text) {
    ++log_.malformed;
    if (log_.malformed_examples.size() < kMalformedExamples)
      log_.malformed_examples.emplace_back(text);
  }

  StraceLog log_;
  std::map<std::uint32_t, Pending> pending_;
};

} // namespace

StraceReturn parse_strace_return(std::string_view text) {
  StraceReturn r;
  text = util::trim(text);
  r.text = std::string(text);
  std::string_view first = next_token(text);
  std::string_view rest =
      util::trim(text.substr(std::min(first.size(), text.size())));
  if (first == "?")
    r.kind = StraceReturn::Kind::Unknown;
  else {
    bool neg = !first.empty() && first.front() == '-';
    std::string_view digits = neg ? first.substr(1) : first;
    int base = 10;
    if (digits.substr(0, 2) == "0x") {
      digits = digits.substr(2);
      base = 16;
      r.hex = true;
    }
    std::uint64_t v = 0;
    auto [p, ec] =
        std::from_chars(digits.data(), digits.data() + digits.size(), v, base);
    // Below -2^63 is not a number strace prints either.
    constexpr std::uint64_t kMinMagnitude = std::uint64_t{1} << 63;
    if (ec != std::errc() || p != digits.data() + digits.size() ||
        digits.empty() || (neg && v > kMinMagnitude)) {
      r.kind = StraceReturn::Kind::Unknown; // not a number strace prints
      return r;
    }
    // Two's complement wraps: -2^63 and hex pointers above 2^63 included.
    r.value = static_cast<std::int64_t>(neg ? 0 - v : v);
  }
  // An error name follows "-1" (and "?" for the restart family).
  std::string_view name = next_token(rest);
  bool named = name.size() > 1 && name.front() == 'E' && is_name(name);
  if (named && (r.kind == StraceReturn::Kind::Unknown || r.value == -1)) {
    r.error = std::string(name);
    if (r.kind == StraceReturn::Kind::Value)
      r.kind = StraceReturn::Kind::Error;
  } else if (rest.substr(0, 7) == "(errno " && r.value == -1) {
    int n = 0;
    std::string_view d = rest.substr(7);
    std::from_chars(d.data(), d.data() + d.size(), n);
    r.errno_number = n;
    r.kind = StraceReturn::Kind::Error;
  }
  return r;
}

StraceLog parse_strace_log(std::string_view text) {
  Parser parser;
  std::size_t number = 0, start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos)
      end = text.size();
    parser.line(text.substr(start, end - start), ++number);
    start = end + 1;
  }
  return parser.finish();
}

Result<StraceLog> read_strace_log(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return make_error(ErrorKind::Io, "cannot read strace's log " + path + ": " +
                                         std::strerror(errno));
  std::ostringstream buf;
  buf << in.rdbuf();
  return parse_strace_log(buf.str());
}

std::string strace_call_text(const StraceCall& call) {
  std::string out = call.syscall + "(" + call.args_text;
  if (!call.ret)
    return out + " <unfinished ...>";
  return out + ") = " + call.ret->text;
}

} // namespace sctrace::compare
