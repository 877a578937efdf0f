// The digest of a syscalls trace (digest.h).
#include "tools/digest.h"

#include <algorithm>
#include <array>

namespace sctrace::tools {

using nlohmann::json;

namespace {

constexpr std::size_t kTopProcesses = 10;
constexpr std::size_t kTopPaths = 20;

// The path argument of a path-taking call, or "".
std::string path_of(const json& args) {
  static const std::array<const char*, 9> keys{
      "filename", "pathname", "path",     "oldname",    "newname",
      "oldpath",  "newpath",  "dir_name", "specialfile"};
  if (!args.is_object())
    return "";
  for (const char* k : keys) {
    auto it = args.find(k);
    if (it != args.end() && it->is_string())
      return it->get<std::string>();
  }
  return "";
}

std::string errno_of(const json& record) {
  auto e = record.find("error");
  if (e == record.end() || !e->is_object())
    return "";
  auto name = e->find("name");
  if (name != e->end() && name->is_string())
    return name->get<std::string>();
  return "E?";
}

// The top n (key, count) by count (descending), then key.
template <typename Key>
std::vector<std::pair<Key, std::uint64_t>>
top(const std::map<Key, std::uint64_t>& counts, std::size_t n) {
  std::vector<std::pair<Key, std::uint64_t>> v(counts.begin(), counts.end());
  std::stable_sort(v.begin(), v.end(), [](const auto& a, const auto& b) {
    return a.second > b.second;
  });
  if (v.size() > n)
    v.resize(n);
  return v;
}

} // namespace

void DigestBuilder::add(const json& r) {
  if (!r.is_object() || !r.contains("syscall") || !r["syscall"].is_string())
    return;
  const std::string sc = r["syscall"].get<std::string>();
  ++events_;
  json& s = syscalls_[sc];
  if (s.is_null())
    s = {{"count", 0}, {"errors", 0}};
  s["count"] = s["count"].get<std::uint64_t>() + 1;
  const std::string err = errno_of(r);
  if (!err.empty()) {
    s["errors"] = s["errors"].get<std::uint64_t>() + 1;
    ++errors_[err];
    std::string path = path_of(r.value("args", json()));
    if (!path.empty())
      ++paths_[{path, sc, err}];
  }
  long long pid = r.value("pid", json(-1)).is_number_integer()
                      ? r["pid"].get<long long>()
                      : -1;
  std::string comm =
      r.value("comm", json("")).is_string() ? r["comm"].get<std::string>() : "";
  ++processes_[{pid, comm}];
}

json DigestBuilder::finish(bool complete) const {
  json procs = json::array();
  for (const auto& [key, n] : top(processes_, kTopProcesses))
    procs.push_back({{"pid", key.first}, {"comm", key.second}, {"count", n}});
  json paths = json::array();
  for (const auto& [key, n] : top(paths_, kTopPaths))
    paths.push_back({{"path", std::get<0>(key)},
                     {"syscall", std::get<1>(key)},
                     {"errno", std::get<2>(key)},
                     {"count", n}});
  json errors = json::object();
  for (const auto& [name, n] : errors_)
    errors[name] = n;
  return {{"events", events_},      {"complete", complete},
          {"syscalls", syscalls_},  {"errors", std::move(errors)},
          {"top_processes", procs}, {"failing_paths", paths}};
}

json digest_json(const std::vector<json>& records, bool complete) {
  DigestBuilder b;
  for (const auto& r : records)
    b.add(r);
  return b.finish(complete);
}

Result<json> trace_digest(const manager::TraceManager& manager,
                          const std::string& id) {
  SCTRACE_TRY_ASSIGN(info, manager.get(id));
  DigestBuilder b;
  std::uint64_t cursor = 0;
  for (;;) {
    SCTRACE_TRY_ASSIGN(page, manager.records(id, cursor, 10000));
    for (const auto& r : page.records)
      b.add(r);
    if (page.records.empty() || page.done)
      break;
    cursor = page.next_cursor;
  }
  return b.finish(!info.truncated);
}

} // namespace sctrace::tools
