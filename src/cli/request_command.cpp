#include "cli/request_command.h"

#include <iostream>

#include "cli/exit_codes.h"
#include "cli/json_input.h"

namespace sctrace::cli {

namespace {

constexpr std::size_t kMaxRequestBytes = 16 << 20;

int fail(const Error& e) {
  std::cerr << "sctrace request: error: " << e.message << "\n";
  return exit_code_for(e);
}

} // namespace

CLI::App* setup_request_command(CLI::App& app, RequestCommand& c) {
  CLI::App* cmd = app.add_subcommand(
      "request", "run an ebpf_programs request (FILE or -) and print the "
                 "response; no server");
  cmd->add_option("input", c.input, "request file, or - for standard input");
  cmd->add_flag("--pretty", c.pretty, "indent the response");
  add_remote_options(*cmd, c.remote);
  return cmd;
}

int run_request_command(const RequestCommand& c) {
  auto request = read_json_input(c.input, "the request", kMaxRequestBytes);
  if (!request.ok())
    return fail(request.error());
  auto runtime = make_remote_runtime(c.remote);
  if (!runtime.ok())
    return fail(runtime.error());
  auto response =
      remote::run_ebpf_request(*request, (*runtime)->context(c.remote));
  if (!response.ok())
    return fail(response.error());
  std::cout << response->dump(c.pretty ? 2 : -1, ' ', false,
                              nlohmann::json::error_handler_t::replace)
            << "\n";
  return std::cout.flush() ? kExitOk : kExitOutput;
}

} // namespace sctrace::cli
