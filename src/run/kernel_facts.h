// What the running kernel is, kept across the sessions of one boot: the
// syscall tracepoints' formats and the kernel struct members read by
// offset. Reading about 330 format files from tracefs and parsing the
// kernel's BTF were most of sctrace's own start-up (about 9 and 10 ms of
// CPU for `sctrace syscalls`).
//
// Contract:
//  - KernelFacts wraps the live catalog (gen::TracefsCatalog on ROOT). It
//    answers tracepoint_fields() for category "syscalls" and
//    kernel_member() from the file that earlier sessions of this boot left
//    in dir (cache_dir.h's rules), when it was made for the same boot
//    (/proc/sys/kernel/random/boot_id) and the same tracefs ROOT.
//    Everything else, and every miss, goes to the live catalog; so do all
//    other questions.
//  - Both are fixed for a boot: syscall tracepoints are built into the
//    kernel, and so is vmlinux's BTF. A module's tracepoints can come and
//    go, and are never kept.
//  - Only answers found are kept: a missing tracepoint or member is asked
//    for again each time. A file that does not parse (a field name that
//    is not a C identifier, a type with anything but letters, digits,
//    '_', ' ', '*', '[' and ']'), or names another boot or root, is a
//    miss as a whole, and a format with such a field is never kept.
//  - save() writes the file when this object learned something the file
//    lacked; best effort, never fails. When ROOT is not a mounted tracefs
//    (a recorded tree in a test) or there is no boot id, nothing is read
//    or written.
//  - known(root, dir): whether such a file exists for ROOT (then a session
//    need not parse BTF ahead: engine/environment.cpp).
//  - Not for concurrent use; it must not outlive the live catalog.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gen/tracefs.h"
#include "run/cache_dir.h"

namespace sctrace::run {

// The facts a cache file holds.
struct KernelFactSet {
  // by event name (sys_enter_read, ...)
  std::map<std::string, std::vector<gen::TracepointField>, std::less<>>
      syscall_fields;
  // by "struct:path" (task_struct:parent->tgid, ...)
  std::map<std::string, gen::MemberAccess, std::less<>> members;
  bool operator==(const KernelFactSet&) const = default;
};

// The text of a cache file holding FACTS under KEY, and back: nullopt when
// TEXT is not such a file or has another key.
std::string kernel_facts_text(const std::string& key,
                              const KernelFactSet& facts);
std::optional<KernelFactSet> parse_kernel_facts(std::string_view text,
                                                const std::string& key);

class KernelFacts final : public gen::KernelCatalog {
public:
  KernelFacts(const gen::KernelCatalog& live, std::string root,
              std::string dir = kCacheDir);
  static bool known(const std::string& root,
                    const std::string& dir = kCacheDir);

  Result<std::vector<gen::TracepointField>>
  tracepoint_fields(std::string_view category,
                    std::string_view event) const override;
  std::optional<gen::MemberAccess>
  kernel_member(std::string_view struct_name,
                std::string_view path) const override;
  std::vector<std::string> events(std::string_view category) const override {
    return live_.events(category);
  }
  std::vector<std::string> categories() const override {
    return live_.categories();
  }
  bool kprobes_available() const override { return live_.kprobes_available(); }
  std::vector<std::string> kernel_functions() const override {
    return live_.kernel_functions();
  }
  void save() const;

private:
  void load() const;

  const gen::KernelCatalog& live_;
  std::string root_, dir_, key_; // key_ "": caching is off
  mutable bool loaded_ = false, learned_ = false;
  mutable KernelFactSet facts_;
};

} // namespace sctrace::run
