#include "gen/expr_render.h"

#include <algorithm>
#include <map>
#include <vector>

#include "gen/binary_literal.h"
#include "util/strings.h"

namespace sctrace::gen {

using spec::Expr;
using spec::ExprKind;

namespace {

Error at(const Expr& e, std::string message) {
  return Error{ErrorKind::Invalid, std::move(message), e.pos};
}

// C cast names accepted by the grammar -> bpftrace cast types.
const std::map<std::string, std::string>& cast_types() {
  static const std::map<std::string, std::string> m = {
      {"char", "int8"},
      {"signed char", "int8"},
      {"unsigned char", "uint8"},
      {"short", "int16"},
      {"unsigned short", "uint16"},
      {"int", "int32"},
      {"signed", "int32"},
      {"signed int", "int32"},
      {"unsigned", "uint32"},
      {"unsigned int", "uint32"},
      {"long", "int64"},
      {"unsigned long", "uint64"},
      {"long long", "int64"},
      {"unsigned long long", "uint64"},
      {"s8", "int8"},
      {"u8", "uint8"},
      {"s16", "int16"},
      {"u16", "uint16"},
      {"s32", "int32"},
      {"u32", "uint32"},
      {"s64", "int64"},
      {"u64", "uint64"},
      {"int8_t", "int8"},
      {"uint8_t", "uint8"},
      {"int16_t", "int16"},
      {"uint16_t", "uint16"},
      {"int32_t", "int32"},
      {"uint32_t", "uint32"},
      {"int64_t", "int64"},
      {"uint64_t", "uint64"},
  };
  return m;
}

bool is_operator(const std::string& op) {
  static const char* ops[] = {
      "+",  "-",  "*",  "/", "%",  "&", "|",  "^",  "<<",
      ">>", "==", "!=", "<", "<=", ">", ">=", "&&", "||"};
  return std::find(std::begin(ops), std::end(ops), op) != std::end(ops);
}

} // namespace

Result<ValueRef> lookup_value(const Expr& e, const RenderContext& ctx) {
  if (e.kind == ExprKind::Arg) {
    if (e.arg_index < 1 ||
        static_cast<std::size_t>(e.arg_index) > ctx.args.size()) {
      std::string have = ctx.field_names.empty()
                             ? ""
                             : " (" + util::join(ctx.field_names, ", ") + ")";
      std::size_t n = ctx.args.size();
      return at(e, ctx.probe_name + " has " + std::to_string(n) +
                       (n == 1 ? " argument" : " arguments") + have + "; arg" +
                       std::to_string(e.arg_index) + " does not exist");
    }
    ValueRef v = ctx.args[e.arg_index - 1];
    if (e.user)
      v.user_pointer = true;
    return v;
  }
  auto it = ctx.fields.find(e.text);
  if (it == ctx.fields.end()) {
    std::string hint;
    auto close = util::closest_names(e.text, ctx.field_names);
    if (!close.empty())
      hint = "; did you mean args->" + close.front() + "?";
    else if (!ctx.field_names.empty())
      hint = "; its fields are " + util::join(ctx.field_names, ", ");
    return at(e, ctx.probe_name + " has no field '" + e.text + "'" + hint);
  }
  return it->second;
}

std::string bpftrace_string_literal(std::string_view bytes) {
  static const char hex[] = "0123456789abcdef";
  std::string out = "\"";
  for (unsigned char c : bytes) {
    if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
      out.push_back(static_cast<char>(c));
    } else {
      out += "\\x";
      out.push_back(hex[c >> 4]);
      out.push_back(hex[c & 0xF]);
    }
  }
  out.push_back('"');
  return out;
}

bool string_read_may_fail(const Expr& e, const RenderContext& ctx) {
  switch (e.kind) {
  case ExprKind::String:
    return false;
  case ExprKind::Field: {
    auto v = lookup_value(e, ctx);
    return v.ok() && (v->char_pointer || v->user_pointer);
  }
  default:
    return true;
  }
}

