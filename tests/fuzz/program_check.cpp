// Generated-program invariants (program_check.h), with a bpftrace lexer of
// its own so that the check does not share code with the generator.
#include "program_check.h"

#include <algorithm>
#include <filesystem>
#include <set>
#include <string_view>

#include <nlohmann/json.hpp>

#include "events/bpftrace_parser.h"
#include "fuzz_check.h"
#include "spec/json.h"
#include "spec/parser.h"

namespace sctrace::fuzz {
namespace {

using spec::ProbeType;
using spec::TraceSpec;

// ---- lexer ---------------------------------------------------------------

enum class Tok { Ident, Number, String, Punct };

struct Token {
  Tok kind;
  std::string text; // identifier, digits, decoded string bytes or operator
};

bool ident_start(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
         c == '$' || c == '@';
}
bool ident_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
         (c >= '0' && c <= '9');
}
int hex_digit(char c) {
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  return -1;
}

// The lexers of lex(): each reads one token of CODE at I, appends it to
// OUT and returns the index after it, aborting on anything the generator
// never writes.
std::size_t lex_ident(std::string_view code, std::size_t i,
                      std::vector<Token>& out) {
  const char c = code[i];
  std::size_t j = i + 1;
  while (j < code.size() && ident_char(code[j]))
    ++j;
  FUZZ_REQUIRE(j > i + 1 || (c != '$' && c != '@'),
               "a bare '" + std::string(1, c) + "' in the program");
  out.push_back({Tok::Ident, std::string(code.substr(i, j - i))});
  return j;
}

std::size_t lex_number(std::string_view code, std::size_t i,
                       std::vector<Token>& out) {
  std::size_t j = i;
  while (j < code.size() && code[j] >= '0' && code[j] <= '9')
    ++j;
  FUZZ_REQUIRE(j == code.size() || !ident_char(code[j]),
               "a number runs into a name (hex or suffix?): " +
                   std::string(code.substr(i, j - i + 1)));
  out.push_back({Tok::Number, std::string(code.substr(i, j - i))});
  return j;
}

// One escape of a string literal at J (a backslash): \n or \xHH.
std::size_t lex_escape(std::string_view code, std::size_t j,
                       std::string& bytes) {
  FUZZ_REQUIRE(j + 1 < code.size(), "escape at the end of the code");
  if (code[j + 1] == 'n') {
    bytes.push_back('\n');
    return j + 2;
  }
  FUZZ_REQUIRE(code[j + 1] == 'x' && j + 3 < code.size() &&
                   hex_digit(code[j + 2]) >= 0 && hex_digit(code[j + 3]) >= 0,
               "string escape other than \\xHH or \\n: " +
                   std::string(code.substr(j, 4)));
  bytes.push_back(
      static_cast<char>(hex_digit(code[j + 2]) * 16 + hex_digit(code[j + 3])));
  return j + 4;
}

std::size_t lex_string(std::string_view code, std::size_t i,
                       std::vector<Token>& out) {
  std::string bytes;
  std::size_t j = i + 1;
  for (;;) {
    FUZZ_REQUIRE(j < code.size() && code[j] != '\n',
                 "string literal not closed on its line: " +
                     std::string(code.substr(i, 80)));
    if (code[j] == '"')
      break;
    if (code[j] == '\\') {
      j = lex_escape(code, j, bytes);
      continue;
    }
    bytes.push_back(code[j++]);
  }
  out.push_back({Tok::String, bytes});
  return j + 1;
}

// A template's comment line: "//" after nothing but indentation. One that
// follows code on its line could hide the rest of it.
std::size_t skip_comment(std::string_view code, std::size_t i) {
  std::size_t start = code.rfind('\n', i);
  start = start == std::string_view::npos ? 0 : start + 1;
  bool own_line = code[i + 1] == '/' &&
                  code.substr(start, i - start).find_first_not_of(' ') ==
                      std::string_view::npos;
  FUZZ_REQUIRE(own_line, "a comment after code or a block comment: " +
                             std::string(code.substr(start, 60)));
  std::size_t end = code.find('\n', i);
  return end == std::string_view::npos ? code.size() : end;
}

std::size_t lex_punct(std::string_view code, std::size_t i,
                      std::vector<Token>& out) {
  static const char* ops2[] = {"==", "!=", "<=", ">=", "&&",
                               "||", "<<", ">>", "->"};
  static const std::string_view ops1 = "(){}[];,=<>!~-+*/%&|^";
  for (const char* op : ops2)
    if (code.substr(i, 2) == op) {
      out.push_back({Tok::Punct, op});
      return i + 2;
    }
  const char c = code[i];
  FUZZ_REQUIRE(ops1.find(c) != std::string_view::npos,
               "character the generator never writes in code: '" +
                   std::string(1, c) + "' in " +
                   std::string(code.substr(i, 40)));
  out.push_back({Tok::Punct, std::string(1, c)});
  return i + 1;
}

// Lexes code (a predicate or a block body). Aborts on anything outside
// what the generator may write.
std::vector<Token> lex(std::string_view code) {
  std::vector<Token> out;
  std::size_t i = 0;
  while (i < code.size()) {
    const char c = code[i];
    if (c == ' ' || c == '\n')
      ++i;
    else if (ident_start(c))
      i = lex_ident(code, i, out);
    else if (c >= '0' && c <= '9')
      i = lex_number(code, i, out);
    else if (c == '"')
      i = lex_string(code, i, out);
    else if (c == '/' && i + 1 < code.size() &&
             (code[i + 1] == '/' || code[i + 1] == '*'))
      i = skip_comment(code, i);
    else
      i = lex_punct(code, i, out);
  }
  return out;
}

// ---- what code may contain ----------------------------------------------

const std::set<std::string>& allowed_calls() {
  static const std::set<std::string> s = {
      "if",   "print", "printf",  "delete",   "clear",  "str",
      "uptr", "ksym",  "strncmp", "cgroupid", "ustack", "count"};
  return s;
}

// count() appears only as a counted program's per-CPU event count
// (gen/layout.h kSeqCount): "@sctrace_seq [ cpu ] = count".
bool is_event_count(const std::vector<Token>& toks, std::size_t k) {
  static const char* const kBefore[] = {"@sctrace_seq", "[", "cpu", "]", "="};
  if (k < 5)
    return false;
  for (std::size_t i = 0; i < 5; ++i)
    if (toks[k - 5 + i].text != kBefore[i])
      return false;
  return true;
}

const std::set<std::string>& allowed_names() {
  static const std::set<std::string> s = {
      "nsecs",  "pid",    "tid",     "cpu",    "comm",   "uid",
      "gid",    "cgroup", "args",    "kstack", "ustack", "retval",
      "arg0",   "arg1",   "arg2",    "arg3",   "arg4",   "arg5",
      "int8",   "int16",  "int32",   "int64",  "uint8",  "uint16",
      "uint32", "uint64", "curtask", "perf",   "raw"};
  return s;
}

// A stack mode ("ustack(raw)", "kstack(perf)") appears only as the one
// argument of a stack call.
bool is_stack_mode_argument(const std::vector<Token>& toks, std::size_t k) {
  return k >= 2 && k + 1 < toks.size() && toks[k - 1].text == "(" &&
         (toks[k - 2].text == "ustack" || toks[k - 2].text == "kstack") &&
         toks[k + 1].text == ")";
}

// Every field name of the recorded trees (what may follow "->").
const std::set<std::string>& field_names() {
  static const std::set<std::string> s = [] {
    std::set<std::string> out;
    for (const gen::KernelCatalog* c :
         {static_cast<const gen::KernelCatalog*>(&recorded_catalog()),
          static_cast<const gen::KernelCatalog*>(&recorded_kprobe_catalog())})
      for (const char* category : {"syscalls", "sched"})
        for (const auto& event : c->events(category)) {
          auto fields = c->tracepoint_fields(category, event);
          if (fields.ok())
            for (const auto& f : *fields)
              out.insert(f.name);
        }
    // The process start time of every trace event (gen/layout.h).
    out.insert({"group_leader", "start_time"});
    return out;
  }();
  return s;
}

bool has_prefix(std::string_view s, std::string_view p) {
  return s.size() > p.size() && s.substr(0, p.size()) == p;
}

// Identifiers, calls, numbers and brackets of one piece of code; collects
// the decoded string literals.
void check_tokens(const std::vector<Token>& toks, bool predicate,
                  std::vector<std::string>& literals) {
  int paren = 0, bracket = 0, brace = 0;
  for (std::size_t k = 0; k < toks.size(); ++k) {
    const Token& t = toks[k];
    bool call = k + 1 < toks.size() && toks[k + 1].kind == Tok::Punct &&
                toks[k + 1].text == "(";
    switch (t.kind) {
    case Tok::String:
      literals.push_back(t.text);
      break;
    case Tok::Number:
      break;
    case Tok::Ident: {
      bool after_arrow =
          k > 0 && toks[k - 1].kind == Tok::Punct && toks[k - 1].text == "->";
      if (after_arrow) {
        FUZZ_REQUIRE(field_names().count(t.text) == 1,
                     "args-> names something that is no recorded field: " +
                         t.text);
        FUZZ_REQUIRE(!call, "a field is called: " + t.text);
        break;
      }
      if (call) {
        FUZZ_REQUIRE(allowed_calls().count(t.text) == 1,
                     "call of a function the generator never uses: " + t.text);
        FUZZ_REQUIRE(t.text != "count" || is_event_count(toks, k),
                     "count() outside the event count: " + t.text);
        break;
      }
      bool scratch =
          has_prefix(t.text, "$sctrace_") || has_prefix(t.text, "@sctrace_");
      FUZZ_REQUIRE(scratch || allowed_names().count(t.text) == 1,
                   "identifier outside the closed sets: " + t.text);
      if (t.text == "raw" || t.text == "perf")
        FUZZ_REQUIRE(is_stack_mode_argument(toks, k),
                     "stack mode outside a stack call: " + t.text);
      if (t.text == "args")
        FUZZ_REQUIRE(k + 1 < toks.size() && toks[k + 1].text == "->",
                     "args not followed by ->");
      break;
    }
    case Tok::Punct:
      if (predicate)
        FUZZ_REQUIRE(
            t.text != "{" && t.text != "}" && t.text != ";" && t.text != "=",
            "block, statement or assignment in a predicate: " + t.text);
      paren += t.text == "(" ? 1 : t.text == ")" ? -1 : 0;
      bracket += t.text == "[" ? 1 : t.text == "]" ? -1 : 0;
      brace += t.text == "{" ? 1 : t.text == "}" ? -1 : 0;
      FUZZ_REQUIRE(paren >= 0 && bracket >= 0 && brace >= 0,
                   "a bracket closes before it opens");
      break;
    }
  }
  FUZZ_REQUIRE(paren == 0 && bracket == 0 && brace == 0,
               "unbalanced brackets in code");
}

// ---- expected shape ------------------------------------------------------

std::string strip_syscall_prefix(const std::string& target) {
  for (const char* p : {"__x64_sys_", "__ia32_sys_", "__se_sys_", "__do_sys_",
                        "sys_enter_", "sys_exit_", "sys_"}) {
    std::string_view prefix = p;
    if (target.size() > prefix.size() &&
        std::string_view(target).substr(0, prefix.size()) == prefix)
      return target.substr(prefix.size());
  }
  return {};
}

// The attach points a spec must produce: one for entry probes, entry and
// exit for return probes.
std::vector<std::string> expected_attach(const TraceSpec& s) {
  std::string off = s.offset ? "+" + std::to_string(s.offset) : "";
  switch (s.probe_type) {
  case ProbeType::Tracepoint:
    return {"tracepoint:" + s.library + ":" + s.target};
  case ProbeType::Usdt:
    return {"usdt:" + fake_library_path() + ":" + s.target};
  case ProbeType::Entry:
  case ProbeType::Return:
    break;
  }
  bool ret = s.probe_type == ProbeType::Return;
  if (!s.library.empty()) {
    std::string base = fake_library_path() + ":" + s.target;
    if (ret)
      return {"uprobe:" + base, "uretprobe:" + base};
    return {"uprobe:" + base + off};
  }
  std::string sys = strip_syscall_prefix(s.target);
  if (!sys.empty()) {
    std::string enter = "tracepoint:syscalls:sys_enter_" + sys;
    if (ret)
      return {enter, "tracepoint:syscalls:sys_exit_" + sys};
    return {enter};
  }
  if (ret)
    return {"kprobe:" + s.target, "kretprobe:" + s.target};
  return {"kprobe:" + s.target + off};
}

// String bytes the spec itself may put into the program.
void collect_strings(const spec::Expr& e, std::vector<std::string>& out) {
  if (e.kind == spec::ExprKind::Strcmp && !e.children.empty() &&
      e.children[0].text.empty())
    return; // STRCMP("", x) is always true and renders as 1
  if (e.kind == spec::ExprKind::String)
    out.push_back(e.text);
  for (const auto& c : e.children)
    collect_strings(c, out);
}

// The strings a spec puts into the program (none of the session's).
std::vector<std::string> spec_strings(const TraceSpec& s) {
  std::vector<std::string> out;
  std::vector<const spec::Expression*> expressions;
  if (!s.filter.empty())
    expressions.push_back(&s.filter);
  for (const auto& a : s.arguments)
    expressions.push_back(&a);
  for (const spec::Expression* e : expressions) {
    // The tree the generator renders must be the one its text gives.
    auto again = spec::parse_expression(e->text());
    FUZZ_REQUIRE(again.ok(),
                 "an expression's text does not parse: " + e->text());
    std::vector<std::string> from_text, from_tree;
    collect_strings(*again, from_text);
    collect_strings(e->tree(), from_tree);
    FUZZ_REQUIRE(from_text == from_tree,
                 "an expression's tree differs from its text: " + e->text());
    out.insert(out.end(), from_tree.begin(), from_tree.end());
  }
  return out;
}

// The strings the session's scope puts into the program.
std::vector<std::string> session_strings(const spec::SessionOptions& o) {
  std::vector<std::string> out;
  if (!o.process_name.empty())
    out.push_back(o.process_name);
  if (!o.cgroup.empty())
    out.push_back(o.cgroup);
  return out;
}

struct Block {
  std::string attach;
  std::vector<Token> predicate;
  std::vector<Token> body;
};

// Splits the program into top-level comments and blocks.
std::string_view line_at(std::string_view text, std::size_t p) {
  std::size_t end = text.find('\n', p);
  if (end == std::string_view::npos)
    end = text.size();
  return text.substr(p, end - p);
}

// The index of the '}' that closes a block whose body starts at P, or npos
// (braces in string literals do not count).
std::size_t closing_brace(std::string_view text, std::size_t p) {
  int depth = 1;
  bool in_string = false;
  for (; p < text.size(); ++p) {
    char c = text[p];
    if (in_string) {
      if (c == '\\')
        ++p;
      else if (c == '"' || c == '\n')
        in_string = false; // lex() reports the unclosed literal
      continue;
    }
    if (c == '"')
      in_string = true;
    else if (c == '{')
      ++depth;
    else if (c == '}' && --depth == 0)
      return p;
  }
  return std::string_view::npos;
}

// A probe header line "ATTACH" or "ATTACH /PREDICATE/" into B.
void read_header(std::string_view head, Block& b) {
  std::size_t slash = head.find(" /");
  if (slash != std::string_view::npos) {
    FUZZ_REQUIRE(head.size() > slash + 3 && head.back() == '/',
                 "probe header with a broken predicate: " + std::string(head));
    b.predicate = lex(head.substr(slash + 2, head.size() - slash - 3));
    head = head.substr(0, slash);
  }
  b.attach = std::string(head);
}

std::vector<Block> split_blocks(std::string_view text) {
  std::vector<Block> blocks;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::string_view line = line_at(text, pos);
    std::size_t next = pos + line.size() + 1;
    if (line.empty() || line.substr(0, 2) == "//") {
      pos = next;
      continue;
    }
    Block b;
    read_header(line, b);
    FUZZ_REQUIRE(next < text.size() && line_at(text, next) == "{",
                 "probe header not followed by a line '{': " + b.attach);
    // The body runs to the '}' line that closes the block's '{'.
    const std::size_t body_start = next + 2;
    const std::size_t close = closing_brace(text, body_start);
    FUZZ_REQUIRE(close != std::string_view::npos,
                 "block never closed: " + b.attach);
    FUZZ_REQUIRE(text[close - 1] == '\n' &&
                     (close + 1 == text.size() || text[close + 1] == '\n'),
                 "a block's closing '}' is not on a line of its own: " +
                     b.attach);
    b.body = lex(text.substr(body_start, close - body_start));
    blocks.push_back(std::move(b));
    pos = close + 2;
  }
  return blocks;
}

