#include "engine/cpu_usage.h"

#include <sys/resource.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <string>

namespace sctrace::engine {

namespace {

double seconds(const timeval& t) {
  return t.tv_sec + t.tv_usec / 1e6;
}

// utime + stime of a process, from /proc/PID/stat (fields 14 and 15,
// counted after the ") " that ends comm, which may contain anything).
double process_seconds(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string stat;
  std::getline(in, stat);
  auto close = stat.rfind(") ");
  if (close == std::string::npos)
    return 0;
  std::istringstream rest(stat.substr(close + 2));
  std::string field;
  unsigned long long utime = 0, stime = 0;
  for (int i = 3; i <= 15 && rest >> field; ++i) {
    if (i == 14)
      utime = std::stoull(field);
    if (i == 15)
      stime = std::stoull(field);
  }
  return static_cast<double>(utime + stime) /
         static_cast<double>(::sysconf(_SC_CLK_TCK));
}

} // namespace

double cpu_seconds(pid_t child) {
  rusage self{};
  ::getrusage(RUSAGE_THREAD, &self);
  return seconds(self.ru_utime) + seconds(self.ru_stime) +
         process_seconds(child);
}

} // namespace sctrace::engine
