#include "gen/probe_resolve.h"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "gen/elf_symbols.h"
#include "gen/kernel_hints.h"
#include "gen/usdt_resolve.h"
#include "util/strings.h"

namespace fs = std::filesystem;

namespace sctrace::gen {

using spec::ProbeType;
using spec::TraceSpec;

std::string syscall_name_of(std::string_view target) {
  for (std::string_view prefix :
       {"__x64_sys_", "__ia32_sys_", "__se_sys_", "__do_sys_", "sys_enter_",
        "sys_exit_", "sys_", "SyS_"}) {
    if (target.size() > prefix.size() &&
        target.substr(0, prefix.size()) == prefix)
      return std::string(target.substr(prefix.size()));
  }
  return {};
}

namespace {

std::vector<std::string> syscall_names(const KernelCatalog& catalog) {
  std::vector<std::string> names;
  for (const auto& ev : catalog.events("syscalls"))
    if (ev.rfind("sys_enter_", 0) == 0)
      names.push_back(ev.substr(10));
  return names;
}

// Fills ctx.args/fields from tracepoint fields. For syscall tracepoints the
// __syscall_nr field is not an argument, and every pointer is a user pointer.
void fill_context(RenderContext& ctx,
                  const std::vector<TracepointField>& fields, bool syscall) {
  for (const auto& f : fields) {
    ValueRef v{"args->" + f.name, f.is_string(), syscall, f};
    ctx.fields[f.name] = v;
    if (f.name == "__syscall_nr")
      continue;
    ctx.field_names.push_back(f.name);
    ctx.args.push_back(v);
  }
}

// arg1..argCOUNT are the probe's positional arguments (arg0.. in bpftrace).
void fill_positional(RenderContext& ctx, bool user, int count = 6) {
  for (int i = 0; i < std::min(count, 6); ++i)
    ctx.args.push_back({"arg" + std::to_string(i), false, user, std::nullopt});
}

Error unknown_syscall(const std::string& name, const std::string& target,
                      const KernelCatalog& catalog) {
  auto close = util::closest_names(name, syscall_names(catalog));
  std::string msg = "unknown syscall '" + name + "' (from " + target +
                    "): there is no tracepoint syscalls:sys_enter_" + name;
  if (!close.empty()) {
    for (auto& c : close)
      c = "sys_" + c;
    msg += "; did you mean " + util::join(close, ", ") + "?";
  }
  return make_error(ErrorKind::NotFound, msg);
}

Error no_kprobes(const std::string& target, const KernelCatalog& catalog) {
  return make_error(ErrorKind::Unsupported,
                    "cannot trace kernel function '" + target +
                        "': kprobes are not available on this kernel "
                        "(CONFIG_KPROBES is off)" +
                        kernel_function_hint(target, catalog));
}

// NotFound with the closest names when name is not in the sorted list.
Result<void> check_function(const std::string& name,
                            const std::vector<std::string>& sorted,
                            const std::string& where) {
  if (std::binary_search(sorted.begin(), sorted.end(), name))
    return Ok{};
  std::string msg = "function '" + name + "' is not " + where;
  auto close = util::closest_names(name, sorted);
  if (!close.empty())
    msg += "; did you mean " + util::join(close, ", ") + "?";
  return make_error(ErrorKind::NotFound, msg);
}

Result<ResolvedProbe> resolve_syscall(const TraceSpec& spec,
                                      const std::string& name,
                                      const KernelCatalog& catalog) {
  auto fields = catalog.tracepoint_fields("syscalls", "sys_enter_" + name);
  if (!fields.ok())
    return unknown_syscall(name, spec.target, catalog);
  ResolvedProbe r;
  r.kind = AttachKind::Tracepoint;
  r.syscall = true;
  r.is_return = spec.probe_type == ProbeType::Return;
  r.function = "sys_" + name;
  r.entry_probe = "tracepoint:syscalls:sys_enter_" + name;
  r.exit_probe = "tracepoint:syscalls:sys_exit_" + name;
  r.entry.probe_name = r.function;
  fill_context(r.entry, *fields, true);
  return r;
}

bool is_file(const fs::path& p) {
  std::error_code ec;
  return fs::is_regular_file(p, ec);
}

bool is_elf(const fs::path& p) {
  if (!is_file(p))
    return false;
  std::ifstream in(p, std::ios::binary);
  char magic[4] = {};
  in.read(magic, 4);
  return in && magic[0] == 0x7f && magic[1] == 'E' && magic[2] == 'L' &&
         magic[3] == 'F';
}

} // namespace

Result<std::string> resolve_library(std::string_view name) {
  if (name.empty())
    return make_error(ErrorKind::Invalid, "empty library name");
  if (name.find('/') != std::string_view::npos) {
    std::error_code ec;
    fs::path p = fs::weakly_canonical(fs::path(name), ec);
    if (ec || !is_file(p))
      return make_error(ErrorKind::NotFound, "library or binary '" +
                                                 std::string(name) +
                                                 "' does not exist");
    return p.string();
  }
  std::string base(name);
  // lib<name>.so is often a linker script, so only ELF files count; an
  // exact lib<name>.so wins over versioned ones, then the shortest name.
  for (const char* dir :
       {"/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/lib64",
        "/usr/lib64", "/lib", "/usr/lib", "/usr/local/lib"}) {
    std::string best;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(dir, ec)) {
      std::string fname = e.path().filename().string();
      std::string stem = "lib" + base + ".so";
      bool match = fname == stem || fname.rfind(stem + ".", 0) == 0;
      if (!match || !is_elf(e.path()))
        continue;
      if (best.empty() || fname.size() < best.size())
        best = fname;
    }
    if (!best.empty())
      return fs::canonical(fs::path(dir) / best, ec).string();
  }
  const char* path = std::getenv("PATH");
  for (const auto& dir : util::split(path ? path : "/usr/bin:/bin", ':')) {
    fs::path p = fs::path(dir.empty() ? "." : dir) / base;
    if (is_file(p) && ::access(p.c_str(), X_OK) == 0) {
      std::error_code ec;
      return fs::canonical(p, ec).string();
    }
  }
  return make_error(ErrorKind::NotFound,
                    "cannot find library or executable '" + base +
                        "' (looked for lib" + base +
                        ".so* in the linker's directories and " + base +
                        " in PATH); give its full path instead");
}

