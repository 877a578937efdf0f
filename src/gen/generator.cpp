#include "gen/generator.h"

#include <kainjow/mustache.hpp>

#include <algorithm>
#include <cctype>
#include <map>

#include "gen/expr_render.h"
#include "gen/format_check.h"
#include "gen/probe_resolve.h"
#include "gen/render.h"
#include "gen/syscall_target.h"
#include "gen/task_fields.h"
#include "spec/parser.h"
#include "util/strings.h"

namespace sctrace::gen {

using kainjow::mustache::data;
using spec::FormatKind;
using spec::TraceSpec;

namespace {

std::string render(std::string_view name, const data& d) {
  return render_template(name, d);
}

// Probe names are built from validated names and resolved paths; anything
// outside this set could end the probe and start new code.
bool is_safe_probe(std::string_view probe) {
  return !probe.empty() && std::all_of(probe.begin(), probe.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' ||
           c == ':' || c == '/' || c == '.' || c == '-' || c == '+';
  });
}

// One format argument as rendered for the tuple.
struct RenderedValue {
  std::string value;
  ValueKind kind;
  bool reads_string; // costs a str() buffer
};

Result<RenderedValue> render_value(const spec::Expr& e, FormatKind kind,
                                   const RenderContext& ctx) {
  switch (kind) {
  case FormatKind::String: {
    SCTRACE_TRY_ASSIGN(s, render_string(e, ctx));
    return RenderedValue{s, ValueKind::String,
                         e.kind != spec::ExprKind::String};
  }
  case FormatKind::Ksym: {
    SCTRACE_TRY_ASSIGN(s, render_int(e, ctx));
    return RenderedValue{"ksym(" + s + ")", ValueKind::String, false};
  }
  case FormatKind::Usym: { // the address: sctrace symbolises it
    SCTRACE_TRY_ASSIGN(s, render_int(e, ctx));
    return RenderedValue{"(uint64)(" + s + ")", ValueKind::Int, false};
  }
  default: {
    SCTRACE_TRY_ASSIGN(s, render_int(e, ctx));
    return RenderedValue{s, ValueKind::Int, false};
  }
  }
}

std::string kernel_predicate(const spec::SessionOptions& scope,
                             const GenOptions& opt) {
  std::vector<std::string> parts;
  SyscallTarget named; // the pid test below, as the syscall programs see it
  if (scope.pid)
    named.pids = {*scope.pid};
  for (auto p : own_pids_to_exclude(named, opt))
    parts.push_back("pid != " + std::to_string(p));
  if (opt.follow_root) // 1 once the command exec'd (templates/program.tmpl)
    parts.push_back("@sctrace_follow[pid] == 1");
  if (scope.pid)
    parts.push_back("pid == " + std::to_string(*scope.pid));
  if (scope.tid)
    parts.push_back("tid == " + std::to_string(*scope.tid));
  if (scope.uid)
    parts.push_back("uid == " + std::to_string(*scope.uid));
  if (!scope.process_name.empty())
    parts.push_back("comm == " + bpftrace_string_literal(scope.process_name));
  if (!scope.cgroup.empty())
    parts.push_back("cgroup == cgroupid(" +
                    bpftrace_string_literal(scope.cgroup) + ")");
  std::string out;
  for (const auto& p : parts)
    out += (out.empty() ? "" : " && ") + p;
  return out;
}

std::string and_also(const std::string& a, const std::string& b) {
  if (a.empty())
    return b;
  if (b.empty())
    return a;
  return a + " && (" + b + ")";
}

struct ProbeOutput {
  std::string text;
  ProbeLayout layout;
  int strings = 0;
  std::vector<std::string> stash_maps;
  std::vector<std::string> attach_points; // one per BPF program it loads
};

// The spec's probe, validated and resolved, with a name that is safe to
// put into the program.
Result<ResolvedProbe> resolve_safe_probe(const TraceSpec& spec,
                                         const KernelCatalog& catalog,
                                         std::optional<std::int64_t> pid) {
  SCTRACE_TRY(spec::validate(spec));
  SCTRACE_TRY_ASSIGN(probe, resolve_probe(spec, catalog, pid));
  if (!is_safe_probe(probe.entry_probe) ||
      (probe.is_return && !is_safe_probe(probe.exit_probe)))
    return make_error(ErrorKind::Invalid,
                      "probe name '" + probe.entry_probe +
                          "' contains characters bpftrace cannot take; "
                          "use a path made of letters, digits and _ . / - +");
  return probe;
}

// The spec's format, parsed, and its arguments' and filter's trees (parsed
// once, where the spec was made).
struct ParsedSpec {
  spec::ParsedFormat format;
  std::vector<const spec::Expr*> args;
  const spec::Expr* filter = nullptr;
};

Result<ParsedSpec> parse_spec(const TraceSpec& spec) {
  SCTRACE_TRY_ASSIGN(format, spec::parse_format(spec.format));
  ParsedSpec out{std::move(format), {}, nullptr};
  for (const auto& a : spec.arguments)
    out.args.push_back(&a.tree());
  if (!spec.filter.empty())
    out.filter = &spec.filter.tree();
  return out;
}

// Where a probe's expressions read from: the entry context, or for a
// return probe the exit context, whose arguments and fields are the
// $sctrace_a<slot> variables stashed at entry (slot -> entry expression).
struct ProbeContext {
  RenderContext ctx;
  std::vector<std::pair<std::string, std::string>> stash;
};

// The exit context of a return probe: stashes only the arguments and
// fields the spec uses.
ProbeContext exit_context(const ResolvedProbe& probe, const ParsedSpec& p) {
  std::vector<int> used_args;
  std::vector<std::string> used_fields;
  for (const spec::Expr* e : p.args)
    collect_arguments(*e, used_args, used_fields);
  if (p.filter)
    collect_arguments(*p.filter, used_args, used_fields);
  ProbeContext out;
  RenderContext& exit_ctx = out.ctx;
  exit_ctx.probe_name = probe.entry.probe_name;
  exit_ctx.field_names = probe.entry.field_names;
  exit_ctx.retval = probe.syscall || probe.kind == AttachKind::Tracepoint
                        ? "args->ret"
                        : "retval";
  for (std::size_t i = 0; i < probe.entry.args.size(); ++i) {
    ValueRef v = probe.entry.args[i];
    bool used = std::find(used_args.begin(), used_args.end(),
                          static_cast<int>(i + 1)) != used_args.end();
    std::string slot = "arg" + std::to_string(i + 1);
    if (used)
      out.stash.emplace_back(slot, v.expr);
    // Pointers are read at exit, when the kernel has faulted them in.
    exit_ctx.args.push_back({"$sctrace_a" + slot, false,
                             v.user_pointer || v.char_pointer, v.field});
  }
  for (const auto& [name, v] : probe.entry.fields) {
    bool used = std::find(used_fields.begin(), used_fields.end(), name) !=
                used_fields.end();
    std::string slot = "f_" + name;
    if (used)
      out.stash.emplace_back(slot, v.expr);
    exit_ctx.fields[name] = {"$sctrace_a" + slot, false,
                             v.user_pointer || v.char_pointer, v.field};
  }
  return out;
}

// Renders the format arguments into the `values` list of the emit block
// and records their slots in OUT's layout (plus the return value's slot
// of a return probe that does not print it as an integer).
Result<data> render_values(const TraceSpec& spec, const ParsedSpec& p,
                           const ResolvedProbe& probe, const RenderContext& ctx,
                           ProbeOutput& out) {
  data values{data::type::list};
  std::vector<std::pair<std::size_t, std::string>> addresses; // %K
  for (std::size_t i = 0; i < p.args.size(); ++i) {
    const FormatKind kind = p.format.specifiers[i].kind;
    SCTRACE_TRY(check_format_argument(*p.args[i], p.format.specifiers[i], ctx));
    SCTRACE_TRY_ASSIGN(v, render_value(*p.args[i], kind, ctx));
    if (kind == FormatKind::Ksym) {
      SCTRACE_TRY_ASSIGN(address, render_int(*p.args[i], ctx));
      addresses.emplace_back(i, "(uint64)(" + address + ")");
    }
    data item;
    item.set("value", v.value);
    values << item;
    out.layout.values.push_back({v.kind, spec.arguments[i].text()});
    if (v.reads_string) {
      ++out.strings;
      out.layout.values.back().read_may_fail =
          string_read_may_fail(*p.args[i], ctx);
    }
    // retval printed as a string (%s, %K) or an address (%U) is not the
    // integer return value; an integer slot is added for it below.
    if (p.args[i]->kind == spec::ExprKind::Retval && v.kind == ValueKind::Int &&
        kind != FormatKind::Usym)
      out.layout.retval_index = static_cast<int>(i);
  }
  out.layout.format_args = p.args.size();
  // Each %K name's address follows the format arguments, so user space
  // can print trace.py's "name+0xoff" (events/symbols.h); a %U value is
  // its address alone.
  for (const auto& [i, address] : addresses) {
    data item;
    item.set("value", address);
    values << item;
    out.layout.values[i].address_index =
        static_cast<int>(out.layout.values.size());
    out.layout.values.push_back(
        {ValueKind::Int, spec.arguments[i].text() + "@address"});
  }
  if (probe.is_return && out.layout.retval_index < 0) {
    data item;
    item.set("value", *ctx.retval);
    values << item;
    out.layout.values.push_back({ValueKind::Int, "retval"});
    out.layout.retval_index = static_cast<int>(out.layout.values.size() - 1);
  }
  return values;
}

// Adds the process start time (gen/task_fields.h process_start, read by
// START) as the last value, so per-process tallies tell a reused pid's
// processes apart.
void add_start_slot(data& values, ProbeOutput& out, const std::string& start) {
  data item;
  item.set("value", start);
  values << item;
  out.layout.values.push_back({ValueKind::Int, kProcessStartSlot});
  out.layout.start_index = static_cast<int>(out.layout.values.size() - 1);
}

// Whether the session's events carry stacks (-K, -U).
bool stacks(const spec::SessionOptions& session) {
  return session.kernel_stack || session.user_stack;
}

// The emit block (templates/emit.tmpl) of probe ID.
std::string emit_block(const spec::SessionOptions& session,
                       const Dialect& dialect, int id, const data& values) {
  data emit;
  set_user_stack_prints(emit, dialect);
  set_event_numbering(emit, dialect, stacks(session));
  emit.set("event_head", event_header(std::to_string(id)));
  emit.set("values", values);
  emit.set("kernel_stack", session.kernel_stack);
  emit.set("user_stack", session.user_stack);
  emit.set("stack_addresses", session.stack_addresses);
  return render("emit", emit);
}

// Renders an entry probe (templates/probe_entry.tmpl) from D.
std::string entry_probe_text(data& d, const ResolvedProbe& probe,
                             const std::string& pred,
                             const std::string& user_filter,
                             const std::string& emit_text) {
  std::string full = and_also(pred, user_filter);
  d.set("probe", probe.entry_probe);
  if (!full.empty())
    d.set("predicate", full);
  d.set("emit", emit_text);
  return render("probe_entry", d);
}

// Renders a return probe (templates/probe_return.tmpl) from D, and adds
// the maps its stash uses to OUT.
std::string return_probe_text(data& d, int id, const ResolvedProbe& probe,
                              const ProbeContext& pc, const std::string& pred,
                              const std::string& user_filter,
                              const std::string& emit_text, ProbeOutput& out) {
  // Indent the emit block one level inside the if.
  std::string indented;
  for (const auto& line : util::split(emit_text, '\n'))
    if (!line.empty())
      indented += "  " + line + "\n";
  d.set("entry_probe", probe.entry_probe);
  d.set("exit_probe", probe.exit_probe);
  if (!pred.empty())
    d.set("predicate", pred);
  data stash_list{data::type::list};
  for (const auto& [slot, value] : pc.stash) {
    data item;
    item.set("slot", slot);
    item.set("value", value);
    stash_list << item;
    out.stash_maps.push_back("@sctrace_a" + std::to_string(id) + "_" + slot);
  }
  out.stash_maps.push_back("@sctrace_in_" + std::to_string(id));
  d.set("stash", stash_list);
  d.set("filter", user_filter.empty() ? std::string("1") : user_filter);
  d.set("emit", indented);
  return render("probe_return", d);
}

// The layout fields that come from the spec and the probe alone.
void start_layout(ProbeLayout& layout, const TraceSpec& spec,
                  const spec::SessionOptions& session,
                  const ResolvedProbe& probe) {
  layout.function = probe.function;
  layout.probe = probe.is_return ? probe.exit_probe : probe.entry_probe;
  layout.format = spec.format;
  layout.kernel_stack = session.kernel_stack;
  layout.user_stack = session.user_stack;
}

Result<ProbeOutput> generate_probe(const TraceSpec& spec, int id,
                                   const spec::SessionOptions& session,
                                   const KernelCatalog& catalog,
                                   const GenOptions& opt) {
  SCTRACE_TRY_ASSIGN(probe, resolve_safe_probe(spec, catalog, session.pid));
  SCTRACE_TRY_ASSIGN(parsed, parse_spec(spec));
  // For return probes the exit probe reads arguments stashed at entry.
  ProbeContext pc = probe.is_return ? exit_context(probe, parsed)
                                    : ProbeContext{probe.entry, {}};
  pc.ctx.binary_strcmp = opt.binary_strcmp;

  ProbeOutput out;
  start_layout(out.layout, spec, session, probe);
  out.attach_points.push_back(probe.entry_probe);
  if (probe.is_return)
    out.attach_points.push_back(probe.exit_probe);
  SCTRACE_TRY_ASSIGN(values, render_values(spec, parsed, probe, pc.ctx, out));
  const Dialect dialect = dialect_for(opt.version);
  add_start_slot(values, out, process_start(catalog, dialect));
  std::string emit_text = emit_block(session, dialect, id, values);

  std::string user_filter;
  if (parsed.filter) {
    SCTRACE_TRY_ASSIGN(f, render_int(*parsed.filter, pc.ctx));
    user_filter = f;
  }
  std::string pred = kernel_predicate(session, opt);
  std::string comment = spec::probe_type_letter(spec.probe_type) +
                        std::string(" ") + probe.function;

  data d;
  d.set("comment", comment);
  d.set("id", std::to_string(id));
  if (!probe.is_return)
    out.text = entry_probe_text(d, probe, pred, user_filter, emit_text);
  else
    out.text =
        return_probe_text(d, id, probe, pc, pred, user_filter, emit_text, out);
  return out;
}

// The probes of every spec, in order, as the `probes` and `stash_maps`
// lists of the program template; their layouts go to PROG and the largest
// number of str() buffers one probe uses to max_strings.
struct ProgramProbes {
  data probes{data::type::list};
  data stash_maps{data::type::list};
  int max_strings = 0;
};

// The longest string literal the program compares or prints (filters,
// arguments, --comm): bpftrace strings must hold it. -B byte lists are
// shorter than their text and are left out.
std::size_t longest_literal(const std::vector<TraceSpec>& specs,
                            const spec::SessionOptions& session,
                            const GenOptions& opt) {
  std::size_t longest = session.process_name.size();
  auto visit = [&](const spec::Expr& node) {
    bool byte_list =
        opt.binary_strcmp && !node.text.empty() && node.text.front() == '{';
    if (node.kind == spec::ExprKind::String && !byte_list)
      longest = std::max(longest, node.text.size());
    return true;
  };
  for (const auto& spec : specs) {
    if (!spec.filter.empty())
      spec::for_each_node(spec.filter.tree(), visit);
    for (const auto& a : spec.arguments)
      spec::for_each_node(a.tree(), visit);
  }
  return longest;
}

// bpftrace 0.17 never matches a literal longer than its strings and 0.21+
// refuses it, so such a program is refused here with the way out.
Result<void> check_literals_fit(std::size_t longest, int size,
                                const GenOptions& opt) {
  if (longest + 1 <= static_cast<std::size_t>(size))
    return Ok{};
  return make_error(
      ErrorKind::Invalid,
      "a string literal of " + std::to_string(longest) +
          " characters does not fit the strings of " +
          std::to_string(size - 1) + " characters bpftrace " +
          opt.version.text() + " compares here" +
          (opt.string_size ? " (-Z " + std::to_string(opt.string_size) + ")"
                           : std::string()) +
          "; use -Z " + std::to_string(longest) +
          " or more, or a shorter literal (STRCMP compares a prefix)");
}

// The kernel runs at most 64 BPF programs on one tracepoint or uprobe
// (BPF_TRACE_MAX_PROGS), counting every other tool's. bpftrace would fail
// on the 65th with "Argument list too long"; say so before it runs.
inline constexpr std::size_t kMaxProgramsPerProbe = 64;

Result<void>
check_programs_per_probe(const std::map<std::string, std::size_t>& uses) {
  for (const auto& [point, n] : uses) {
    if (n <= kMaxProgramsPerProbe)
      continue;
    return make_error(
        ErrorKind::Invalid,
        std::to_string(n) + " BPF programs would attach to " + point +
            ", but the kernel runs at most " +
            std::to_string(kMaxProgramsPerProbe) +
            " on one probe point (BPF_TRACE_MAX_PROGS, shared with every "
            "other tool tracing it); merge the specs that share it (one "
            "spec can print several values, and a filter can use || ) or "
            "split the trace");
  }
  return Ok{};
}

Result<ProgramProbes> generate_probes(const std::vector<TraceSpec>& specs,
                                      const spec::SessionOptions& session,
                                      const KernelCatalog& catalog,
                                      const GenOptions& opt,
                                      GeneratedProgram& prog) {
  ProgramProbes out;
  std::map<std::string, std::size_t> uses;
  for (std::size_t i = 0; i < specs.size(); ++i) {
    auto probe =
        generate_probe(specs[i], static_cast<int>(i), session, catalog, opt);
    if (!probe.ok()) {
      Error e = std::move(probe).take_error();
      if (specs.size() > 1)
        e.message = "probe " + std::to_string(i + 1) + ": " + e.message;
      return e;
    }
    out.max_strings = std::max(out.max_strings, probe->strings);
    data item;
    item.set("text", probe->text);
    out.probes << item;
    for (const auto& m : probe->stash_maps) {
      data s;
      s.set("name", m);
      out.stash_maps << s;
    }
    for (const auto& point : probe->attach_points)
      ++uses[point];
    prog.layout.probes.push_back(std::move(probe->layout));
  }
  SCTRACE_TRY(check_programs_per_probe(uses));
  return out;
}

// The str() size: -Z characters plus the NUL when -Z is given, else as
// large as the per-probe string budget allows for MAX_STRINGS buffers. An
// error when -Z is out of the version's range or the buffers do not fit
// the budget.
Result<int> string_size(const GenOptions& opt, const Dialect& dialect,
                        int max_strings) {
  if (opt.string_size != 0 &&
      (opt.string_size < 1 || opt.string_size >= dialect.max_strlen))
    return make_error(ErrorKind::Invalid,
                      "string size (-Z) " + std::to_string(opt.string_size) +
                          " is out of range: with bpftrace " +
                          opt.version.text() + " a %s shows 1 to " +
                          std::to_string(dialect.max_strlen - 1) +
                          " characters");
  int size = opt.string_size + 1;
  if (opt.string_size == 0) {
    size = dialect.default_strlen;
    if (max_strings > 0)
      size = std::min(dialect.max_strlen,
                      dialect.string_bytes_per_probe / max_strings / 8 * 8);
  }
  if (max_strings * size > dialect.string_bytes_per_probe)
    return make_error(ErrorKind::Invalid,
                      std::to_string(max_strings) + " string arguments of " +
                          std::to_string(size - 1) +
                          " characters (and a NUL) do not fit the " +
                          std::to_string(dialect.string_bytes_per_probe) +
                          "-byte string budget of one probe on bpftrace " +
                          opt.version.text() +
                          "; use fewer %s arguments per probe or a smaller -Z");
  return size;
}

} // namespace

