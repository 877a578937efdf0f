// JSON documents the CLI reads from a file or standard input (`sctrace
// syscalls --input FILE|-`, `sctrace request FILE|-`): read with a size
// bound and parsed by spec::parse_json_text, so a malformed document gets
// its line and column.
//
// Contract: OPTION names the input in messages ("--input", "the
// request"); "-" is standard input, named "<stdin>" in positions. A
// directory, an unreadable file, a read error or more than max_bytes is
// an error that says what to give instead. Never throws.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "util/result.h"

namespace sctrace::cli {

Result<nlohmann::json> read_json_input(const std::string& path,
                                       const std::string& option,
                                       std::size_t max_bytes);

} // namespace sctrace::cli
