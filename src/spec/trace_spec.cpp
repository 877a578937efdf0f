// probe_type_letter (spec/trace_spec.h).
#include "spec/trace_spec.h"

namespace sctrace::spec {

const char* probe_type_letter(ProbeType type) {
  switch (type) {
  case ProbeType::Entry:
    return "p";
  case ProbeType::Return:
    return "r";
  case ProbeType::Tracepoint:
    return "t";
  case ProbeType::Usdt:
    return "u";
  }
  return "p";
}

} // namespace sctrace::spec
