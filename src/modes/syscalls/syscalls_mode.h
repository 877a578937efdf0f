// `sctrace syscalls` and `sctrace slow` as an engine::Mode: the syscalls
// program (gen/syscalls_program.h), its events decoded and written as they
// come by a SyscallWriter, and at the end the calls still in flight, the
// summary (with the slow statistics when there are thresholds) and the
// warnings.
//
// Contract: options must outlive the mode and have passed the checks of
// run_syscalls (program is what they resolved to). The decoder learns the
// str() size from each program() call and the sink the command's pid;
// the output is flushed after each batch, and a failed write stops the
// trace (output_failed). finish() writes the summary once; its result
// keeps the session's error, else an Io error when a write failed.
#pragma once

#include "engine/mode.h"
#include "gen/syscalls_program.h"
#include "gen/tracefs.h"
#include "modes/syscalls/decoder.h"
#include "modes/syscalls/run.h"
#include "modes/syscalls/syscall_sink.h"

namespace sctrace::syscalls {

class SyscallsMode final : public engine::Mode {
public:
  // buffer_pages: what the session runs with (reported in the summary).
  SyscallsMode(const SyscallsOptions& options,
               gen::SyscallProgramOptions program,
               const engine::Environment& env, int buffer_pages,
               SyscallWriter& writer);

  Result<gen::GeneratedProgram> program(const gen::KernelCatalog& catalog,
                                        const gen::GenOptions& gen) override;
  void on_event(const events::TraceEvent& raw) override { sink_.on_event(raw); }
  void on_batch() override { writer_.flush(); }
  bool output_failed() const override { return writer_.failed(); }
  void finish(const engine::SessionResult& r,
              const engine::Environment& env) override;

  // What finish() made of the trace.
  const SyscallsResult& result() const { return result_; }

private:
  void fill_summary(const engine::SessionResult& r,
                    const engine::Environment& env);

  const SyscallsOptions& options_;
  gen::SyscallProgramOptions program_;
  int buffer_pages_;
  SyscallWriter& writer_;
  gen::TracefsCatalog catalog_;
  SyscallDecoder decoder_;
  SyscallSink sink_;
  SyscallsResult result_;
};

} // namespace sctrace::syscalls
