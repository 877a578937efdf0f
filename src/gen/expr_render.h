// Renders spec::Expr trees (filters and format arguments) as bpftrace
// expressions for one probe context.
//
// Safety contract: the output contains only
//  - operators and casts from closed sets,
//  - integer literals printed by this code,
//  - string literals re-escaped byte by byte (printable ASCII other than
//    '"' and '\\' as is, everything else as \xHH),
//  - the value expressions in the RenderContext, which the generator builds.
// So no user-supplied text can reach the program verbatim.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "gen/tracefs.h"
#include "spec/expr.h"
#include "util/result.h"

namespace sctrace::gen {

// How one probe argument (argN or args->field) is read in this context.
struct ValueRef {
  std::string expr;          // bpftrace integer expression, e.g. args->count
  bool char_pointer = false; // str(expr) reads the string directly
  bool user_pointer = false; // otherwise str(uptr(expr)) for user memory
  // The tracepoint field it reads, when known (tracepoints and syscalls;
  // not kprobe, uprobe or USDT arguments): its type decides which format
  // specifiers fit (gen/format_check.h) and how %s reads it.
  std::optional<TracepointField> field;
};

struct RenderContext {
  std::string probe_name;                 // for error messages, e.g. "sys_read"
  std::vector<ValueRef> args;             // args[0] is arg1
  std::map<std::string, ValueRef> fields; // tracepoint fields by name
  std::vector<std::string> field_names;   // in declaration order, for hints
  std::optional<std::string> retval;      // return value expression, if any
  // -B: STRCMP literals are byte lists (gen/binary_literal.h).
  bool binary_strcmp = false;
};

// The value an argN or args->NAME node reads, or an error (with the
// node's position) that names what exists.
Result<ValueRef> lookup_value(const spec::Expr& e, const RenderContext& ctx);

// A bpftrace string literal for bytes (quotes included).
std::string bpftrace_string_literal(std::string_view bytes);

// Renders an expression as an integer-valued bpftrace expression.
Result<std::string> render_int(const spec::Expr& e, const RenderContext& ctx);

// True when render_string(e) reads the string through a pointer (str() of
// an argument, a char pointer field, retval or an integer expression), so
// an empty result may be a failed read (a page not faulted in): bpftrace
// 0.17 and 0.23 both give "" then and tell the program nothing. False for
// literals and for strings stored in the record itself (char arrays,
// __data_loc fields), which read from kernel memory and cannot fail.
bool string_read_may_fail(const spec::Expr& e, const RenderContext& ctx);

// Renders an expression read as a string (for %s): str() of a pointer.
Result<std::string> render_string(const spec::Expr& e,
                                  const RenderContext& ctx);

// Whether the expression mentions argN / args->field (so a return probe
// must stash them at entry) or retval.
bool uses_arguments(const spec::Expr& e);
bool uses_retval(const spec::Expr& e);

// Collects the argument numbers and field names an expression reads.
void collect_arguments(const spec::Expr& e, std::vector<int>& args,
                       std::vector<std::string>& fields);

} // namespace sctrace::gen
