#include "gen/builtin_catalog.h"

#include "util/strings.h"

namespace sctrace::gen {

std::string_view syscall_table_x86_64(); // generated from the .tsv

namespace {

TracepointField parse_decl(std::string_view decl) {
  TracepointField f;
  std::string d(util::trim(decl));
  auto cut = d.find_last_of(" *");
  f.name = d.substr(cut + 1);
  f.type = std::string(util::trim(std::string_view(d).substr(0, cut + 1)));
  f.size = 8;
  return f;
}

} // namespace

BuiltinCatalog::BuiltinCatalog() {
  for (const auto& line : util::split(syscall_table_x86_64(), '\n')) {
    if (line.empty() || line[0] == '#')
      continue;
    auto tab = line.find('\t');
    if (tab == std::string::npos)
      continue;
    std::vector<TracepointField> fields;
    fields.push_back({"int", "__syscall_nr", 4, true});
    std::string rest = line.substr(tab + 1);
    if (!rest.empty())
      for (const auto& decl : util::split(rest, ';'))
        fields.push_back(parse_decl(decl));
    syscalls_[line.substr(0, tab)] = std::move(fields);
  }
}

Result<std::vector<TracepointField>>
BuiltinCatalog::tracepoint_fields(std::string_view category,
                                  std::string_view event) const {
  if (category == "syscalls") {
    for (std::string_view prefix : {"sys_enter_", "sys_exit_"}) {
      if (event.substr(0, prefix.size()) != prefix)
        continue;
      auto it = syscalls_.find(event.substr(prefix.size()));
      if (it == syscalls_.end())
        break;
      if (prefix == "sys_exit_")
        return std::vector<TracepointField>{{"int", "__syscall_nr", 4, true},
                                            {"long", "ret", 8, true}};
      return it->second;
    }
  }
  return make_error(ErrorKind::NotFound,
                    "tracepoint " + std::string(category) + ":" +
                        std::string(event) +
                        " is not in sctrace's built-in table (run as root "
                        "to read the kernel's tracepoints)");
}

std::vector<std::string>
BuiltinCatalog::events(std::string_view category) const {
  std::vector<std::string> out;
  if (category != "syscalls")
    return out;
  for (const auto& [name, fields] : syscalls_) {
    out.push_back("sys_enter_" + name);
    out.push_back("sys_exit_" + name);
  }
  return out;
}

} // namespace sctrace::gen
