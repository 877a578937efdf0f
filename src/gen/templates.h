// Access to the bpftrace program templates in templates/*.tmpl, which are
// embedded into the library at build time.
#pragma once

#include <optional>
#include <string_view>

namespace sctrace::gen {

// The template named NAME (file templates/NAME.tmpl), or nullopt.
std::optional<std::string_view> builtin_template(std::string_view name);

} // namespace sctrace::gen
