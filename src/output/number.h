// Numbers for the machine-readable formats (JSON, JSONL, CSV).
//
// Contract: append_number() appends the shortest decimal text that reads
// back as exactly the same double (std::to_chars): 1.5, 0.25,
// 1.3333333333333333, 3, 1e-07. JSON has no NaN or infinity, so those
// are written as 0. Human text formats its own fixed widths (printf).
#pragma once

#include <string>

namespace sctrace::output {

void append_number(std::string& out, double value);

} // namespace sctrace::output
