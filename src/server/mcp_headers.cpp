#include "server/mcp_headers.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <vector>

#include "mcp/connection.h"

namespace sctrace::server {

namespace {

std::string lower_trimmed(std::string_view text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos)
    return "";
  const auto last = text.find_last_not_of(" \t");
  std::string out(text.substr(first, last - first + 1));
  for (char& c : out)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::vector<std::string_view> split(std::string_view text, char sep) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t end = std::min(text.find(sep, start), text.size());
    parts.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return parts;
}

// The media range of one Accept element, or "" when its q is 0.
std::string accepted_range(std::string_view element) {
  const std::vector<std::string_view> parts = split(element, ';');
  for (std::size_t i = 1; i < parts.size(); ++i) {
    const std::string param = lower_trimmed(parts[i]);
    if (param.rfind("q=", 0) == 0 &&
        std::strtod(param.c_str() + 2, nullptr) <= 0)
      return "";
  }
  return lower_trimmed(parts[0]);
}

bool allows(const std::vector<std::string>& ranges, std::string_view type) {
  const std::string_view major = type.substr(0, type.find('/'));
  for (const std::string& range : ranges)
    if (range == type || range == "*/*" ||
        (range.size() == major.size() + 2 && range.rfind(major, 0) == 0 &&
         range.compare(major.size(), 2, "/*") == 0))
      return true;
  return false;
}

} // namespace

bool accepts_mcp(std::string_view accept) {
  if (lower_trimmed(accept).empty())
    return true;
  std::vector<std::string> ranges;
  for (std::string_view element : split(accept, ','))
    ranges.push_back(accepted_range(element));
  return allows(ranges, "application/json") &&
         allows(ranges, "text/event-stream");
}

bool is_json_media_type(std::string_view content_type) {
  return lower_trimmed(content_type.substr(0, content_type.find(';'))) ==
         "application/json";
}

std::string host_name_of(std::string_view authority) {
  const std::string text = lower_trimmed(authority);
  if (!text.empty() && text.front() == '[') {
    const std::size_t close = text.find(']');
    return close == std::string::npos ? "" : text.substr(0, close + 1);
  }
  return text.substr(0, text.find(':'));
}

std::string origin_host(std::string_view origin) {
  const std::size_t scheme = origin.find("://");
  if (scheme == std::string_view::npos || scheme == 0)
    return "";
  std::string_view rest = origin.substr(scheme + 3);
  rest = rest.substr(0, rest.find('/'));
  if (rest.find('@') != std::string_view::npos)
    return ""; // user info has no place in an Origin
  return host_name_of(rest);
}

bool is_loopback_host(std::string_view bound_host) {
  const std::string host = lower_trimmed(bound_host);
  return host == "localhost" || host == "::1" || host == "[::1]" ||
         host.rfind("127.", 0) == 0;
}

bool allowed_host(std::string_view name, std::string_view bound_host) {
  if (name.empty())
    return false;
  std::string bound = lower_trimmed(bound_host);
  if (bound.find(':') != std::string::npos && bound.front() != '[')
    bound = "[" + bound + "]";
  return name == "localhost" || name == "127.0.0.1" || name == "[::1]" ||
         name == bound;
}

bool supported_version(std::string_view version) {
  const auto& versions = mcp::supported_protocol_versions();
  return std::find(versions.begin(), versions.end(), version) != versions.end();
}

} // namespace sctrace::server
