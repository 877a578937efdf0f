// The JSON inputs of the syscalls, slow, count and latency modes for
// remote clients, as the modes' options.
//
//  - syscalls: seed 000's trace_syscalls input
//    (specs/trace_syscalls.input.schema.json), read by
//    syscalls::syscalls_input_from_json.
//  - slow: seed 000's keys target, syscalls, duration and string_size,
//    plus "threshold": "10ms,read=50ms" (sctrace slow --threshold).
//  - count, latency: seed 000's keys target, syscalls and duration, plus
//    "interval" (seconds), and for count "per_process" and "only_failed".
// Seed 000's keys keep its rules (syscalls_input_from_json: duration
// 1..300 s, default 30), except that syscalls default to every syscall
// for slow, count and latency. Contract: remote input never runs a
// command, so a "command" target is refused (ErrorKind::Permission);
// unknown keys are refused naming the known ones; the options are then
// checked as the CLI checks them. The options run ENV's bpftrace, whose
// version (resolved when the service started) their dry run uses. Never
// throws.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "engine/environment.h"
#include "modes/stats/run.h"
#include "modes/syscalls/run.h"

namespace sctrace::remote {

Result<syscalls::SyscallsOptions>
syscalls_input(const nlohmann::json& input, const engine::Environment& env);
Result<syscalls::SyscallsOptions> slow_input(const nlohmann::json& input,
                                             const engine::Environment& env);
Result<stats::StatsOptions> stats_input(const std::string& mode,
                                        const nlohmann::json& input,
                                        const engine::Environment& env);

} // namespace sctrace::remote
