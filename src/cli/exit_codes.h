// sctrace's exit codes (documented in README.md).
#pragma once

#include "util/result.h"

namespace sctrace::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitTraceFailed = 1; // bpftrace failed or died; partial
                                           // results were written
inline constexpr int kExitUsage = 2;       // bad option, spec or filter
inline constexpr int kExitEnvironment = 3; // not root, bpftrace or tracefs
                                           // missing, kernel lacks a feature
inline constexpr int kExitOutput = 4;      // the output could not be written

inline int exit_code_for(const Error& e) {
  switch (e.kind) {
  case ErrorKind::Syntax:
  case ErrorKind::Invalid:
  case ErrorKind::NotFound:
    return kExitUsage;
  case ErrorKind::Permission:
  case ErrorKind::Unsupported:
    return kExitEnvironment;
  case ErrorKind::Io:
    return kExitOutput;
  case ErrorKind::System:
  case ErrorKind::Child:
    return kExitTraceFailed;
  }
  return kExitTraceFailed;
}

} // namespace sctrace::cli
