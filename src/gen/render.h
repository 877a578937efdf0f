// Renders the embedded bpftrace templates (templates/*.tmpl) with
// kainjow::mustache.
//
// Contract: every template may use the shared partials {{>follow_block}}
// (templates/follow.tmpl: the fork-following maps for `-- CMD`, needs
// root_pid) and {{>marker_block}} (templates/marker.tmpl: the drain marker
// probe, needs marker_pid) and {{>snapshot_block}} (templates/snapshot.tmpl:
// prints the list `maps` and ends the snapshot, see gen/stats_program.h).
// Values are inserted verbatim ({{{x}}}), so
// callers pass only text they built from validated parts.
#pragma once

#include <kainjow/mustache.hpp>

#include <string>
#include <string_view>

namespace sctrace::gen {

std::string render_template(std::string_view name,
                            const kainjow::mustache::data& data);

} // namespace sctrace::gen
