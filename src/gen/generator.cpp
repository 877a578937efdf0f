#include "gen/generator.h"

#include <kainjow/mustache.hpp>

#include <algorithm>
#include <cctype>

#include "gen/expr_render.h"
#include "gen/probe_resolve.h"
#include "gen/render.h"
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
  case FormatKind::Usym: {
    SCTRACE_TRY_ASSIGN(s, render_int(e, ctx));
    return RenderedValue{"usym(" + s + ")", ValueKind::String, false};
  }
  default: {
    SCTRACE_TRY_ASSIGN(s, render_int(e, ctx));
    return RenderedValue{s, ValueKind::Int, false};
  }
  }
}

std::string kernel_predicate(const TraceSpec& spec, const GenOptions& opt) {
  std::vector<std::string> parts;
  for (auto p : opt.exclude_pids)
    parts.push_back("pid != " + std::to_string(p));
  if (opt.follow_root)
    parts.push_back("@sctrace_follow[pid]");
  if (spec.pid)
    parts.push_back("pid == " + std::to_string(*spec.pid));
  if (spec.tid)
    parts.push_back("tid == " + std::to_string(*spec.tid));
  if (spec.uid)
    parts.push_back("uid == " + std::to_string(*spec.uid));
  if (!spec.process_name.empty())
    parts.push_back("comm == " + bpftrace_string_literal(spec.process_name));
  if (!spec.cgroup.empty())
    parts.push_back("cgroup == cgroupid(" +
                    bpftrace_string_literal(spec.cgroup) + ")");
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
};

Result<ProbeOutput> generate_probe(const TraceSpec& spec, int id,
                                   const KernelCatalog& catalog,
                                   const GenOptions& opt) {
  SCTRACE_TRY(spec::validate(spec));
  SCTRACE_TRY_ASSIGN(probe, resolve_probe(spec, catalog));
  if (!is_safe_probe(probe.entry_probe) ||
      (probe.is_return && !is_safe_probe(probe.exit_probe)))
    return make_error(ErrorKind::Invalid,
                      "probe name '" + probe.entry_probe +
                          "' contains characters bpftrace cannot take; "
                          "use a path made of letters, digits and _ . / - +");

  SCTRACE_TRY_ASSIGN(format, spec::parse_format(spec.format));
  std::vector<spec::Expr> args;
  for (const auto& a : spec.arguments) {
    SCTRACE_TRY_ASSIGN(e, spec::parse_expression(a));
    args.push_back(std::move(e));
  }
  std::optional<spec::Expr> filter;
  if (!spec.filter.empty()) {
    SCTRACE_TRY_ASSIGN(f, spec::parse_expression(spec.filter));
    filter = std::move(f);
  }

  // For return probes the exit probe reads arguments stashed at entry.
  RenderContext ctx = probe.entry;
  std::vector<std::pair<std::string, std::string>> stash; // slot -> entry expr
  if (probe.is_return) {
    std::vector<int> used_args;
    std::vector<std::string> used_fields;
    for (const auto& e : args)
      collect_arguments(e, used_args, used_fields);
    if (filter)
      collect_arguments(*filter, used_args, used_fields);
    RenderContext exit_ctx;
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
        stash.emplace_back(slot, v.expr);
      // Pointers are read at exit, when the kernel has faulted them in.
      exit_ctx.args.push_back(
          {"$sctrace_a" + slot, false, v.user_pointer || v.char_pointer});
    }
    for (const auto& [name, v] : probe.entry.fields) {
      bool used = std::find(used_fields.begin(), used_fields.end(), name) !=
                  used_fields.end();
      std::string slot = "f_" + name;
      if (used)
        stash.emplace_back(slot, v.expr);
      exit_ctx.fields[name] = {"$sctrace_a" + slot, false,
                               v.user_pointer || v.char_pointer};
    }
    ctx = std::move(exit_ctx);
  }

  ProbeOutput out;
  out.layout.function = probe.function;
  out.layout.probe = probe.is_return ? probe.exit_probe : probe.entry_probe;
  out.layout.format = spec.format;
  out.layout.kernel_stack = spec.kernel_stack;
  out.layout.user_stack = spec.user_stack;

  data values{data::type::list};
  for (std::size_t i = 0; i < args.size(); ++i) {
    SCTRACE_TRY_ASSIGN(v,
                       render_value(args[i], format.specifiers[i].kind, ctx));
    data item;
    item.set("value", v.value);
    values << item;
    out.layout.values.push_back({v.kind, spec.arguments[i]});
    if (v.reads_string)
      ++out.strings;
    // retval printed as a string (%s, %K, %U) is not the integer return
    // value; an integer slot is added for it below.
    if (args[i].kind == spec::ExprKind::Retval && v.kind == ValueKind::Int)
      out.layout.retval_index = static_cast<int>(i);
  }
  out.layout.format_args = args.size();
  if (probe.is_return && out.layout.retval_index < 0) {
    data item;
    item.set("value", *ctx.retval);
    values << item;
    out.layout.values.push_back({ValueKind::Int, "retval"});
    out.layout.retval_index = static_cast<int>(out.layout.values.size() - 1);
  }

  data emit;
  emit.set("id", std::to_string(id));
  emit.set("values", values);
  emit.set("kernel_stack", spec.kernel_stack);
  emit.set("user_stack", spec.user_stack);
  std::string emit_text = render("emit", emit);

  std::string user_filter;
  if (filter) {
    SCTRACE_TRY_ASSIGN(f, render_int(*filter, ctx));
    user_filter = f;
  }
  std::string pred = kernel_predicate(spec, opt);
  std::string comment = spec::probe_type_letter(spec.probe_type) +
                        std::string(" ") + probe.function;

  data d;
  d.set("comment", comment);
  d.set("id", std::to_string(id));
  if (!probe.is_return) {
    std::string full = and_also(pred, user_filter);
    d.set("probe", probe.entry_probe);
    if (!full.empty())
      d.set("predicate", full);
    d.set("emit", emit_text);
    out.text = render("probe_entry", d);
    return out;
  }
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
  for (const auto& [slot, value] : stash) {
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
  out.text = render("probe_return", d);
  return out;
}

} // namespace

