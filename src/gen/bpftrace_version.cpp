#include "gen/bpftrace_version.h"

#include <cstdio>

namespace sctrace::gen {

std::string BpftraceVersion::text() const {
  return std::to_string(major) + "." + std::to_string(minor) + "." +
         std::to_string(patch);
}

Result<BpftraceVersion> parse_bpftrace_version(std::string_view text) {
  auto v = text.find('v');
  BpftraceVersion out;
  if (v != std::string_view::npos) {
    std::string rest(text.substr(v + 1));
    if (std::sscanf(rest.c_str(), "%d.%d.%d", &out.major, &out.minor,
                    &out.patch) >= 2)
      return out;
  }
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
  return d;
}

} // namespace sctrace::gen
