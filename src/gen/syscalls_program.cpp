#include "gen/syscalls_program.h"

#include <algorithm>
#include <map>
#include <optional>

#include "gen/expr_render.h"
#include "gen/raw_syscalls.h"
#include "gen/render.h"
#include "gen/syscall_args.h"
#include "gen/syscall_table.h"
#include "gen/syscall_target.h"
#include "gen/task_fields.h"

namespace sctrace::gen {

using kainjow::mustache::data;

namespace {

// A uint64 zero without a cast, in an exit probe (from $c.0, the entry's
// time; LLVM folds the product). bpftrace 0.17 looks every cast's type up
// in the kernel's BTF at start-up, each a scan of every type: the 63 casts
// the program had cost its start-up about 40 ms (docs/benchmarks.md).
constexpr std::string_view kZero = "$c.0 * 0";

std::vector<TracepointField> fields_of(const KernelCatalog& catalog,
                                       const SyscallEntry& e) {
  auto f = catalog.tracepoint_fields("syscalls", "sys_enter_" + e.event);
  return f.ok() ? syscall_arg_fields(*f) : std::vector<TracepointField>{};
}

std::string and_filter(const std::string& a, const std::string& b) {
  if (a == "1")
    return b;
  return b == "1" ? a : a + " && " + b;
}

} // namespace

int syscalls_string_size(const BpftraceVersion& version, bool special) {
  // 0.17: measured with this template (bpftrace's codegen puts each tuple
  // and str() buffer on the 512-byte BPF stack): the general probe fits
  // 72 bytes, the two-string and sockaddr probes 40. -s raises it up to
  // the version's maximum on 0.21+.
  // 0.21+: strings leave the stack, but every event carries the whole
  // buffer through the ring, so a larger default costs throughput.
  if (version.at_least(0, 21))
    return 256;
  return special ? 40 : 72;
}

std::string_view probe_kind_name(SyscallProbe kind) {
  switch (kind) {
  case SyscallProbe::General:
    return "one string";
  case SyscallProbe::Sockaddr:
    return "sockaddr";
  case SyscallProbe::TwoStrings:
    return "two strings";
  case SyscallProbe::Exec:
    return "path read at entry";
  case SyscallProbe::Signal:
    return "signal";
  case SyscallProbe::Exit:
    return "process exit";
  }
  return "";
}

namespace {

// The event header of probe KIND's events (gen/layout.h) with NSECS the
// kernel time printed: the call's entry time, where the templates have it.
std::string syscall_header(SyscallProbe kind, std::string_view nsecs) {
  return event_header(std::to_string(static_cast<int>(kind)), nsecs);
}

// An exit's NSECS: the entry's time, or the exit's when no entry was seen.
constexpr std::string_view kExitNsecs = "$c.0 == 0 ? nsecs : $c.0";

// Where a call's arguments are read (gen/raw_syscalls.h): on tracepoints,
// from the entry's stash $c (time, number, six arguments); on raw
// tracepoints, from the thread's saved user registers. The entry then
// stashes only the time, the number and the registers' address, and the
// exit loads $a0..$a5 where it prints an event, so a call it does not
// print (sctrace slow's fast calls) costs no argument reads. execve keeps
// its arguments at entry (a successful exec clears the registers).
struct ArgSource {
  RawSyscalls rs;
  bool regs() const { return rs.raw; }
  // Argument K (0-5) in an exit's event code.
  std::string arg(int k) const {
    return rs.raw ? "$a" + std::to_string(k) : "$c." + std::to_string(k + 2);
  }
};

// The code that sets $a0..$a5 before an exit prints (nothing on
// tracepoints, whose events read $c): exec's from its entry's stash, every
// other call's from the registers.
std::string load_args(const ArgSource& src, bool exec) {
  if (!src.regs())
    return "";
  std::string code = exec ? "    $e = @sctrace_entry_args[tid];\n"
                            "    delete(@sctrace_entry_args[tid]);\n"
                          : "    $regs = (struct pt_regs *)arg0;\n";
  for (int k = 0; k < 6; ++k)
    code += "    $a" + std::to_string(k) + " = " +
            (exec ? "$e." + std::to_string(k)
                  : "$regs->" + std::string(argument_register(k))) +
            ";\n";
  return code;
}

// The syscalls the options select, in table order (every one when the
// options name none).
std::vector<const SyscallEntry*>
selected_syscalls(const SyscallProgramOptions& options) {
  std::vector<const SyscallEntry*> selected;
  for (const auto& e : syscall_table())
    if (options.syscalls.empty() ||
        std::find(options.syscalls.begin(), options.syscalls.end(), e.number) !=
            options.syscalls.end())
      selected.push_back(&e);
  return selected;
}

// The selection test on $nr: "1" when the options name no syscall, an
// inline comparison for a few, a lookup in @sctrace_want for many (then D
// gets want_map and the `wanted` list BEGIN fills it from). An error when
// the options name syscalls but none of them is in the table.
Result<std::string>
set_selection(data& d, const SyscallProgramOptions& options,
              const std::vector<const SyscallEntry*>& selected) {
  if (options.syscalls.empty())
    return std::string("1");
  std::vector<std::string> values;
  for (const auto* e : selected)
    values.push_back(std::to_string(e->number));
  if (values.empty())
    return make_error(ErrorKind::Invalid,
                      "no syscall is selected; check the -e trace= list");
  return select_syscalls(d, values);
}

// Per-syscall minimum durations: sets the `min_durations` list (every
// selected syscall has its entry, the default minimum when it has no own)
// and min_map in D, for the map filled in BEGIN.
void set_min_durations(data& d, const SyscallProgramOptions& options,
                       const std::vector<const SyscallEntry*>& selected) {
  data mins{data::type::list};
  for (const auto* e : selected) {
    std::uint64_t ns = options.min_duration_ns;
    for (const auto& [nr, v] : options.min_duration_by_syscall)
      if (nr == e->number)
        ns = v;
    data m;
    m.set("nr", std::to_string(e->number));
    m.set("ns", std::to_string(ns));
    mins << m;
  }
  d.set("min_durations", mins);
  d.set("min_map", true);
}

// The filter on a returned call ("1" for every call): -z, -Z and the
// minimum durations. Sets what the minimum durations need in D.
std::string
set_result_filter(data& d, const SyscallProgramOptions& options,
                  const std::vector<const SyscallEntry*>& selected) {
  std::vector<std::string> filters;
  if (options.only_success)
    filters.push_back("$ret >= 0");
  if (options.only_failed)
    filters.push_back("$ret < 0");
  // Per-syscall minimums go through a map filled in BEGIN (every
  // selected syscall has its entry); one minimum is a constant.
  if (!options.min_duration_by_syscall.empty()) {
    set_min_durations(d, options, selected);
    filters.push_back("$duration >= @sctrace_min[$nr]");
  } else if (options.min_duration_ns) {
    filters.push_back("$duration >= " +
                      std::to_string(options.min_duration_ns));
  }
  return filters.empty() ? "1" : join_and(filters);
}

// Sets the switches of D that only pass options through: count_fast,
// create_first, user_stack and never_filter.
void set_switches(data& d, const SyscallProgramOptions& options,
                  const Dialect& dialect) {
  d.set("count_fast", options.count_fast);
  // bpftrace 0.23 can drop the update that creates a key
  // (Dialect::racy_key_creation): the fast-call count creates it with a
  // zero first, as count does (gen/stats_program.h).
  d.set("create_first", dialect.racy_key_creation);
  d.set("user_stack", options.user_stack);
  set_user_stack_prints(d, dialect);
  // Calls that never returned have no result: -z/-Z drop them, as strace
  // does. (The minimum duration is applied to them in user space: the
  // comparison overflows this probe's stack on bpftrace 0.17.)
  std::string never_filter =
      options.only_success || options.only_failed ? "0" : "1";
  d.set("never_filter", never_filter);
}

// What every exit probe tests: the target's predicate parts, those that
// exclude sctrace's own processes, and the result filter.
struct ExitTests {
  std::vector<std::string> parts;
  std::vector<std::string> exclude_parts;
  std::string result_filter;
  // What an exit without its entry must pass too (set_arm_gate).
  std::string arm_gate = "1";
  // exec can make a target thread fail the target's test at its exit (a
  // --comm target: exec changes comm). pids, forks and cgroups stay.
  bool exec_changes_target = false;
};

// The syscalls of one special kind (sockaddr, two strings, exec), which
// share one program on raw_syscalls:sys_exit: IDS, and for each group of
// them with the same slots, the code that picks their values from $c.
struct KindExit {
  std::vector<std::string> ids;
  std::vector<std::string> names; // in the order of ids
  std::vector<std::pair<std::string, std::vector<std::string>>> picks;
};

// The exit probes being built: the special kinds' programs (their events
// are too large to share one 512-byte stack on bpftrace 0.17), the entry
// stashes of the syscalls whose string is read at entry, and the
// syscalls left to the general probe with their one string argument's
// index.
struct ExitProbes {
  ArgSource src;
  data exits{data::type::list};
  data entries{data::type::list};
  bool has_entries = false;
  bool has_special = false;
  std::vector<std::string> special_ids;
  std::map<SyscallProbe, KindExit> kinds;
  std::map<int, std::vector<int>> main_by_arg;
};

// Puts syscall E in the program of KIND; PICK is the code that sets the
// values its event reads ($a and $n, or $p and $q), "" for none.
void add_special(ExitProbes& out, SyscallProbe kind, const SyscallEntry& e,
                 const std::string& pick) {
  KindExit& k = out.kinds[kind];
  const std::string nr = std::to_string(e.number);
  k.ids.push_back(nr);
  auto it = std::find_if(k.picks.begin(), k.picks.end(),
                         [&](const auto& g) { return g.first == pick; });
  if (it == k.picks.end())
    k.picks.push_back({pick, {nr}});
  else
    it->second.push_back(nr);
  k.names.push_back(e.name);
  out.special_ids.push_back(nr);
  out.has_special = true;
}

// "$id == a || $id == b ...": the syscalls IDS, by the tracepoint's number.
std::string id_test(const std::vector<std::string>& ids) {
  std::string t;
  for (const auto& id : ids)
    t += (t.empty() ? "$id == " : " || $id == ") + id;
  return t;
}

// The code that sets each syscall's values in KIND's program: one `if`
// per syscall outside the largest group, which takes the final `else`.
// No `||` here: bpftrace 0.17 gives each one its own stack slot, and the
// two-string program would not fit its 512-byte stack.
std::string picks_code(SyscallProbe kind, const KindExit& k) {
  if (kind == SyscallProbe::Exec || k.picks.empty())
    return "";
  auto largest = std::max_element(k.picks.begin(), k.picks.end(),
                                  [](const auto& a, const auto& b) {
                                    return a.second.size() < b.second.size();
                                  });
  std::string ifs;
  for (const auto& [pick, ids] : k.picks)
    if (pick != largest->first)
      for (const auto& id : ids)
        ifs += "if ($id == " + id + ") {\n" + pick + "    } else ";
  // The largest group: the final `else`, or the only block.
  const std::string last =
      (ifs.empty() ? "if (1) {\n" : "{\n") + largest->first + "    }\n";
  // Declared first: bpftrace 0.23 scopes a variable to its block.
  const std::string head =
      kind == SyscallProbe::Sockaddr
          ? "    // $n: addrlen, or *addrlen once the call returned.\n"
            "    $a = " +
                std::string(kZero) + ";\n    $n = $a;\n"
          : "    $p = " + std::string(kZero) + ";\n    $q = $p;\n";
  return head + "    " + ifs + last;
}

// The sockaddr's length in the template: the addrlen argument, or what
// the addrlen pointer holds at exit (accept, getsockname, recvfrom...).
std::string sockaddr_len_expr(const SyscallArgsPlan& plan,
                              const ArgSource& src) {
  if (plan.sockaddr_len < 0)
    return std::string(kZero);
  std::string slot = src.arg(plan.sockaddr_len);
  if (!plan.sockaddr_len_is_pointer)
    return slot;
  return slot + " ? (uint64)*(uint32 *)uptr(" + slot + ") : " + slot;
}

// Adds syscall E's probes by its arguments' plan: an entry stash and a
// place in the exec program for a string read at entry, a place in the
// sockaddr or two-string program, or in the general probe for one string.
void add_syscall_probes(ExitProbes& out, const SyscallEntry& e,
                        const SyscallArgsPlan& plan) {
  if (plan.string_at_entry) {
    data s;
    s.set("nr", std::to_string(e.number));
    s.set("arg", out.src.rs.entry_arg(plan.main_string));
    out.entries << s;
    out.has_entries = true;
    add_special(out, SyscallProbe::Exec, e, "");
  } else if (plan.sockaddr >= 0) {
    add_special(out, SyscallProbe::Sockaddr, e,
                "      $a = " + out.src.arg(plan.sockaddr) + ";\n      $n = " +
                    sockaddr_len_expr(plan, out.src) + ";\n");
  } else if (plan.second_string >= 0) {
    add_special(out, SyscallProbe::TwoStrings, e,
                "      $p = " + out.src.arg(plan.main_string) +
                    ";\n      $q = " + out.src.arg(plan.second_string) + ";\n");
  } else if (plan.main_string >= 0) {
    out.main_by_arg[plan.main_string].push_back(e.number);
  }
}

// The program of KIND on raw_syscalls:sys_exit. Its syscalls are tested
// first ($id), before the target's test, so the other syscalls cost only
// that test.
data kind_exit(const ExitProbes& probes, const ExitTests& tests,
               SyscallProbe kind) {
  const KindExit& k = probes.kinds.at(kind);
  data x;
  std::string names;
  for (const auto& n : k.names)
    names += (names.empty() ? "" : ", ") + n;
  x.set("comment", std::string(probe_kind_name(kind)) + ": " + names);
  x.set("gated", true);
  x.set("gate", id_test(k.ids));
  // exec changes comm, so a --comm target would not match at exit: the
  // entry stash (made only for the target) decides instead.
  const bool exec = kind == SyscallProbe::Exec;
  // No predicate: the number test comes first, so every other syscall
  // costs this program only that test.
  std::string target = join_and(exec ? tests.exclude_parts : tests.parts);
  x.set("gate_target", target.empty() ? "1" : target);
  x.set("select", "1");
  x.set("exit_filter",
        and_filter(exec ? "$c.0 != 0" : tests.arm_gate, tests.result_filter));
  x.set("event_head", syscall_header(kind, kExitNsecs));
  x.set("nr", "$id");
  // With one exit program (Dialect::one_exit_program): its branch's test.
  x.set("fold_test", id_test(k.ids));
  x.set("load_args", load_args(probes.src, exec));
  x.set("picks", picks_code(kind, k));
  x.set(kind == SyscallProbe::Exec       ? "exec"
        : kind == SyscallProbe::Sockaddr ? "sockaddr"
                                         : "two_strings",
        true);
  return x;
}

// The target test of a program that holds exec's kind (EXEC) and another:
// exec's calls pass with only sctrace's own pids left out (a --comm target
// would not match after exec: kind_exit), the others' with the target's.
std::string exec_pair_target(const ExitTests& tests, const KindExit& exec) {
  std::string own = join_and(tests.exclude_parts);
  std::string target = join_and(tests.parts);
  std::string exec_test = "(" + id_test(exec.ids) + ")";
  if (!own.empty())
    exec_test = "(" + own + " && " + exec_test + ")";
  return target.empty() ? "1" : exec_test + " || (" + target + ")";
}

// One program for the sockaddr kind and exec's (bpftrace 0.17, one
// program per kind otherwise): the program tests their numbers, the
// target and the entry once, then branches to each kind's body (its
// `kinds`). Every syscall's exit runs each raw_syscalls:sys_exit program,
// so one fewer saves every call that program's run (about 70 ns). All
// three special kinds in one program overflow the 512-byte stack, and so
// do sockaddr and two strings; these two fit with every option (-s 40,
// slow --stack), and two strings keeps a program of its own.
data paired_exit(const ExitProbes& probes, const ExitTests& tests) {
  const KindExit& a = probes.kinds.at(SyscallProbe::Sockaddr);
  const KindExit& b = probes.kinds.at(SyscallProbe::Exec);
  data first = kind_exit(probes, tests, SyscallProbe::Sockaddr);
  data second = kind_exit(probes, tests, SyscallProbe::Exec);
  first.set("fold_else", false);
  second.set("fold_else", true);
  second.set("fold_test", "1"); // the numbers left: exec's
  data kinds{data::type::list};
  kinds << first << second;
  std::vector<std::string> ids = a.ids;
  ids.insert(ids.end(), b.ids.begin(), b.ids.end());
  data x;
  x.set("comment", "sockaddr and exec, one program");
  x.set("gated", true);
  x.set("gate", id_test(ids));
  x.set("gate_target", exec_pair_target(tests, b));
  x.set("nr", "$id");
  x.set("kinds", kinds);
  x.set("kinds_end", true);
  return x;
}

// The special kinds' exit programs (or, in one program, branches) in OUT.
// PAIR puts the sockaddr and exec kinds in one (paired_exit).
void add_kind_exits(ExitProbes& out, const ExitTests& tests, bool pair) {
  pair = pair && out.kinds.count(SyscallProbe::Sockaddr) &&
         out.kinds.count(SyscallProbe::Exec);
  bool first = true;
  for (auto kind :
       {SyscallProbe::Sockaddr, SyscallProbe::TwoStrings, SyscallProbe::Exec}) {
    if (!out.kinds.count(kind) || (pair && kind == SyscallProbe::Exec))
      continue; // exec's: in the sockaddr kind's program
    data x = pair && kind == SyscallProbe::Sockaddr
                 ? paired_exit(out, tests)
                 : kind_exit(out, tests, kind);
    x.set("fold_else", !first);
    out.exits << x;
    first = false;
  }
}

// The probes of every selected syscall that has a tracepoint on this
// kernel (raw_syscalls still sees the others). PAIR: add_kind_exits'.
ExitProbes syscall_probes(const ExitTests& tests, const KernelCatalog& catalog,
                          const std::vector<const SyscallEntry*>& selected,
                          const ArgSource& src, bool pair) {
  ExitProbes out;
  out.src = src;
  for (const auto* e : selected) {
    auto fields = fields_of(catalog, *e);
    if (fields.empty())
      continue; // no tracepoint on this kernel: raw_syscalls still sees it
    add_syscall_probes(out, *e, args_plan(e->name, fields));
  }
  add_kind_exits(out, tests, pair);
  return out;
}

// The general probe's `path_picks` with dialect.path_masks: which
// argument holds the path, as bit (NR & 31) of word NR >> 5 of a mask per
// argument, tested in if statements, not nested ?: (which crash bpftrace
// 0.23's codegen).
data path_mask_words(const ExitProbes& probes) {
  std::map<int, std::map<int, std::uint32_t>> words; // word -> arg -> mask
  for (const auto& [arg, nrs] : probes.main_by_arg)
    for (int nr : nrs)
      words[nr >> 5][arg] |= std::uint32_t{1} << (nr & 31);
  data list{data::type::list};
  for (const auto& [w, masks] : words) {
    data word;
    word.set("first", list.list_value().empty());
    word.set("w", std::to_string(w));
    data picks{data::type::list};
    for (const auto& [arg, mask] : masks) {
      char hex[16];
      std::snprintf(hex, sizeof hex, "0x%x", mask);
      data pick;
      pick.set("mask", std::string(hex));
      pick.set("arg", probes.src.arg(arg));
      picks << pick;
    }
    word.set("masks", picks);
    list << word;
  }
  return list;
}

// Without path masks: the `string_args` list (syscall -> its string
// argument, for the map filled in BEGIN), and the general probe's
// `path_picks`: the argument each value of that map names.
data path_map(data& d, const ExitProbes& probes) {
  data string_args{data::type::list};
  data picks{data::type::list};
  for (const auto& [arg, nrs] : probes.main_by_arg) {
    const std::string k = std::to_string(arg + 1);
    for (int nr : nrs) {
      data a;
      a.set("nr", std::to_string(nr));
      a.set("k", k);
      string_args << a;
    }
    data pick;
    pick.set("k", k);
    pick.set("arg", probes.src.arg(arg));
    picks << pick;
  }
  d.set("string_args", string_args);
  return picks;
}

// Sets has_string_args and path_masks in D (and the map's entries without
// masks); returns the general probe's `path_picks`.
data set_string_args(data& d, const ExitProbes& probes, bool masks) {
  d.set("has_string_args", !probes.main_by_arg.empty());
  d.set("path_masks", masks);
  return masks ? path_mask_words(probes) : path_map(d, probes);
}

// The general exit probe on raw_syscalls: every selected syscall without
// a program of its own. In one exit program (ONE) it is the last branch,
// after the special kinds' tests, so it needs no test of its own.
data general_exit(const ExitProbes& probes, const std::string& select,
                  const std::string& predicate,
                  const std::string& result_filter, const data& string_picks,
                  bool one) {
  data x;
  x.set("comment", "every other syscall");
  std::vector<std::string> tests;
  if (select != "1")
    tests.push_back(select);
  if (!one)
    for (const auto& id : probes.special_ids)
      tests.push_back("$nr != " + id);
  x.set("select", tests.empty() ? "1" : join_and(tests));
  if (!predicate.empty())
    x.set("exit_predicate", predicate);
  x.set("fold_test", "1");
  x.set("fold_else", probes.has_special);
  x.set("gate_target", predicate.empty() ? "1" : predicate);
  // A new thread or process returns 0 from clone/fork without an entry:
  // that is the child's side of the parent's call, not a call of its own.
  x.set("exit_filter", and_filter("!($c.0 == 0 && $ret == 0 && ($nr == 56 || "
                                  "$nr == 57 || $nr == 58 || $nr == 435))",
                                  result_filter));
  x.set("event_head", syscall_header(SyscallProbe::General, kExitNsecs));
  x.set("nr", one ? "$id" : probes.src.rs.exit_nr());
  x.set("load_args", load_args(probes.src, false));
  x.set("path_picks", string_picks);
  x.set("branch", true);
  return x;
}

// The one exit program's test before it reads the entry (one_call in D):
// the target's, without the own pids' exclusion, which the probe's
// predicate (fold_predicate) makes already (each `pid` read is a helper
// call). When exec can change what the target's test sees (a --comm
// target), exec's numbers pass too: exec's branch tests only the own pids
// and its entry stash (kind_exit). Then the exit reads the number first
// (id_first). Otherwise it reads it only for a call without an entry, and
// the branches test the entry's number (id_from_nr): the same number,
// except rt_sigreturn's, which no branch tests. That saves every traced
// call and every other process's call one read of the saved registers.
void set_one_call(data& d, const ExitProbes& probes, const ExitTests& tests) {
  const auto parts = parts_without(tests.parts, tests.exclude_parts);
  const std::string target = join_and(parts);
  std::string gate = target.empty() ? "1" : target;
  auto exec = probes.kinds.find(SyscallProbe::Exec);
  const bool id_first = !target.empty() && exec != probes.kinds.end() &&
                        tests.exec_changes_target;
  if (id_first)
    gate = "(" + id_test(exec->second.ids) + ") || " +
           (parts.size() > 1 ? "(" + target + ")" : target);
  data call;
  call.set("gate", gate);
  call.set("id_first", id_first);
  call.set("id_from_nr", !id_first);
  call.set("nr", id_first ? "$id" : probes.src.rs.exit_nr());
  d.set("one_call", call);
}

// The str() size: -s when given, else the default for the version. On
// 0.17 the probes with two strings or a sockaddr fit less than the
// others, and one size applies to the whole program.
Result<int> string_size(const GenOptions& opt, const Dialect& dialect,
                        bool has_special) {
  int max_size = opt.version.at_least(0, 21)
                     ? dialect.max_strlen
                     : syscalls_string_size(opt.version, has_special);
  int size = opt.string_size ? opt.string_size
                             : syscalls_string_size(opt.version, has_special);
  if (size < 8 || size > max_size)
    return make_error(ErrorKind::Invalid,
                      "string size " + std::to_string(size) +
                          " is out of range: with bpftrace " +
                          opt.version.text() + " and these syscalls, " +
                          "sctrace syscalls takes 8 to " +
                          std::to_string(max_size));
  return size;
}

// The layout of one kind of probe: the syscall's integers, then the
// sockaddr's words and length, then its strings (for AF_UNIX the string is
// sun_path, or for an abstract name what follows the three words).
ProbeLayout probe_layout(SyscallProbe kind) {
  ProbeLayout p;
  p.function = "syscall";
  p.probe = probe_kind_name(kind);
  for (const char* name : {"nr", "state", "arg0", "arg1", "arg2", "arg3",
                           "arg4", "arg5", "ret", "duration"})
    p.values.push_back(ValueSlot{ValueKind::Int, name});
  if (kind == SyscallProbe::Sockaddr)
    for (const char* name :
         {"sockaddr0", "sockaddr8", "sockaddr16", "sockaddr_len"})
      p.values.push_back(ValueSlot{ValueKind::Int, name});
  p.values.push_back(ValueSlot{ValueKind::String, "string"});
  if (kind == SyscallProbe::TwoStrings)
    p.values.push_back(ValueSlot{ValueKind::String, "string2"});
  p.retval_index = kSlotReturn;
  p.expose_values = true;
  return p;
}

// The layout of the Signal and Exit probes: their own int slots.
ProbeLayout process_layout(SyscallProbe kind) {
  ProbeLayout p;
  p.function = probe_kind_name(kind);
  p.probe = probe_kind_name(kind);
  if (kind == SyscallProbe::Signal)
    for (const char* name : {"sig", "code", "found", "si_pid", "si_uid",
                             "status", "utime", "stime"})
      p.values.push_back(ValueSlot{ValueKind::Int, name});
  else
    p.values.push_back(ValueSlot{ValueKind::Int, "exit_code"});
  p.expose_values = true;
  return p;
}

// Where the Exit and Signal probes' member reads start: $sctrace_task,
// which their templates set once (task_base) when members are read by
// offset, so that bpftrace 0.17 meets one cast instead of one per member.
constexpr char kTaskVariable[] = "$sctrace_task";

std::string_view task_address(const Dialect& dialect) {
  return dialect.task_fields_by_offset ? kTaskVariable : kCurtaskAddress;
}

// An ignored SIGCHLD (no handler: the default) is never delivered, so
// signal_deliver cannot show it, but strace does (a ptraced task queues
// it). The exiting child sends it to its parent: its receiver is
// curtask->parent, tested as the target's processes are; D gets the test
// and the event header with the parent's pid, tid and comm.
void set_ignored_sigchld(data& d, const SyscallTarget& target,
                         const GenOptions& opt, const KernelCatalog& catalog,
                         const Dialect& dialect) {
  TaskFields parent;
  parent.pid = "$rpid";
  parent.comm = "$rcomm";
  parent.cgroup = "(uint64)" + task_field(catalog, dialect,
                                          "parent->cgroups->dfl_cgrp->kn->id",
                                          task_address(dialect));
  const std::string test =
      join_and(target_predicate_parts(target, opt, FollowMatch::Any, parent));
  d.set("ignored_test", test.empty() ? "1" : test);
  d.set("ignored_head",
        event_header(std::to_string(static_cast<int>(SyscallProbe::Signal)),
                     "nsecs", "$rpid", "$rtid", "$rcomm"));
}

// The test that the exiting thread is its process's last: the
// tracepoint's own group_dead field where the kernel has it (it is
// computed just before the tracepoint fires, from the same counter), else
// the counter itself. Reading curtask->signal makes bpftrace 0.23 build
// the signal_struct type at start-up, which costs about 0.8 s.
std::string last_thread_test(const KernelCatalog& catalog,
                             const Dialect& dialect) {
  auto fields = catalog.tracepoint_fields("sched", "sched_process_exit");
  if (fields.ok())
    for (const TracepointField& f : fields.value())
      if (f.name == "group_dead")
        return "args->group_dead";
  return task_field(catalog, dialect, "signal->live.counter") + " == 0";
}

// The signal probe's members behind curtask's signal and parent pointers,
// as task_* in D. Read by offset, each pointer is read once, into
// $sctrace_signal or $sctrace_parent (signal_task_base in D): every
// pointer read is a cast, which bpftrace 0.17 looks up in the BTF at
// start-up.
void set_pointed_task_fields(data& d, const KernelCatalog& catalog,
                             const Dialect& dialect) {
  const std::pair<const char*, const char*> fields[] = {
      {"task_signal_utime", "signal->utime"},
      {"task_signal_stime", "signal->stime"},
      {"task_parent_tgid", "parent->tgid"},
      {"task_parent_pid", "parent->pid"},
      {"task_parent_comm", "parent->comm"},
  };
  std::string base;
  for (const auto& [name, path] : fields) {
    const std::string_view p(path);
    const std::string var =
        "$sctrace_" + std::string(p.substr(0, p.find("->")));
    std::optional<MemberAccess> a;
    if (dialect.task_fields_by_offset)
      a = catalog.kernel_member("task_struct", path);
    if (!a || a->derefs.empty()) {
      d.set(name, task_field(catalog, dialect, path, task_address(dialect)));
      continue;
    }
    if (base.find(var + " = ") == std::string::npos)
      base += (base.empty() ? "" : "\n  ") + var + " = *(uint64 *)(" +
              kTaskVariable + " + " + std::to_string(a->derefs.front()) + ");";
    a->derefs.erase(a->derefs.begin());
    d.set(name, task_field_by_offset(*a, var));
  }
  d.set("signal_task_base", base);
}

// The exiting or signalling task's members the Exit and Signal probes
// print (gen/task_fields.h), as task_* in D.
void set_task_fields(data& d, const KernelCatalog& catalog,
                     const Dialect& dialect) {
  d.set("task_base",
        dialect.task_fields_by_offset
            ? std::string(kTaskVariable) + " = " + kCurtaskAddress + ";"
            : std::string());
  const std::string_view task = task_address(dialect);
  for (const char* name : {"exit_code", "utime", "stime"})
    d.set("task_" + std::string(name),
          task_field(catalog, dialect, name, task));
  set_pointed_task_fields(d, catalog, dialect);
}

// process_events: the Signal and Exit probes' switches and tests in D.
// TARGET is the target's test (the same parts as the syscall probes'),
// applied in the receiving (signal) or exiting (exit) task.
void set_process_events(data& d, const SyscallProgramOptions& options,
                        const GenOptions& opt, const KernelCatalog& catalog,
                        const std::string& target) {
  d.set("process_events", options.process_events);
  if (!options.process_events)
    return;
  const Dialect dialect = dialect_for(opt.version);
  d.set("last_thread", last_thread_test(catalog, dialect));
  set_task_fields(d, catalog, dialect);
  // SIGKILL cannot be caught: strace shows only "+++ killed by SIGKILL".
  d.set("signal_test", target.empty() ? "$sig != 9" : "$sig != 9 && " + target);
  d.set("exit_test", target.empty() ? "1" : target);
  d.set("signal_head", syscall_header(SyscallProbe::Signal, "nsecs"));
  d.set("exit_head", syscall_header(SyscallProbe::Exit, "nsecs"));
  set_ignored_sigchld(d, options.target, opt, catalog, dialect);
}

// How the program attaches to raw_syscalls and where it keeps and reads a
// call's values (ArgSource), in D.
void set_call_access(data& d, const ArgSource& src) {
  set_raw_syscalls(d, src.rs);
  d.set("regs_args", src.regs());
  // The entry's stash: with registers, a map of its own, which END turns
  // into @sctrace_call with the arguments of the calls still in flight.
  d.set("call_map", src.regs() ? "@sctrace_entry" : "@sctrace_call");
  // The entry's values, and the same types without casts (BEGIN declares
  // the maps with them; kZero says why): nsecs is a uint64, 0 an int64.
  std::string args, zeros;
  for (int k = 0; k < 6; ++k) {
    args += ", " + src.rs.entry_arg(k);
    zeros += ", nsecs";
  }
  d.set("entry_value", src.regs() ? std::string("(nsecs, $nr, arg0)")
                                  : "(nsecs, $nr" + args + ")");
  d.set("entry_types", src.regs() ? std::string("(nsecs, 0, nsecs)")
                                  : "(nsecs, 0" + zeros + ")");
  d.set("entry_args_types", zeros.substr(2));
  d.set("entry_args", argument_registers("((struct pt_regs *)arg0)"));
  // A thread that ended inside its call: its arguments from $c, or from
  // the registers at $c.2 ($regs).
  d.set("unfinished_args", src.regs() ? argument_registers("$regs")
                                      : "$c.2, $c.3, $c.4, $c.5, $c.6, $c.7");
}

// Sets the exit probes, the entry stashes and the tuple's common parts in
// D.
void set_probes(data& d, ExitProbes& probes, data general) {
  probes.exits << general;
  d.set("exits", probes.exits);
  // The values every probe prints first, after the event header; a
  // thread that ended inside its call prints its entry time as NSECS.
  std::string args;
  for (int k = 0; k < 6; ++k)
    args += probes.src.arg(k) + ", ";
  d.set("call_values", "$nr, $state, " + args + "$ret, $duration");
  d.set("unfinished_head", syscall_header(SyscallProbe::General, "$c.0"));
  d.set("entry_strings", probes.entries);
  d.set("has_entry_strings", probes.has_entries);
}

// The process tree the program follows: the command's (`-- CMD`, from
// set_session_blocks) or, with follow_forks, the -p pids' (each put in
// @sctrace_follow in BEGIN); the follow block adds their forks.
void set_follow_tree(data& d, const SyscallTarget& target,
                     const GenOptions& opt) {
  const bool pids = target.follow_forks && !target.pids.empty();
  if (pids) {
    data list{data::type::list};
    for (auto pid : target.pids) {
      data p;
      p.set("pid", std::to_string(pid));
      list << p;
    }
    d.set("follow_pids", list);
  }
  d.set("follow_tree", pids || opt.follow_root.has_value());
  // The exit probe above forgets exited threads itself (one program on
  // sched_process_exit instead of two).
  d.set("follow_exit_inline", true);
}

// A call's exit without its entry (STATE 1) is printed only once the
// trace is armed: the entry probe attaches last and sets @sctrace_armed at
// the session's first marker (templates/marker_enter.tmpl), so an earlier
// exit belongs to a call made while the probes were attaching, before the
// trace began (a busy thread makes many). Without a marker, every one.
void set_arm_gate(data& d, ExitTests& tests, std::int64_t marker_pid) {
  if (marker_pid <= 0)
    return;
  d.set("arm_flag", true);
  tests.arm_gate = "($c.0 != 0 || @sctrace_armed)";
}

} // namespace

Result<GeneratedProgram> generate_syscalls(const SyscallProgramOptions& options,
                                           const KernelCatalog& catalog,
                                           const GenOptions& opt) {
  if (options.only_success && options.only_failed)
    return make_error(ErrorKind::Invalid,
                      "-z (successful calls only) and -Z (failed calls only) "
                      "exclude each other; use one of them");
  const Dialect dialect = dialect_for(opt.version);
  const auto selected = selected_syscalls(options);
  ExitTests tests;
  for (auto p : own_pids_to_exclude(options.target, opt))
    tests.exclude_parts.push_back("pid != " + std::to_string(p));
  tests.parts = target_predicate_parts(options.target, opt, FollowMatch::Any);
  tests.exec_changes_target = !options.target.comm.empty();

  data d;
  SCTRACE_TRY_ASSIGN(select, set_selection(d, options, selected));
  d.set("bpftrace_version", opt.version.text());
  const std::string predicate = join_and(tests.parts);
  d.set("select", select);
  tests.result_filter = set_result_filter(d, options, selected);
  set_arm_gate(d, tests, opt.marker_pid);
  set_switches(d, options, dialect);

  const ArgSource src{raw_syscalls_for(dialect)};
  set_entry_probe(d, src.rs, opt.marker_pid, tests.parts);
  set_call_access(d, src);
  ExitProbes probes =
      syscall_probes(tests, catalog, selected, src, !dialect.one_exit_program);
  const data string_picks = set_string_args(d, probes, dialect.path_masks);
  set_probes(d, probes,
             general_exit(probes, select, predicate,
                          and_filter(tests.arm_gate, tests.result_filter),
                          string_picks, dialect.one_exit_program));
  d.set("one_exit_program", dialect.one_exit_program);
  if (dialect.one_exit_program)
    set_one_call(d, probes, tests);
  if (!tests.exclude_parts.empty())
    d.set("fold_predicate", join_and(tests.exclude_parts));
  set_session_blocks(d, opt);
  set_follow_tree(d, options.target, opt);
  set_process_events(d, options, opt, catalog, predicate);
  SCTRACE_TRY_ASSIGN(size, string_size(opt, dialect, probes.has_special));

  GeneratedProgram prog;
  prog.layout.numbered = !set_event_numbering(d, dialect, options.user_stack);
  prog.text = render_template("syscalls", d);
  prog.string_size = size;
  prog.env.emplace_back(dialect.strlen_env, std::to_string(size));
  for (auto kind : {SyscallProbe::General, SyscallProbe::Sockaddr,
                    SyscallProbe::TwoStrings, SyscallProbe::Exec})
    prog.layout.probes.push_back(probe_layout(kind));
  for (auto kind : {SyscallProbe::Signal, SyscallProbe::Exit})
    prog.layout.probes.push_back(process_layout(kind));
  return prog;
}

} // namespace sctrace::gen
