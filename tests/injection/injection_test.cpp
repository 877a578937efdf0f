// Injection table: every user-controlled string of every sctrace mode gets
// every payload of kPayloads. Each attempt must be
//   - rejected: exit 2 (bad input) or 3 (environment), an "error:" message
//     on stderr, no program on stdout and no crash; or
//   - passed as data: exit 0, and the generated program (--dry-run) has
//     exactly the code of the same command with a benign value: only string
//     literals and numbers differ (program_text.h). Where the field belongs
//     in the program (a filter literal, --comm), the payload's bytes must be
//     one of its literals; where it does not (a format string, -n, -f), the
//     literals must equal the benign program's.
// The JSON readers (plan_from_json, plan_from_ebpf_program) get the same
// payloads in every string field, through the generator directly.
//
// Runs the real sctrace binary. --dry-run needs no root; as root the
// program is built against the running kernel's tracefs, otherwise against
// the built-in catalog. Under the compat label (SCTRACE_BPFTRACE: bpftrace
// 0.23) the 0.23 dialect is checked.
#include <gtest/gtest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "gen/builtin_catalog.h"
#include "gen/generator.h"
#include "gen/tracefs.h"
#include "live/live_util.h"
#include "manager/trace_manager.h"
#include "modes/monitor/options.h"
#include "modes/stats/run.h"
#include "modes/syscalls/run.h"
#include "modes/syscalls/thresholds.h"
#include "program_text.h"
#include "remote/mode_inputs.h"
#include "remote/prepare.h"
#include "remote/trace_body.h"
#include "spec/json.h"
#include "tools/tools.h"

namespace sctrace::injection {
namespace {

using live::RunResult;

// What an attacker would try: close a string and call a function, close a
// probe and open another, newlines, preprocessor and comment tokens, shell
// metacharacters, escapes of the target language, bytes that are not
// UTF-8, a very long value. (NUL cannot be passed in argv; the JSON cases
// carry it.)
const std::vector<std::string> kPayloads = {
    "\"); system(\"id\"); printf(\"",
    "} BEGIN { system(\"id\") } tracepoint:syscalls:sys_enter_read {",
    "a\nBEGIN { exit(); }\n",
    "#include <linux/sched.h>",
    "x\" || 1 == \"1",
    "*/ } END { system(\"id\") } /*",
    "// }",
    "$(id)`id`;id|id&&id",
    "\\x22); system(\\x22id\\x22",
    "\\\"",
    "a\tb\rc\x1b[2J",
    "\xff\xfe\xc3(",
    "%s%n%x%p",
    std::string(5000, 'A') + "\"",
    ";}",
    "@x = 1",
};

// Escapes a payload for a string literal of the spec language (\n, \t,
// \\, \" are its escapes).
std::string spec_string(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '"' || c == '\\')
      out += '\\', out += c;
    else if (c == '\n')
      out += "\\n";
    else if (c == '\t')
      out += "\\t";
    else
      out += c;
  }
  return out;
}

enum class Where {
  InProgram,    // if accepted, the payload is one of the program's literals
  NotInProgram, // the program must not change at all but for numbers
  Anywhere,     // accepted only if the code is unchanged; literals may vary
};

struct Field {
  std::string name; // for messages
  std::function<std::vector<std::string>(const std::string&)> args;
  Where where;
  std::string benign = "benign";
  // The benign value may itself be refused here (a container name needs
  // a running container); then every payload must be refused too.
  bool benign_may_fail = false;
};

std::vector<std::string> plus(std::vector<std::string> base,
                              std::vector<std::string> more) {
  base.insert(base.end(), more.begin(), more.end());
  return base;
}

// The strings of trace mode's probe specs.
std::vector<Field> trace_spec_fields() {
  const std::vector<std::string> trace = {"--dry-run"};
  return {
      {"trace: filter string literal",
       [trace](const std::string& v) {
         return plus(trace, {"sys_openat (arg2 == \"" + spec_string(v) +
                             "\") \"%s\", arg2"});
       },
       Where::InProgram},
      {"trace: STRCMP literal",
       [trace](const std::string& v) {
         return plus(trace,
                     {"sys_openat (STRCMP(\"" + spec_string(v) + "\", arg2))"});
       },
       Where::InProgram},
      {"trace: format string",
       [trace](const std::string& v) {
         return plus(trace, {"sys_openat \"" + spec_string(v) + "\""});
       },
       Where::NotInProgram},
      {"trace: probe spec",
       [trace](const std::string& v) { return plus(trace, {v}); },
       Where::Anywhere, "sys_openat"},
      {"trace: syscall name",
       [trace](const std::string& v) { return plus(trace, {"sys_" + v}); },
       Where::Anywhere, "read"},
      {"trace: uprobe library path",
       [trace](const std::string& v) {
         return plus(trace, {"p:" + v + ":malloc"});
       },
       Where::Anywhere, "c"},
      {"trace: uprobe function",
       [trace](const std::string& v) { return plus(trace, {"p:c:" + v}); },
       Where::Anywhere, "malloc"},
      {"trace: tracepoint name",
       [trace](const std::string& v) {
         return plus(trace, {"t:syscalls:" + v});
       },
       Where::Anywhere, "sys_enter_openat"},
      {"trace: tracepoint field",
       [trace](const std::string& v) {
         return plus(trace,
                     {"t:syscalls:sys_enter_openat (args->" + v + " == 1)"});
       },
       Where::Anywhere, "flags"},
  };
}

