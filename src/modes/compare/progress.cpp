#include "modes/compare/progress.h"

#include <unistd.h>

#include <charconv>
#include <fstream>
#include <iterator>
#include <sstream>

namespace sctrace::compare {

namespace {

// syscr + syscw from /proc/PID/io; false when it cannot be read.
bool read_io(pid_t pid, std::uint64_t& calls) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/io");
  std::string key;
  std::uint64_t value = 0, sum = 0;
  int seen = 0;
  while (in >> key >> value)
    if (key == "syscr:" || key == "syscw:") {
      sum += value;
      ++seen;
    }
  if (seen != 2)
    return false;
  calls = sum;
  return true;
}

// utime + stime (fields 14 and 15) from /proc/PID/stat, in seconds. The
// comm field may hold spaces and parentheses: fields count from the last
// ')'.
bool read_cpu(pid_t pid, double& seconds) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string text((std::istreambuf_iterator<char>(in)),
                   std::istreambuf_iterator<char>());
  auto close = text.rfind(')');
  if (close == std::string::npos)
    return false;
  std::istringstream fields(text.substr(close + 1));
  std::string field;
  std::uint64_t utime = 0, stime = 0;
  for (int i = 3; i <= 15 && fields >> field; ++i) {
    if (i == 14 || i == 15) {
      std::uint64_t& v = i == 14 ? utime : stime;
      auto [end, ec] =
          std::from_chars(field.data(), field.data() + field.size(), v);
      if (ec != std::errc() || end != field.data() + field.size())
        return false;
    }
  }
  if (!fields)
    return false;
  seconds = static_cast<double>(utime + stime) /
            static_cast<double>(::sysconf(_SC_CLK_TCK));
  return true;
}

} // namespace

ProgressSample sample_progress(const std::vector<pid_t>& pids) {
  ProgressSample s;
  for (pid_t pid : pids) {
    std::uint64_t calls = 0;
    double cpu = 0;
    if (!read_io(pid, calls) || !read_cpu(pid, cpu)) {
      ++s.gone;
      continue;
    }
    s.rw_calls += calls;
    s.cpu_seconds += cpu;
  }
  return s;
}

Rate rate_between(const std::string& window, const ProgressSample& before,
                  const ProgressSample& after, double seconds) {
  Rate r;
  r.window = window;
  r.seconds = seconds;
  r.rw_calls =
      after.rw_calls > before.rw_calls ? after.rw_calls - before.rw_calls : 0;
  r.cpu_seconds = after.cpu_seconds > before.cpu_seconds
                      ? after.cpu_seconds - before.cpu_seconds
                      : 0;
  return r;
}

double slowdown(const Rate& untraced, const Rate& traced) {
  if (!untraced.has_calls() || !traced.has_calls())
    return 0;
  return untraced.calls_per_second() / traced.calls_per_second();
}

} // namespace sctrace::compare
