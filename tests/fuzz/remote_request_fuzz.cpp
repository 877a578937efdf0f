// Fuzz target: the readers of remote requests (issue 13), from the bytes a
// client sends to what would run: spec::parse_json_text, then
//  - remote::make_job on the body (POST /v1/traces), over a TraceManager
//    that never starts anything, the recorded tracefs tree and an
//    Environment of "/bin/false" as bpftrace 0.17;
//  - for each of the first 8 entries of "ebpf_programs" (POST
//    /v1/requests), and the body itself: spec::plan_from_ebpf_program,
//    then remote::prepare_plan under the default policy;
//  - syscalls::syscalls_input_from_json and the remote mode inputs
//    (remote::syscalls_input, slow_input, stats_input) on the body and on
//    its "input".
//
// Input: JSON text, up to 32 KiB (long_inputs.h's mutator as for
// json_request). Invariants:
//  - nothing throws (an escaping exception aborts the target) and every
//    rejection has a message;
//  - parse_json_text errors are Syntax errors that give a byte offset
//    inside the input;
//  - make_job: an accepted body is an object whose "mode" the Job keeps,
//    with a run function and the body echoed; a syscalls input naming
//    target.command is never accepted (remote input runs no command);
//  - name and description never change the plan: the program read without
//    them gives the same TracePlan;
//  - a prepared plan keeps the program's options, its probe, filter and
//    (when given) format and arguments; it passes validate(); under the
//    default policy it is a syscall or tracepoint probe (no uprobe, USDT or
//    kernel function); the program generated from it keeps every invariant
//    of program_check.h (closed call set, so no system() or cat(), nothing
//    that needs --unsafe; only escaped literals that are the spec's own
//    strings);
//  - an accepted trace_syscalls input has a known format, a duration of 1
//    to 300 s and no NUL in comm, container or cgroup.
#include <cstddef>
#include <cstdint>
#include <exception>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "engine/environment.h"
#include "fuzz_check.h"
#include "gen/generator.h"
#include "gen/probe_resolve.h"
#include "long_inputs.h"
#include "manager/trace_manager.h"
#include "modes/syscalls/input_json.h"
#include "program_check.h"
#include "remote/ebpf_request.h"
#include "remote/mode_inputs.h"
#include "remote/prepare.h"
#include "remote/trace_body.h"
#include "spec/json.h"
#include "spec/json_text.h"
#include "spec/parser.h"

using namespace sctrace;
using nlohmann::json;