// Trace mode's options: FLAG PAYLOAD before a fixed probe.
std::vector<Field> trace_option_fields() {
  struct Option {
    std::string flag;
    Where where;
    std::string benign = "benign";
  };
  const std::vector<Option> options = {
      {"-n", Where::NotInProgram},
      {"-f", Where::NotInProgram},
      {"--comm", Where::InProgram},
      {"-c", Where::InProgram, "/sys/fs/cgroup/unified"},
      {"-p", Where::Anywhere, "1"},
      {"--uid", Where::Anywhere, "0"},
      {"-Z", Where::Anywhere, "64"},
      {"--format", Where::NotInProgram, "json"},
  };
  std::vector<Field> f;
  for (const Option& o : options)
    f.push_back({"trace: " + o.flag,
                 [flag = o.flag](const std::string& v) {
                   return std::vector<std::string>{"--dry-run", flag, v,
                                                   "sys_openat \"%s\", arg2"};
                 },
                 o.where, o.benign});
  return f;
}

// The other modes' options; their value is prefix + the payload.
std::vector<Field> mode_option_fields() {
  // These modes need a target: the whole system (-a) unless the field is
  // the target itself.
  auto mode = [](std::string m, std::vector<std::string> a) {
    for (const char* target : {"--comm", "--container", "--cgroup", "-p"})
      if (a[0] == target)
        return plus({m, "--dry-run"}, a);
    return plus({m, "--dry-run", "-a"}, a);
  };
  // An option of a mode: its value is prefix + the payload.
  struct Option {
    std::vector<std::string> modes;
    std::string flag, prefix;
    Where where;
    std::string benign;
    bool benign_may_fail = false;
  };
  const std::vector<Option> options = {
      {{"syscalls", "slow"}, "-e", "trace=", Where::Anywhere, "openat"},
      {{"syscalls", "slow", "count", "latency"},
       "--comm",
       "",
       Where::InProgram,
       "benign"},
      {{"syscalls", "slow", "count", "latency"},
       "--container",
       "",
       Where::Anywhere,
       "benign",
       true},
      {{"syscalls", "slow"},
       "--cgroup",
       "",
       Where::Anywhere,
       "/sys/fs/cgroup/unified"},
      {{"syscalls", "slow"}, "-p", "", Where::Anywhere, "1"},
      {{"slow"}, "--threshold", "", Where::Anywhere, "read=10ms"},
      {{"syscalls"}, "--min-duration", "", Where::Anywhere, "1ms"},
      {{"count", "latency"}, "--syscalls", "", Where::Anywhere, "read"},
      {{"count", "latency"}, "-i", "", Where::Anywhere, "1"},
      {{"count"}, "-e", "", Where::Anywhere, "ENOENT"},
      {{"count"}, "--sort", "", Where::NotInProgram, "count"},
      {{"latency"}, "--syscall", "", Where::Anywhere, "read"},
  };
  std::vector<Field> f;
  for (const Option& o : options)
    for (const std::string& m : o.modes)
      f.push_back({m + ": " + o.flag + (o.prefix.empty() ? "" : " " + o.prefix),
                   [=](const std::string& v) {
                     return mode(m, {o.flag, o.prefix + v});
                   },
                   o.where, o.benign, o.benign_may_fail});
  return f;
}

// Every user-controlled string of the command line, mode by mode.
std::vector<Field> fields() {
  std::vector<Field> f = trace_spec_fields();
  for (auto more : {trace_option_fields(), mode_option_fields()})
    f.insert(f.end(), more.begin(), more.end());
  return f;
}

RunResult run_sctrace(const std::vector<std::string>& args) {
  return live::sctrace(args, 60);
}

// At most 300 bytes of text, for failure messages.
std::string brief(const std::string& text) {
  return text.size() <= 300 ? text : text.substr(0, 300) + "...";
}

// Checks one attempt; returns "" when it was handled safely, otherwise
// what went wrong.
std::string check_attempt(const Field& f, const std::string& payload,
                          const ProgramText& benign, const RunResult& r,
                          bool& accepted) {
  accepted = false;
  if (r.exit_code == 2 || r.exit_code == 3) {
    if (r.err.find("error") == std::string::npos)
      return "rejected (exit " + std::to_string(r.exit_code) +
             ") without an error message: " + brief(r.err);
    if (!r.out.empty())
      return "rejected but printed a program";
    return "";
  }
  if (r.exit_code != 0)
    return "exit " + std::to_string(r.exit_code) +
           " (neither accepted nor "
           "rejected as bad input); stderr: " +
           r.err;
  accepted = true;
  ProgramText p = split_program(r.out);
  if (!p.error.empty())
    return "the program is not well formed: " + p.error;
  if (p.code != benign.code)
    return "the payload changed the program's code:\n" + brief(r.out);
  switch (f.where) {
  case Where::InProgram:
    if (!has_literal(p, payload))
      return "accepted, but the payload is not one literal of the program";
    break;
  case Where::NotInProgram:
    if (p.literals != benign.literals)
      return "a value that has no place in the program changed its literals";
    break;
  case Where::Anywhere:
    break;
  }
  return "";
}

