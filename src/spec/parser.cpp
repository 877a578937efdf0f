// parse_probe, parse_expression and render_diagnostic (spec/parser.h).
//
// The grammar (grammar/spec_grammar.hpp) does the structural work; actions
// for expressions are in parse_actions.h and those for the probe header,
// filter and action below. PEGTL reports errors by throwing parse_error;
// run() converts them into Error so nothing escapes this file.
#include <exception>
#include <tao/pegtl.hpp>

#include "grammar/spec_errors.hpp"
#include "spec/check.h"
#include "spec/parse_actions.h"
#include "spec/parser.h"
#include "util/strings.h"

namespace sctrace::spec {
namespace detail {

std::optional<std::uint64_t> parse_integer(std::string_view text,
                                           bool allow_octal) {
  unsigned base = 10;
  if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
    base = 16;
    text.remove_prefix(2);
  } else if (allow_octal && text.size() > 1 && text[0] == '0') {
    base = 8;
  }
  std::uint64_t value = 0;
  for (char c : text) {
    unsigned digit = (c >= '0' && c <= '9')   ? unsigned(c - '0')
                     : (c >= 'a' && c <= 'f') ? unsigned(c - 'a' + 10)
                     : (c >= 'A' && c <= 'F') ? unsigned(c - 'A' + 10)
                                              : 99;
    if (digit >= base || value > (UINT64_MAX - digit) / base)
      return std::nullopt;
    value = value * base + digit;
  }
  return value;
}

std::string canonical_cast(std::string_view text) {
  std::string out;
  for (const std::string& word : util::split(util::trim(text), ' ')) {
    for (const std::string& part : util::split(word, '\t')) {
      if (part.empty())
        continue;
      if (!out.empty())
        out += ' ';
      out += part;
    }
  }
  return out == "unsigned" ? "unsigned int" : out;
}

std::string too_long_message() {
  std::string limit = std::to_string(max_expression_nodes);
  return "expression is too long (more than " + limit +
         " operands and operators); sctrace stops here because checking and "
         "generating a longer expression could exhaust the stack; shorten "
         "it, e.g. test a range (arg1 >= 10 && arg1 <= 20) instead of "
         "listing values, or split it over several probes (docs/limits.md)";
}

Expr pop(ParseState& state) {
  Expr e = std::move(state.stack.back());
  state.stack.pop_back();
  return e;
}

namespace {

SourcePos shifted(SourcePos pos, std::size_t columns) {
  pos.column += static_cast<int>(columns);
  return pos;
}

std::string trimmed(std::string_view text) {
  return std::string(util::trim(text));
}

} // namespace

// ---- Probe header ---------------------------------------------------------

// "TYPE:LIBRARY:" where LIBRARY may itself contain ':' (trace.py joins
// parts[1:-1]); an empty TYPE means p.
template <> struct action<grammar::typed_prefix> {
  template <typename Input> static void apply(const Input& in, ParseState& st) {
    std::string_view text = in.string_view();
    text.remove_suffix(1);
    std::size_t colon = text.find(':');
    std::string_view type = text.substr(0, colon);
    if (type.empty() || type == "p")
      st.spec.probe_type = ProbeType::Entry;
    else if (type == "r")
      st.spec.probe_type = ProbeType::Return;
    else if (type == "t")
      st.spec.probe_type = ProbeType::Tracepoint;
    else if (type == "u")
      st.spec.probe_type = ProbeType::Usdt;
    else
      fail(in, "unknown probe type '" + std::string(type) +
                   "'; expected p, r, t or u (empty means p)");
    st.spec.library = std::string(text.substr(colon + 1));
    st.locations.type = pos_of(in);
    st.locations.library = shifted(pos_of(in), colon + 1);
  }
};

// "LIBRARY:function" is an entry probe in LIBRARY.
template <> struct action<grammar::lib_prefix> {
  template <typename Input> static void apply(const Input& in, ParseState& st) {
    st.spec.probe_type = ProbeType::Entry;
    st.spec.library = in.string().substr(0, in.size() - 1);
    st.locations.type = pos_of(in);
    st.locations.library = pos_of(in);
    st.library_form = true;
  }
};

template <> struct action<grammar::target_name> {
  template <typename Input> static void apply(const Input& in, ParseState& st) {
    st.spec.target = in.string();
    st.locations.target = pos_of(in);
  }
};

template <> struct action<grammar::offset> {
  template <typename Input> static void apply(const Input& in, ParseState& st) {
    auto value = parse_integer(in.string_view().substr(1), false);
    if (!value)
      fail(in,
           "offset '" + in.string().substr(1) + "' does not fit in 64 bits");
    st.spec.offset = *value;
    st.locations.offset = pos_of(in);
  }
};

namespace {

// Why "r:malloc" (function malloc of a library named r in trace.py's
// LIBRARY:FUNCTION form) is not what it looks like, and what to write.
std::string one_colon_message(const TraceSpec& spec) {
  const std::string& t = spec.library;
  const std::string& name = spec.target;
  std::string out = "'" + t + ":" + name + "' reads as function " + name +
                    " of a library named '" + t +
                    "' (trace.py's LIBRARY:FUNCTION form); ";
  if (t == "t")
    return out + "a tracepoint takes two colons: t:CATEGORY:" + name;
  if (t == "u")
    return out + "a USDT probe takes two colons: u:BINARY:" + name +
           ", or u::" + name + " with -p PID";
  std::string kind = t == "r" ? "a return probe" : "an entry probe";
  return out + kind + " takes two colons: " + t + ":c:" + name +
         " for libc's " + name + ", " + t + ":LIBRARY:" + name +
         " for another library, or " + t + "::" + name +
         " for a kernel function";
}

} // namespace

// u:lib:provider:probe keeps the provider with the probe name
// (target "provider:probe"); t probes take exactly t:category:event.
// A library named p, r, t or u (r:malloc) is a probe type that lost a
// colon: an error, as trace.py would look for a library "r".
template <> struct action<grammar::header> {
  template <typename Input> static void apply(const Input& in, ParseState& st) {
    TraceSpec& spec = st.spec;
    const std::string& lib = spec.library;
    if (st.library_form &&
        (lib == "p" || lib == "r" || lib == "t" || lib == "u"))
      throw tao::pegtl::parse_error(
          one_colon_message(spec),
          tao::pegtl::position(in.position().byte, in.position().line,
                               st.locations.library.column,
                               in.position().source));
    std::size_t colon = spec.library.find(':');
    if (colon == std::string::npos)
      return;
    if (spec.probe_type == ProbeType::Usdt) {
      spec.target = spec.library.substr(colon + 1) + ":" + spec.target;
      spec.library.resize(colon);
      st.locations.target = shifted(st.locations.library, colon + 1);
    } else if (spec.probe_type == ProbeType::Tracepoint) {
      throw tao::pegtl::parse_error(
          "tracepoint probes take the form t:category:event",
          tao::pegtl::position(in.position().byte, in.position().line,
                               st.locations.library.column + colon,
                               in.position().source));
    }
  }
};

// ---- Filter and action ----------------------------------------------------

template <> struct action<grammar::filter_body> {
  template <typename Input> static void apply(const Input& in, ParseState& st) {
    st.spec.filter =
        ExpressionFactory::make(trimmed(in.string_view()), pop(st));
    st.locations.filter = pos_of(in);
  }
};

template <> struct action<grammar::format_string> {
  template <typename Input> static void apply(const Input& in, ParseState& st) {
    std::string_view raw(in.begin() + 1, in.size() - 2);
    DecodedString decoded = decode_string_body(raw);
    st.spec.format = std::move(decoded.bytes);
    st.locations.format = pos_of(in);
    for (int offset : decoded.offsets)
      st.locations.format_columns.push_back(st.locations.format.column + 1 +
                                            offset);
  }
};

template <> struct action<grammar::argument> {
  template <typename Input> static void apply(const Input& in, ParseState& st) {
    st.spec.arguments.push_back(
        ExpressionFactory::make(trimmed(in.string_view()), pop(st)));
  }
};

namespace {

template <typename Rule>
Result<ParseState> run(std::string_view text, std::string_view source) {
  ParseState state;
  try {
    tao::pegtl::memory_input in(text.data(), text.size(), std::string(source));
    if (!tao::pegtl::parse<Rule, action, grammar::control>(in, state))
      return Error{ErrorKind::Syntax, "invalid input", SourcePos{}};
  } catch (const tao::pegtl::parse_error& e) {
    const auto& p = e.positions().front();
    return Error{
        ErrorKind::Syntax, std::string(e.message()),
        SourcePos{static_cast<int>(p.line), static_cast<int>(p.column)}};
  } catch (const std::exception& e) {
    return make_error(ErrorKind::Invalid, e.what());
  }
  return state;
}

} // namespace
} // namespace detail