bool is_attach_char(char c) {
  return ident_char(c) || c == ':' || c == '/' || c == '.' || c == '-' ||
         c == '+';
}

// Elements of each print((...)) tuple, by probe id.
void check_prints(const std::vector<Token>& body, int expected_id,
                  std::size_t expected_values) {
  int prints = 0;
  for (std::size_t k = 0; k + 3 < body.size(); ++k) {
    if (body[k].text != "print")
      continue;
    FUZZ_REQUIRE(body[k + 1].text == "(" && body[k + 2].text == "(",
                 "print() without a tuple");
    std::size_t j = k + 3;
    int sign = 1;
    if (body[j].text == "-") {
      sign = -1;
      ++j;
    }
    FUZZ_REQUIRE(body[j].kind == Tok::Number, "tuple without a probe id");
    int id = sign * std::stoi(body[j].text);
    int depth = 2;
    std::size_t elements = 1;
    for (++j; j < body.size() && depth > 0; ++j) {
      const std::string& t = body[j].text;
      if (body[j].kind != Tok::Punct)
        continue;
      if (t == "(" || t == "[")
        ++depth;
      else if (t == ")" || t == "]")
        --depth;
      else if (t == "," && depth == 2)
        ++elements;
    }
    FUZZ_REQUIRE(id == expected_id, "tuple with probe id " +
                                        std::to_string(id) + ", expected " +
                                        std::to_string(expected_id));
    if (id >= 0)
      FUZZ_REQUIRE(elements == 7 + expected_values,
                   "tuple of probe " + std::to_string(id) + " has " +
                       std::to_string(elements) + " elements, layout says " +
                       std::to_string(7 + expected_values));
    else
      FUZZ_REQUIRE(elements == 4,
                   "marker tuple of the wrong size"); // -1, SEQ, CPU, ROUND
    ++prints;
  }
  FUZZ_REQUIRE(prints == (expected_id == -2 ? 0 : 1),
               "block prints " + std::to_string(prints) + " tuples");
}

