#include "decode/signals.h"

#include <charconv>

namespace sctrace::decode {
namespace {

constexpr int kRtMin = 32;
constexpr int kMaxSignal = 64;

// Index is the signal number.
constexpr std::string_view kNames[] = {
    "",        "SIGHUP",  "SIGINT",    "SIGQUIT", "SIGILL",    "SIGTRAP",
    "SIGABRT", "SIGBUS",  "SIGFPE",    "SIGKILL", "SIGUSR1",   "SIGSEGV",
    "SIGUSR2", "SIGPIPE", "SIGALRM",   "SIGTERM", "SIGSTKFLT", "SIGCHLD",
    "SIGCONT", "SIGSTOP", "SIGTSTP",   "SIGTTIN", "SIGTTOU",   "SIGURG",
    "SIGXCPU", "SIGXFSZ", "SIGVTALRM", "SIGPROF", "SIGWINCH",  "SIGIO",
    "SIGPWR",  "SIGSYS",
};

struct Alias {
  std::string_view name;
  int number;
};

constexpr Alias kAliases[] = {{"SIGIOT", 6}, {"SIGPOLL", 29}, {"SIGCLD", 17}};

// Parses the whole of text as a non-negative decimal int.
std::optional<int> parse_number(std::string_view text) {
  int value = 0;
  if (text.empty() || text.front() < '0' || text.front() > '9')
    return std::nullopt;
  auto [end, ec] =
      std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size())
    return std::nullopt;
  return value;
}

std::optional<int> in_range(std::optional<int> sig) {
  if (!sig || *sig < 0 || *sig > kMaxSignal)
    return std::nullopt;
  return sig;
}

} // namespace

std::string signal_name(int sig) {
  if (sig > 0 && sig < kRtMin)
    return std::string(kNames[sig]);
  if (sig == kRtMin)
    return "SIGRTMIN";
  if (sig > kRtMin && sig <= kMaxSignal)
    return "SIGRT_" + std::to_string(sig - kRtMin);
  return std::to_string(sig);
}

std::optional<int> signal_from_name(std::string_view name) {
  if (auto n = parse_number(name))
    return in_range(n);
  std::string full =
      name.starts_with("SIG") ? std::string(name) : "SIG" + std::string(name);
  std::string_view s = full;
  for (int i = 1; i < kRtMin; ++i) {
    if (kNames[i] == s)
      return i;
  }
  for (const Alias& a : kAliases) {
    if (a.name == s)
      return a.number;
  }
  if (s == "SIGRTMIN")
    return kRtMin;
  if (s == "SIGRTMAX")
    return kMaxSignal;
  if (s.starts_with("SIGRT_")) {
    auto n = parse_number(s.substr(6));
    if (!n || *n < 1 || *n > kMaxSignal)
      return std::nullopt;
    return in_range(kRtMin + *n);
  }
  if (s.starts_with("SIGRTMIN+")) {
    auto n = parse_number(s.substr(9));
    if (!n || *n > kMaxSignal)
      return std::nullopt;
    return in_range(kRtMin + *n);
  }
  return std::nullopt;
}

} // namespace sctrace::decode
