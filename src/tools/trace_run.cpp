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

// Every job ended; events sums their records.
Result<bool> all_ended(const manager::TraceManager& manager,
                       const std::vector<std::string>& ids,
                       std::uint64_t& events) {
  bool done = true;
  events = 0;
  for (const auto& id : ids) {
    SCTRACE_TRY_ASSIGN(info, manager.get(id));
    events += info.records;
    done = done && ended(info.status);
  }
  return done;
}

void stop_all(manager::TraceManager& manager,
              const std::vector<std::string>& ids) {
  for (const auto& id : ids)
    (void)manager.stop(id);
}

std::string progress_text(std::uint64_t events, double elapsed,
                          double duration) {
  char buf[128];
  std::snprintf(buf, sizeof buf, "%llu events, %.1f s of %g s",
                static_cast<unsigned long long>(events), elapsed, duration);
  return buf;
}

} // namespace

Result<std::vector<std::string>> start_jobs(manager::TraceManager& manager,
                                            std::vector<manager::Job> jobs) {
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
    std::uint64_t events = 0;
    SCTRACE_TRY_ASSIGN(done, all_ended(manager, ids, events));
    if (done)
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
                   progress_text(events, elapsed, duration));
    // Wait up to a second (a tenth while cancelling) for the first job.
    for (const auto& id : ids) {
      SCTRACE_TRY_ASSIGN(info, manager.get(id));
      if (!ended(info.status)) {
        (void)manager.wait(id,
                           std::chrono::milliseconds(stopping ? 100 : 1000));
        break;
      }
    }
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
