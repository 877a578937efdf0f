#include "server/auth.h"

#include <cstddef>
#include <strings.h>

namespace sctrace::server {

bool tokens_equal(std::string_view a, std::string_view b) {
  const std::size_t n = a.size() > b.size() ? a.size() : b.size();
  volatile unsigned char diff = a.size() == b.size() ? 0 : 1;
  for (std::size_t i = 0; i < n; ++i) {
    const unsigned char x = i < a.size() ? a[i] : 0;
    const unsigned char y = i < b.size() ? b[i] : 0;
    diff = diff | (x ^ y);
  }
  return diff == 0;
}

std::string_view bearer_token(std::string_view authorization) {
  constexpr std::string_view scheme = "bearer";
  if (authorization.size() <= scheme.size() ||
      ::strncasecmp(authorization.data(), scheme.data(), scheme.size()) != 0 ||
      authorization[scheme.size()] != ' ')
    return {};
  std::string_view token = authorization.substr(scheme.size());
  while (!token.empty() && token.front() == ' ')
    token.remove_prefix(1);
  while (!token.empty() && token.back() == ' ')
    token.remove_suffix(1);
  return token;
}

bool authorized(std::string_view authorization, std::string_view expected) {
  const std::string_view token = bearer_token(authorization);
  return !expected.empty() && tokens_equal(token, expected);
}

} // namespace sctrace::server