void check_layout(const gen::ProgramLayout& layout,
                  const std::vector<TraceSpec>& specs,
                  const spec::SessionOptions& session) {
  FUZZ_REQUIRE(layout.probes.size() == specs.size(),
               "layout has " + std::to_string(layout.probes.size()) +
                   " probes for " + std::to_string(specs.size()) + " specs");
  for (std::size_t i = 0; i < specs.size(); ++i) {
    const auto& p = layout.probes[i];
    const auto& s = specs[i];
    FUZZ_REQUIRE(p.format == s.format, "layout format differs from spec");
    FUZZ_REQUIRE(p.format_args == s.arguments.size(),
                 "layout format_args differs from the spec's arguments");
    FUZZ_REQUIRE(p.kernel_stack == session.kernel_stack &&
                     p.user_stack == session.user_stack,
                 "layout stacks differ from the session's");
    // Every trace probe ends with the process start slot (layout.h).
    FUZZ_REQUIRE(!p.values.empty() && p.start_index >= 0 &&
                     static_cast<std::size_t>(p.start_index) ==
                         p.values.size() - 1 &&
                     p.values.back().kind == gen::ValueKind::Int,
                 "probe without the process start slot last");
    const std::size_t n = p.values.size() - 1; // the values before it
    FUZZ_REQUIRE(n >= p.format_args, "fewer values than args");
    for (std::size_t k = 0; k < s.arguments.size(); ++k)
      FUZZ_REQUIRE(p.values[k].name == s.arguments[k].text(),
                   "value slot named " + p.values[k].name + " for " +
                       s.arguments[k].text());
    // Each %K/%U argument has one extra Int slot after the arguments: its
    // address.
    std::size_t addresses = 0;
    for (std::size_t k = 0; k < p.format_args; ++k) {
      int a = p.values[k].address_index;
      if (a < 0)
        continue;
      ++addresses;
      FUZZ_REQUIRE(static_cast<std::size_t>(a) >= p.format_args &&
                       static_cast<std::size_t>(a) < n &&
                       p.values[a].kind == gen::ValueKind::Int,
                   "address slot out of place");
    }
    const std::size_t args = p.format_args + addresses;
    bool ret = s.probe_type == ProbeType::Return;
    if (!ret) {
      FUZZ_REQUIRE(n == args && p.retval_index == -1,
                   "entry probe with extra values or a retval slot");
    } else {
      FUZZ_REQUIRE(p.retval_index >= 0 &&
                       static_cast<std::size_t>(p.retval_index) < n,
                   "return probe without a retval slot");
      FUZZ_REQUIRE(p.values[p.retval_index].kind == gen::ValueKind::Int,
                   "retval slot is not an integer");
      FUZZ_REQUIRE(n == args || (n == args + 1 &&
                                 p.values[p.retval_index].name == "retval"),
                   "return probe with unexpected extra values");
    }
  }
  auto parser = events::OutputParser::create(layout, 0);
  FUZZ_REQUIRE(parser.ok(), "OutputParser rejects a generated layout: " +
                                (parser.ok() ? "" : parser.error().message));
}

} // namespace

