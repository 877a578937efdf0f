// The target options every syscall command shares (-p, --comm,
// --container, --cgroup, -a, --target, and the command after --), added to
// a CLI11 subcommand and turned into targets::TargetOptions.
#pragma once

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

#include "targets/target.h"
#include "util/result.h"

namespace sctrace::cli {

struct TargetArgs {
  targets::TargetOptions options;
  std::string pids; // -p 1,2,3
  std::string word; // --target: a pid, container or comm (target_word.h)
};

void add_target_options(CLI::App* cmd, TargetArgs& args);

// "1,2,3" -> {1, 2, 3}; "" -> {}. Anything else is Invalid, quoting it.
Result<std::vector<std::int64_t>> parse_pid_list(const std::string& text);

// Parses -p, resolves --target (alone: with another target option or a
// command it is an error naming both) and takes the command after --.
Result<targets::TargetOptions>
finish_target(TargetArgs& args, const std::vector<std::string>& command);

} // namespace sctrace::cli
