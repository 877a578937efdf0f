#include "modes/compare/run_logs.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "util/safe_open.h"

namespace sctrace::compare {

Result<LogDir> LogDir::make(const std::string& wanted) {
  LogDir d;
  if (!wanted.empty()) {
    if (::mkdir(wanted.c_str(), 0700) != 0 && errno != EEXIST)
      return make_error(ErrorKind::Io, "cannot create " + wanted + ": " +
                                           std::strerror(errno));
    d.path_ = wanted;
    return d;
  }
  std::string templ = util::temp_dir() + "/sctrace-compare-XXXXXX";
  if (::mkdtemp(templ.data()) == nullptr)
    return make_error(ErrorKind::Io, "cannot create a directory like " + templ +
                                         ": " + std::strerror(errno));
  d.path_ = templ;
  d.remove_ = true;
  return d;
}

LogDir::~LogDir() {
  std::error_code ec;
  if (remove_)
    std::filesystem::remove_all(path_, ec);
}

Result<void> LogDir::create_files(const std::vector<std::string>& extra) const {
  std::vector<std::string> names = {"strace.log", "strace.stderr",
                                    "sctrace.jsonl", "sctrace.stderr"};
  names.insert(names.end(), extra.begin(), extra.end());
  for (const auto& name : names) {
    int err = 0;
    auto fd = util::open_for_writing(
        file(name), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0600, &err);
    if (!fd.ok() && err == EEXIST)
      return make_error(ErrorKind::Invalid,
                        file(name) +
                            " exists already: compare creates its logs and "
                            "never overwrites a file (or follows a "
                            "symlink). Give --logs a new or empty "
                            "directory, or remove the old logs");
    if (!fd.ok())
      return fd.error();
    ::close(*fd);
  }
  return Ok{};
}

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

std::string tracer_message(const std::string& stderr_text,
                           const std::string& prefix) {
  std::string out;
  std::istringstream in(stderr_text);
  for (std::string line; std::getline(in, line);)
    if (line.rfind(prefix, 0) == 0)
      out += (out.empty() ? "" : "\n") + line;
  if (out.empty()) {
    out = stderr_text.substr(0, 2000);
    while (!out.empty() && out.back() == '\n')
      out.pop_back();
  }
  return out.empty() ? "(no message)" : out;
}

std::optional<double> strace_span(const StraceLog& log) {
  std::int64_t first = 0, last = 0;
  for (const auto& c : log.calls) {
    if (c.time_us == 0)
      continue;
    std::int64_t end =
        c.time_us + static_cast<std::int64_t>(c.duration_s.value_or(0) * 1e6);
    first = first == 0 ? c.time_us : std::min(first, c.time_us);
    last = std::max(last, end);
  }
  if (first == 0)
    return std::nullopt;
  return (last - first) / 1e6;
}

std::optional<double> sctrace_span(const SctraceLog& log) {
  std::int64_t first = 0, last = 0;
  for (const auto& c : log.calls) {
    first = first == 0 ? c.time_ns : std::min(first, c.time_ns);
    last = std::max(last, c.time_ns);
  }
  if (first == 0)
    return std::nullopt;
  return (last - first) / 1e9;
}

} // namespace sctrace::compare
