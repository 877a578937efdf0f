#include "engine/cpu_usage.h"

#include <sys/resource.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

namespace sctrace::engine {

namespace {

double seconds(const timeval& t) {
  return t.tv_sec + t.tv_usec / 1e6;
}

double process_seconds(pid_t pid) {
  auto t = process_times(pid);
  if (!t)
    return 0;
  return static_cast<double>(t->utime + t->stime) /
         static_cast<double>(::sysconf(_SC_CLK_TCK));
}

} // namespace

// Fields 14 and 15 are counted after the ") " that ends comm, which may
// contain anything (even ") ").
std::optional<ProcessTimes> process_times(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string stat;
  std::getline(in, stat);
  auto open = stat.find(" (");
  auto close = stat.rfind(") ");
  if (open == std::string::npos || close == std::string::npos || close < open)
    return std::nullopt;
  ProcessTimes t;
  t.comm = stat.substr(open + 2, close - open - 2);
  std::istringstream rest(stat.substr(close + 2));
  std::string field;
  for (int i = 3; i <= 15 && rest >> field; ++i) {
    if (i == 14)
      t.utime = std::strtoull(field.c_str(), nullptr, 10);
    if (i == 15)
      t.stime = std::strtoull(field.c_str(), nullptr, 10);
  }
  return t;
}

double cpu_seconds(pid_t child) {
  rusage self{};
  ::getrusage(RUSAGE_THREAD, &self);
  return seconds(self.ru_utime) + seconds(self.ru_stime) +
         process_seconds(child);
}

} // namespace sctrace::engine
