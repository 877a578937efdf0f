// Answers for seed 001's programs (program_response.h).
#include "remote/program_response.h"

#include "remote/error_json.h"

namespace sctrace::remote {

using nlohmann::json;

namespace {

// name, type, target, duration and description of the request, as data.
json echo(const json& program) {
  json out = json::object();
  for (const char* key : {"name", "type", "target", "spec", "description"}) {
    const json* v = program.is_object() && program.contains(key)
                        ? &program.at(key)
                        : nullptr;
    out[key] = v != nullptr && v->is_string() ? *v : json();
  }
  const json* d = program.is_object() && program.contains("duration")
                      ? &program.at("duration")
                      : nullptr;
  out["duration"] = d != nullptr && d->is_number() ? *d : json();
  return out;
}

json statistics(const json& summary) {
  json top = json::array();
  for (const auto& p : summary.value("top_processes", json::array()))
    top.push_back({{"process_name", p.value("comm", "")},
                   {"event_count", p.value("events", 0)},
                   {"pid", p.value("pid", 0)}});
  return {{"total_events", summary.value("total_events", 0)},
          {"events_per_second", summary.value("events_per_second", 0.0)},
          {"duration_seconds", summary.value("duration_seconds", 0.0)},
          {"top_processes", std::move(top)}};
}

} // namespace

json program_answer(const json& program, const manager::Info& info,
                    const manager::Page& events) {
  json out = echo(program);
  const json& s = info.summary.is_object() ? info.summary : json::object();
  out["id"] = info.id;
  out["status"] = manager::status_name(info.status);
  out["success"] = !info.error && info.status != manager::Status::Failed;
  out["event_count"] = s.value("total_events", 0);
  out["events"] = events.records;
  out["events_returned"] = events.records.size();
  out["truncated"] = info.truncated || !events.done;
  out["statistics"] = statistics(s);
  out["events_dropped"] =
      s.contains("events_dropped") ? s["events_dropped"] : json();
  out["loss_exact"] = s.value("loss_exact", true);
  out["summary"] = s;
  out["warnings"] = info.warnings;
  if (info.error)
    out["error"] = error_json(*info.error);
  return out;
}

json program_not_run(const json& program, const std::string& status,
                     json error) {
  json out = echo(program);
  out["id"] = nullptr;
  out["status"] = status;
  out["success"] = false;
  out["event_count"] = 0;
  out["events"] = json::array();
  out["events_returned"] = 0;
  out["truncated"] = false;
  out["statistics"] = statistics(json::object());
  out["events_dropped"] = 0;
  out["loss_exact"] = true;
  out["summary"] = nullptr;
  out["warnings"] = json::array();
  out["error"] = std::move(error);
  return out;
}

} // namespace sctrace::remote
