// The bearer token check.
//
// Contract:
//  - tokens_equal() compares in time that depends only on the longer
//    length: no early exit on the first difference or on a length
//    mismatch.
//  - bearer_token() takes an Authorization header value and returns the
//    token of `Bearer TOKEN` (scheme case-insensitive, spaces after it
//    skipped), or "" when the header is not a bearer credential.
#pragma once

#include <string_view>

namespace sctrace::server {

bool tokens_equal(std::string_view a, std::string_view b);

std::string_view bearer_token(std::string_view authorization);

// True when authorization carries `expected` (non-empty) as bearer token.
bool authorized(std::string_view authorization, std::string_view expected);

} // namespace sctrace::server
