#include "targets/comm_pattern.h"

namespace sctrace::targets {

namespace {

constexpr std::size_t kMaxComm = 15; // TASK_COMM_LEN - 1

Error invalid(std::string m) {
  return make_error(ErrorKind::Invalid, std::move(m));
}

Error unsupported_glob(std::string_view pattern) {
  return invalid("--comm '" + std::string(pattern) +
                 "' is a glob the kernel filter cannot match: it compares "
                 "an exact name (nginx) or a prefix ending in one '*' "
                 "(ngin*), nothing else ('?', '[...]' and '*' before the "
                 "end are not supported); use a prefix, or trace more "
                 "(-a) and filter the output by comm");
}

} // namespace

Result<CommPattern> parse_comm_pattern(std::string_view pattern) {
  CommPattern p;
  p.text = std::string(pattern);
  if (!p.text.empty() && p.text.back() == '*') {
    p.text.pop_back();
    p.prefix = true;
  }
  if (p.text.empty())
    return invalid(pattern.empty()
                       ? "--comm is empty; give a process name"
                       : "--comm '*' matches every process; use -a to "
                         "trace the whole system");
  if (p.text.find_first_of("*?[") != std::string::npos)
    return unsupported_glob(pattern);
  if (p.text.size() > kMaxComm)
    return invalid("--comm '" + std::string(pattern) +
                   "' is longer than 15 characters, and the kernel keeps "
                   "only 15 of a process name, so it could never match; "
                   "use the first 15 (" +
                   p.text.substr(0, kMaxComm) + (p.prefix ? "*" : "") + ")");
  return p;
}

bool comm_matches(const CommPattern& p, std::string_view comm) {
  return p.prefix ? comm.starts_with(p.text) : comm == p.text;
}

} // namespace sctrace::targets
