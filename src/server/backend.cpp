#include "server/backend.h"

#include <utility>

namespace sctrace::server {

Reply error_reply(int status, std::string code, std::string message,
                  std::string hint) {
  Reply reply;
  reply.status = status;
  reply.body = {{"error",
                 {{"code", std::move(code)},
                  {"message", std::move(message)},
                  {"hint", std::move(hint)}}}};
  return reply;
}

} // namespace sctrace::server
