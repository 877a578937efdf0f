#include "gen/bpftrace_version.h"

#include <charconv>

namespace sctrace::gen {

std::string BpftraceVersion::text() const {
  return std::to_string(major) + "." + std::to_string(minor) + "." +
         std::to_string(patch);
}

namespace {

// Reads the decimal digits at the start of text into out (0 to INT_MAX)
// and moves text past them. False without digits, or when they overflow
// an int (sscanf's %d took a sign, and overflow was undefined).
bool take_number(std::string_view& text, int& out) {
  if (text.empty() || text.front() == '-')
    return false;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  if (ec != std::errc())
    return false;
  text.remove_prefix(static_cast<std::size_t>(end - text.data()));
  return true;
}

// "MAJOR.MINOR[.PATCH]..." after the 'v'; PATCH stays 0 when missing.
bool take_version(std::string_view text, BpftraceVersion& out) {
  if (!take_number(text, out.major) || !text.starts_with('.'))
    return false;
  text.remove_prefix(1);
  if (!take_number(text, out.minor))
    return false;
  int patch = 0;
  if (text.starts_with('.')) {
    text.remove_prefix(1);
    if (take_number(text, patch))
      out.patch = patch;
  }
  return true;
}

} // namespace

Result<BpftraceVersion> parse_bpftrace_version(std::string_view text) {
  auto v = text.find('v');
  BpftraceVersion out;
  if (v != std::string_view::npos && take_version(text.substr(v + 1), out))
    return out;
  return make_error(ErrorKind::Unsupported,
                    "cannot read the bpftrace version from '" +
                        std::string(text) + "'");
}

Dialect dialect_for(const BpftraceVersion& v) {
  Dialect d;
  if (v.at_least(0, 21)) {
    d.strlen_env = "BPFTRACE_MAX_STRLEN";
    d.map_keys_env = "BPFTRACE_MAX_MAP_KEYS";
    d.max_strlen = 4096;
    d.string_bytes_per_probe = 4096;
    d.default_strlen = 256;
  } else {
    d.strlen_env = "BPFTRACE_STRLEN";
    d.map_keys_env = "BPFTRACE_MAP_KEYS_MAX";
    d.max_strlen = 200;
    d.string_bytes_per_probe = 160;
    d.default_strlen = 64;
  }
  d.shared_ring = v.at_least(0, 18);
  d.raw_syscall_tracepoints = v.at_least(0, 23);
  d.escaped_map_keys = v.at_least(0, 21);
  d.racy_key_creation = v.at_least(0, 23);
  d.raw_user_stacks = v.at_least(0, 23);
  d.one_exit_program = v.at_least(0, 23);
  d.task_fields_by_offset = !v.at_least(0, 21);
  d.path_masks = v.at_least(0, 23);
  d.counted_events = v.at_least(0, 23);
  return d;
}

} // namespace sctrace::gen
