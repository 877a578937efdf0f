// How the syscall programs (syscalls, slow, count, latency, the monitor
// behind top and the exporter) attach to raw_syscalls, and where they read
// a call's number, return value and arguments.
//
// On bpftrace 0.23 (Dialect::raw_syscall_tracepoints) they attach to the
// raw tracepoints, which skip the perf tracepoint's copy of the arguments
// on every syscall of every process, and read from the probe's arguments:
// arg0 is the thread's saved user registers (struct pt_regs), arg1 the
// number at entry and the return value at exit. The number at exit is
// orig_ax, which the tracepoint's id also is. On 0.17 (no raw tracepoints)
// they attach to tracepoint:raw_syscalls and read args->.
//
// Contract:
//  - Every string is a bpftrace expression or attach point, valid in the
//    probe it names (entry or exit), built from constants only.
//  - The argument registers are x86-64's: di, si, dx, r10, r8, r9. The
//    kernel leaves them as the call found them until it returns, except
//    that a successful execve clears them and rt_sigreturn restores the
//    interrupted ones (its number at exit is then -1).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <kainjow/mustache.hpp>

#include "gen/bpftrace_version.h"

namespace sctrace::gen {

struct RawSyscalls {
  bool raw = false; // raw tracepoints, registers; else tracepoints, args->

  std::string enter_probe() const;
  std::string exit_probe() const;
  std::string enter_nr() const; // in the entry probe
  std::string exit_nr() const;  // in the exit probe
  std::string exit_ret() const; // in the exit probe
  // Argument K (0-5) in the entry probe.
  std::string entry_arg(int k) const;
};

RawSyscalls raw_syscalls_for(const Dialect& dialect);

// Sets enter_probe, exit_probe, enter_nr, exit_nr and exit_ret in D.
void set_raw_syscalls(kainjow::mustache::data& d, const RawSyscalls& rs);

// Sets the per-thread start stash's text in D (latency.tmpl, monitor.tmpl):
// start_value, the entry's tuple (nsecs, then FIELDS), and start_type, the
// same shape of constants (nsecs, then TYPES) for BEGIN's declaration. On
// raw tracepoints the entry's number ($nr) comes last, and start_nr is set:
// the exit's own number would be a probe read of the saved registers. A
// stash of nsecs alone is that value, not a one-element tuple.
void set_start_stash(kainjow::mustache::data& d, const RawSyscalls& rs,
                     std::vector<std::string> fields,
                     std::vector<std::string> types);

// The register x86-64 passes argument K (0-5) in: "di" ... "r9".
std::string_view argument_register(int k);

// The entry probe's predicate and its drain marker. A session with a
// marker (MARKER_PID > 0) takes it in the entry probe, through
// templates/marker_enter.tmpl, instead of in marker.tmpl's probe on
// syscalls:sys_enter_getcpu: enabling any syscalls:* perf event makes the
// kernel run its per-syscall perf handler on every syscall of every
// process (about 2% of a traced read()'s cost). Sets in D:
//  - entry_predicate: the PARTS joined with &&, widened with
//    `|| pid == MARKER_PID` when there is a marker. The widening makes a
//    part `pid != MARKER_PID` redundant, so it is left out: the target's
//    test comes first and alone, and each of its calls reads its pid once
//    there (each `pid` is a helper call, about 5 ns). Unset when no part
//    is left (every process enters);
//  - with a marker, marker_enter (true), getcpu_nr, marker_enter_arg
//    (getcpu()'s third argument) and marker_enter_tuple (marker_tuple() of
//    it). The templates with a marker_enter leave marker_block out.
// The entry probe sets $nr before the marker's test, and the templates
// declare it last: the first marker round arms the trace and bpftrace
// attaches probes in declaration order. bpftrace types a map at the first
// assignment it reads, so their BEGIN assigns the entry's maps (with
// constants of the same types) in a branch that never runs.
void set_entry_probe(kainjow::mustache::data& d, const RawSyscalls& rs,
                     std::int64_t marker_pid,
                     const std::vector<std::string>& parts);

// set_entry_probe's work for any probe on raw_syscalls whose predicate the
// template reads as PREDICATE_KEY. The marker's argument is read from the
// registers, so an exit probe may take it only on raw tracepoints (RS.raw:
// 0.17's exit tracepoint has no arguments), where the kernel has left them
// as getcpu() found them.
void set_marker_probe(kainjow::mustache::data& d, const RawSyscalls& rs,
                      std::int64_t marker_pid,
                      const std::vector<std::string>& parts,
                      const std::string& predicate_key);

// "BASE->di, BASE->si, BASE->dx, BASE->r10, BASE->r8, BASE->r9": the six
// argument registers of the struct pt_regs pointer BASE.
std::string argument_registers(std::string_view base);

} // namespace sctrace::gen
