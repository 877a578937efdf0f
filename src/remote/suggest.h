// Syscalls to trace for a problem description (seed 001's
// SuggestSyscallTargets), for POST /v1/suggest of the remote API.
//
// Contract:
//  - The description is untrusted: at most kMaxDescriptionBytes bytes
//    (else ErrorKind::Invalid), and never copied into any output; what is
//    returned names only the table's own keywords (suggest_table.h).
//  - Matching is case-insensitive on word boundaries: the description is
//    split into words of ASCII letters and digits (apostrophes, ' or
//    U+2019, dropped inside a word, so "can't" is "cant"; every other byte
//    separates words) and a keyword
//    matches a run of consecutive words ("not found"); a keyword word
//    ending in '*' matches any word that starts with it ("crash*").
//  - Suggestions come in table order, one per syscall (the first topic
//    that names it wins), and only for syscalls this kernel can trace:
//    the catalog has their sys_enter_ tracepoint (and sys_exit_ for a
//    return probe). Names are the kernel's (openat, stat), never the
//    seed's test_ names.
//  - Every spec is a trace.py spec that spec::parse_probe() accepts and
//    the generator resolves against the same catalog, e.g.
//      r::sys_openat ((int)retval == -2) "openat(filename=%s) failed: %d",
//      arg2, retval
//  - A description no keyword matches gives no suggestions; suggest_json
//    then adds a hint that says which words are understood.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "gen/tracefs.h"
#include "util/result.h"

namespace sctrace::remote {

inline constexpr std::size_t kMaxDescriptionBytes = 4096;

struct Suggestion {
  std::string syscall;      // kernel name: "openat"
  std::string strace_class; // "%file"; "" when in no strace class
  std::string topic;        // "missing-file"
  std::string keyword;      // the table keyword that matched: "not found"
  std::string reason;       // why this syscall, in one sentence
  std::string spec;         // a trace.py spec for it
  bool operator==(const Suggestion&) const = default;
};

// The table keywords the description contains, in table order, each once.
// Fails (Invalid) when the description is over kMaxDescriptionBytes.
Result<std::vector<std::string>> matched_keywords(std::string_view description);

Result<std::vector<Suggestion>> suggest(std::string_view description,
                                        const gen::KernelCatalog& catalog);

// {"suggestions": [{"syscall", "class", "topic", "keyword", "reason",
// "spec"}, ...], "matched": [KEYWORD, ...]} plus "hint" when there are no
// suggestions.
Result<nlohmann::json> suggest_json(std::string_view description,
                                    const gen::KernelCatalog& catalog);

} // namespace sctrace::remote