TEST(Injection, program_text_sees_literals_comments_and_code) {
  auto p = split_program("// x \"y\n"
                         "BEGIN { printf(\"a\\x22b\\n\\\\\"); @n = 12; }"
                         " /* \" */ arg1");
  ASSERT_EQ(p.error, "");
  EXPECT_EQ(p.code, "\nBEGIN { printf(\"$\"); @n = N; }  arg1");
  ASSERT_EQ(p.literals.size(), 1u);
  EXPECT_EQ(p.literals[0], "a\"b\n\\");
  // What an injection would look like is seen as code.
  auto injected = split_program("BEGIN { printf(\"x\"); system(\"id\"); }");
  EXPECT_NE(injected.code, "BEGIN { printf(\"$\"); }");
  EXPECT_NE(split_program("\"open").error, "");
  EXPECT_NE(split_program("\"a\nb\"").error, "");
  EXPECT_NE(split_program("/* open").error, "");
  EXPECT_NE(split_program("\"\\q\"").error, "");
}

TEST(Injection, every_cli_string_is_rejected_or_passed_as_data) {
  std::map<std::string, int> accepted_by_field;
  for (const Field& f : fields()) {
    RunResult b = run_sctrace(f.args(f.benign));
    if (b.exit_code != 0 && f.benign_may_fail) {
      for (const std::string& payload : kPayloads) {
        RunResult r = run_sctrace(f.args(payload));
        EXPECT_TRUE((r.exit_code == 2 || r.exit_code == 3) &&
                    r.err.find("error") != std::string::npos && r.out.empty())
            << f.name << " <- " << payload.substr(0, 80) << ": exit "
            << r.exit_code << ", " << brief(r.err);
      }
      continue;
    }
    ASSERT_EQ(b.exit_code, 0) << f.name << ": the benign value '" << f.benign
                              << "' failed: " << brief(b.err);
    ProgramText benign = split_program(b.out);
    ASSERT_EQ(benign.error, "") << f.name;
    for (const std::string& payload : kPayloads) {
      RunResult r = run_sctrace(f.args(payload));
      bool accepted = false;
      std::string problem = check_attempt(f, payload, benign, r, accepted);
      EXPECT_EQ(problem, "") << f.name << " <- " << payload.substr(0, 80);
      accepted_by_field[f.name] += accepted;
    }
  }
  // Fields whose values are data must accept some payloads: rejecting
  // everything would also pass the checks above.
  for (const char* name :
       {"trace: filter string literal", "trace: STRCMP literal",
        "trace: format string", "trace: -n", "trace: -f"})
    EXPECT_GE(accepted_by_field[name], 10) << name;
  for (const auto& [name, n] : accepted_by_field)
    std::cout << "  " << name << ": " << n << " of " << kPayloads.size()
              << " payloads passed as data, the rest rejected\n";
}

// The command after -- and the --bpftrace path go to execve as they are:
// no shell ever sees them.
TEST(Injection, commands_and_paths_never_reach_a_shell) {
  live::TempDir dir;
  std::string marker = dir.file("pwned");
  std::string shell = "/bin/sh -c 'touch " + marker + "'";
  RunResult r = run_sctrace({"--bpftrace", shell, "sys_openat"});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("error"), std::string::npos) << r.err;
  r = run_sctrace({"--bpftrace", "true; touch " + marker, "sys_openat"});
  EXPECT_NE(r.exit_code, 0);
  r = run_sctrace(
      {"-o", dir.file("out; touch " + marker), "--dry-run", "sys_openat"});
  EXPECT_EQ(::access(marker.c_str(), F_OK), -1) << "a shell ran a user string";
}

// The program generated from a JSON spec (ebpf_programs entry when EBPF).
Result<std::string> json_program(const nlohmann::json& j, bool ebpf) {
  static const gen::BuiltinCatalog catalog;
  auto s = ebpf ? spec::plan_from_ebpf_program(j) : spec::plan_from_json(j);
  if (!s.ok())
    return s.error();
  auto p = gen::generate({s->spec}, catalog, {}, s->options);
  if (!p.ok())
    return p.error();
  return p->text;
}

struct JsonField {
  bool ebpf;
  nlohmann::json base;
  std::vector<std::string> path; // where the payload goes
  Where where;
};

// Every string of an ebpf_programs entry and of a JSON spec.
std::vector<JsonField> json_fields() {
  const nlohmann::json ebpf = {
      {"name", "n"},
      {"type", "tracepoint"},
      {"target", "syscalls:sys_enter_openat"},
      {"duration", 5},
      {"filters", {{"process", "benign"}, {"cgroup", "/sys/fs/cgroup/benign"}}},
      {"filter", "args->flags == 1"},
      {"format", "benign %d"},
      {"arguments", {"args->flags"}},
      {"description", "benign"}};
  const nlohmann::json spec = {{"probe_type", "p"},
                               {"target", "sys_openat"},
                               {"filter", "arg2 == \"benign\""},
                               {"format", "benign"},
                               {"process_name", "benign"},
                               {"cgroup", "/sys/fs/cgroup/benign"}};
  return {
      {true, ebpf, {"name"}, Where::NotInProgram},
      {true, ebpf, {"description"}, Where::NotInProgram},
      {true, ebpf, {"target"}, Where::Anywhere},
      {true, ebpf, {"type"}, Where::Anywhere},
      {true, ebpf, {"format"}, Where::NotInProgram},
      {true, ebpf, {"filter"}, Where::Anywhere},
      {true, ebpf, {"filters", "process"}, Where::InProgram},
      {true, ebpf, {"filters", "cgroup"}, Where::InProgram},
      {true, ebpf, {"arguments", "0"}, Where::Anywhere},
      {false, spec, {"target"}, Where::Anywhere},
      {false, spec, {"library"}, Where::Anywhere},
      {false, spec, {"format"}, Where::NotInProgram},
      {false, spec, {"filter"}, Where::Anywhere},
      {false, spec, {"process_name"}, Where::InProgram},
      {false, spec, {"cgroup"}, Where::InProgram},
  };
}

