// The default action of a remote program that gives no format: what seed
// 001's response shows, a message built from the target's arguments and
// each argument in raw_args ("arg1", "arg2", ...).
//
// Contract of with_default_action(spec, probe, catalog):
//  - A spec with a format is returned as it is.
//  - A syscall probe gets "NAME(%s, %ld, 0x%lx, ...)" over arg1..argN (the
//    tracepoint's fields, at most six): path-like char pointers
//    (gen::is_path_like) as strings, other pointers in hex, integers
//    signed or unsigned as declared; a return probe adds " = %ld" with
//    retval. A tracepoint gets "field=VALUE ..." over its scalar fields
//    (args->NAME), a kprobe or uprobe "arg1=0x%lx ... arg6=0x%lx", a
//    return probe of either "= %ld" with retval; USDT probes keep no
//    format (their arguments have no count to read).
//  - The result passes spec::validate(); when a default would not (too
//    many strings for the event layout), strings past the first become
//    hex, and past that the spec is returned without a format.
#pragma once

#include "gen/probe_resolve.h"
#include "gen/tracefs.h"
#include "spec/trace_spec.h"

namespace sctrace::remote {

spec::TraceSpec with_default_action(spec::TraceSpec spec,
                                    const gen::ResolvedProbe& probe,
                                    const gen::KernelCatalog& catalog);

} // namespace sctrace::remote
