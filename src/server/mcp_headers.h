// The header checks of /mcp (MCP's Streamable HTTP transport), as pure
// functions of header values, so that they are tested without sockets.
//
// Contract:
//  - accepts_mcp(accept): true when the Accept header value allows both
//    application/json and text/event-stream, each listed itself or
//    through `*/*`, `application/*` or `text/*` (q=0 excludes a range).
//    An empty value (no header) allows everything, as HTTP says.
//  - is_json_media_type(content_type): the media type, without its
//    parameters and case-insensitively, is application/json.
//  - host_name_of(authority): the host of `host[:port]` or `[v6]:port`
//    ("[::1]" stays bracketed), lowercased; origin_host(origin) does the
//    same for `scheme://host[:port]`, "" for anything else ("null"
//    included).
//  - allowed_host(name, bound_host): name is localhost, 127.0.0.1, [::1]
//    or the host the server is bound to (an IPv6 one in brackets).
//  - supported_version(version): one of mcp::supported_protocol_versions().
#pragma once

#include <string>
#include <string_view>

namespace sctrace::server {

bool accepts_mcp(std::string_view accept);
bool is_json_media_type(std::string_view content_type);
std::string host_name_of(std::string_view authority);
std::string origin_host(std::string_view origin);
bool allowed_host(std::string_view name, std::string_view bound_host);
bool is_loopback_host(std::string_view bound_host);
bool supported_version(std::string_view version);

} // namespace sctrace::server