// JF's base with V at JF's path.
nlohmann::json with_value(const JsonField& jf, const std::string& v) {
  nlohmann::json j = jf.base;
  nlohmann::json* at = &j;
  for (std::size_t i = 0; i + 1 < jf.path.size(); ++i)
    at = &(*at)[jf.path[i]];
  const std::string& last = jf.path.back();
  if (at->is_array())
    (*at)[std::stoul(last)] = v;
  else
    (*at)[last] = v;
  return j;
}

// Checks every payload in JF; returns how many were accepted.
int check_json_field(const JsonField& jf,
                     const std::vector<std::string>& payloads) {
  std::string name = (jf.ebpf ? "ebpf_programs." : "spec.") + jf.path[0] +
                     (jf.path.size() > 1 ? "." + jf.path[1] : "");
  auto b = json_program(jf.base, jf.ebpf);
  EXPECT_TRUE(b.ok()) << name << ": " << b.error().message;
  if (!b.ok())
    return 0;
  ProgramText benign = split_program(*b);
  int accepted = 0;
  for (const std::string& payload : payloads) {
    auto r = json_program(with_value(jf, payload), jf.ebpf);
    if (!r.ok()) {
      EXPECT_FALSE(r.error().message.empty()) << name;
      continue;
    }
    ++accepted;
    ProgramText p = split_program(*r);
    EXPECT_EQ(p.error, "") << name;
    EXPECT_EQ(p.code, benign.code)
        << name << " <- " << payload.substr(0, 80) << "\n"
        << *r;
    if (jf.where == Where::InProgram) {
      EXPECT_TRUE(has_literal(p, payload)) << name;
    }
    if (jf.where == Where::NotInProgram) {
      EXPECT_EQ(p.literals, benign.literals) << name;
    }
  }
  return accepted;
}

// The same payloads in every string of the JSON readers.
TEST(Injection, json_fields_are_rejected_or_passed_as_data) {
  std::vector<std::string> payloads = kPayloads;
  payloads.push_back(std::string("a\0b", 3));
  payloads.push_back(std::string("\0\"); system(\"id", 16));
  int accepted = 0;
  for (const JsonField& jf : json_fields())
    accepted += check_json_field(jf, payloads);
  EXPECT_GE(accepted, 20);
}

// ---- remote requests (issue 13) ---------------------------------------
// Every string field of the remote request shapes gets every payload (and
// the JSON-only ones: NUL bytes), through the functions the service runs:
// ebpf_programs entries and {"mode": "trace"} programs through
// plan_from_ebpf_program, prepare_plan (default policy) and generate over
// the recorded tracefs tree; the inputs of the syscalls, slow, count and
// latency modes through remote::syscalls_input / slow_input / stats_input
// and the modes' dry runs (no root needed; the catalog is the running
// kernel's or the built-in one). Each attempt is refused with a message or
// changes nothing but literals, as in the CLI table.

std::vector<std::string> remote_payloads() {
  std::vector<std::string> p = kPayloads;
  p.push_back(std::string("a\0b", 3));
  p.push_back(std::string("\0\"); system(\"id", 16));
  return p;
}

// A copy of BASE with VALUE at PATH (object keys, or an array index).
nlohmann::json with_value(nlohmann::json base,
                          const std::vector<std::string>& path,
                          const nlohmann::json& value) {
  nlohmann::json* at = &base;
  for (std::size_t i = 0; i + 1 < path.size(); ++i)
    at = at->is_array() ? &(*at)[std::stoul(path[i])] : &(*at)[path[i]];
  if (at->is_array())
    (*at)[std::stoul(path.back())] = value;
  else
    (*at)[path.back()] = value;
  return base;
}

// make_job reads BODY as POST /v1/traces does: it never throws, and a
// refusal has a message.
void check_make_job(const nlohmann::json& body, const std::string& name) {
  static manager::TraceManager manager;
  static const gen::BuiltinCatalog catalog;
  remote::RequestContext ctx{
      manager,
      catalog,
      engine::make_environment("/bin/false", {0, 17, 0}, "/nonexistent"),
      {}};
  try {
    auto job = remote::make_job(body, ctx);
    if (!job.ok()) {
      EXPECT_FALSE(job.error().message.empty()) << name;
    }
  } catch (const std::exception& e) {
    ADD_FAILURE() << name << ": make_job threw " << e.what();
  }
}

// "" when the attempt was refused with a message or passed as data.
std::string check_remote_attempt(Where where, const std::string& payload,
                                 const ProgramText& benign,
                                 const Result<std::string>& r, bool& accepted) {
  accepted = r.ok();
  if (!r.ok())
    return r.error().message.empty() ? "refused without a message" : "";
  ProgramText p = split_program(*r);
  if (!p.error.empty())
    return "the program is not well formed: " + p.error;
  if (p.code != benign.code)
    return "the payload changed the program's code:\n" + brief(*r);
  if (where == Where::InProgram && !has_literal(p, payload))
    return "accepted, but the payload is not one literal of the program";
  if (where == Where::NotInProgram && p.literals != benign.literals)
    return "a value that has no place in the program changed its literals";
  return "";
}

struct RemoteField {
  std::string name;
  nlohmann::json base;
  std::vector<std::string> path;
  Where where;
  // The field's value for a payload (a filter wraps it in a literal).
  std::function<std::string(const std::string&)> value =
      [](const std::string& v) { return v; };
  bool benign_may_fail = false; // then every payload must be refused
};

