// Renders the embedded bpftrace templates (templates/*.tmpl) with
// kainjow::mustache.
//
// Contract: every template may use the shared partials {{>follow_block}}
// (templates/follow.tmpl: the fork-following maps for `-- CMD`, needs
// root_pid) and {{>marker_block}} (templates/marker.tmpl: the drain marker
// probe, needs marker_pid and marker_token), {{>marker_enter_block}}
// (templates/marker_enter.tmpl: the marker in a syscall entry probe, see
// gen/raw_syscalls.h's set_entry_probe) and {{>snapshot_block}}
// (templates/snapshot.tmpl: prints the list `maps` and ends the snapshot, see
// gen/stats_program.h) and {{>syscall_exit_body}} (templates/
// syscall_exit.tmpl: one syscall exit's body, see gen/syscalls_program.h).
// Every template also gets the wire layout's text from gen/layout.h, so none
// writes a tuple out itself: {{{seq_next}}} and
// {{{seq_store}}} (the two statements that number an event, in this
// order), {{{kernel_stack_print}}} (the STACK record;
// {{{kernel_stack_print_addresses}}} with addresses) and {{{marker_tuple}}};
// these names are reserved. {{{user_stack_print}}} and
// {{{user_stack_print_addresses}}} depend on the bpftrace version: a
// template that prints user stacks gets them from set_user_stack_prints().
// Event tuples start with {{{event_head}}}, which the caller sets from
// event_header() for its probe. Values are inserted verbatim
// ({{{x}}}), so callers pass only text they built from validated parts.
#pragma once

#include <kainjow/mustache.hpp>

#include <string>
#include <string_view>
#include <vector>

#include "gen/generator.h"

namespace sctrace::gen {

// Renders template NAME (templates/NAME.tmpl) with DATA. NAME must be a
// built-in template: a missing one is a build bug, and aborts the process
// with a message that names it (tests/unit/gen_render_test.cpp checks
// every name src/gen uses).
std::string render_template(std::string_view name,
                            const kainjow::mustache::data& data);

// Sets what the shared session partials need from the options: `follow`
// and root_pid (when follow_root is set), `marker`, marker_pid and
// marker_token (when marker_pid > 0). Every program generator calls it.
void set_session_blocks(kainjow::mustache::data& data,
                        const GenOptions& options);

// Sets how a program's events are numbered (gen/layout.h SEQ) in DATA:
// seq_next, seq_store, and counted_events when DIALECT counts them and
// the program prints no STACKS. Returns whether it is counted (then
// ProgramLayout::numbered is false). Unset, a template gets a numbered
// program's text.
bool set_event_numbering(kainjow::mustache::data& data, const Dialect& dialect,
                         bool stacks);

// Sets user_stack_print and user_stack_print_addresses, the user STACK
// records for DIALECT (gen/layout.h stack_print).
void set_user_stack_prints(kainjow::mustache::data& data,
                           const Dialect& dialect);

// The predicate that selects the syscall numbers `nrs` on $nr: inline
// comparisons for a few, else a lookup in @sctrace_want, which the
// templates fill in BEGIN from the `wanted` list (sets want_map).
std::string select_syscalls(kainjow::mustache::data& data,
                            const std::vector<std::string>& nrs);

} // namespace sctrace::gen
