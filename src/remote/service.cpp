// The remote service (service.h).
#include "remote/service.h"

#include "remote/error_json.h"
#include "remote/suggest.h"
#include "remote/trace_body.h"

namespace sctrace::remote {

using nlohmann::json;
using server::Reply;

namespace {

Reply error_reply(int status, const Error& e) {
  return Reply{status, {{"error", error_json(e)}}};
}

// 404 for an unknown id, 500 for anything else.
Reply id_error(const Error& e) {
  return error_reply(e.kind == ErrorKind::NotFound ? 404 : 500, e);
}

void put_time(const std::optional<double>& t, json& out, const char* key) {
  out[key] = t ? json(*t) : json();
}

json page_json(const manager::Page& page) {
  return {{"events", page.records},
          {"next_cursor", page.next_cursor},
          {"done", page.done}};
}

} // namespace

json info_json(const manager::Info& info) {
  json out = {{"id", info.id},
              {"mode", info.mode},
              {"status", manager::status_name(info.status)},
              {"queue_position", info.queue_position},
              {"attached", info.attached},
              {"created", info.created},
              {"events", info.records},
              {"events_truncated", info.records_truncated},
              {"truncated", info.truncated},
              {"summary", info.summary},
              {"warnings", info.warnings},
              {"request", info.request}};
  put_time(info.started, out, "started");
  put_time(info.ended, out, "ended");
  out["error"] = info.error ? error_json(*info.error) : json();
  return out;
}

Reply Service::run_request(const json& body) {
  auto response = run_ebpf_request(body, ctx_);
  if (!response.ok())
    return error_reply(400, response.error());
  return Reply{200, std::move(response).value()};
}

Reply Service::start_trace(const json& body) {
  auto job = make_job(body, ctx_);
  if (!job.ok())
    return error_reply(400, job.error());
  auto id = ctx_.manager.start(std::move(job).value());
  if (!id.ok()) {
    Reply r = error_reply(503, id.error());
    r.body["error"]["code"] = "busy";
    return r;
  }
  auto info = ctx_.manager.get(*id);
  if (!info.ok())
    return id_error(info.error());
  return Reply{202, info_json(*info)};
}

Reply Service::list_traces() {
  json traces = json::array();
  for (const auto& info : ctx_.manager.list())
    traces.push_back(info_json(info));
  return Reply{200, {{"traces", std::move(traces)}}};
}

Reply Service::get_trace(const std::string& id) {
  auto info = ctx_.manager.get(id);
  return info.ok() ? Reply{200, info_json(*info)} : id_error(info.error());
}

Reply Service::events(const std::string& id, std::uint64_t cursor,
                      std::size_t limit) {
  auto page = ctx_.manager.records(id, cursor, limit);
  return page.ok() ? Reply{200, page_json(*page)} : id_error(page.error());
}

Reply Service::wait_events(const std::string& id, std::uint64_t cursor,
                           std::size_t limit,
                           std::chrono::milliseconds timeout) {
  auto page = ctx_.manager.wait_records(id, cursor, limit, timeout);
  return page.ok() ? Reply{200, page_json(*page)} : id_error(page.error());
}

Reply Service::stop_trace(const std::string& id) {
  auto stopped = ctx_.manager.stop(id);
  if (!stopped.ok())
    return id_error(stopped.error());
  return get_trace(id);
}

Reply Service::capabilities() {
  json out = capabilities_json(probe_capabilities(facts_));
  const manager::Limits& l = ctx_.manager.limits();
  out["limits"] = {{"max_sessions", l.max_running},
                   {"max_queued", l.max_queued},
                   {"max_duration_seconds", l.max_duration_seconds},
                   {"max_events", l.max_records},
                   {"max_event_bytes", l.max_record_bytes},
                   {"ttl_seconds", l.ttl_seconds},
                   {"max_programs", ctx_.max_programs},
                   {"response_events", ctx_.max_events_per_program}};
  out["policy"] = {
      {"probe_kinds", {"syscall", "tracepoint"}},
      {"allow_uprobes", ctx_.policy.allow_uprobes},
      {"allow_kernel_functions", ctx_.policy.allow_kernel_functions},
      {"string_reads", "declared string arguments only"},
      {"commands", "never run"}};
  if (ctx_.policy.allow_uprobes)
    out["policy"]["probe_kinds"].insert(out["policy"]["probe_kinds"].end(),
                                        {"uprobe", "uretprobe", "usdt"});
  if (ctx_.policy.allow_kernel_functions)
    out["policy"]["probe_kinds"].insert(out["policy"]["probe_kinds"].end(),
                                        {"kprobe", "kretprobe"});
  return Reply{200, std::move(out)};
}

Reply Service::suggest(const json& body) {
  if (!body.is_object() || !body.contains("description") ||
      !body["description"].is_string() || body.size() != 1)
    return error_reply(
        400, make_error(ErrorKind::Invalid,
                        "a suggest request is {\"description\": \"...\"} "
                        "and nothing else"));
  auto out = suggest_json(body["description"].get<std::string>(), ctx_.catalog);
  if (!out.ok())
    return error_reply(400, out.error());
  return Reply{200, std::move(out).value()};
}

} // namespace sctrace::remote
