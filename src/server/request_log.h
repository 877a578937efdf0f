// The one line per request the server writes to stderr.
//
// Contract: "sctrace serve: METHOD PATH STATUS MSms\n" where method and
// path are made terminal-safe (output/escape.h: control bytes, C1 and
// bidi controls escaped) and cut to 200 bytes each; write_request_log()
// writes it with one write(2), so lines from worker threads never mix.
#pragma once

#include <string>
#include <string_view>

namespace sctrace::server {

std::string format_request_log(std::string_view method, std::string_view path,
                               int status, double milliseconds);

void write_request_log(const std::string& line);

} // namespace sctrace::server
