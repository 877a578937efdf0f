// The digest of a syscalls trace: what lets an agent answer without
// paging through events.
//
// Contract of digest_json(records, complete):
//  - records are the syscalls mode's event records (seed 000 events:
//    syscall, pid, comm, args, error {name}, ...); anything else (no
//    "syscall" string) is skipped.
//  - "syscalls": {NAME: {"count", "errors"}} for every syscall seen;
//    "errors": {ERRNO_NAME: count}; "top_processes": up to 10 of {pid,
//    comm, count}, most events first (ties: lower pid first);
//    "failing_paths": up to 20 of {path, syscall, errno, count} for failed
//    calls with a path argument (filename, pathname, path, oldname,
//    newname, ...), most first (ties: path, then syscall, then errno);
//    "events": the records counted; "complete": as given (false when the
//    manager's cap dropped records). Never throws.
// trace_digest() computes it over every kept record of a trace, paging
// through the manager.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "manager/trace_manager.h"

namespace sctrace::tools {

class DigestBuilder {
public:
  void add(const nlohmann::json& record);
  nlohmann::json finish(bool complete) const;

private:
  std::uint64_t events_ = 0;
  nlohmann::json syscalls_ = nlohmann::json::object();
  std::map<std::string, std::uint64_t> errors_;
  std::map<std::pair<long long, std::string>, std::uint64_t> processes_;
  std::map<std::tuple<std::string, std::string, std::string>, std::uint64_t>
      paths_;
};

nlohmann::json digest_json(const std::vector<nlohmann::json>& records,
                           bool complete);

Result<nlohmann::json> trace_digest(const manager::TraceManager& manager,
                                    const std::string& id);

} // namespace sctrace::tools
