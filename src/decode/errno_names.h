// errno names and messages for x86_64 Linux, as strace 6.1 prints them.
//
// Contract:
//  - Every function is total: any int gives an answer, nothing throws.
//  - Names cover 1..133 (41 and 58 have none on x86_64; EWOULDBLOCK and
//    EDEADLOCK are aliases) and the kernel-internal 512..530 family that
//    strace knows (ERESTARTSYS 512 .. ERECALLCONFLICT 530; 519 and 520 have
//    no name in strace 6.1).
//  - Messages come from our own table, so they do not depend on the locale;
//    they equal glibc's strerror() in the C locale for 1..133.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sctrace::decode {

// "ENOENT" for 2; "" when the number has no name.
std::string_view errno_name(int err);

// "No such file or directory" for 2. The restart family gets strace's
// wording ("To be restarted if SA_RESTART is set"); anything else without a
// message gives "Unknown error N", like strerror(). 0 gives "Success".
std::string errno_message(int err);

// "ENOENT: No such file or directory" for 2 (seed 000's error.message);
// errno_message() alone for a number without a name.
std::string errno_summary(int err);

// 2 for "ENOENT", also for the aliases EWOULDBLOCK, EDEADLOCK, ENOTSUP and
// for a plain decimal "2". nullopt for anything else.
std::optional<int> errno_from_name(std::string_view name);

// strace's text after "= " for a failed syscall returning -err:
//   "-1 ENOENT (No such file or directory)", "-1 (errno 41)" when unnamed,
//   "? ERESTARTSYS (To be restarted if SA_RESTART is set)" for the
//   four restart codes (512, 513, 514, 516), whose return value is hidden.
std::string errno_return(int err);

} // namespace sctrace::decode