// Runs every payload through FIELD; counts the accepted ones.
void check_remote_field(
    const RemoteField& f,
    const std::function<Result<std::string>(const nlohmann::json&)>& program_of,
    std::map<std::string, int>& accepted_by_field) {
  // A wrapped field's benign program has the wrapper around "benign".
  const std::string wrapped = f.value("benign");
  const nlohmann::json base =
      wrapped == "benign" ? f.base : with_value(f.base, f.path, wrapped);
  auto b = program_of(base);
  if (!b.ok() && f.benign_may_fail) {
    for (const std::string& payload : remote_payloads())
      EXPECT_FALSE(
          program_of(with_value(f.base, f.path, f.value(payload))).ok())
          << f.name << " <- " << payload.substr(0, 80);
    return;
  }
  ASSERT_TRUE(b.ok()) << f.name << ": " << b.error().message;
  ProgramText benign = split_program(*b);
  ASSERT_EQ(benign.error, "") << f.name;
  for (const std::string& payload : remote_payloads()) {
    auto r = program_of(with_value(base, f.path, f.value(payload)));
    bool accepted = false;
    EXPECT_EQ(check_remote_attempt(f.where, payload, benign, r, accepted), "")
        << f.name << " <- " << payload.substr(0, 80);
    accepted_by_field[f.name] += accepted;
  }
}

const gen::TracefsCatalog& recorded_tracefs() {
  static const gen::TracefsCatalog catalog(SCTRACE_TEST_DATA "/tracefs");
  return catalog;
}

// What the service would run for one program: read, prepared, generated.
Result<std::string> remote_program_text(const nlohmann::json& program) {
  SCTRACE_TRY_ASSIGN(plan, spec::plan_from_ebpf_program(program));
  gen::GenOptions g;
  g.version = {0, 17, 0};
  SCTRACE_TRY_ASSIGN(
      ready,
      remote::prepare_plan(std::move(plan), {}, recorded_tracefs(), g.version));
  SCTRACE_TRY_ASSIGN(
      p, gen::generate({ready.spec}, recorded_tracefs(), g, ready.options));
  return p.text;
}

std::string filter_literal(const std::string& v) {
  return "arg2 == \"" + spec_string(v) + "\"";
}

// A format of one string conversion after the payload (arguments: arg2).
std::string with_conversion(const std::string& v) {
  return v + " %s";
}

std::vector<RemoteField> remote_program_fields() {
  const nlohmann::json typed = {
      {"name", "n"},
      {"description", "benign"},
      {"type", "syscall"},
      {"target", "openat"},
      {"duration", 5},
      {"format", "benign %s"},
      {"arguments", {"arg2"}},
      {"filter", "arg2 == \"benign\""},
      {"filters", {{"process", "benign"}, {"cgroup", "/sys/fs/cgroup/b"}}}};
  nlohmann::json by_comm = typed;
  by_comm["filters"] = {{"comm", "benign"}};
  nlohmann::json by_filters = typed;
  by_filters.erase("filter");
  by_filters["filters"]["filter"] = "arg2 == \"benign\"";
  nlohmann::json no_format = typed;
  no_format.erase("format");
  no_format.erase("arguments");
  const nlohmann::json spec = {
      {"name", "n"}, {"duration", 5}, {"spec", "sys_openat \"%s\", arg2"}};
  auto in_spec = [](const std::string& v) {
    return "sys_openat (arg2 == \"" + spec_string(v) + "\") \"%s\", arg2";
  };
  auto fmt_in_spec = [](const std::string& v) {
    return "sys_openat \"" + spec_string(v) + " %s\", arg2";
  };
  return {
      {"name", typed, {"name"}, Where::NotInProgram},
      {"description", typed, {"description"}, Where::NotInProgram},
      {"name (default action)", no_format, {"name"}, Where::NotInProgram},
      {"type", typed, {"type"}, Where::Anywhere},
      {"target", typed, {"target"}, Where::Anywhere},
      {"format", typed, {"format"}, Where::NotInProgram, with_conversion},
      {"arguments[0]", typed, {"arguments", "0"}, Where::Anywhere},
      {"filter", typed, {"filter"}, Where::Anywhere},
      {"filter literal", typed, {"filter"}, Where::InProgram, filter_literal},
      {"filters.process", typed, {"filters", "process"}, Where::InProgram},
      {"filters.comm", by_comm, {"filters", "comm"}, Where::InProgram},
      {"filters.cgroup", typed, {"filters", "cgroup"}, Where::InProgram},
      {"filters.filter", by_filters, {"filters", "filter"}, Where::Anywhere},
      {"filters.filter literal",
       by_filters,
       {"filters", "filter"},
       Where::InProgram,
       filter_literal},
      {"spec", spec, {"spec"}, Where::Anywhere},
      {"spec filter literal", spec, {"spec"}, Where::InProgram, in_spec},
      {"spec format", spec, {"spec"}, Where::NotInProgram, fmt_in_spec},
  };
}

TEST(Injection, remote_program_fields_are_rejected_or_passed_as_data) {
  std::map<std::string, int> accepted_by_field;
  for (const RemoteField& f : remote_program_fields()) {
    check_remote_field(f, remote_program_text, accepted_by_field);
    // The same program as a POST /v1/traces body.
    for (const std::string& payload : remote_payloads())
      check_make_job(
          {{"mode", "trace"},
           {"program", with_value(f.base, f.path, f.value(payload))}},
          f.name);
  }
  for (const char* name :
       {"name", "description", "format", "filter literal",
        "filters.filter literal", "spec filter literal", "spec format"})
    EXPECT_GE(accepted_by_field[name], 10) << name;
  for (const char* name : {"filters.process", "filters.comm", "filters.cgroup"})
    EXPECT_GE(accepted_by_field[name], 1) << name;
  for (const auto& [name, n] : accepted_by_field)
    std::cout << "  ebpf_programs[]." << name << ": " << n << " of "
              << remote_payloads().size() << " passed as data\n";
}