const std::string& fake_library_path() {
  static const std::string path =
      std::filesystem::canonical(SCTRACE_FUZZ_DIR "/fake_library.txt").string();
  return path;
}

namespace {

// The blocks a program must have, in order: their attach points and the
// probe id each prints (-1: the marker, -2: none).
struct ExpectedBlocks {
  std::vector<std::string> attach;
  std::vector<int> ids;
  void add(std::string point, int id) {
    attach.push_back(std::move(point));
    ids.push_back(id);
  }
};

ExpectedBlocks expected_blocks(const gen::GeneratedProgram& program,
                               const std::vector<TraceSpec>& specs,
                               const gen::GenOptions& options) {
  ExpectedBlocks e;
  if (options.follow_root)
    for (const char* p : {"BEGIN", "tracepoint:sched:sched_process_fork",
                          "tracepoint:sched:sched_process_exit",
                          "tracepoint:sched:sched_process_exec"})
      e.add(p, -2);
  for (std::size_t i = 0; i < specs.size(); ++i) {
    auto points = expected_attach(specs[i]);
    FUZZ_REQUIRE(program.layout.probes[i].probe == points.back(),
                 "layout probe " + program.layout.probes[i].probe +
                     ", expected " + points.back());
    for (std::size_t k = 0; k < points.size(); ++k)
      e.add(points[k], k + 1 == points.size() ? static_cast<int>(i) : -2);
  }
  if (options.marker_pid > 0)
    e.add("tracepoint:syscalls:sys_enter_getcpu", -1);
  e.add("END", -2);
  return e;
}

// String literals: template ones, or the specs' own strings, each of
// which must appear.
void check_literals(const std::vector<std::string>& literals,
                    const std::vector<TraceSpec>& specs,
                    const spec::SessionOptions& session) {
  std::set<std::string> allowed = {"\x1eSTACK K %d %d\n%s",
                                   "\x1eSTACK U %d %d\n%s"};
  std::vector<std::string> wanted = session_strings(session);
  for (const auto& s : specs)
    for (auto& str : spec_strings(s))
      wanted.push_back(std::move(str));
  for (const auto& str : wanted) {
    FUZZ_REQUIRE(std::find(literals.begin(), literals.end(), str) !=
                     literals.end(),
                 "spec string is not a literal of the program: " + str);
    allowed.insert(str);
  }
  for (const auto& lit : literals)
    FUZZ_REQUIRE(allowed.count(lit) == 1,
                 "string literal that no spec asked for: " + lit);
}

void check_bytes_and_env(const gen::GeneratedProgram& program) {
  for (char c : program.text) {
    unsigned char u = static_cast<unsigned char>(c);
    FUZZ_REQUIRE(c == '\n' || (u >= 0x20 && u < 0x7f),
                 "raw byte " + std::to_string(u) + " in the program");
  }
  FUZZ_REQUIRE(program.env.size() == 1 &&
                   (program.env[0].first == "BPFTRACE_STRLEN" ||
                    program.env[0].first == "BPFTRACE_MAX_STRLEN") &&
                   std::to_string(program.string_size) ==
                       program.env[0].second &&
                   program.string_size >= 8,
               "unexpected environment for bpftrace");
}

} // namespace

