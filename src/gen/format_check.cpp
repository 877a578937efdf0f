// check_format_argument (gen/format_check.h).
#include "gen/format_check.h"

#include <string>

namespace sctrace::gen {

using spec::Expr;
using spec::ExprKind;
using spec::FormatKind;

namespace {

// "arg3 of sys_read (size_t count)" / "args->prev_comm of sched:sched_switch
// (char prev_comm[16])".
std::string describe(const Expr& e, const RenderContext& ctx,
                     const TracepointField& f) {
  std::string name = e.kind == ExprKind::Arg
                         ? "arg" + std::to_string(e.arg_index)
                         : "args->" + e.text;
  return name + " of " + ctx.probe_name + " is `" + f.declaration() + "`";
}

Error refuse(const Expr& e, std::string message) {
  return Error{ErrorKind::Invalid, std::move(message), e.pos};
}

Result<void> check_string_specifier(const Expr& e, const RenderContext& ctx,
                                    const TracepointField& f) {
  FieldKind k = f.kind();
  if (k == FieldKind::Integer && !e.user)
    return refuse(e, "%s prints a string, but " + describe(e, ctx, f) +
                         ", an integer; print it with %d (or %lu, %lx)" +
                         (e.kind == ExprKind::Arg
                              ? ", or write arg" + std::to_string(e.arg_index) +
                                    "@user if it holds a user-space address"
                              : std::string()));
  return Ok{};
}

Result<void> check_number_specifier(const Expr& e, const RenderContext& ctx,
                                    const spec::FormatSpecifier& s,
                                    const TracepointField& f) {
  FieldKind k = f.kind();
  bool address = s.kind == FormatKind::Hex || s.kind == FormatKind::Ksym ||
                 s.kind == FormatKind::Usym;
  if (k == FieldKind::CharPointer && !address)
    return refuse(e, s.text + " prints a number, but " + describe(e, ctx, f) +
                         ", a string; print its text with %s, or its " +
                         "address with %lx");
  if (k == FieldKind::CharArray || k == FieldKind::DynamicString)
    return refuse(e, s.text + " prints a number, but " + describe(e, ctx, f) +
                         ", a string stored in the event; print it with %s");
  return Ok{};
}

} // namespace

Result<void> check_format_argument(const Expr& e,
                                   const spec::FormatSpecifier& s,
                                   const RenderContext& ctx) {
  if (e.kind != ExprKind::Arg && e.kind != ExprKind::Field)
    return Ok{};
  SCTRACE_TRY_ASSIGN(v, lookup_value(e, ctx));
  if (!v.field)
    return Ok{};
  const TracepointField& f = *v.field;
  if (f.kind() == FieldKind::Array)
    return refuse(e, describe(e, ctx, f) + ", an array; sctrace can print " +
                         "only numbers and strings");
  if (s.kind == FormatKind::String)
    return check_string_specifier(e, ctx, f);
  return check_number_specifier(e, ctx, s, f);
}

} // namespace sctrace::gen
