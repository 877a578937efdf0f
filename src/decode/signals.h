// Signal numbers rendered as strace 6.1 prints them on x86_64.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace sctrace::decode {

// "SIGTERM" for 15. The realtime range is "SIGRTMIN" (32), then "SIGRT_1"
// (33) .. "SIGRT_32" (64). Anything else, 0 and negatives included, is the
// decimal number ("0", "65", "-1"). Total: never empty, never throws.
std::string signal_name(int sig);

// The inverse of signal_name(), more forgiving: accepts "SIGTERM", "TERM",
// the aliases SIGIOT, SIGPOLL, SIGCLD, "SIGRTMIN", "SIGRT_3", "SIGRTMIN+3"
// and plain decimal ("15"). nullopt for anything else, or a number outside
// 0..64.
std::optional<int> signal_from_name(std::string_view name);

} // namespace sctrace::decode