// What the service would run for a mode's input: the options, dry-run.
Result<std::string> remote_mode_text(const nlohmann::json& body) {
  const std::string mode = body.at("mode").get<std::string>();
  const nlohmann::json& input = body.at("input");
  const auto env =
      engine::make_environment("/bin/false", {0, 17, 0}, "/nonexistent");
  if (mode == "syscalls" || mode == "slow") {
    SCTRACE_TRY_ASSIGN(o, mode == "slow" ? remote::slow_input(input, env)
                                         : remote::syscalls_input(input, env));
    return syscalls::syscalls_dry_run(o);
  }
  SCTRACE_TRY_ASSIGN(o, remote::stats_input(mode, input, env));
  return stats::stats_dry_run(o);
}

// {"mode": MODE, "input": {"target": {KEY: VALUE}}} plus SYSCALLS.
nlohmann::json mode_body(const std::string& mode, const std::string& key,
                         const nlohmann::json& value) {
  nlohmann::json input = {{"target", {{key, value}}}};
  if (key == "all")
    input["syscalls"] = {"openat"};
  return {{"mode", mode}, {"input", input}};
}

std::vector<RemoteField> remote_mode_fields() {
  std::vector<RemoteField> f;
  auto same = [](const std::string& v) { return v; };
  for (std::string mode : {"syscalls", "slow", "count", "latency"}) {
    std::string m = mode + ": input.";
    f.push_back({m + "target.comm",
                 mode_body(mode, "comm", "benign"),
                 {"input", "target", "comm"},
                 Where::InProgram});
    // A container or cgroup must exist: the benign one may be refused.
    f.push_back({m + "target.container",
                 mode_body(mode, "container", "b"),
                 {"input", "target", "container"},
                 Where::Anywhere,
                 same,
                 true});
    f.push_back({m + "target.cgroup",
                 mode_body(mode, "cgroup", "/sys/fs/cgroup/unified"),
                 {"input", "target", "cgroup"},
                 Where::Anywhere,
                 same,
                 true});
    f.push_back({m + "syscalls[0]",
                 mode_body(mode, "all", true),
                 {"input", "syscalls", "0"},
                 Where::Anywhere});
    if (mode == "slow")
      f.push_back({m + "threshold",
                   mode_body(mode, "all", true),
                   {"input", "threshold"},
                   Where::Anywhere});
  }
  return f;
}

TEST(Injection, remote_mode_inputs_are_rejected_or_passed_as_data) {
  std::map<std::string, int> accepted_by_field;
  for (const RemoteField& f : remote_mode_fields()) {
    check_remote_field(f, remote_mode_text, accepted_by_field);
    for (const std::string& payload : remote_payloads())
      check_make_job(with_value(f.base, f.path, f.value(payload)), f.name);
  }
  for (const char* mode : {"syscalls", "slow", "count", "latency"})
    EXPECT_GE(accepted_by_field[std::string(mode) + ": input.target.comm"], 1)
        << mode;
  for (const auto& [name, n] : accepted_by_field)
    std::cout << "  " << name << ": " << n << " of " << remote_payloads().size()
              << " passed as data\n";
}

// ---- The monitor (sctrace exporter, sctrace top) --------------------
// Neither has a dry run. Their strings reach a program only through
// monitor::program_options and gen::generate_monitor, which this checks
// on the same payloads (the keys of an object of the test's own: comm,
// container, cgroup, syscalls, threshold). Then the real binary gets
// every payload in every option: with a bpftrace that does not exist and
// (top) no terminal, each must be refused with a message and nothing may
// start or listen.

// The monitor program for IN's option, or its error.
Result<std::string> monitor_text(const nlohmann::json& in) {
  monitor::MonitorOptions o;
  o.target.comm = in.value("comm", "");
  o.target.container = in.value("container", "");
  o.target.cgroup = in.value("cgroup", "");
  o.target.all = o.target.comm.empty() && o.target.container.empty() &&
                 o.target.cgroup.empty();
  o.selection = in.value("syscalls", "");
  if (in.contains("threshold")) {
    SCTRACE_TRY_ASSIGN(
        t, syscalls::parse_thresholds({in["threshold"].get<std::string>()}));
    o.thresholds = t;
  }
  SCTRACE_TRY_ASSIGN(program, monitor::program_options(o));
  gen::GenOptions g;
  g.version = {0, 17, 0};
  SCTRACE_TRY_ASSIGN(generated, gen::generate_monitor(program, g));
  return generated.text;
}

TEST(Injection, monitor_options_are_rejected_or_passed_as_data) {
  auto same = [](const std::string& v) { return v; };
  const std::vector<RemoteField> fields = {
      {"comm", {{"comm", "benign"}}, {"comm"}, Where::InProgram},
      {"container",
       {{"container", "b"}},
       {"container"},
       Where::Anywhere,
       same,
       true},
      {"cgroup",
       {{"cgroup", "/sys/fs/cgroup/unified"}},
       {"cgroup"},
       Where::Anywhere,
       same,
       true},
      {"syscalls", {{"syscalls", "read"}}, {"syscalls"}, Where::Anywhere},
      {"threshold",
       {{"threshold", "read=10ms"}},
       {"threshold"},
       Where::Anywhere},
  };
  std::map<std::string, int> accepted_by_field;
  for (const RemoteField& f : fields)
    check_remote_field(f, monitor_text, accepted_by_field);
  EXPECT_GE(accepted_by_field["comm"], 1);
  for (const auto& [name, n] : accepted_by_field)
    std::cout << "  monitor " << name << ": " << n << " of "
              << remote_payloads().size() << " passed as data\n";
}