namespace {

const gen::BpftraceVersion kVersion{0, 17, 0};

// The context of every request: a manager nobody starts jobs on.
const remote::RequestContext& context() {
  static manager::TraceManager manager;
  static const remote::RequestContext ctx{
      manager, fuzz::recorded_catalog(),
      engine::make_environment("/bin/false", kVersion,
                               SCTRACE_TEST_DATA "/tracefs"),
      remote::RemotePolicy{}};
  return ctx;
}

template <typename T>
void require_message(const Result<T>& r, const char* reader) {
  if (!r.ok())
    FUZZ_REQUIRE(!r.error().message.empty(),
                 std::string(reader) + " error without a message");
}

bool names_command(const json& body) {
  if (!body.is_object() || !body.contains("input"))
    return false;
  const json& input = body["input"];
  return input.is_object() && input.contains("target") &&
         input["target"].is_object() && input["target"].contains("command");
}

void check_make_job(const json& body) {
  auto job = remote::make_job(body, context());
  require_message(job, "make_job");
  if (!job.ok())
    return;
  FUZZ_REQUIRE(body.is_object() && body.contains("mode") &&
                   body["mode"].is_string(),
               "make_job accepted a body without a string mode");
  FUZZ_REQUIRE(job->mode == body["mode"].get<std::string>(),
               "the job's mode is not the body's: " + job->mode);
  FUZZ_REQUIRE(static_cast<bool>(job->run), "a job without a run function");
  FUZZ_REQUIRE(job->request == body, "the job does not echo the body");
  FUZZ_REQUIRE(!names_command(body),
               "a remote input with target.command was accepted");
}

// The program with name and description removed reads the same.
void check_names_are_inert(const json& program,
                           const Result<spec::TracePlan>& plan) {
  if (!program.is_object() ||
      (!program.contains("name") && !program.contains("description")))
    return;
  json bare = program;
  bare.erase("name");
  bare.erase("description");
  auto again = spec::plan_from_ebpf_program(bare);
  if (!plan.ok())
    return; // a bad name or description is an error of its own
  FUZZ_REQUIRE(again.ok() && *again == *plan,
               "name or description changed the plan");
}

// Under the default policy only syscalls and tracepoints pass.
void check_default_policy(const spec::TraceSpec& s) {
  using spec::ProbeType;
  FUZZ_REQUIRE(s.probe_type != ProbeType::Usdt,
               "the default policy let a USDT probe through");
  if (s.probe_type != ProbeType::Tracepoint)
    FUZZ_REQUIRE(s.library.empty() && !gen::syscall_name_of(s.target).empty(),
                 "the default policy let a uprobe or kernel function "
                 "through: " +
                     s.library + ":" + s.target);
}

void check_prepared(const spec::TracePlan& before,
                    const spec::TracePlan& ready) {
  FUZZ_REQUIRE(ready.options == before.options,
               "prepare_plan changed the session options");
  const spec::TraceSpec &a = before.spec, &b = ready.spec;
  FUZZ_REQUIRE(a.probe_type == b.probe_type && a.library == b.library &&
                   a.target == b.target && a.filter == b.filter,
               "prepare_plan changed the probe or its filter");
  if (!a.format.empty())
    FUZZ_REQUIRE(a.format == b.format && a.arguments == b.arguments,
                 "prepare_plan changed a given format or its arguments");
  auto valid = spec::validate(b);
  FUZZ_REQUIRE(valid.ok(), "a prepared spec fails validate(): " +
                               (valid.ok() ? "" : valid.error().message));
  check_default_policy(b);
  gen::GenOptions g;
  g.version = kVersion;
  auto program = gen::generate({b}, context().catalog, g, ready.options);
  FUZZ_REQUIRE(program.ok(), "a prepared plan does not generate: " +
                                 (program.ok() ? "" : program.error().message));
  fuzz::check_program(*program, {b}, ready.options, g);
}

void check_program_entry(const json& program) {
  auto plan = spec::plan_from_ebpf_program(program);
  require_message(plan, "plan_from_ebpf_program");
  check_names_are_inert(program, plan);
  if (!plan.ok())
    return;
  auto ready = remote::prepare_plan(*plan, context().policy, context().catalog,
                                    kVersion);
  require_message(ready, "prepare_plan");
  if (ready.ok())
    check_prepared(*plan, *ready);
}

void check_syscalls_input(const json& input) {
  auto read = syscalls::syscalls_input_from_json(input);
  require_message(read, "syscalls_input_from_json");
  if (read.ok()) {
    const std::string& f = read->format;
    FUZZ_REQUIRE(f == "text" || f == "json" || f == "jsonl" || f == "csv",
                 "unknown format accepted: " + f);
    double d = read->options.duration_seconds;
    FUZZ_REQUIRE(d >= 1 && d <= 300, "duration out of 1..300 accepted");
    const auto& t = read->options.target;
    for (const std::string* s : {&t.comm, &t.container, &t.cgroup})
      FUZZ_REQUIRE(s->find('\0') == std::string::npos,
                   "a target string with NUL accepted");
  }
  json body = {{"input", input}};
  bool command = names_command(body);
  auto check_remote = [&](const auto& r, const char* reader) {
    require_message(r, reader);
    FUZZ_REQUIRE(!(command && r.ok()),
                 std::string(reader) + " accepted target.command");
  };
  const auto env = engine::make_environment("/bin/false", kVersion, "");
  check_remote(remote::syscalls_input(input, env), "syscalls_input");
  check_remote(remote::slow_input(input, env), "slow_input");
  check_remote(remote::stats_input("count", input, env), "stats_input(count)");
  check_remote(remote::stats_input("latency", input, env),
               "stats_input(latency)");
}

void check_body(const json& body) {
  check_make_job(body);
  check_program_entry(body);
  if (body.is_object() && body.contains("program"))
    check_program_entry(body["program"]);
  if (body.is_object() && body.contains("ebpf_programs") &&
      body["ebpf_programs"].is_array()) {
    int n = 0;
    for (const auto& program : body["ebpf_programs"]) {
      if (++n > 8)
        break;
      check_program_entry(program);
    }
  }
  check_syscalls_input(body);
  if (body.is_object() && body.contains("input"))
    check_syscalls_input(body["input"]);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  auto taken = fuzz::take_input(data, size, 32768);
  if (!taken)
    return 0;
  std::string_view input = *taken;
  std::size_t offset = ~std::size_t{0};
  auto body = spec::parse_json_text(input, "request", &offset);
  if (!body.ok()) {
    FUZZ_REQUIRE(body.error().kind == ErrorKind::Syntax,
                 "parse_json_text error that is not Syntax");
    FUZZ_REQUIRE(offset <= input.size(),
                 "parse_json_text error offset past the input");
    FUZZ_REQUIRE(!body.error().message.empty(), "JSON error without message");
    return 0;
  }
  try {
    check_body(*body);
  } catch (const std::exception& e) {
    FUZZ_REQUIRE(false, std::string("a request reader threw: ") + e.what());
  }
  return 0;
}
