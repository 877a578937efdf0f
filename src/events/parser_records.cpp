// OutputParser's handling of everything that is not an event tuple: stack
// printf records and the rare bpftrace records (lost_events, helper_error,
// attached_probes, maps), which go through nlohmann after normalize_json;
// maps leave as MapRecords (map_record_json.h).
#include "events/bpftrace_parser.h"

#include <cerrno>
#include <charconv>

#include <nlohmann/json.hpp>

#include "events/map_record_json.h"
#include "events/stack_frames.h"
#include "util/strings.h"

namespace sctrace::events {
namespace {

// Parses "CPU SEQ\n" from the start of text; returns the frames after it.
bool parse_stack_header(std::string_view text, std::uint64_t& cpu,
                        std::uint64_t& seq, std::string_view& frames) {
  const char* end = text.data() + text.size();
  auto r1 = std::from_chars(text.data(), end, cpu);
  if (r1.ec != std::errc() || r1.ptr == end || *r1.ptr != ' ')
    return false;
  auto r2 = std::from_chars(r1.ptr + 1, end, seq);
  if (r2.ec != std::errc() || r2.ptr == end || *r2.ptr != '\n')
    return false;
  frames = std::string_view(r2.ptr + 1, end - r2.ptr - 1);
  return true;
}

const nlohmann::json* member(const nlohmann::json* obj, const char* key) {
  if (obj == nullptr || !obj->is_object())
    return nullptr;
  auto it = obj->find(key);
  return it == obj->end() ? nullptr : &*it;
}

bool get_int(const nlohmann::json* v, std::int64_t& out) {
  if (v == nullptr || !v->is_number_integer())
    return false;
  out = v->get<std::int64_t>();
  return true;
}

HelperError read_helper_error(const nlohmann::json& record) {
  HelperError h;
  if (const auto* v = member(&record, "helper"); v && v->is_string())
    h.helper = v->get<std::string>();
  if (const auto* v = member(&record, "msg"); v && v->is_string())
    h.msg = v->get<std::string>();
  get_int(member(&record, "retcode"), h.retcode);
  get_int(member(&record, "line"), h.line);
  get_int(member(&record, "col"), h.col);
  return h;
}

// The frame bpftrace's ustack would print for S: "name+DECIMAL", or
// "0x" HEX when no symbol covers the address.
std::string bpftrace_frame(std::uint64_t address, const UserSymbol& s) {
  std::string out;
  if (s.name.empty()) {
    out = hex_address(address);
  } else {
    out = s.name;
    out.push_back('+');
    util::append_int(out, s.offset);
  }
  return out;
}

bool is_map_type(const std::string& type) {
  return type == "map" || type == "hist" || type == "stats";
}

} // namespace

void OutputParser::feed_printf(JsonCursor& cursor) {
  scratch_.clear();
  if (!cursor.read_string_into(scratch_) || !cursor.consume('}') ||
      !cursor.at_end()) {
    ++stats_.malformed_lines;
    return;
  }
  std::string_view text = scratch_;
  const std::string_view tag = gen::kStackTag;
  const char kind = text.size() > tag.size() ? text[tag.size()] : '\0';
  const bool addresses = kind == 'k' || kind == 'u';
  if (!text.starts_with(tag) || text.size() < tag.size() + 2 ||
      (kind != 'K' && kind != 'U' && !addresses) ||
      text[tag.size() + 1] != ' ') {
    ++stats_.unexpected_lines;
    return;
  }
  PendingStack pending;
  pending.kernel = kind == 'K' || kind == 'k';
  std::uint64_t cpu = 0;
  std::string_view frames;
  if (!parse_stack_header(text.substr(tag.size() + 2), cpu, pending.seq,
                          frames) ||
      cpu >= UINT32_MAX) {
    ++stats_.malformed_lines;
    return;
  }
  pending.cpu = static_cast<std::uint32_t>(cpu);
  pending.addresses = addresses;
  if (pending.kernel) {
    pending.frames = parse_kernel_frames(frames, addresses).frames;
  } else if (auto user = parse_user_addresses(frames)) {
    pending.user = std::move(*user);
  } else {
    ++stats_.malformed_lines;
    return;
  }
  // A stack whose event was lost would wait forever; bound the backlog.
  if (pending_stacks_.size() >= kMaxPendingStacks) {
    pending_stacks_.erase(pending_stacks_.begin());
    ++stats_.orphan_stacks;
  }
  pending_stacks_.push_back(std::move(pending));
}

// Fills event_'s user stack and its modules from STACK's addresses,
// resolved now, while the event's process most likely lives.
void OutputParser::symbolise_user_stack(const PendingStack& stack) {
  for (const std::uint64_t address : stack.user) {
    UserSymbol s;
    if (symbols_ != nullptr)
      s = symbols_->user_symbol(event_.pid, address);
    std::string frame = bpftrace_frame(address, s);
    event_.user_stack.push_back(stack.addresses ? with_address(address, frame)
                                                : std::move(frame));
    event_.user_stack_modules.push_back(std::move(s.module));
  }
}

// Stacks precede their event on the same CPU's FIFO buffer, so a pending
// stack for this CPU with a lower SEQ belongs to an event that was dropped.
void OutputParser::attach_stacks(std::uint32_t cpu, std::uint64_t seq) {
  auto it = pending_stacks_.begin();
  while (it != pending_stacks_.end()) {
    if (it->cpu != cpu || it->seq > seq) {
      ++it;
      continue;
    }
    if (it->seq == seq) {
      if (it->kernel)
        event_.kernel_stack = std::move(it->frames);
      else
        symbolise_user_stack(*it);
      ++stats_.stacks;
    } else {
      ++stats_.orphan_stacks;
    }
    it = pending_stacks_.erase(it);
  }
}

void OutputParser::note_seq_map(const MapRecord& counts) {
  if (!counts.keyed) {
    ++stats_.malformed_lines;
    return;
  }
  seq_counts_seen_ = true;
  for (const auto& [key, value] : counts.entries) {
    std::uint64_t cpu = 0;
    auto [end, ec] = std::from_chars(key.data(), key.data() + key.size(), cpu);
    CpuState* state = ec == std::errc() && end == key.data() + key.size()
                          ? cpu_state(cpu)
                          : nullptr;
    const MapInt* n = as_int(value);
    if (state == nullptr || n == nullptr || n->negative()) {
      ++stats_.malformed_lines;
      continue;
    }
    // A CPU whose drain marker arrived has delivered everything emitted
    // before the stop; what it emitted later is after the stop, not lost.
    if (!state->marker)
      note_seq(*state, n->as_u64());
  }
}

void OutputParser::feed_map(Result<MapRecord> map, EventSink& sink) {
  if (!map.ok()) {
    ++stats_.malformed_lines;
  } else if (map->kind == MapKind::Map && map->name == "@sctrace_seq") {
    // The kernel's per-CPU event counts, printed by bpftrace at exit
    // (templates leave @sctrace_seq uncleared for this): events still
    // queued when bpftrace stopped count as dropped, not as never sent.
    note_seq_map(*map);
  } else if (sink.on_map(*map)) {
    // taken by the sink
  } else if (maps_.size() < kMaxMaps) {
    maps_.push_back(std::move(*map));
  } else {
    ++stats_.unexpected_lines;
  }
}

void OutputParser::note_helper_error(HelperError h) {
  ++stats_.helper_errors;
  if (h.helper == "map_update_elem" && h.retcode == -EEXIST)
    ++stats_.map_updates_lost;
  if (helper_errors_.size() >= kKeptHelperErrors)
    helper_errors_.pop_front();
  helper_errors_.push_back(std::move(h));
}

void OutputParser::feed_other(std::string_view line, EventSink& sink) {
  try {
    if (!normalize_json(line, scratch_)) {
      ++stats_.malformed_lines;
      return;
    }
    nlohmann::json j = nlohmann::json::parse(scratch_, nullptr, false);
    const nlohmann::json* type = member(&j, "type");
    if (j.is_discarded() || type == nullptr || !type->is_string()) {
      ++stats_.malformed_lines;
      return;
    }
    const std::string& t = type->get_ref<const std::string&>();
    const nlohmann::json* data = member(&j, "data");
    std::int64_t n = 0;
    if (t == "lost_events") {
      if (!get_int(member(data, "events"), n) || n < 0) {
        ++stats_.malformed_lines;
        return;
      }
      stats_.lost_reported += static_cast<std::uint64_t>(n);
      ++stats_.lost_records;
    } else if (t == "helper_error") {
      note_helper_error(read_helper_error(j));
    } else if (t == "attached_probes") {
      stats_.attached = true;
      if (get_int(member(data, "probes"), n) && n >= 0)
        stats_.attached_probes = static_cast<std::uint64_t>(n);
    } else if (is_map_type(t)) {
      feed_map(map_record_from_json(j), sink);
    } else {
      // value, printf, time, ...: not in the shape gen/layout.h promises
      ++stats_.unexpected_lines;
    }
  } catch (const std::exception&) {
    // nlohmann throws only on type confusion we guard against, or
    // bad_alloc; either way the line is lost, not the trace.
    ++stats_.malformed_lines;
  }
}

} // namespace sctrace::events
