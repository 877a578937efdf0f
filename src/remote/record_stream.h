// A std::streambuf that turns a mode's JSONL output into manager records:
// the one output layer writes JSONL as for `--format jsonl`, and each
// complete line becomes one JSON object handed to a manager::JobSink.
//
// Contract: a line whose object holds a "summary" object (the trace and
// syscalls modes' {"summary": {...}}, the stats modes' {"type":
// "summary", ..., "summary": {...}}) is kept as summary() and not
// recorded; every other line is recorded, in order. A line that is not
// JSON (it cannot happen with the project's writers) is recorded as
// {"unparsed": TEXT}. Output without a final newline is taken by
// finish(). Single-threaded, as the JobSink it feeds.
#pragma once

#include <streambuf>
#include <string>

#include <nlohmann/json.hpp>

#include "manager/job.h"

namespace sctrace::remote {

class RecordStream : public std::streambuf {
public:
  explicit RecordStream(manager::JobSink& sink) : sink_(sink) {}
  // Takes a last line without its newline.
  void finish();
  const nlohmann::json& summary() const { return summary_; }

protected:
  int_type overflow(int_type ch) override;
  std::streamsize xsputn(const char* s, std::streamsize n) override;

private:
  void line_done();
  manager::JobSink& sink_;
  std::string line_;
  nlohmann::json summary_ = nlohmann::json::object();
};

} // namespace sctrace::remote