void check_program(const gen::GeneratedProgram& program,
                   const std::vector<TraceSpec>& specs,
                   const spec::SessionOptions& session,
                   const gen::GenOptions& options) {
  check_bytes_and_env(program);
  check_layout(program.layout, specs, session);
  const ExpectedBlocks want = expected_blocks(program, specs, options);
  std::vector<Block> blocks = split_blocks(program.text);
  FUZZ_REQUIRE(blocks.size() == want.attach.size(),
               "program has " + std::to_string(blocks.size()) +
                   " probe blocks, expected " +
                   std::to_string(want.attach.size()));
  std::vector<std::string> literals;
  for (std::size_t b = 0; b < blocks.size(); ++b) {
    const Block& block = blocks[b];
    FUZZ_REQUIRE(block.attach == want.attach[b],
                 "block " + std::to_string(b) + " attaches to " + block.attach +
                     ", expected " + want.attach[b]);
    FUZZ_REQUIRE(
        std::all_of(block.attach.begin(), block.attach.end(), is_attach_char),
        "unsafe character in attach point " + block.attach);
    check_tokens(block.predicate, true, literals);
    check_tokens(block.body, false, literals);
    const int id = want.ids[b];
    check_prints(block.body, id,
                 id >= 0 ? program.layout.probes[id].values.size() : 0);
  }
  check_literals(literals, specs, session);
}

