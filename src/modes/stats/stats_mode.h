// `sctrace count` and `sctrace latency` as an engine::Mode: the stats
// program (gen/stats_program.h), its printed maps turned into interval
// reports as they come (StatsSink), and at the end the total, the summary
// and the warnings, through a StatsWriter.
//
// Contract: options must outlive the mode and have passed the checks of
// run_stats (program is what they resolved to). A failed write stops the
// trace (output_failed). finish() writes the total (when END printed the
// final counts) and the summary once; its result keeps the session's
// error, else a System error when the final counts are missing, else an
// Io error when a write failed.
#pragma once

#include <optional>

#include "engine/mode.h"
#include "gen/stats_program.h"
#include "modes/stats/run.h"
#include "modes/stats/stats_sink.h"

namespace sctrace::stats {

class StatsMode final : public engine::Mode {
public:
  StatsMode(const StatsOptions& options, gen::StatsProgramOptions program,
            const engine::Environment& env, StatsWriter& writer);

  Result<gen::GeneratedProgram> program(const gen::KernelCatalog& catalog,
                                        const gen::GenOptions& gen) override;
  void on_event(const events::TraceEvent&) override {}
  bool on_map(const events::MapRecord& map) override {
    return sink_.on_map(map);
  }
  bool output_failed() const override { return writer_.failed(); }
  void finish(const engine::SessionResult& r,
              const engine::Environment& env) override;

  // What finish() made of the trace.
  const StatsResult& result() const { return result_; }

private:
  // Writes the total; the error when END printed no final counts.
  std::optional<Error> write_total(const engine::SessionResult& r);
  void fill_summary(const engine::SessionResult& r,
                    const engine::Environment& env);

  gen::StatsProgramOptions program_;
  StatsWriter& writer_;
  StatsSink sink_;
  StatsResult result_;
};

} // namespace sctrace::stats
