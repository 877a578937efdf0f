#include "mcp/stdio.h"

#include <cerrno>
#include <mutex>

#include <unistd.h>

#include "mcp/call_pool.h"
#include "mcp/jsonrpc.h"
#include "mcp/line_reader.h"
#include "mcp/tool_methods.h"
#include "spec/json_text.h"

namespace sctrace::mcp {

using nlohmann::json;

namespace {

// Writes messages as lines, one at a time.
class LineWriter {
public:
  explicit LineWriter(int fd) : fd_(fd) {}
  void write(const json& message) {
    std::string line =
        message.dump(-1, ' ', false, json::error_handler_t::replace) + "\n";
    std::lock_guard lock(mutex_);
    for (std::size_t done = 0; !broken_ && done < line.size();) {
      ssize_t n = ::write(fd_, line.data() + done, line.size() - done);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        broken_ = true; // the client is gone; the input's end stops us
      else
        done += static_cast<std::size_t>(n);
    }
  }

private:
  int fd_;
  std::mutex mutex_;
  bool broken_ = false;
};

bool is_call(const json& m) {
  return m.is_object() && m.contains("id") && jsonrpc::valid_id(m["id"]) &&
         m.value("method", json()) == "tools/call";
}

// Whether M must run on a call thread: a tools/call or a batch with one.
bool needs_thread(const json& m) {
  if (is_call(m))
    return true;
  if (m.is_array())
    for (const auto& e : m)
      if (is_call(e))
        return true;
  return false;
}

json busy_response(const Connection& c, const json& id, std::size_t limit) {
  auto r = call_result(
      error_result("busy",
                   "sctrace is running " + std::to_string(limit) +
                       " tool calls already, its limit",
                   "wait for one to finish, or cancel one, and call again"),
      c.protocol_version());
  return jsonrpc::result_response(id, r.result);
}

// Answers M when no call thread is free: tools/call requests get the
// busy result, the rest of a batch is handled as usual.
void answer_busy(Connection& c, const json& m, const Out& out,
                 std::size_t limit) {
  if (!m.is_array()) {
    out(busy_response(c, m["id"], limit));
    return;
  }
  if (c.protocol_version() != "2025-03-26") {
    c.handle(m, out); // refused as a batch, whatever it holds
    return;
  }
  json responses = json::array();
  for (const auto& e : m) {
    if (is_call(e)) {
      responses.push_back(busy_response(c, e["id"], limit));
      continue;
    }
    c.handle(e, [&](const json& r) {
      if (r.contains("id"))
        responses.push_back(r);
      else
        out(r);
    });
  }
  if (!responses.empty())
    out(responses);
}

void handle_line(Connection& c, CallPool& pool, const std::string& line,
                 const Out& out, std::size_t limit) {
  auto parsed = spec::parse_json_text(line, "message");
  if (!parsed.ok()) {
    c.handle_text(line, out); // answers the parse error with its position
    return;
  }
  if (!needs_thread(*parsed)) {
    c.handle(*parsed, out);
    return;
  }
  auto message = std::make_shared<json>(std::move(*parsed));
  if (!pool.try_run([&c, message, out] { c.handle(*message, out); }))
    answer_busy(c, *message, out, limit);
}

json too_long(std::size_t limit) {
  return jsonrpc::error_response(
      nullptr, jsonrpc::kInvalidRequest,
      "Invalid Request: a message longer than " + std::to_string(limit) +
          " bytes was skipped unread; send smaller messages");
}

} // namespace

Result<void> serve_stdio(Connection& c, int in_fd, int out_fd,
                         const StdioOptions& options,
                         const std::function<bool()>& stop) {
  LineWriter writer(out_fd);
  Out out = [&writer](const json& m) { writer.write(m); };
  CallPool pool(options.max_calls);
  LineReader reader(in_fd, options.max_line_bytes);
  LineReader::Next next;
  for (;;) {
    next = reader.next(stop);
    if (next.status == LineReader::Status::Line)
      handle_line(c, pool, next.line, out, options.max_calls);
    else if (next.status == LineReader::Status::TooLong)
      out(too_long(options.max_line_bytes));
    else
      break;
  }
  c.cancel_all();
  pool.join_all();
  if (next.status == LineReader::Status::Error)
    return make_error(ErrorKind::Io, next.line);
  return Ok{};
}

} // namespace sctrace::mcp