void check_json_round_trip(const spec::TracePlan& plan) {
  std::string text;
  try {
    text = spec::plan_to_json(plan).dump();
  } catch (const std::exception& e) {
    FUZZ_REQUIRE(false,
                 std::string("plan_to_json(...).dump() threw: ") + e.what());
  }
  auto back = nlohmann::json::parse(text, nullptr, false);
  FUZZ_REQUIRE(!back.is_discarded(), "spec JSON does not parse: " + text);
  auto again = spec::plan_from_json(back);
  FUZZ_REQUIRE(again.ok(), "spec JSON is rejected: " + text + ": " +
                               (again.ok() ? "" : again.error().message));
  FUZZ_REQUIRE(*again == plan, "JSON round trip changed the plan: " + text);
}

// ---- catalog -------------------------------------------------------------

CachedCatalog::CachedCatalog(std::string root) : tracefs_(std::move(root)) {
  kprobes_ = tracefs_.kprobes_available();
  functions_ = tracefs_.kernel_functions();
}

Result<std::vector<gen::TracepointField>>
CachedCatalog::tracepoint_fields(std::string_view category,
                                 std::string_view event) const {
  std::string key = std::string(category) + ":" + std::string(event);
  for (const auto& [k, v] : fields_)
    if (k == key)
      return v;
  auto v = tracefs_.tracepoint_fields(category, event);
  if (fields_.size() < 4096)
    fields_.emplace_back(key, v);
  return v;
}

