// The remote policy (policy.h): which probe kinds, and which string reads.
#include "remote/policy.h"

#include "spec/parser.h"

namespace sctrace::remote {
namespace {

using spec::Expr;
using spec::ExprKind;

Error refused(std::string why) {
  return make_error(ErrorKind::Permission, std::move(why));
}

Error user_probes_refused() {
  return refused("uprobes and USDT probes are not allowed for remote "
                 "requests on this server: they read any process's "
                 "memory; trace a syscall or a tracepoint, or ask the "
                 "operator to start sctrace with --allow-uprobes");
}

Result<void> check_kind(const gen::ResolvedProbe& probe,
                        const RemotePolicy& policy) {
  using gen::AttachKind;
  if ((probe.kind == AttachKind::Uprobe || probe.kind == AttachKind::Usdt) &&
      !policy.allow_uprobes)
    return user_probes_refused();
  if (probe.kind == AttachKind::Kprobe && !probe.syscall &&
      !policy.allow_kernel_functions)
    return refused("kernel functions (" + probe.function +
                   ") are not allowed for remote requests on this server; "
                   "trace a syscall or a tracepoint, or ask the operator to "
                   "start sctrace with --allow-kernel-functions");
  return Ok{};
}

// Whether E, read as a string, reads a pointer the probe declares.
bool declared_string(const Expr& e, const gen::RenderContext& ctx,
                     bool untyped_ok) {
  if (e.kind == ExprKind::String)
    return true;
  if (e.kind == ExprKind::Field) {
    auto it = ctx.fields.find(e.text);
    return it != ctx.fields.end() && it->second.char_pointer;
  }
  if (e.kind != ExprKind::Arg || e.arg_index < 1 ||
      e.arg_index > static_cast<int>(ctx.args.size()))
    return false;
  return ctx.args[e.arg_index - 1].char_pointer || untyped_ok;
}

Result<void> check_string_read(const Expr& e, const gen::ResolvedProbe& probe,
                               const RemotePolicy& policy) {
  const bool untyped_ok =
      probe.kind != gen::AttachKind::Tracepoint &&
      (policy.allow_uprobes || policy.allow_kernel_functions);
  if (declared_string(e, probe.entry, untyped_ok))
    return Ok{};
  Error err = refused("reading a string at an address that is not a "
                      "string argument of " +
                      probe.function +
                      " is not allowed for remote requests; read a char * "
                      "argument (e.g. the path of an open) or compare "
                      "integers");
  err.pos = e.pos;
  return err;
}

// Every string read in a filter or an integer argument: argN@user,
// STRCMP's operand, either side of a comparison with a string literal.
Result<void> check_tree(const Expr& root, const gen::ResolvedProbe& probe,
                        const RemotePolicy& policy) {
  Result<void> verdict = Ok{};
  spec::for_each_node(root, [&](const Expr& e) {
    const Expr* read = nullptr;
    if (e.kind == ExprKind::Arg && e.user)
      read = &e;
    else if (e.kind == ExprKind::Strcmp && e.children.size() == 2)
      read = &e.children[1];
    else if (e.kind == ExprKind::Binary && e.children.size() == 2 &&
             (e.children[0].kind == ExprKind::String) !=
                 (e.children[1].kind == ExprKind::String))
      read = &e.children[e.children[0].kind == ExprKind::String ? 1 : 0];
    if (read != nullptr)
      verdict = check_string_read(*read, probe, policy);
    return verdict.ok();
  });
  return verdict;
}

} // namespace

Result<void> check_user_probe(const spec::TraceSpec& spec,
                              const RemotePolicy& policy) {
  bool user =
      spec.probe_type == spec::ProbeType::Usdt ||
      (spec.probe_type != spec::ProbeType::Tracepoint && !spec.library.empty());
  if (user && !policy.allow_uprobes)
    return user_probes_refused();
  return Ok{};
}

Result<void> check_policy(const spec::TraceSpec& spec,
                          const gen::ResolvedProbe& probe,
                          const RemotePolicy& policy) {
  SCTRACE_TRY(check_kind(probe, policy));
  if (!spec.filter.empty())
    SCTRACE_TRY(check_tree(spec.filter.tree(), probe, policy));
  if (spec.format.empty())
    return Ok{};
  SCTRACE_TRY_ASSIGN(format, spec::parse_format(spec.format));
  for (std::size_t i = 0; i < spec.arguments.size(); ++i) {
    const Expr& arg = spec.arguments[i].tree();
    if (i < format.specifiers.size() &&
        format.specifiers[i].kind == spec::FormatKind::String)
      SCTRACE_TRY(check_string_read(arg, probe, policy));
    else
      SCTRACE_TRY(check_tree(arg, probe, policy));
  }
  return Ok{};
}

} // namespace sctrace::remote