// `sctrace MODE` with FLAG VALUE, a target (-a) unless FLAG is one, and a
// bpftrace that does not exist; exporter listens on any free port unless
// FLAG is --listen.
std::vector<std::string> monitor_args(const std::string& mode,
                                      const std::string& flag,
                                      const std::string& value) {
  std::vector<std::string> a = {mode, "--bpftrace", "/nonexistent/bpftrace"};
  if (mode == "exporter" && flag != "--listen")
    a = plus(a, {"--listen", "127.0.0.1:0"});
  for (const char* target : {"--comm", "--container", "--cgroup", "-p"})
    if (flag == target)
      return plus(a, {flag, value});
  return plus(a, {"-a", flag, value});
}

// "" when R is a refusal with a message that started nothing.
std::string monitor_refusal(const RunResult& r) {
  if (r.exit_code != 2 && r.exit_code != 3)
    return "exit " + std::to_string(r.exit_code) + ": " + brief(r.err);
  if (r.err.find("error") == std::string::npos)
    return "refused without an error message: " + brief(r.err);
  if (!r.out.empty() || r.err.find("listening") != std::string::npos)
    return "refused after it printed or listened: " + brief(r.out + r.err);
  return "";
}

TEST(Injection, exporter_and_top_options_are_refused_before_running) {
  const std::vector<std::string> flags = {
      "--comm",     "--container", "--cgroup", "-p",    "--threshold",
      "--syscalls", "--interval",  "--by",     "--top", "--listen"};
  for (const std::string mode : {"exporter", "top"}) {
    // Benign values get as far as the missing bpftrace (exporter) or the
    // missing terminal (top): the payloads below meet every check.
    RunResult b = run_sctrace(monitor_args(mode, "--comm", "benign"));
    EXPECT_EQ(monitor_refusal(b), "") << mode;
    EXPECT_NE(b.err.find(mode == "top" ? "terminal" : "bpftrace"),
              std::string::npos)
        << mode << ": " << brief(b.err);
    for (const std::string& flag : flags) {
      if (mode == "top" &&
          (flag == "--listen" || flag == "--by" || flag == "--top"))
        continue; // exporter's only
      for (const std::string& payload : kPayloads)
        EXPECT_EQ(
            monitor_refusal(run_sctrace(monitor_args(mode, flag, payload))), "")
            << mode << " " << flag << " <- " << payload.substr(0, 80);
    }
  }
}

// ---- MCP tools (src/tools/) -------------------------------------------
// Every string field of every tool's input gets every payload. The
// programs come from explain_program (what trace and the syscalls-input
// tools would run, generated over the recorded tracefs tree): refused
// with a message, or only literals change. Then every tool is called with
// each payload in each field on a manager whose one slot is held by a
// job that waits for its stop, so nothing a tool accepts can run: each
// answer is an error result with a known code (busy when the input was
// accepted), and no call throws.

struct ToolsHarness {
  manager::TraceManager manager{manager::Limits{1, 0, 600, 1000, 1 << 20, 600}};
  tools::ToolsContext ctx{
      remote::RequestContext{manager,
                             recorded_tracefs(),
                             engine::make_environment("/bin/false", {0, 17, 0},
                                                      SCTRACE_TEST_DATA
                                                      "/tracefs"),
                             {}},
      remote::MachineFacts{}, 100, 1000, std::nullopt};
  mcp::ToolSet set = tools::make_tools(ctx);
  std::atomic<bool> cancelled{false};

  mcp::ToolResult call(const std::string& name, const nlohmann::json& args) {
    for (auto& t : set)
      if (t.name == name) {
        mcp::ToolContext tc;
        tc.cancelled = &cancelled;
        return t.call(args, tc);
      }
    ADD_FAILURE() << "no tool " << name;
    return {};
  }
};

ToolsHarness& tools_harness() {
  static ToolsHarness h;
  return h;
}

// The program explain_program gives for ARGS, or its error.
Result<std::string> explained_text(const nlohmann::json& args) {
  auto r = tools_harness().call("explain_program", args);
  if (r.is_error)
    return make_error(ErrorKind::Invalid,
                      r.structured["error"].value("message", ""));
  std::string text;
  for (const auto& p : r.structured["programs"])
    text += p["program"].get<std::string>();
  return text;
}