Result<std::string> render_string(const Expr& e, const RenderContext& ctx) {
  switch (e.kind) {
  case ExprKind::String:
    return bpftrace_string_literal(e.text);
  case ExprKind::Arg:
  case ExprKind::Field: {
    SCTRACE_TRY_ASSIGN(v, lookup_value(e, ctx));
    // A char[N] field holds the string itself: bpftrace prints it as it
    // is and refuses str() of it.
    if (v.field && v.field->kind() == FieldKind::CharArray)
      return v.expr;
    if (v.char_pointer)
      return "str(" + v.expr + ")";
    if (v.user_pointer)
      return "str(uptr(" + v.expr + "))";
    return "str(" + v.expr + ")";
  }
  default: {
    SCTRACE_TRY_ASSIGN(inner, render_int(e, ctx));
    return "str(" + inner + ")";
  }
  }
}

namespace {

// A trace.py variable ($pid, $tgid, ...) as the bpftrace builtin.
Result<std::string> render_builtin(const Expr& e) {
  // trace.py: $pid is the thread id, $tgid the process id.
  static const std::map<std::string, std::string> b = {{"pid", "tid"},
                                                       {"tgid", "pid"},
                                                       {"uid", "uid"},
                                                       {"gid", "gid"},
                                                       {"cpu", "cpu"}};
  auto it = b.find(e.text);
  if (it == b.end())
    return at(e, "unknown variable $" + e.text);
  return it->second;
}

Result<std::string> render_unary(const Expr& e, const RenderContext& ctx) {
  if (e.children.size() != 1 ||
      (e.text != "!" && e.text != "~" && e.text != "-"))
    return at(e, "invalid unary operator");
  SCTRACE_TRY_ASSIGN(a, render_int(e.children[0], ctx));
  return "(" + e.text + a + ")";
}

Result<std::string> render_cast(const Expr& e, const RenderContext& ctx) {
  auto it = cast_types().find(e.text);
  if (it == cast_types().end() || e.children.size() != 1)
    return at(e, "unsupported cast to '" + e.text + "'");
  SCTRACE_TRY_ASSIGN(a, render_int(e.children[0], ctx));
  return "((" + it->second + ")" + a + ")";
}

// A valid binary operation on integers (no string literal on either side).
bool integer_binary(const Expr& e) {
  return e.kind == ExprKind::Binary && e.children.size() == 2 &&
         is_operator(e.text) && e.children[0].kind != ExprKind::String &&
         e.children[1].kind != ExprKind::String;
}

// A binary operation that is not an integer_binary: an invalid one, or a
// string comparison (a string literal on either side; == or != only).
Result<std::string> render_other_binary(const Expr& e,
                                        const RenderContext& ctx) {
  if (e.children.size() != 2 || !is_operator(e.text))
    return at(e, "invalid binary operator");
  if (e.text != "==" && e.text != "!=")
    return at(e, "strings can only be compared with == or !=");
  // "lit" == arg2 compares the string the argument points to.
  SCTRACE_TRY_ASSIGN(a, render_string(e.children[0], ctx));
  SCTRACE_TRY_ASSIGN(b, render_string(e.children[1], ctx));
  return "(" + a + " " + e.text + " " + b + ")";
}

// Long expressions are left-deep chains (a + b + c ...: the grammar makes
// every operator left-associative). Their left spine is walked in a loop,
// so the stack does not grow with a chain's length; only right operands,
// unary operands, casts and STRCMP recurse, and the grammar bounds their
// nesting (parentheses and unary operators by max_expression_depth, right
// operands by the number of precedence levels). The text and the order in
// which errors are found equal those of the plain recursion.
Result<std::string> render_binary(const Expr& e, const RenderContext& ctx) {
  if (!integer_binary(e))
    return render_other_binary(e, ctx);
  std::vector<const Expr*> spine;
  const Expr* bottom = &e;
  for (; integer_binary(*bottom); bottom = &bottom->children[0])
    spine.push_back(bottom);
  SCTRACE_TRY_ASSIGN(first, render_int(*bottom, ctx));
  std::string tail;
  for (auto it = spine.rbegin(); it != spine.rend(); ++it) {
    SCTRACE_TRY_ASSIGN(right, render_int((*it)->children[1], ctx));
    tail += " " + (*it)->text + " " + right + ")";
  }
  return std::string(spine.size(), '(') + first + tail;
}

// -B: the bytes STRCMP compares (all of the list but the last, as
// trace.py), and how many: a NUL among them ends the string, so the
// comparison includes it (an exact match) and nothing may follow it.
Result<std::pair<std::string, std::size_t>> binary_needle(const Expr& literal) {
  auto bytes = parse_binary_literal(literal.text);
  if (!bytes.ok())
    return at(literal, bytes.error().message);
  std::string needle =
      bytes->empty() ? "" : bytes->substr(0, bytes->size() - 1);
  std::size_t nul = needle.find('\0');
  if (nul == std::string::npos)
    return std::pair{needle, needle.size()};
  if (nul + 1 != needle.size())
    return at(literal, "with -B, a STRCMP byte list can hold 0x00 only as "
                       "its last compared byte: a string ends at its first "
                       "NUL, so bytes after it cannot be compared");
  return std::pair{needle.substr(0, nul), nul + 1};
}

Result<std::string> render_strcmp(const Expr& e, const RenderContext& ctx) {
  if (e.children.size() != 2 || e.children[0].kind != ExprKind::String)
    return at(e, "STRCMP takes a string literal and an expression");
  std::string lit = e.children[0].text;
  std::size_t compared = lit.size();
  if (ctx.binary_strcmp && !lit.empty() && lit.front() == '{') {
    SCTRACE_TRY_ASSIGN(needle, binary_needle(e.children[0]));
    lit = needle.first;
    compared = needle.second;
  }
  if (compared == 0)
    return std::string("1");
  SCTRACE_TRY_ASSIGN(s, render_string(e.children[1], ctx));
  // trace.py's STRCMP compares strlen(lit) bytes: a prefix match.
  return "(strncmp(" + s + ", " + bpftrace_string_literal(lit) + ", " +
         std::to_string(compared) + ") == 0)";
}

} // namespace

