#include "gen/raw_syscalls.h"

#include "gen/layout.h"
#include "gen/syscall_table.h"
#include "gen/syscall_target.h"

namespace sctrace::gen {

namespace {
constexpr std::string_view kArgRegisters[] = {"di",  "si", "dx",
                                              "r10", "r8", "r9"};
constexpr std::string_view kRegs = "((struct pt_regs *)arg0)";
} // namespace

std::string RawSyscalls::enter_probe() const {
  return raw ? "rawtracepoint:sys_enter" : "tracepoint:raw_syscalls:sys_enter";
}

std::string RawSyscalls::exit_probe() const {
  return raw ? "rawtracepoint:sys_exit" : "tracepoint:raw_syscalls:sys_exit";
}

std::string RawSyscalls::enter_nr() const {
  return raw ? "(int64)arg1" : "args->id";
}

std::string RawSyscalls::exit_nr() const {
  return raw ? "(int64)" + std::string(kRegs) + "->orig_ax" : "args->id";
}

std::string RawSyscalls::exit_ret() const {
  return raw ? "(int64)arg1" : "args->ret";
}

std::string RawSyscalls::entry_arg(int k) const {
  return raw ? std::string(kRegs) + "->" + std::string(argument_register(k))
             : "args->args[" + std::to_string(k) + "]";
}

RawSyscalls raw_syscalls_for(const Dialect& dialect) {
  return RawSyscalls{dialect.raw_syscall_tracepoints};
}

void set_raw_syscalls(kainjow::mustache::data& d, const RawSyscalls& rs) {
  d.set("enter_probe", rs.enter_probe());
  d.set("exit_probe", rs.exit_probe());
  d.set("enter_nr", rs.enter_nr());
  d.set("exit_nr", rs.exit_nr());
  d.set("exit_ret", rs.exit_ret());
}

namespace {

// "nsecs" when PARTS is only that, else "(P1, P2, ...)".
std::string stash_tuple(const std::vector<std::string>& parts) {
  if (parts.size() == 1)
    return parts[0];
  std::string t;
  for (const auto& p : parts)
    t += (t.empty() ? "(" : ", ") + p;
  return t + ")";
}

} // namespace

void set_start_stash(kainjow::mustache::data& d, const RawSyscalls& rs,
                     std::vector<std::string> fields,
                     std::vector<std::string> types) {
  fields.insert(fields.begin(), "nsecs");
  types.insert(types.begin(), "nsecs");
  if (rs.raw) {
    fields.push_back("$nr");
    types.push_back("(int64)0");
  }
  d.set("start_nr", rs.raw);
  d.set("start_value", stash_tuple(fields));
  d.set("start_type", stash_tuple(types));
}

void set_marker_probe(kainjow::mustache::data& d, const RawSyscalls& rs,
                      std::int64_t marker_pid,
                      const std::vector<std::string>& parts,
                      const std::string& predicate_key) {
  if (marker_pid <= 0) {
    if (!parts.empty())
      d.set(predicate_key, join_and(parts));
    return;
  }
  const std::string pid = std::to_string(marker_pid);
  // pid == M || (pid != M && X) is X || pid == M.
  const auto target = parts_without(parts, {"pid != " + pid});
  // One part has no top-level || (syscall_target.h); && binds tighter,
  // but the brackets say so.
  const std::string test = join_and(target);
  if (!target.empty())
    d.set(predicate_key,
          (target.size() > 1 ? "(" + test + ")" : test) + " || pid == " + pid);
  d.set("marker_enter", true);
  d.set("getcpu_nr", std::to_string(syscall_number("getcpu").value_or(-1)));
  d.set("marker_enter_arg", rs.entry_arg(2));
  d.set("marker_enter_tuple", marker_tuple("$sctrace_marker"));
}

void set_entry_probe(kainjow::mustache::data& d, const RawSyscalls& rs,
                     std::int64_t marker_pid,
                     const std::vector<std::string>& parts) {
  set_marker_probe(d, rs, marker_pid, parts, "entry_predicate");
}

std::string_view argument_register(int k) {
  return k >= 0 && k < 6 ? kArgRegisters[k] : std::string_view();
}

std::string argument_registers(std::string_view base) {
  std::string list;
  for (std::string_view r : kArgRegisters)
    list +=
        (list.empty() ? "" : ", ") + std::string(base) + "->" + std::string(r);
  return list;
}

} // namespace sctrace::gen