std::vector<std::string>
CachedCatalog::events(std::string_view category) const {
  for (const auto& [k, v] : events_)
    if (k == category)
      return v;
  auto v = tracefs_.events(category);
  if (events_.size() < 4096)
    events_.emplace_back(std::string(category), v);
  return v;
}

const CachedCatalog& recorded_catalog() {
  static const CachedCatalog c(SCTRACE_TEST_DATA "/tracefs");
  return c;
}

const CachedCatalog& recorded_kprobe_catalog() {
  static const CachedCatalog c(SCTRACE_TEST_DATA "/tracefs-kprobes");
  return c;
}

gen::GenOptions options_for(unsigned char selector) {
  gen::GenOptions opt;
  if (selector & 1)
    opt.version = {0, 23, 2};
  if (selector & 2)
    opt.follow_root = 1234;
  if (selector & 4)
    opt.marker_pid = 99;
  if (selector & 8)
    opt.exclude_pids = {100, 101};
  return opt;
}

bool generate_and_check(std::vector<TraceSpec> specs, unsigned char selector,
                        const spec::SessionOptions& session) {
  for (auto& s : specs)
    if (!s.library.empty() && s.probe_type != ProbeType::Tracepoint)
      s.library = fake_library_path();
  gen::GenOptions opt = options_for(selector);
  const gen::KernelCatalog& catalog =
      (selector & 16)
          ? static_cast<const gen::KernelCatalog&>(recorded_kprobe_catalog())
          : recorded_catalog();
  auto program = gen::generate(specs, catalog, opt, session);
  if (!program.ok()) {
    // Only what depends on the kernel (a field's type, its existence) or
    // the string budget may fail once the grammar and validate() accepted a
    // spec.
    const Error& e = program.error();
    const std::string& m = e.message;
    bool kernel = e.kind == ErrorKind::NotFound ||
                  e.kind == ErrorKind::Unsupported ||
                  m.find("does not exist") != std::string::npos ||
                  m.find(" has no field '") != std::string::npos ||
                  m.find("string budget") != std::string::npos ||
                  // A literal longer than the strings compared (-Z).
                  m.find("does not fit the strings of") != std::string::npos ||
                  // Specifiers against the field's tracefs type.
                  m.find(" prints a string, but ") != std::string::npos ||
                  m.find(" prints a number, but ") != std::string::npos ||
                  m.find(", an array; sctrace can print") != std::string::npos;
    FUZZ_REQUIRE(kernel, "a spec that parsed does not generate: " + m);
    FUZZ_REQUIRE(!m.empty(), "empty error message");
    return false;
  }
  check_program(*program, specs, session, opt);
  return true;
}

} // namespace sctrace::fuzz
