// What a method handler gives back: a result, a JSON-RPC error, or
// nothing to send (a cancelled request).
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace sctrace::mcp {

struct Failure {
  int code = 0;
  std::string message; // what happened, why, what to do
  nlohmann::json data = nullptr;
};

struct Reply {
  nlohmann::json result = nlohmann::json::object();
  std::optional<Failure> failure;

  static Reply ok(nlohmann::json result) {
    return Reply{std::move(result), {}};
  }
  static Reply fail(int code, std::string message,
                    nlohmann::json data = nullptr) {
    return Reply{nullptr, Failure{code, std::move(message), std::move(data)}};
  }
};

} // namespace sctrace::mcp
