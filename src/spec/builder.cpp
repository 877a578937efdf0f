// TraceSpecBuilder (spec/builder.h).
#include "spec/builder.h"

#include <utility>

#include "spec/check.h"
#include "spec/parser.h"

namespace sctrace::spec {

TraceSpecBuilder& TraceSpecBuilder::probe(ProbeType type, std::string library,
                                          std::string target) {
  spec_.probe_type = type;
  spec_.library = std::move(library);
  spec_.target = std::move(target);
  spec_.offset = 0;
  return *this;
}

TraceSpecBuilder& TraceSpecBuilder::Kprobe(std::string function) {
  return probe(ProbeType::Entry, "", std::move(function));
}

TraceSpecBuilder& TraceSpecBuilder::Kretprobe(std::string function) {
  return probe(ProbeType::Return, "", std::move(function));
}

TraceSpecBuilder& TraceSpecBuilder::Uprobe(std::string library,
                                           std::string function) {
  return probe(ProbeType::Entry, std::move(library), std::move(function));
}

TraceSpecBuilder& TraceSpecBuilder::Uretprobe(std::string library,
                                              std::string function) {
  return probe(ProbeType::Return, std::move(library), std::move(function));
}

TraceSpecBuilder& TraceSpecBuilder::Tracepoint(std::string category,
                                               std::string event) {
  return probe(ProbeType::Tracepoint, std::move(category), std::move(event));
}

TraceSpecBuilder& TraceSpecBuilder::Usdt(std::string binary,
                                         std::string probe_name) {
  return probe(ProbeType::Usdt, std::move(binary), std::move(probe_name));
}

TraceSpecBuilder& TraceSpecBuilder::Offset(std::uint64_t offset) {
  spec_.offset = offset;
  return *this;
}

TraceSpecBuilder& TraceSpecBuilder::Format(std::string format,
                                           std::vector<std::string> arguments) {
  spec_.format = std::move(format);
  arguments_ = std::move(arguments);
  return *this;
}

TraceSpecBuilder& TraceSpecBuilder::Filter(std::string expression) {
  filter_ = std::move(expression);
  return *this;
}

TraceSpecBuilder& TraceSpecBuilder::Duration(int seconds) {
  options_.duration_seconds = seconds;
  return *this;
}

TraceSpecBuilder& TraceSpecBuilder::ProcessName(std::string name) {
  options_.process_name = std::move(name);
  return *this;
}

TraceSpecBuilder& TraceSpecBuilder::Pid(std::int64_t pid) {
  options_.pid = pid;
  return *this;
}

TraceSpecBuilder& TraceSpecBuilder::Tid(std::int64_t tid) {
  options_.tid = tid;
  return *this;
}

TraceSpecBuilder& TraceSpecBuilder::Uid(std::int64_t uid) {
  options_.uid = uid;
  return *this;
}

TraceSpecBuilder& TraceSpecBuilder::Cgroup(std::string path) {
  options_.cgroup = std::move(path);
  return *this;
}

TraceSpecBuilder& TraceSpecBuilder::MaxEvents(std::uint64_t count) {
  options_.max_events = count;
  return *this;
}

TraceSpecBuilder& TraceSpecBuilder::KernelStack(bool enable) {
  options_.kernel_stack = enable;
  return *this;
}

TraceSpecBuilder& TraceSpecBuilder::UserStack(bool enable) {
  options_.user_stack = enable;
  return *this;
}

Result<TraceSpec> TraceSpecBuilder::BuildSpec() const {
  TraceSpec spec = spec_;
  if (!filter_.empty()) {
    SCTRACE_TRY_ASSIGN(filter, detail::parse_unpositioned(filter_));
    spec.filter = std::move(filter);
  }
  for (const std::string& text : arguments_) {
    SCTRACE_TRY_ASSIGN(argument, detail::parse_unpositioned(text));
    spec.arguments.push_back(std::move(argument));
  }
  SCTRACE_TRY(validate(spec));
  return spec;
}

Result<TracePlan> TraceSpecBuilder::Build() const {
  SCTRACE_TRY_ASSIGN(spec, BuildSpec());
  SCTRACE_TRY(validate(options_));
  return TracePlan{std::move(spec), options_};
}

} // namespace sctrace::spec
