// CSV fields for every CSV output (RFC 4180: rows end in "\n", the
// writer's job).
//
// Contract:
//  - append_csv_quoted(): text as is, in double quotes with each '"'
//    doubled when it holds ',', '"', CR or LF; otherwise unquoted.
//  - append_csv_field(): bytes from outside (comm, path, message) made
//    safe first with append_c_escaped() (escape.h), so no control byte or
//    invalid UTF-8 reaches the file and every row is one line; then quoted
//    as append_csv_quoted() does.
#pragma once

#include <string>
#include <string_view>

namespace sctrace::output {

void append_csv_field(std::string& out, std::string_view bytes);
void append_csv_quoted(std::string& out, std::string_view text);

} // namespace sctrace::output
