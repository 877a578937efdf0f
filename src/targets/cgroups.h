// Container and cgroup targets: resolved to cgroup v2 ids, which the
// syscalls program compares with bpftrace's `cgroup` builtin in the kernel,
// so processes that start in the group later are traced too.
//
// Contract:
//  - The cgroup2 mount is found in /proc/self/mountinfo (/sys/fs/cgroup on
//    unified systems, /sys/fs/cgroup/unified on hybrid ones).
//  - A group's id is the inode number of its directory in cgroup2, which is
//    what bpf_get_current_cgroup_id() returns.
//  - resolve_container() scans /proc/*/cgroup for a group whose path has a
//    component equal to NAME, or containing the container ID (at least 12
//    hex digits, as in docker-<id>.scope, libpod-<id>.scope,
//    cri-containerd-<id>.scope), and returns that group and every group
//    below it that exists now. It fails with a clear message when nothing
//    or more than one container matches.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "util/result.h"

namespace sctrace::targets {

struct CgroupTarget {
  std::string path;               // absolute, under the cgroup2 mount
  std::vector<std::uint64_t> ids; // the group and its current descendants
};

Result<std::string> cgroup2_mount();

// PATH is absolute under the mount (/sys/fs/cgroup/unified/x), or relative
// to it ("/system.slice/x.service", "x").
Result<CgroupTarget> resolve_cgroup(std::string_view path);

Result<CgroupTarget> resolve_container(std::string_view id_or_name);

} // namespace sctrace::targets
