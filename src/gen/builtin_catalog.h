// A KernelCatalog from sctrace's own table of x86_64 syscall tracepoint
// arguments (src/gen/data/syscalls_x86_64.tsv), for --dry-run without root,
// when tracefs cannot be read. It knows only the syscalls category and
// reports no kprobes.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "gen/tracefs.h"

namespace sctrace::gen {

class BuiltinCatalog final : public KernelCatalog {
public:
  BuiltinCatalog();
  Result<std::vector<TracepointField>>
  tracepoint_fields(std::string_view category,
                    std::string_view event) const override;
  std::vector<std::string> events(std::string_view category) const override;
  bool kprobes_available() const override { return false; }

private:
  std::map<std::string, std::vector<TracepointField>, std::less<>> syscalls_;
};

} // namespace sctrace::gen
