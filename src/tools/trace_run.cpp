// Running traces for the MCP tools (trace_run.h).
#include "tools/trace_run.h"

#include <chrono>
#include <cstdio>

namespace sctrace::tools {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

namespace {

bool ended(manager::Status s) {
  return s != manager::Status::Queued && s != manager::Status::Running;
}

// Where the jobs are: every one ended, every one attached, records so far.
struct Progress {
  bool done = true;
  bool attached = true;
  std::uint64_t events = 0;
};

Result<Progress> progress_of(const manager::TraceManager& manager,
                             const std::vector<std::string>& ids) {
  Progress p;
  for (const auto& id : ids) {
    SCTRACE_TRY_ASSIGN(info, manager.get(id));
    p.events += info.records;
    p.done = p.done && ended(info.status);
    p.attached = p.attached && (info.attached || ended(info.status));
  }
  return p;
}

void stop_all(manager::TraceManager& manager,
              const std::vector<std::string>& ids) {
  for (const auto& id : ids)
    (void)manager.stop(id);
}

// "trace t-...: attached, 12 events, 3.0 s of 10 s": the first trace's
// id (get_trace_events pages it, also after a cancellation) and whether
// its probes are live yet.
std::string progress_text(const std::string& id, const Progress& p,
                          double elapsed, double duration) {
  char buf[160];
  std::snprintf(buf, sizeof buf, "trace %s: %s, %llu events, %.1f s of %g s",
                id.c_str(), p.attached ? "attached" : "attaching",
                static_cast<unsigned long long>(p.events), elapsed, duration);
  return buf;
}

// Waits up to a second for the first job still running: a tenth while
// cancelling or attaching, so the moment the probes go live is reported.
void wait_a_while(const manager::TraceManager& manager,
                  const std::vector<std::string>& ids, bool briefly) {
  for (const auto& id : ids) {
    auto info = manager.get(id);
    if (info.ok() && !ended(info->status)) {
      (void)manager.wait(id, std::chrono::milliseconds(briefly ? 100 : 1000));
      return;
    }
  }
}

} // namespace

Result<std::vector<std::string>> start_jobs(manager::TraceManager& manager,
                                            std::vector<manager::Job> jobs,
                                            const mcp::ToolContext& ctx) {
  if (ctx.cancelled && ctx.cancelled->load())
    return make_error(ErrorKind::Unsupported,
                      "the call was cancelled before its trace started");
  std::vector<std::string> ids;
  for (auto& job : jobs) {
    auto id = manager.start(std::move(job));
    if (!id.ok()) {
      stop_all(manager, ids);
      return make_error(ErrorKind::Unsupported, "busy: " + id.error().message);
    }
    ids.push_back(*id);
  }
  return ids;
}

Result<std::vector<manager::Info>>
run_until_end(manager::TraceManager& manager,
              const std::vector<std::string>& ids, double duration,
              mcp::ToolContext& ctx) {
  const auto start = Clock::now();
  const auto deadline = start + std::chrono::duration<double>(duration + 60);
  bool stopping = false;
  for (;;) {
    SCTRACE_TRY_ASSIGN(p, progress_of(manager, ids));
    if (p.done)
      break;
    bool cancelled = ctx.cancelled && ctx.cancelled->load();
    if (!stopping && (cancelled || Clock::now() > deadline)) {
      stop_all(manager, ids);
      stopping = true;
    }
    double elapsed =
        std::chrono::duration<double>(Clock::now() - start).count();
    if (!stopping)
      ctx.progress(std::min(elapsed, duration), duration,
                   progress_text(ids.front(), p, elapsed, duration));
    wait_a_while(manager, ids, stopping || !p.attached);
  }
  std::vector<manager::Info> infos;
  for (const auto& id : ids) {
    SCTRACE_TRY_ASSIGN(info, manager.get(id));
    infos.push_back(std::move(info));
  }
  return infos;
}

Result<FirstPage> first_page(const manager::TraceManager& manager,
                             const std::string& id, std::size_t limit) {
  SCTRACE_TRY_ASSIGN(page, manager.records(id, 0, limit));
  FirstPage out;
  for (auto& r : page.records)
    out.events.push_back(std::move(r));
  if (!page.done)
    out.next_cursor = page.next_cursor;
  return out;
}

std::string status_of(const manager::Info& info) {
  return manager::status_name(info.status);
}

} // namespace sctrace::tools