Result<std::string> render_int(const Expr& e, const RenderContext& ctx) {
  switch (e.kind) {
  case ExprKind::Int:
    return std::to_string(e.int_value);
  case ExprKind::String:
    return at(e, "a string literal can only be compared with == or != or "
                 "used in STRCMP()");
  case ExprKind::Arg:
  case ExprKind::Field: {
    SCTRACE_TRY_ASSIGN(v, lookup_value(e, ctx));
    return v.expr;
  }
  case ExprKind::Retval:
    if (!ctx.retval)
      return at(e, "retval is only available in return probes (r:...)");
    return *ctx.retval;
  case ExprKind::Builtin:
    return render_builtin(e);
  case ExprKind::Unary:
    return render_unary(e, ctx);
  case ExprKind::Cast:
    return render_cast(e, ctx);
  case ExprKind::Binary:
    return render_binary(e, ctx);
  case ExprKind::Strcmp:
    return render_strcmp(e, ctx);
  }
  return at(e, "unsupported expression");
}

bool uses_arguments(const Expr& e) {
  return !spec::for_each_node(e, [](const Expr& node) {
    return node.kind != ExprKind::Arg && node.kind != ExprKind::Field;
  });
}

bool uses_retval(const Expr& e) {
  return !spec::for_each_node(
      e, [](const Expr& node) { return node.kind != ExprKind::Retval; });
}

void collect_arguments(const Expr& e, std::vector<int>& args,
                       std::vector<std::string>& fields) {
  spec::for_each_node(e, [&](const Expr& node) {
    if (node.kind == ExprKind::Arg &&
        std::find(args.begin(), args.end(), node.arg_index) == args.end())
      args.push_back(node.arg_index);
    if (node.kind == ExprKind::Field &&
        std::find(fields.begin(), fields.end(), node.text) == fields.end())
      fields.push_back(node.text);
    return true;
  });
}

} // namespace sctrace::gen
