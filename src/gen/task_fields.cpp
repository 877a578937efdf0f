#include "gen/task_fields.h"

namespace sctrace::gen {

std::string task_field_by_offset(const MemberAccess& a, std::string_view task) {
  std::string addr(task);
  for (std::uint32_t d : a.derefs)
    addr = "*(uint64 *)(" + addr + " + " + std::to_string(d) + ")";
  addr += " + " + std::to_string(a.offset);
  if (a.kind == MemberAccess::Kind::Chars)
    return "str(" + addr + ", " + std::to_string(a.size) + ")";
  const std::string type =
      (a.is_signed ? "int" : "uint") + std::to_string(a.size * 8);
  return "(*(" + type + " *)(" + addr + "))";
}

std::string task_field(const KernelCatalog& catalog, const Dialect& dialect,
                       std::string_view path, std::string_view task) {
  if (dialect.task_fields_by_offset)
    if (auto access = catalog.kernel_member("task_struct", path))
      return task_field_by_offset(*access, task);
  return "curtask->" + std::string(path);
}

std::string process_start(const KernelCatalog& catalog,
                          const Dialect& dialect) {
  return task_field(catalog, dialect, "group_leader->start_time");
}

} // namespace sctrace::gen