Result<GeneratedProgram> generate(const std::vector<TraceSpec>& specs,
                                  const KernelCatalog& catalog,
                                  const GenOptions& opt) {
  if (specs.empty())
    return make_error(ErrorKind::Invalid, "no probe given; pass at least one "
                                          "probe spec such as 'sys_openat'");
  Dialect dialect = dialect_for(opt.version);
  GeneratedProgram prog;
  data probes{data::type::list};
  data stash_maps{data::type::list};
  int max_strings = 0;
  for (std::size_t i = 0; i < specs.size(); ++i) {
    auto probe = generate_probe(specs[i], static_cast<int>(i), catalog, opt);
    if (!probe.ok()) {
      Error e = std::move(probe).take_error();
      if (specs.size() > 1)
        e.message = "probe " + std::to_string(i + 1) + ": " + e.message;
      return e;
    }
    max_strings = std::max(max_strings, probe->strings);
    data item;
    item.set("text", probe->text);
    probes << item;
    for (const auto& m : probe->stash_maps) {
      data s;
      s.set("name", m);
      stash_maps << s;
    }
    prog.layout.probes.push_back(std::move(probe->layout));
  }

  // str() size: as large as the per-probe string budget allows.
  int size = opt.string_size;
  if (size == 0) {
    size = dialect.default_strlen;
    if (max_strings > 0)
      size = std::min(dialect.max_strlen,
                      dialect.string_bytes_per_probe / max_strings / 8 * 8);
  }
  if (size < 8 || size > dialect.max_strlen)
    return make_error(ErrorKind::Invalid,
                      "string size " + std::to_string(size) +
                          " is out of range: bpftrace " + opt.version.text() +
                          " takes 8 to " + std::to_string(dialect.max_strlen));
  if (max_strings * size > dialect.string_bytes_per_probe)
    return make_error(ErrorKind::Invalid,
                      std::to_string(max_strings) + " string arguments of " +
                          std::to_string(size) + " bytes do not fit the " +
                          std::to_string(dialect.string_bytes_per_probe) +
                          "-byte string budget of one probe on bpftrace " +
                          opt.version.text() +
                          "; use fewer %s arguments per probe or a smaller -Z");
  prog.string_size = size;
  prog.env.emplace_back(dialect.strlen_env, std::to_string(size));

  data d;
  d.set("bpftrace_version", opt.version.text());
  d.set("probes", probes);
  d.set("stash_maps", stash_maps);
  set_session_blocks(d, opt);
  prog.text = render("program", d);
  return prog;
}

} // namespace sctrace::gen
