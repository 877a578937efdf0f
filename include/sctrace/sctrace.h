// The public API of the sctrace libraries, in one include:
//
//   find_package(sctrace REQUIRED)
//   target_link_libraries(app PRIVATE sctrace::sctrace)
//   #include <sctrace/sctrace.h>
//
// The headers below are the public roots: tests/install/header_closure.py
// follows their includes, src/CMakeLists.txt installs exactly that closure
// (sctrace_public_headers_*), and the install_find_package test checks the
// two agree. Installed headers include each other as "engine/session.h", so
// sctrace::sctrace puts both <prefix>/include and <prefix>/include/sctrace
// on the include path.
#pragma once

// Build specs: TraceSpec (one probe), SessionOptions (the session around
// the probes), the fluent builder, trace.py probe strings, JSON.
#include "spec/builder.h"
#include "spec/json.h"
#include "spec/parser.h"
#include "spec/session_options.h"
#include "spec/trace_spec.h"

// Run sessions: the engine, its environment and dependencies, modes,
// events.
#include "engine/background_session.h"
#include "engine/dependencies.h"
#include "engine/environment.h"
#include "engine/mode.h"
#include "engine/session.h"
#include "events/bpftrace_parser.h"
#include "events/event.h"
#include "gen/bpftrace_version.h"
#include "gen/builtin_catalog.h"
#include "gen/generator.h"
#include "gen/layout.h"
#include "gen/tracefs.h"
#include "run/fd.h"
#include "run/process.h"
#include "util/result.h"

// Run the modes: trace.py, `syscalls`/`slow` and `count`/`latency` with
// their writers.
#include "modes/stats/output.h"
#include "modes/stats/run.h"
#include "modes/syscalls/output.h"
#include "modes/syscalls/run.h"
#include "modes/trace/run.h"
