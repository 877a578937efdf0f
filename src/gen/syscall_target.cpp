#include "gen/syscall_target.h"

#include "gen/expr_render.h"

#include <algorithm>

namespace sctrace::gen {

std::string join_and(const std::vector<std::string>& parts) {
  std::string out;
  for (const auto& p : parts)
    out += (out.empty() ? "" : " && ") + p;
  return out;
}

std::vector<std::string>
parts_without(const std::vector<std::string>& parts,
              const std::vector<std::string>& implied) {
  std::vector<std::string> out;
  for (const auto& p : parts)
    if (std::find(implied.begin(), implied.end(), p) == implied.end())
      out.push_back(p);
  return out;
}

std::string any_of(const std::string& lhs,
                   const std::vector<std::string>& values) {
  std::string out;
  for (const auto& v : values)
    out += (out.empty() ? "" : " || ") + lhs + " == " + v;
  return values.size() > 1 ? "(" + out + ")" : out;
}

std::vector<std::int64_t> own_pids_to_exclude(const SyscallTarget& target,
                                              const GenOptions& gen) {
  if (target.pids.empty() || target.follow_forks)
    return gen.exclude_pids;
  std::vector<std::int64_t> out;
  for (auto p : gen.exclude_pids)
    if (std::find(target.pids.begin(), target.pids.end(), p) !=
        target.pids.end())
      out.push_back(p);
  return out;
}

namespace {

// A followed process named by its pid ROOT (the command's, or the only -p
// pid): "(pid == ROOT || FOLLOWED)", so its calls, the usual bulk of a
// trace, skip the map lookup (its children are in the map), unless ROOT
// is one of sctrace's own. The number stays matched after the process
// exits, as `pid == N` without following does, but the trace stops then:
// the command's pid is not free until sctrace reaps it, and a lone -p
// process's exit stops the trace (several -p pids stay in the map, as one
// of them can exit long before the others).
std::string followed_root(const std::string& pid, std::int64_t root,
                          const GenOptions& gen, const std::string& followed) {
  if (std::find(gen.exclude_pids.begin(), gen.exclude_pids.end(), root) !=
      gen.exclude_pids.end())
    return followed;
  return "(" + pid + " == " + std::to_string(root) + " || " + followed + ")";
}

} // namespace

std::vector<std::string> target_predicate_parts(const SyscallTarget& target,
                                                const GenOptions& gen,
                                                FollowMatch follow,
                                                const TaskFields& task) {
  std::vector<std::string> parts;
  const std::string followed = "@sctrace_follow[" + task.pid + "]";
  for (auto p : own_pids_to_exclude(target, gen))
    parts.push_back(task.pid + " != " + std::to_string(p));
  if (gen.follow_root)
    parts.push_back(
        follow == FollowMatch::Any
            ? followed_root(task.pid, *gen.follow_root, gen, followed)
            : followed + " == 1");
  std::vector<std::string> values;
  for (auto p : target.pids)
    values.push_back(std::to_string(p));
  if (target.follow_forks && target.pids.size() == 1)
    parts.push_back(followed_root(task.pid, target.pids[0], gen, followed));
  else if (!values.empty())
    parts.push_back(target.follow_forks ? followed : any_of(task.pid, values));
  if (!target.comm.empty() && target.comm_prefix)
    parts.push_back("strncmp(" + task.comm + ", " +
                    bpftrace_string_literal(target.comm) + ", " +
                    std::to_string(target.comm.size()) + ") == 0");
  else if (!target.comm.empty())
    parts.push_back(task.comm + " == " + bpftrace_string_literal(target.comm));
  values.clear();
  for (auto id : target.cgroup_ids)
    values.push_back(std::to_string(id));
  if (!values.empty())
    parts.push_back(any_of(task.cgroup, values));
  return parts;
}

} // namespace sctrace::gen