std::vector<RemoteField> tool_fields() {
  const nlohmann::json spec = {{"specs", {"sys_openat \"%s\", arg2"}},
                               {"comm", "benign"},
                               {"cgroup", "/sys/fs/cgroup/b"},
                               {"filter", "arg2 == \"benign\""},
                               {"duration", 5}};
  nlohmann::json bare_spec = spec; // the spec's own filter, not 'filter'
  bare_spec.erase("filter");
  nlohmann::json by_process = spec;
  by_process.erase("comm");
  by_process["process"] = "benign";
  auto in_spec = [](const std::string& v) {
    return "sys_openat (arg2 == \"" + spec_string(v) + "\") \"%s\", arg2";
  };
  std::vector<RemoteField> f = {
      {"trace: specs[0]", bare_spec, {"specs", "0"}, Where::Anywhere},
      {"trace: specs[0] literal",
       bare_spec,
       {"specs", "0"},
       Where::InProgram,
       in_spec},
      {"trace: comm", spec, {"comm"}, Where::InProgram},
      {"trace: process", by_process, {"process"}, Where::InProgram},
      {"trace: cgroup", spec, {"cgroup"}, Where::InProgram},
      {"trace: filter", spec, {"filter"}, Where::Anywhere},
      {"trace: filter literal",
       spec,
       {"filter"},
       Where::InProgram,
       filter_literal},
  };
  for (std::string mode : {"syscalls", "slow", "count", "latency"})
    for (const RemoteField& m : remote_mode_fields())
      if (m.name.rfind(mode + ":", 0) == 0) {
        RemoteField t = m;
        t.name = "explain " + m.name;
        t.base = {{"mode", mode}, {"input", m.base["input"]}};
        f.push_back(t);
      }
  return f;
}

TEST(Injection, tool_inputs_are_rejected_or_passed_as_data) {
  std::map<std::string, int> accepted_by_field;
  for (const RemoteField& f : tool_fields())
    check_remote_field(f, explained_text, accepted_by_field);
  for (const char* name : {"trace: specs[0] literal", "trace: filter literal"})
    EXPECT_GE(accepted_by_field[name], 10) << name;
  // A comm longer than 15 bytes is refused: only some payloads fit.
  for (const char* name : {"trace: comm", "trace: process", "trace: cgroup"})
    EXPECT_GE(accepted_by_field[name], 1) << name;
  for (const auto& [name, n] : accepted_by_field)
    std::cout << "  " << name << ": " << n << " of " << remote_payloads().size()
              << " passed as data\n";
}

// (tool, arguments, path of a string field) for every tool.
struct ToolField {
  std::string tool;
  nlohmann::json base;
  std::vector<std::string> path;
};

std::vector<ToolField> every_tool_string_field() {
  const nlohmann::json all = {
      {"target", {{"all", true}}}, {"syscalls", {"openat"}}, {"duration", 1}};
  const nlohmann::json spec = {{"specs", {"sys_openat"}}, {"duration", 1}};
  std::vector<ToolField> f;
  for (const char* t : {"trace_syscalls", "slow_syscalls", "count_syscalls",
                        "syscall_latency"}) {
    f.push_back({t, all, {"syscalls", "0"}});
    for (const char* k : {"comm", "container", "cgroup"})
      f.push_back(
          {t, {{"target", {{k, "b"}}}, {"duration", 1}}, {"target", k}});
  }
  f.push_back({"trace_syscalls", all, {"format"}});
  f.push_back({"slow_syscalls", all, {"threshold"}});
  for (const char* k : {"comm", "process", "cgroup", "filter"})
    f.push_back({"trace", spec, {k}});
  f.push_back({"trace", spec, {"specs", "0"}});
  f.push_back({"get_trace_events", {{"trace_id", "t-0"}}, {"trace_id"}});
  f.push_back({"suggest_syscalls", {{"description", "x"}}, {"description"}});
  f.push_back({"explain_program", spec, {"specs", "0"}});
  // A key is a string too.
  for (const char* t : {"trace_syscalls", "trace", "capabilities",
                        "get_trace_events", "explain_program"})
    f.push_back({t, nlohmann::json::object(), {"KEY"}});
  return f;
}

TEST(Injection, no_tool_input_runs_anything) {
  ToolsHarness& h = tools_harness();
  // The manager's one slot, held until the end of the test.
  manager::Job holder;
  holder.mode = "hold";
  holder.run = [](manager::JobSink&, const volatile std::sig_atomic_t* stop) {
    while (!*stop)
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    return manager::JobEnd{};
  };
  auto held = h.manager.start(std::move(holder));
  ASSERT_TRUE(held.ok());
  const std::set<std::string> codes = {
      "not_root",          "no_such_process",
      "unknown_syscall",   "kprobes_unavailable",
      "invalid_spec",      "invalid_argument",
      "refused_by_policy", "busy",
      "not_found",         "bpftrace_failed",
      "unsupported"};
  std::map<std::string, int> busy;
  for (const ToolField& f : every_tool_string_field())
    for (const std::string& payload : remote_payloads()) {
      nlohmann::json args = f.path[0] == "KEY"
                                ? nlohmann::json{{payload, "x"}}
                                : with_value(f.base, f.path, payload);
      mcp::ToolResult r;
      try {
        r = h.call(f.tool, args);
      } catch (const std::exception& e) {
        ADD_FAILURE() << f.tool << " threw " << e.what();
        continue;
      }
      const std::string name = f.tool + "." + f.path.back();
      if (f.tool == "explain_program" || f.tool == "suggest_syscalls")
        continue; // answers without running; its programs are checked above
      ASSERT_TRUE(r.is_error) << name << " <- " << payload.substr(0, 40);
      std::string code = r.structured["error"].value("code", "");
      EXPECT_EQ(codes.count(code), 1u) << name << ": " << code;
      EXPECT_FALSE(r.structured["error"].value("message", "").empty()) << name;
      busy[name] += code == "busy";
    }
  EXPECT_EQ(h.manager.list().size(), 1u); // only the holder ever started
  ASSERT_TRUE(h.manager.stop(*held).ok());
  for (const auto& [name, n] : busy)
    std::cout << "  " << name << ": " << n << " of " << remote_payloads().size()
              << " accepted (refused busy: nothing ran)\n";
}

} // namespace
} // namespace sctrace::injection
