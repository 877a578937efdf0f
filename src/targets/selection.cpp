#include "targets/selection.h"

#include <fnmatch.h>

#include <algorithm>
#include <set>
#include <string>

#include "decode/syscall_classes.h"
#include "gen/syscall_table.h"
#include "util/strings.h"

namespace sctrace::targets {

namespace {

Error bad(std::string message) {
  return make_error(ErrorKind::Invalid, std::move(message));
}

// Adds the members of a syscall class (item "%name" or a bare class name).
Result<void> add_class(const std::string& item, std::set<int>& chosen) {
  const auto& members = decode::syscalls_in_class(item);
  if (members.empty()) {
    std::string classes;
    for (auto c : decode::syscall_class_names())
      classes += (classes.empty() ? "" : " ") + std::string(c);
    return bad("unknown syscall class '" + item + "'; classes are: " + classes);
  }
  for (auto m : members)
    if (auto nr = gen::syscall_number(m))
      chosen.insert(*nr);
  return Ok{};
}

// Adds the syscalls whose names match a glob pattern; fails if none does.
Result<void> add_pattern(const std::string& item, std::set<int>& chosen) {
  std::size_t before = chosen.size();
  for (const auto& e : gen::syscall_table())
    if (::fnmatch(item.c_str(), e.name.c_str(), 0) == 0)
      chosen.insert(e.number);
  if (chosen.size() == before)
    return bad("the pattern '" + item + "' matches no x86_64 syscall");
  return Ok{};
}

// Adds one syscall by name; an unknown name fails with the closest names.
Result<void> add_name(const std::string& item, std::set<int>& chosen) {
  if (auto nr = gen::syscall_number(item)) {
    chosen.insert(*nr);
    return Ok{};
  }
  std::vector<std::string> names;
  for (const auto& e : gen::syscall_table())
    names.push_back(e.name);
  auto close = util::closest_names(item, names);
  std::string hint;
  for (const auto& c : close)
    hint += (hint.empty() ? "" : ", ") + c;
  return bad("unknown syscall '" + item + "'" +
             (hint.empty() ? std::string("") : "; did you mean " + hint + "?"));
}

// Adds one list item that is not "all" or "none": a class, a pattern or a
// name.
Result<void> add_item(const std::string& item, std::set<int>& chosen) {
  if (item.front() == '%' || !decode::syscalls_in_class(item).empty())
    return add_class(item, chosen);
  if (item.find_first_of("*?[") != std::string::npos)
    return add_pattern(item, chosen);
  return add_name(item, chosen);
}

} // namespace

Result<std::vector<int>> parse_selection(std::string_view expr) {
  if (expr.starts_with("trace="))
    expr.remove_prefix(6);
  bool negate = false;
  if (expr.starts_with('!')) {
    negate = true;
    expr.remove_prefix(1);
  }
  const auto& table = gen::syscall_table();
  std::set<int> chosen;
  bool all = false;
  for (const std::string& raw : util::split(expr, ',')) {
    std::string item(util::trim(raw));
    if (item.empty())
      return bad("empty item in the syscall list '" + std::string(expr) +
                 "'; separate names with single commas");
    if (item == "all") {
      all = true;
      continue;
    }
    if (item == "none")
      continue;
    SCTRACE_TRY(add_item(item, chosen));
  }
  if (all)
    for (const auto& e : table)
      chosen.insert(e.number);
  std::vector<int> out;
  if (negate) {
    for (const auto& e : table)
      if (!chosen.count(e.number))
        out.push_back(e.number);
  } else {
    out.assign(chosen.begin(), chosen.end());
  }
  if (out.empty())
    return bad("the syscall list '" + std::string(expr) +
               "' selects no syscall");
  // Everything selected: no filter at all.
  if (out.size() == table.size())
    return std::vector<int>{};
  return out;
}

} // namespace sctrace::targets
