// Result-style error handling used at every module boundary of sctrace.
//
// Contract:
//  - A function that can fail for reasons outside the program's control
//    (bad user input, missing files, a failing child process) returns
//    Result<T>. It never throws across a module boundary.
//  - Error carries a kind (for exit codes and tests), a human message that
//    says what happened, why, and what to do, and an optional source position
//    for spec errors.
//  - Broken internal invariants are bugs: they use assert(), not Result.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace sctrace {

// Position inside a probe spec or expression: 1-based line and column.
struct SourcePos {
  int line = 1;
  int column = 1;
  bool operator==(const SourcePos&) const = default;
};

enum class ErrorKind {
  Syntax,      // a spec, filter or format string does not parse
  Invalid,     // well-formed input that is semantically wrong
  NotFound,    // an unknown syscall, function, tracepoint or file
  Permission,  // not root, missing capability
  Unsupported, // the kernel or bpftrace lacks a feature (e.g. kprobes)
  System,      // a system call failed
  Child,       // bpftrace failed or died
  Io,          // reading or writing output failed
};

struct Error {
  ErrorKind kind = ErrorKind::Invalid;
  std::string message;
  std::optional<SourcePos> pos;
};

inline Error make_error(ErrorKind kind, std::string message) {
  return Error{kind, std::move(message), std::nullopt};
}

// Result<T> holds either a T or an Error. Check with ok() (or bool
// conversion) before calling value(); calling value() on an error is a bug.
template <typename T> class [[nodiscard]] Result {
public:
  Result(T value) : v_(std::move(value)) {}
  Result(Error error) : v_(std::move(error)) {}

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  const Error& error() const { return std::get<1>(v_); }
  Error take_error() && { return std::get<1>(std::move(v_)); }

private:
  std::variant<T, Error> v_;
};

struct Ok {};

// Result<void> equivalent: success carries no value.
template <> class [[nodiscard]] Result<void> {
public:
  Result() = default;
  Result(Ok) {}
  Result(Error error) : error_(std::move(error)) {}

  bool ok() const { return !error_.has_value(); }
  explicit operator bool() const { return ok(); }
  const Error& error() const { return *error_; }
  Error take_error() && { return std::move(*error_); }

private:
  std::optional<Error> error_;
};

} // namespace sctrace

// TRY(expr): evaluate a Result<void>-like expression, return its error.
#define SCTRACE_TRY(expr)                                                      \
  do {                                                                         \
    auto sctrace_try_r_ = (expr);                                              \
    if (!sctrace_try_r_.ok())                                                  \
      return std::move(sctrace_try_r_).take_error();                           \
  } while (0)

// TRY_ASSIGN(var, expr): declare var from a Result<T>, or return its error.
#define SCTRACE_TRY_ASSIGN(var, expr)                                          \
  auto var##_result_ = (expr);                                                 \
  if (!var##_result_.ok())                                                     \
    return std::move(var##_result_).take_error();                              \
  auto var = std::move(var##_result_).value()
