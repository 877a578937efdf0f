#include "targets/cgroups.h"

#include <dirent.h>
#include <sys/stat.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "util/strings.h"

namespace sctrace::targets {

namespace fs = std::filesystem;

namespace {

bool is_hex_id(std::string_view s) {
  return s.size() >= 12 && std::all_of(s.begin(), s.end(), [](char c) {
           return std::isxdigit(static_cast<unsigned char>(c));
         });
}

bool component_matches(std::string_view component, std::string_view name) {
  if (component == name)
    return true;
  return is_hex_id(name) && component.find(name) != std::string_view::npos;
}

Result<CgroupTarget> collect(const std::string& dir) {
  CgroupTarget t;
  t.path = dir;
  std::error_code ec;
  auto add = [&](const fs::path& p) {
    struct stat st {};
    if (::stat(p.c_str(), &st) == 0)
      t.ids.push_back(static_cast<std::uint64_t>(st.st_ino));
  };
  add(dir);
  for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end;
       it.increment(ec))
    if (it->is_directory(ec))
      add(it->path());
  if (t.ids.empty())
    return make_error(ErrorKind::NotFound, "cgroup " + dir + " does not exist");
  return t;
}

} // namespace

Result<std::string> cgroup2_mount() {
  std::ifstream in("/proc/self/mountinfo");
  std::string line;
  while (std::getline(in, line)) {
    // ... mount-point ... - fstype source options
    auto dash = line.find(" - ");
    if (dash == std::string::npos)
      continue;
    std::istringstream rest(line.substr(dash + 3));
    std::string fstype;
    rest >> fstype;
    if (fstype != "cgroup2")
      continue;
    std::istringstream head(line.substr(0, dash));
    std::string f;
    for (int i = 0; i < 5 && head >> f; ++i) {
    }
    return f; // 5th field: the mount point
  }
  return make_error(ErrorKind::Unsupported,
                    "no cgroup v2 hierarchy is mounted, so cgroup and "
                    "container targets are unavailable; mount one with "
                    "`mount -t cgroup2 none /sys/fs/cgroup/unified` or "
                    "trace by pid (-p) instead");
}

Result<CgroupTarget> resolve_cgroup(std::string_view path) {
  SCTRACE_TRY_ASSIGN(mount, cgroup2_mount());
  std::string p(path);
  if (!p.starts_with(mount + "/") && p != mount)
    p = mount + (p.starts_with('/') ? "" : "/") + p;
  if (p.find("/../") != std::string::npos || p.ends_with("/.."))
    return make_error(ErrorKind::Invalid, "cgroup path " + std::string(path) +
                                              " must not contain '..'");
  std::error_code ec;
  if (!fs::is_directory(p, ec))
    return make_error(ErrorKind::NotFound,
                      "cgroup " + std::string(path) + " does not exist (" + p +
                          " is not a directory under the cgroup2 mount " +
                          mount + ")");
  return collect(p);
}

Result<CgroupTarget> resolve_container(std::string_view name) {
  if (name.empty() || name.find('/') != std::string_view::npos)
    return make_error(ErrorKind::Invalid,
                      "a container is named by its ID or name, without '/'; "
                      "use --cgroup PATH for a cgroup path");
  SCTRACE_TRY_ASSIGN(mount, cgroup2_mount());
  std::set<std::string> roots;
  DIR* proc = ::opendir("/proc");
  if (proc == nullptr)
    return make_error(ErrorKind::System, "cannot read /proc");
  while (dirent* d = ::readdir(proc)) {
    if (!std::isdigit(static_cast<unsigned char>(d->d_name[0])))
      continue;
    std::ifstream in(std::string("/proc/") + d->d_name + "/cgroup");
    std::string line;
    while (std::getline(in, line)) {
      if (!line.starts_with("0::"))
        continue;
      std::string cg = line.substr(3);
      // The shallowest component that matches is the container's group.
      std::string prefix;
      for (const std::string& c : util::split(cg, '/')) {
        if (c.empty())
          continue;
        prefix += "/" + c;
        if (component_matches(c, name)) {
          roots.insert(prefix);
          break;
        }
      }
    }
  }
  ::closedir(proc);
  if (roots.empty())
    return make_error(
        ErrorKind::NotFound,
        "no running process is in a container matching '" + std::string(name) +
            "' (looked for a cgroup v2 group named so, or whose name holds "
            "that ID, in /proc/*/cgroup); pass the full container ID, or "
            "the group with --cgroup PATH");
  if (roots.size() > 1) {
    std::string list;
    for (const auto& r : roots)
      list += "\n  " + r;
    return make_error(ErrorKind::Invalid,
                      "'" + std::string(name) +
                          "' matches more than one container:" + list +
                          "\nuse a longer ID or --cgroup PATH");
  }
  return collect(mount + *roots.begin());
}

} // namespace sctrace::targets
