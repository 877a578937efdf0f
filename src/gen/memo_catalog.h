// A KernelCatalog that remembers what another one answered.
//
// A session generates its program twice: once to check the specs before
// any process starts, once more when the pids to leave out are known.
// Each generation reads the format files of every tracepoint it uses
// (about 700 for `sctrace syscalls`); the second one reads them here.
//
// Contract: tracepoint_fields() and events() ask the wrapped catalog once
// per name and answer later calls with the same result, errors included,
// so every generation of one session sees the same kernel. The other
// questions pass through. Not for concurrent use; it must not outlive
// the wrapped catalog. Keep one for one session, not for a server's life
// (a module loaded later adds tracepoints).
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "gen/tracefs.h"

namespace sctrace::gen {

class MemoCatalog final : public KernelCatalog {
public:
  explicit MemoCatalog(const KernelCatalog& base) : base_(base) {}
  Result<std::vector<TracepointField>>
  tracepoint_fields(std::string_view category,
                    std::string_view event) const override;
  std::vector<std::string> events(std::string_view category) const override;
  std::vector<std::string> categories() const override {
    return base_.categories();
  }
  bool kprobes_available() const override { return base_.kprobes_available(); }
  std::vector<std::string> kernel_functions() const override {
    return base_.kernel_functions();
  }
  std::optional<MemberAccess>
  kernel_member(std::string_view struct_name,
                std::string_view path) const override {
    return base_.kernel_member(struct_name, path);
  }

private:
  const KernelCatalog& base_;
  mutable std::map<std::pair<std::string, std::string>,
                   Result<std::vector<TracepointField>>>
      fields_; // by category and event
  mutable std::map<std::string, std::vector<std::string>, std::less<>>
      events_; // by category
};

} // namespace sctrace::gen
