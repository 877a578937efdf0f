#include "gen/syscall_table.h"

#include <algorithm>
#include <charconv>

#include "util/strings.h"

namespace sctrace::gen {

std::string_view syscall_numbers_x86_64(); // generated from the .tsv

namespace {

std::vector<SyscallEntry> load_table() {
  std::vector<SyscallEntry> table;
  for (const std::string& line : util::split(syscall_numbers_x86_64(), '\n')) {
    if (line.empty() || line.front() == '#')
      continue;
    auto cols = util::split(line, '\t');
    if (cols.size() < 2)
      continue;
    SyscallEntry e;
    std::from_chars(cols[0].data(), cols[0].data() + cols[0].size(), e.number);
    e.name = std::string(cols[1]);
    e.event = cols.size() > 2 ? std::string(cols[2]) : e.name;
    table.push_back(std::move(e));
  }
  std::sort(table.begin(), table.end(),
            [](const auto& a, const auto& b) { return a.number < b.number; });
  return table;
}

} // namespace

const std::vector<SyscallEntry>& syscall_table() {
  static const std::vector<SyscallEntry> table = load_table();
  return table;
}

std::string_view syscall_name(long number) {
  const auto& t = syscall_table();
  auto it = std::lower_bound(
      t.begin(), t.end(), number,
      [](const SyscallEntry& e, long n) { return e.number < n; });
  if (it == t.end() || it->number != number)
    return {};
  return it->name;
}

std::optional<int> syscall_number(std::string_view name) {
  for (const auto& e : syscall_table())
    if (e.name == name || e.event == name)
      return e.number;
  return std::nullopt;
}

std::string syscall_display_name(long number) {
  std::string_view n = syscall_name(number);
  if (!n.empty())
    return std::string(n);
  return "syscall_" + std::to_string(number);
}

} // namespace sctrace::gen

namespace sctrace::gen {

long exit_syscall_number(long id) {
  static const long rt_sigreturn = syscall_number("rt_sigreturn").value_or(-1);
  return id == -1 ? rt_sigreturn : id;
}

} // namespace sctrace::gen