Result<TraceSpec> parse_probe(std::string_view text,
                              std::string_view source_name) {
  SCTRACE_TRY(detail::check_control_bytes(text));
  if (util::trim(text).empty())
    return Error{ErrorKind::Syntax,
                 "empty probe spec; expected [p|r|t|u]:[library]:function "
                 "[(filter)] [\"format\"[, arguments]]",
                 SourcePos{}};
  SCTRACE_TRY_ASSIGN(state, detail::run<grammar::probe>(text, source_name));
  SCTRACE_TRY(detail::check_spec(state.spec, &state.locations));
  return std::move(state.spec);
}

Result<Expr> parse_expression(std::string_view text) {
  SCTRACE_TRY(detail::check_control_bytes(text));
  SCTRACE_TRY_ASSIGN(state,
                     detail::run<grammar::expression_input>(text, "expr"));
  return detail::pop(state);
}

std::string render_diagnostic(const Error& error, std::string_view source,
                              std::string_view source_name) {
  std::string out(source_name);
  if (error.pos) {
    out += ":" + std::to_string(error.pos->line) + ":" +
           std::to_string(error.pos->column);
  }
  out += ": error: " + error.message;
  if (!error.pos || error.pos->line < 1)
    return out;
  std::vector<std::string> lines = util::split(source, '\n');
  if (static_cast<std::size_t>(error.pos->line) > lines.size())
    return out;
  const std::string& line = lines[error.pos->line - 1];
  out += "\n  " + line + "\n  ";
  // Keep tabs so the caret lines up; UTF-8 continuation bytes take no
  // column of their own on a terminal.
  for (int i = 0; i + 1 < error.pos->column; ++i) {
    char c = static_cast<std::size_t>(i) < line.size() ? line[i] : ' ';
    if ((static_cast<unsigned char>(c) & 0xC0) == 0x80)
      continue;
    out += c == '\t' ? '\t' : ' ';
  }
  out += '^';
  return out;
}

} // namespace sctrace::spec