Result<GeneratedProgram> generate(const std::vector<TraceSpec>& specs,
                                  const KernelCatalog& catalog,
                                  const GenOptions& opt,
                                  const spec::SessionOptions& session) {
  if (specs.empty())
    return make_error(ErrorKind::Invalid, "no probe given; pass at least one "
                                          "probe spec such as 'sys_openat'");
  Dialect dialect = dialect_for(opt.version);
  GeneratedProgram prog;
  SCTRACE_TRY(spec::validate(session));
  SCTRACE_TRY_ASSIGN(probes,
                     generate_probes(specs, session, catalog, opt, prog));
  SCTRACE_TRY_ASSIGN(size, string_size(opt, dialect, probes.max_strings));
  SCTRACE_TRY(
      check_literals_fit(longest_literal(specs, session, opt), size, opt));
  prog.string_size = size;
  prog.env.emplace_back(dialect.strlen_env, std::to_string(size));

  data d;
  d.set("bpftrace_version", opt.version.text());
  d.set("probes", probes.probes);
  d.set("stash_maps", probes.stash_maps);
  set_session_blocks(d, opt);
  prog.layout.numbered = !set_event_numbering(d, dialect, stacks(session));
  prog.text = render("program", d);
  return prog;
}

} // namespace sctrace::gen
