// The JSON side of events/map_record.h, for OutputParser, which has parsed
// the line already. Not installed: nlohmann stays inside sctrace_events.
#pragma once

#include <nlohmann/json.hpp>

#include "events/map_record.h"

namespace sctrace::events {

// record: a whole bpftrace record {"type": ..., "data": ...} whose strings
// are valid UTF-8 (normalize_json). Same contract as parse_map_record();
// never throws.
Result<MapRecord> map_record_from_json(const nlohmann::json& record);

} // namespace sctrace::events
