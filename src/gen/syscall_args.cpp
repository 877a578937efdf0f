#include "gen/syscall_args.h"

#include <algorithm>
#include <array>

namespace sctrace::gen {

namespace {

constexpr std::array<std::string_view, 20> kPathNames = {
    "filename", "pathname",    "name",          "oldname",  "newname",
    "path",     "u_name",      "specialfile",   "_type",    "_description",
    "uname",    "to_pathname", "from_pathname", "special",  "put_old",
    "new_root", "_fs_name",    "dev_name",      "dir_name", "type"};

struct SockaddrArg {
  std::string_view syscall;
  int arg;
  int len;
  bool len_is_pointer;
};

constexpr std::array<SockaddrArg, 8> kSockaddrArgs = {{
    {"connect", 1, 2, false},
    {"bind", 1, 2, false},
    {"accept", 1, 2, true},
    {"accept4", 1, 2, true},
    {"getsockname", 1, 2, true},
    {"getpeername", 1, 2, true},
    {"sendto", 4, 5, false},
    {"recvfrom", 4, 5, true},
}};

} // namespace

std::vector<TracepointField>
syscall_arg_fields(const std::vector<TracepointField>& fields) {
  std::vector<TracepointField> out;
  for (const auto& f : fields)
    if (f.name != "__syscall_nr" && out.size() < 6)
      out.push_back(f);
  return out;
}

bool is_path_like(const TracepointField& field) {
  if (field.type.find("char") == std::string::npos ||
      std::count(field.type.begin(), field.type.end(), '*') != 1)
    return false;
  // mount's "type" is a string; elsewhere "type" is an integer anyway.
  return std::find(kPathNames.begin(), kPathNames.end(), field.name) !=
         kPathNames.end();
}

SyscallArgsPlan args_plan(std::string_view syscall,
                          const std::vector<TracepointField>& fields) {
  SyscallArgsPlan plan;
  const int n = static_cast<int>(std::min<std::size_t>(fields.size(), 6));
  for (int i = 0; i < n; ++i) {
    if (!is_path_like(fields[i]))
      continue;
    if (plan.main_string < 0)
      plan.main_string = i;
    else if (plan.second_string < 0)
      plan.second_string = i;
  }
  for (const auto& s : kSockaddrArgs) {
    if (s.syscall == syscall && s.arg < n) {
      plan.sockaddr = s.arg;
      plan.sockaddr_len = s.len < n ? s.len : -1;
      plan.sockaddr_len_is_pointer = s.len_is_pointer;
    }
  }
  if (syscall == "execve" || syscall == "execveat")
    plan.string_at_entry = plan.main_string >= 0;
  return plan;
}

} // namespace sctrace::gen