namespace {

// t:CATEGORY:EVENT: the tracepoint's fields, or an error that names the
// closest event.
Result<ResolvedProbe> resolve_tracepoint(const TraceSpec& spec,
                                         const KernelCatalog& catalog) {
  auto fields = catalog.tracepoint_fields(spec.library, spec.target);
  if (!fields.ok()) {
    auto close = util::closest_names(spec.target, catalog.events(spec.library));
    std::string msg = "unknown tracepoint " + spec.library + ":" + spec.target;
    if (!close.empty())
      msg += "; did you mean " + spec.library + ":" + close.front() + "?";
    else
      msg +=
          "; list them with `bpftrace -l 'tracepoint:" + spec.library + ":*'`";
    return make_error(ErrorKind::NotFound, msg);
  }
  ResolvedProbe r;
  r.kind = AttachKind::Tracepoint;
  r.function = spec.target;
  r.entry_probe = "tracepoint:" + spec.library + ":" + spec.target;
  r.entry.probe_name = spec.library + ":" + spec.target;
  bool syscall = spec.library == "syscalls";
  r.syscall = false;
  fill_context(r.entry, *fields, syscall);
  return r;
}

// u:LIBRARY:PROBE (or u::PROBE in process pid): a USDT probe its binary
// declares, with as many arguments as it has (gen/usdt_resolve.h).
Result<ResolvedProbe> resolve_usdt(const TraceSpec& spec,
                                   std::optional<std::int64_t> pid) {
  SCTRACE_TRY_ASSIGN(where, locate_usdt_probe(spec, pid));
  ResolvedProbe r;
  r.kind = AttachKind::Usdt;
  r.function = spec.target;
  r.entry_probe = "usdt:" + where.path + ":" + spec.target;
  r.entry.probe_name = "USDT probe " + where.name;
  fill_positional(r.entry, true, where.arg_count.value_or(6));
  return r;
}

// p:LIBRARY:FUNCTION and r:LIBRARY:FUNCTION: a uprobe (uretprobe) on the
// resolved library, whose symbols must define the function when they can
// be read.
Result<ResolvedProbe> resolve_uprobe(const TraceSpec& spec) {
  SCTRACE_TRY_ASSIGN(path, resolve_library(spec.library));
  // Unreadable or unusual files, and libraries whose symbol tables are
  // over kMaxElfSymbolBytes, are left to bpftrace to judge: the check only
  // adds "did you mean" names, and must not keep a big library untraced.
  if (auto syms = elf_function_symbols(path); syms.ok() && !syms->empty())
    SCTRACE_TRY(check_function(spec.target, *syms, "defined in " + path));
  ResolvedProbe r;
  r.is_return = spec.probe_type == ProbeType::Return;
  r.kind = AttachKind::Uprobe;
  r.function = spec.target;
  std::string off = spec.offset ? "+" + std::to_string(spec.offset) : "";
  r.entry_probe = "uprobe:" + path + ":" + spec.target + off;
  r.exit_probe = "uretprobe:" + path + ":" + spec.target;
  r.entry.probe_name = spec.target;
  fill_positional(r.entry, true);
  return r;
}

// p::FUNCTION and r::FUNCTION: a syscall's tracepoints for sys_NAME,
// else a kprobe (kretprobe) on a traceable kernel function.
Result<ResolvedProbe> resolve_kernel_function(const TraceSpec& spec,
                                              const KernelCatalog& catalog) {
  std::string sys = syscall_name_of(spec.target);
  if (!sys.empty())
    return resolve_syscall(spec, sys, catalog);
  if (!catalog.kprobes_available())
    return no_kprobes(spec.target, catalog);
  if (auto funcs = catalog.kernel_functions(); !funcs.empty())
    SCTRACE_TRY(
        check_function(spec.target, funcs, "a traceable kernel function"));
  ResolvedProbe r;
  r.is_return = spec.probe_type == ProbeType::Return;
  r.kind = AttachKind::Kprobe;
  r.function = spec.target;
  std::string off = spec.offset ? "+" + std::to_string(spec.offset) : "";
  r.entry_probe = "kprobe:" + spec.target + off;
  r.exit_probe = "kretprobe:" + spec.target;
  r.entry.probe_name = spec.target;
  fill_positional(r.entry, false);
  return r;
}

} // namespace

Result<ResolvedProbe> resolve_probe(const TraceSpec& spec,
                                    const KernelCatalog& catalog,
                                    std::optional<std::int64_t> pid) {
  switch (spec.probe_type) {
  case ProbeType::Tracepoint:
    return resolve_tracepoint(spec, catalog);
  case ProbeType::Usdt:
    return resolve_usdt(spec, pid);
  case ProbeType::Entry:
  case ProbeType::Return:
    break;
  }
  if (!spec.library.empty())
    return resolve_uprobe(spec);
  return resolve_kernel_function(spec, catalog);
}

} // namespace sctrace::gen
