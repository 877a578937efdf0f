// Default formats for remote programs without one (default_action.h).
#include "remote/default_action.h"

#include "gen/syscall_args.h"
#include "spec/parser.h"

namespace sctrace::remote {
namespace {

using spec::ProbeType;
using spec::TraceSpec;

struct Action {
  std::string format;
  std::vector<std::string> arguments;
};

// The conversion for one typed field; strings_left counts %s still
// allowed (the rest are printed as addresses).
std::string conversion(const gen::TracepointField& f, bool path,
                       int& strings_left) {
  if (path && strings_left > 0) {
    --strings_left;
    return "%s";
  }
  if (f.type.find('*') != std::string::npos ||
      f.type.find('[') != std::string::npos)
    return "0x%lx";
  return f.is_signed ? "%ld" : "%lu";
}

Action syscall_action(const std::string& name,
                      const std::vector<gen::TracepointField>& all,
                      bool is_return, int strings) {
  Action a;
  a.format = name + "(";
  auto fields = gen::syscall_arg_fields(all);
  for (std::size_t i = 0; i < fields.size(); ++i) {
    a.format += (i ? ", " : "") +
                conversion(fields[i], gen::is_path_like(fields[i]), strings);
    a.arguments.push_back("arg" + std::to_string(i + 1));
  }
  a.format += ")";
  if (is_return) {
    a.format += " = %ld";
    a.arguments.push_back("retval");
  }
  return a;
}

// A scalar tracepoint field: no arrays, no __data_loc strings.
bool scalar(const gen::TracepointField& f) {
  return f.type.find('[') == std::string::npos &&
         f.type.find("__data_loc") == std::string::npos && f.size <= 8;
}

Action tracepoint_action(const std::vector<gen::TracepointField>& fields,
                         int strings) {
  Action a;
  for (const auto& f : fields) {
    if (!scalar(f) || a.arguments.size() == 6)
      continue;
    a.format += (a.arguments.empty() ? "" : " ") + f.name + "=" +
                conversion(f, f.is_string(), strings);
    a.arguments.push_back("args->" + f.name);
  }
  return a;
}

Action raw_action(bool is_return) {
  Action a;
  if (is_return) {
    a.format = "= %ld";
    a.arguments.push_back("retval");
    return a;
  }
  for (int i = 1; i <= 6; ++i) {
    a.format +=
        (i > 1 ? " " : "") + std::string("arg") + std::to_string(i) + "=0x%lx";
    a.arguments.push_back("arg" + std::to_string(i));
  }
  return a;
}

Action action_for(const TraceSpec& spec, const gen::ResolvedProbe& probe,
                  const gen::KernelCatalog& catalog, int strings) {
  const bool ret = spec.probe_type == ProbeType::Return;
  if (probe.syscall) {
    std::string name = gen::syscall_name_of(spec.target);
    auto fields = catalog.tracepoint_fields("syscalls", "sys_enter_" + name);
    return fields.ok() ? syscall_action(name, *fields, ret, strings) : Action{};
  }
  if (probe.kind == gen::AttachKind::Tracepoint) {
    auto fields = catalog.tracepoint_fields(spec.library, spec.target);
    return fields.ok() ? tracepoint_action(*fields, strings) : Action{};
  }
  if (probe.kind == gen::AttachKind::Usdt)
    return {};
  return raw_action(ret);
}

// SPEC with ACTION, when it parses and validates.
std::optional<TraceSpec> apply(TraceSpec spec, const Action& action) {
  spec.format = action.format;
  for (const auto& text : action.arguments) {
    auto e = spec::Expression::parse(text);
    if (!e.ok())
      return std::nullopt;
    spec.arguments.push_back(std::move(e).value());
  }
  if (!spec::validate(spec).ok())
    return std::nullopt;
  return spec;
}

} // namespace

TraceSpec with_default_action(TraceSpec spec, const gen::ResolvedProbe& probe,
                              const gen::KernelCatalog& catalog) {
  if (!spec.format.empty() || !spec.arguments.empty())
    return spec;
  for (int strings : {6, 1, 0}) {
    Action action = action_for(spec, probe, catalog, strings);
    if (action.format.empty())
      return spec;
    if (auto done = apply(spec, action))
      return *done;
  }
  return spec;
}

} // namespace sctrace::remote
