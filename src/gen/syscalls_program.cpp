#include "gen/syscalls_program.h"

#include <algorithm>
#include <map>

#include "gen/expr_render.h"
#include "gen/render.h"
#include "gen/syscall_args.h"
#include "gen/syscall_table.h"
#include "gen/syscall_target.h"

namespace sctrace::gen {

using kainjow::mustache::data;

namespace {

// Short selections are tested inline; long ones through a map filled in
// BEGIN (one lookup instead of hundreds of comparisons).
constexpr std::size_t kInlineIds = 12;

std::vector<TracepointField> fields_of(const KernelCatalog& catalog,
                                       const SyscallEntry& e) {
  auto f = catalog.tracepoint_fields("syscalls", "sys_enter_" + e.event);
  return f.ok() ? syscall_arg_fields(*f) : std::vector<TracepointField>{};
}

std::string and_filter(const std::string& a, const std::string& b) {
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
  }
  return "";
}

Result<GeneratedProgram> generate_syscalls(const SyscallProgramOptions& options,
                                           const KernelCatalog& catalog,
                                           const GenOptions& opt) {
  if (options.only_success && options.only_failed)
    return make_error(ErrorKind::Invalid,
                      "-z (successful calls only) and -Z (failed calls only) "
                      "exclude each other; use one of them");
  const Dialect dialect = dialect_for(opt.version);

  // The selected syscalls, in table order.
  std::vector<const SyscallEntry*> selected;
  for (const auto& e : syscall_table())
    if (options.syscalls.empty() ||
        std::find(options.syscalls.begin(), options.syscalls.end(), e.number) !=
            options.syscalls.end())
      selected.push_back(&e);

  // Target and selection predicate, shared by entry and exit.
  std::vector<std::string> exclude_parts;
  for (auto p : opt.exclude_pids)
    exclude_parts.push_back("pid != " + std::to_string(p));
  std::vector<std::string> parts =
      target_predicate_parts(options.target, opt, FollowMatch::Any);
  std::vector<std::string> values;
  std::string select = "1";
  bool want_map = false;
  if (!options.syscalls.empty()) {
    values.clear();
    for (const auto* e : selected)
      values.push_back(std::to_string(e->number));
    if (values.empty())
      return make_error(ErrorKind::Invalid,
                        "no syscall is selected; check the -e trace= list");
    if (values.size() <= kInlineIds)
      select = any_of("$nr", values);
    else {
      want_map = true;
      select = "@sctrace_want[$nr]";
    }
  }

  data d;
  d.set("bpftrace_version", opt.version.text());
  const std::string predicate = join_and(parts);
  if (!predicate.empty())
    d.set("predicate", predicate);
  d.set("select", select);
  if (want_map) {
    d.set("want_map", true);
    data wanted{data::type::list};
    for (const auto* e : selected) {
      data w;
      w.set("nr", std::to_string(e->number));
      wanted << w;
    }
    d.set("wanted", wanted);
  }

  std::vector<std::string> filters;
  if (options.only_success)
    filters.push_back("$ret >= 0");
  if (options.only_failed)
    filters.push_back("$ret < 0");
  // Per-syscall minimums go through a map filled in BEGIN (every
  // selected syscall has its entry); one minimum is a constant.
  const bool min_map = !options.min_duration_by_syscall.empty();
  if (min_map) {
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
    filters.push_back("$duration >= @sctrace_min[$nr]");
  } else if (options.min_duration_ns) {
    filters.push_back("$duration >= " +
                      std::to_string(options.min_duration_ns));
  }
  d.set("count_fast", options.count_fast);
  // bpftrace 0.23 can drop the update that creates a key
  // (Dialect::racy_key_creation): the fast-call count creates it with a
  // zero first, as count does (gen/stats_program.h).
  d.set("create_first", dialect.racy_key_creation);
  d.set("user_stack", options.user_stack);
  const std::string result_filter = filters.empty() ? "1" : join_and(filters);
  // Calls that never returned have no result: -z/-Z drop them, as strace
  // does. (The minimum duration is applied to them in user space: the
  // comparison overflows this probe's stack on bpftrace 0.17.)
  std::string never_filter =
      options.only_success || options.only_failed ? "0" : "1";
  d.set("never_filter", never_filter);

  // Exit probes: the general one on raw_syscalls, and one per syscall
  // that needs more than one string (they have their own 512-byte stack on
  // bpftrace 0.17).
  std::map<int, std::vector<std::string>> main_by_arg;
  data exits{data::type::list}, entries{data::type::list};
  bool has_entries = false, has_special = false;
  std::vector<std::string> special_ids;
  auto add_exit = [&](SyscallProbe kind, const SyscallEntry& e,
                      std::string body, std::string extra,
                      std::string after = "") {
    data x;
    x.set("comment", e.name + ": " + std::string(probe_kind_name(kind)));
    x.set("probe", "tracepoint:syscalls:sys_exit_" + e.event);
    x.set("select", "1");
    // exec changes comm, so a --comm target would not match at exit: the
    // entry stash (made only for the target) decides instead.
    const bool exec = kind == SyscallProbe::Exec;
    std::string p = join_and(exec ? exclude_parts : parts);
    if (!p.empty())
      x.set("exit_predicate", p);
    x.set("exit_filter",
          exec ? and_filter("$c.0 != 0", result_filter) : result_filter);
    x.set("id", std::to_string(static_cast<int>(kind)));
    x.set("nr", std::to_string(e.number));
    x.set("body", std::move(body));
    x.set("extra", std::move(extra));
    x.set("after", std::move(after));
    exits << x;
    special_ids.push_back(std::to_string(e.number));
    has_special = true;
  };
  for (const auto* e : selected) {
    auto fields = fields_of(catalog, *e);
    if (fields.empty())
      continue; // no tracepoint on this kernel: raw_syscalls still sees it
    SyscallArgsPlan plan = args_plan(e->name, fields);
    std::string nr = std::to_string(e->number);
    if (plan.string_at_entry) {
      data s;
      s.set("nr", nr);
      s.set("arg", std::to_string(plan.main_string));
      entries << s;
      has_entries = true;
      add_exit(SyscallProbe::Exec, *e, "", ", @sctrace_entry_str[tid]",
               "    delete(@sctrace_entry_str[tid]);\n");
    } else if (plan.sockaddr >= 0) {
      std::string a = "$c." + std::to_string(plan.sockaddr + 2);
      add_exit(SyscallProbe::Sockaddr, *e,
               "    $a = " + a + ";\n" +
                   "    $x0 = $a ? *(uint64 *)uptr($a) : (uint64)0;\n" +
                   "    $x1 = $a ? *(uint64 *)uptr($a + 8) : (uint64)0;\n" +
                   "    $x2 = $a ? *(uint64 *)uptr($a + 16) : (uint64)0;\n",
               ", $x0, $x1, $x2, str(uptr($a ? $a + 2 : 0))");
    } else if (plan.second_string >= 0) {
      add_exit(SyscallProbe::TwoStrings, *e, "",
               ", str(uptr($c." + std::to_string(plan.main_string + 2) +
                   ")), str(uptr($c." + std::to_string(plan.second_string + 2) +
                   "))");
    } else if (plan.main_string >= 0) {
      main_by_arg[plan.main_string].push_back(nr);
    }
  }
  data string_args{data::type::list};
  std::string main_string;
  for (auto it = main_by_arg.begin(); it != main_by_arg.end(); ++it) {
    const std::string k = std::to_string(it->first + 1);
    for (const auto& nr : it->second) {
      data a;
      a.set("nr", nr);
      a.set("k", k);
      string_args << a;
    }
    // if statements, not nested ?: (which crash bpftrace 0.23's codegen).
    main_string += "    if ($k == " + k + ") {\n      $p = $c." +
                   std::to_string(it->first + 2) + ";\n    }\n";
  }
  d.set("string_args", string_args);
  d.set("has_string_args", !main_by_arg.empty());
  {
    data x;
    x.set("comment", "every other syscall");
    x.set("probe", "tracepoint:raw_syscalls:sys_exit");
    std::vector<std::string> tests;
    if (select != "1")
      tests.push_back(select);
    for (const auto& id : special_ids)
      tests.push_back("$nr != " + id);
    x.set("select", tests.empty() ? "1" : join_and(tests));
    if (!predicate.empty())
      x.set("exit_predicate", predicate);
    // A new thread or process returns 0 from clone/fork without an entry:
    // that is the child's side of the parent's call, not a call of its own.
    x.set("exit_filter", and_filter("!($c.0 == 0 && $ret == 0 && ($nr == 56 || "
                                    "$nr == 57 || $nr == 58 || $nr == 435))",
                                    result_filter));
    x.set("id", "0");
    x.set("nr", "args->id");
    x.set("body", main_by_arg.empty()
                      ? "    $p = (uint64)0;\n"
                      : "    $k = @sctrace_str[$nr];\n    $p = (uint64)0;\n" +
                            main_string);
    x.set("branch", true);
    x.set("after", "");
    exits << x;
  }
  d.set("exits", exits);
  d.set("head", "$sctrace_seq, $c.0 == 0 ? nsecs : $c.0, pid, tid, cpu, "
                "comm, $nr, $state, $c.2, $c.3, $c.4, $c.5, $c.6, $c.7, "
                "$ret, $duration");
  d.set("entry_strings", entries);
  d.set("has_entry_strings", has_entries);
  set_session_blocks(d, opt);

  // str() size: on 0.17 the probes with two strings or a sockaddr fit
  // less than the others, and one size applies to the whole program.
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

  GeneratedProgram prog;
  prog.text = render_template("syscalls", d);
  prog.string_size = size;
  prog.env.emplace_back(dialect.strlen_env, std::to_string(size));
  for (auto kind : {SyscallProbe::General, SyscallProbe::Sockaddr,
                    SyscallProbe::TwoStrings, SyscallProbe::Exec}) {
    ProbeLayout p;
    p.function = "syscall";
    p.probe = probe_kind_name(kind);
    for (const char* name : {"nr", "state", "arg0", "arg1", "arg2", "arg3",
                             "arg4", "arg5", "ret", "duration"})
      p.values.push_back(ValueSlot{ValueKind::Int, name});
    if (kind == SyscallProbe::Sockaddr)
      for (const char* name : {"sockaddr0", "sockaddr8", "sockaddr16"})
        p.values.push_back(ValueSlot{ValueKind::Int, name});
    p.values.push_back(ValueSlot{ValueKind::String, "string"});
    if (kind == SyscallProbe::TwoStrings)
      p.values.push_back(ValueSlot{ValueKind::String, "string2"});
    p.retval_index = kSlotReturn;
    p.expose_values = true;
    prog.layout.probes.push_back(std::move(p));
  }
  return prog;
}

} // namespace sctrace::gen
