#include "gen/kernel_hints.h"

#include <algorithm>
#include <string_view>

#include "gen/probe_resolve.h"
#include "util/strings.h"

namespace sctrace::gen {

namespace {

struct SyscallHint {
  std::string_view function;
  std::string_view syscall;
  std::string_view why;
};

// Kernel functions whose syscall is not the one their name suggests.
constexpr SyscallHint kSyscallHints[] = {
    {"do_sys_open", "openat", "glibc opens files with openat, not open"},
    {"do_sys_openat2", "openat", "glibc opens files with openat"},
    {"do_filp_open", "openat", "glibc opens files with openat"},
    {"vfs_open", "openat", "glibc opens files with openat"},
    {"do_nanosleep", "clock_nanosleep",
     "glibc's nanosleep() and sleep() call clock_nanosleep"},
    {"hrtimer_nanosleep", "clock_nanosleep",
     "glibc's nanosleep() and sleep() call clock_nanosleep"},
    {"vfs_read", "read", ""},
    {"vfs_write", "write", ""},
    {"do_execveat_common", "execve", ""},
    {"tcp_v4_connect", "connect", ""},
    {"tcp_v6_connect", "connect", ""},
};

struct TracepointHint {
  std::string_view function;
  std::string_view category;
  std::string_view event;
};

// Kernel functions with an obvious tracepoint of another name.
constexpr TracepointHint kTracepointHints[] = {
    {"__kmalloc", "kmem", "kmalloc"},
    {"__kmalloc_node", "kmem", "kmalloc"},
    {"kmalloc_node", "kmem", "kmalloc"},
    {"kmem_cache_alloc_node", "kmem", "kmem_cache_alloc"},
    {"__alloc_pages", "kmem", "mm_page_alloc"},
    {"__free_pages", "kmem", "mm_page_free"},
    {"schedule", "sched", "sched_switch"},
    {"__schedule", "sched", "sched_switch"},
    {"finish_task_switch", "sched", "sched_switch"},
    {"try_to_wake_up", "sched", "sched_waking"},
    {"wake_up_new_task", "sched", "sched_wakeup_new"},
    {"do_exit", "sched", "sched_process_exit"},
    {"kernel_clone", "sched", "sched_process_fork"},
    {"_do_fork", "sched", "sched_process_fork"},
    {"tcp_set_state", "sock", "inet_sock_set_state"},
    {"blk_mq_start_request", "block", "block_rq_issue"},
    {"blk_account_io_start", "block", "block_rq_issue"},
    {"blk_mq_end_request", "block", "block_rq_complete"},
    {"blk_account_io_done", "block", "block_rq_complete"},
    {"submit_bio", "block", "block_bio_queue"},
};

bool has_event(const KernelCatalog& catalog, std::string_view category,
               std::string_view event) {
  return catalog.tracepoint_fields(category, event).ok();
}

std::string syscall_text(const std::string& sys) {
  return "; trace the syscall through its tracepoint instead: sys_" + sys +
         " or t:syscalls:sys_enter_" + sys;
}

std::string tracepoint_text(const std::string& category,
                            const std::string& event) {
  std::string tp = category + ":" + event;
  return "; trace its tracepoint instead: t:" + tp +
         " (its fields: `bpftrace -lv tracepoint:" + tp + "`)";
}

// A tracepoint for the function: from the table, else one of the same
// name in any category but syscalls ("category:event"), or empty.
std::string tracepoint_for(const std::string& function,
                           const KernelCatalog& catalog) {
  for (const auto& h : kTracepointHints)
    if (h.function == function && has_event(catalog, h.category, h.event))
      return std::string(h.category) + ":" + std::string(h.event);
  for (const auto& category : catalog.categories())
    if (category != "syscalls" && has_event(catalog, category, function))
      return category + ":" + function;
  return {};
}

std::vector<std::string> syscall_names(const KernelCatalog& catalog) {
  std::vector<std::string> names;
  for (const auto& ev : catalog.events("syscalls"))
    if (ev.rfind("sys_enter_", 0) == 0)
      names.push_back(ev.substr(10));
  return names;
}

// The syscall the name implies: do_sys_openat2 -> openat2, ksys_read ->
// read, or the closest syscall name.
std::string syscall_for(const std::string& target,
                        const KernelCatalog& catalog) {
  auto names = syscall_names(catalog);
  auto known = [&](const std::string& n) {
    return std::find(names.begin(), names.end(), n) != names.end();
  };
  std::string sys = syscall_name_of(target);
  if (!sys.empty())
    return sys;
  for (std::string_view prefix : {"do_sys_", "ksys_", "__sys_", "do_"}) {
    if (target.rfind(prefix, 0) == 0 && known(target.substr(prefix.size())))
      return target.substr(prefix.size());
  }
  if (known(target))
    return target;
  auto close = util::closest_names(target, names, 1);
  return close.empty() ? std::string() : close.front();
}

} // namespace

std::string kernel_function_hint(const std::string& function,
                                 const KernelCatalog& catalog) {
  for (const auto& h : kSyscallHints) {
    std::string sys(h.syscall);
    if (h.function != function ||
        !has_event(catalog, "syscalls", "sys_enter_" + sys))
      continue;
    std::string why = h.why.empty() ? "" : " (" + std::string(h.why) + ")";
    return syscall_text(sys) + why;
  }
  std::string tp = tracepoint_for(function, catalog);
  if (!tp.empty()) {
    std::size_t colon = tp.find(':');
    return tracepoint_text(tp.substr(0, colon), tp.substr(colon + 1));
  }
  std::string sys = syscall_for(function, catalog);
  if (!sys.empty())
    return syscall_text(sys);
  return "; use a tracepoint (t:CATEGORY:EVENT, see `bpftrace -l "
         "'tracepoint:*'`) instead";
}

} // namespace sctrace::gen
