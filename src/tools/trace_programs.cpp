// trace.py input as seed 001 programs (trace_programs.h).
#include "tools/trace_programs.h"

#include "remote/prepare.h"
#include "spec/json.h"
#include "tools/args.h"
#include "tools/schemas.h"

namespace sctrace::tools {

using nlohmann::json;

namespace {

const std::vector<std::string> kKeys = {"specs",  "pid",    "tid",
                                        "uid",    "comm",   "process",
                                        "cgroup", "filter", "duration"};

Error invalid(std::string message) {
  return make_error(ErrorKind::Invalid, std::move(message));
}

Result<std::vector<std::string>> read_specs(const json& args) {
  auto it = args.find("specs");
  if (it == args.end() || !it->is_array() || it->empty())
    return invalid("argument 'specs' is required: an array of 1.." +
                   std::to_string(kMaxSpecs) +
                   " trace.py spec strings such as "
                   "\"r::sys_openat \\\"%d\\\", retval\"");
  if (it->size() > kMaxSpecs)
    return invalid("argument 'specs' has " + std::to_string(it->size()) +
                   " specs; at most " + std::to_string(kMaxSpecs) +
                   " run at once: split the call");
  std::vector<std::string> specs;
  for (const auto& s : *it) {
    if (!s.is_string())
      return invalid("every item of 'specs' must be a string, not " +
                     std::string(s.type_name()));
    specs.push_back(s.get<std::string>());
  }
  return specs;
}

// The seed 001 filters the arguments give.
Result<json> read_filters(const json& args) {
  json filters = json::object();
  for (const char* k : {"pid", "tid", "uid"})
    if (args.contains(k)) {
      SCTRACE_TRY_ASSIGN(v, read_integer(args, k, 0, 1ll << 32, 0));
      filters[k] = v;
    }
  if (args.contains("comm") && args.contains("process"))
    return invalid("give either 'comm' or 'process' (the same filter), not "
                   "both");
  for (const char* k : {"comm", "process", "cgroup", "filter"}) {
    SCTRACE_TRY_ASSIGN(v, read_string(args, k));
    if (v)
      filters[std::string(k) == "comm" ? "process" : k] = *v;
  }
  return filters;
}

} // namespace

json trace_input_properties() {
  return {{"specs",
           {{"type", "array"},
            {"minItems", 1},
            {"maxItems", kMaxSpecs},
            {"items", {{"type", "string"}, {"minLength", 1}}},
            {"description",
             "trace.py probe specs, e.g. \"r::sys_openat (retval < 0) "
             "\\\"openat failed: %d\\\", retval\" or \"sys_read (arg3 > 1024) "
             "\\\"read %d\\\", arg3\""}}},
          {"pid", {{"type", "integer"}, {"minimum", 0}}},
          {"tid", {{"type", "integer"}, {"minimum", 0}}},
          {"uid", {{"type", "integer"}, {"minimum", 0}}},
          {"comm", {{"type", "string"}, {"description", "Process name"}}},
          {"process", {{"type", "string"}, {"description", "Same as comm"}}},
          {"cgroup", {{"type", "string"}, {"description", "cgroup v2 path"}}},
          {"filter",
           {{"type", "string"},
            {"description", "A trace.py filter expression for every spec"}}},
          {"duration", duration_schema()}};
}

Result<std::vector<json>> trace_programs(const json& args) {
  SCTRACE_TRY(check_keys(args, kKeys));
  SCTRACE_TRY_ASSIGN(specs, read_specs(args));
  SCTRACE_TRY_ASSIGN(duration, read_duration(args));
  SCTRACE_TRY_ASSIGN(filters, read_filters(args));
  std::vector<json> programs;
  for (std::size_t i = 0; i < specs.size(); ++i) {
    json p = {{"name", "spec " + std::to_string(i + 1)},
              {"spec", specs[i]},
              {"duration", duration}};
    if (!filters.empty())
      p["filters"] = filters;
    programs.push_back(std::move(p));
  }
  return programs;
}

Result<spec::TracePlan> prepared_plan(const json& program,
                                      const ToolsContext& ctx) {
  SCTRACE_TRY_ASSIGN(plan, spec::plan_from_ebpf_program(program));
  return remote::prepare_plan(std::move(plan), ctx.request.policy,
                              ctx.request.catalog,
                              ctx.request.environment.version);
}

} // namespace sctrace::tools
