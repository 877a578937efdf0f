// --target WORD: one word that names a pid, a container or a process name,
// as seed 000's `trace-syscalls --target=nginx` does, turned into the
// TargetOptions the explicit options would give.
//
// Resolution order (first that applies):
//  1. WORD is all decimal digits: a pid (-p WORD).
//  2. WORD names a running container (targets/cgroups.h's
//     resolve_container: a cgroup v2 group named WORD, or one whose name
//     holds WORD as a container ID of 12+ hex digits): --container WORD.
//     WORD matching more than one container is an error (ambiguous).
//  3. Otherwise a process name: --comm WORD (checked as --comm is).
//
// Contract: no cgroup2 mount, or no matching container, falls through to
// the process name; an empty WORD is ErrorKind::Invalid. The container is
// looked up now: one started later under that name is not found.
#pragma once

#include <string_view>

#include "targets/target.h"
#include "util/result.h"

namespace sctrace::targets {

Result<TargetOptions> target_from_word(std::string_view word);

} // namespace sctrace::targets
