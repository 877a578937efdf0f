#include "targets/target_word.h"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "targets/cgroups.h"

namespace sctrace::targets {

namespace {

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return std::isdigit(static_cast<unsigned char>(c));
  });
}

} // namespace

Result<TargetOptions> target_from_word(std::string_view word) {
  TargetOptions t;
  if (word.empty())
    return make_error(ErrorKind::Invalid,
                      "--target is empty; give a pid, a container ID or "
                      "name, or a process name");
  if (all_digits(word)) {
    std::int64_t pid = 0;
    auto [p, ec] = std::from_chars(word.data(), word.data() + word.size(), pid);
    if (ec != std::errc() || p != word.data() + word.size())
      return make_error(ErrorKind::Invalid, "--target " + std::string(word) +
                                                " is too large to be a pid");
    t.pids.push_back(pid);
    return t;
  }
  if (word.find('/') == std::string_view::npos) {
    auto cg = resolve_container(word);
    if (cg.ok()) {
      t.container = std::string(word);
      return t;
    }
    // Ambiguous: more than one container matches. (NotFound, or no
    // cgroup2 mount: it is not a container, so it is a process name.)
    if (cg.error().kind == ErrorKind::Invalid)
      return cg.error();
  }
  if (word.size() > 15)
    return make_error(
        ErrorKind::Invalid,
        "--target '" + std::string(word) +
            "' is not a pid, no running container matches it, and as a "
            "process name it is longer than the 15 characters the kernel "
            "keeps, so it could never match; use its first 15 (" +
            std::string(word.substr(0, 15)) + "), or --container ID");
  t.comm = std::string(word);
  return t;
}

} // namespace sctrace::targets
