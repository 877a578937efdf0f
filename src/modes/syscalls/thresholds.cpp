#include "modes/syscalls/thresholds.h"

#include "gen/syscall_table.h"
#include "util/duration.h"
#include "util/strings.h"

namespace sctrace::syscalls {

std::optional<std::uint64_t> Thresholds::for_syscall(int nr) const {
  for (const auto& [n, ns] : by_syscall)
    if (n == nr)
      return ns;
  return default_ns;
}

Result<Thresholds> parse_thresholds(const std::vector<std::string>& specs) {
  Thresholds t;
  if (specs.empty()) {
    t.default_ns = 10'000'000;
    return t;
  }
  for (const auto& spec : specs)
    for (const auto& raw : util::split(spec, ',')) {
      std::string item(util::trim(raw));
      if (item.empty())
        continue;
      auto eq = item.find('=');
      std::string value(
          eq == std::string::npos ? item : util::trim(item.substr(eq + 1)));
      auto ns = util::parse_duration_ns(value);
      if (!ns.ok())
        return make_error(ErrorKind::Invalid,
                          "--threshold '" + item + "': " + ns.error().message);
      if (eq == std::string::npos) {
        if (t.default_ns)
          return make_error(ErrorKind::Invalid,
                            "--threshold has two defaults; give one "
                            "default (10ms) and per-syscall values "
                            "(read=50ms)");
        t.default_ns = *ns;
        continue;
      }
      std::string name(util::trim(std::string_view(item).substr(0, eq)));
      auto nr = gen::syscall_number(name);
      if (!nr) {
        std::vector<std::string> names;
        for (const auto& e : gen::syscall_table())
          names.push_back(e.name);
        auto close = util::closest_names(name, names);
        return make_error(ErrorKind::Invalid,
                          "--threshold: unknown syscall '" + name + "'" +
                              (close.empty()
                                   ? std::string()
                                   : "; did you mean " + close.front() + "?"));
      }
      for (const auto& [n, v] : t.by_syscall)
        if (n == *nr)
          return make_error(ErrorKind::Invalid,
                            "--threshold gives " + name + " twice");
      t.by_syscall.emplace_back(*nr, *ns);
    }
  if (!t.default_ns && t.by_syscall.empty())
    return make_error(ErrorKind::Invalid,
                      "--threshold is empty; write 10ms or read=10ms");
  return t;
}

} // namespace sctrace::syscalls
