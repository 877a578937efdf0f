#include "modes/syscalls/decoder.h"

#include <algorithm>
#include <atomic>
#include <cstring>
#include <fstream>
#include <set>

#include "decode/socket.h"
#include "gen/syscall_table.h"
#include "gen/syscalls_program.h"
#include "modes/syscalls/arg_decoder.h"

namespace sctrace::syscalls {

namespace {

constexpr std::int64_t kEfault = 14;

std::string read_proc(std::uint32_t tid, const char* file) {
  std::ifstream in("/proc/" + std::to_string(tid) + "/" + file);
  std::string s;
  std::getline(in, s);
  return s;
}

// Tgid of a thread, from /proc/TID/status; 0 when it is gone.
std::uint32_t tgid_of(std::uint32_t tid) {
  std::ifstream in("/proc/" + std::to_string(tid) + "/status");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("Tgid:", 0) == 0)
      return static_cast<std::uint32_t>(
          std::strtoul(line.c_str() + 5, nullptr, 10));
  return 0;
}

// The sockaddr's bytes, len long when len is known (> 0), from the probe:
// words holds its first 24 bytes; tail is the string read after the family
// (sun_path) or, for an abstract AF_UNIX name (a NUL after the family),
// after the 24 bytes. A name longer than what was read stays short.
std::string sockaddr_bytes(const std::int64_t* words, const std::string& tail,
                           std::int64_t len) {
  std::string raw(24, '\0');
  for (int i = 0; i < 3; ++i)
    std::memcpy(raw.data() + 8 * i, &words[i], 8);
  std::uint16_t family = 0;
  std::memcpy(&family, raw.data(), 2);
  if (family == 1 && raw[2] != '\0') { // AF_UNIX path: sun_path, to its NUL
    raw.resize(2);
    return raw + tail;
  }
  if (family == 1) { // abstract, or unnamed when len is 2
    raw += tail;
    if (len <= 0) // length unknown: the name ends at its last non-NUL byte
      raw.resize(std::max<std::size_t>(3, raw.find_last_not_of('\0') + 1));
  } else {
    raw.resize(28, '\0'); // sockaddr_in6's scope id is not read
  }
  if (len > 0 && static_cast<std::size_t>(len) < raw.size())
    raw.resize(static_cast<std::size_t>(len));
  return raw;
}

SyscallArg sockaddr_arg(const std::string& name, const std::int64_t* words,
                        const std::string& tail, std::int64_t len) {
  std::string raw = sockaddr_bytes(words, tail, len);
  SyscallArg a;
  a.name = name;
  a.kind = SyscallArg::Kind::Sockaddr;
  decode::SockAddr s = decode::parse_sockaddr(raw);
  a.family = decode::address_family(s.family);
  a.address = s.ip;
  if (s.port)
    a.port = *s.port;
  a.path = s.path;
  a.abstract = s.abstract;
  // An abstract name longer than what was read (or with a NUL past the
  // first 21 bytes): cut, as a path longer than -s is.
  a.truncated =
      s.abstract && len > 0 && raw.size() < static_cast<std::size_t>(len);
  return a;
}

// Info::roles' bits.
constexpr std::uint8_t kRolePathLike = 1;     // gen::is_path_like
constexpr std::uint8_t kRoleMainString = 2;   // the plan's main string
constexpr std::uint8_t kRoleSecondString = 4; // and its second one
constexpr std::uint8_t kRoleSockaddr = 8;     // the plan's sockaddr

// The roles of field I of a syscall with PLAN.
std::uint8_t arg_roles(const gen::SyscallArgsPlan& plan, std::size_t i,
                       const gen::TracepointField& field) {
  const int index = static_cast<int>(i);
  return (gen::is_path_like(field) ? kRolePathLike : 0) |
         (index == plan.main_string ? kRoleMainString : 0) |
         (index == plan.second_string ? kRoleSecondString : 0) |
         (index == plan.sockaddr ? kRoleSockaddr : 0);
}

} // namespace

const char* unfinished_name(Unfinished u) {
  switch (u) {
  case Unfinished::No:
    return "";
  case Unfinished::StartedBeforeTrace:
    return "started_before_trace";
  case Unfinished::RunningAtStop:
    return "running_at_stop";
  case Unfinished::NeverReturned:
    return "never_returned";
  }
  return "";
}

const SyscallDecoder::Info& SyscallDecoder::info(int nr) {
  const bool indexed = nr >= 0 && nr < kIndexedNrs;
  if (indexed && static_cast<std::size_t>(nr) < by_nr_.size() &&
      by_nr_[static_cast<std::size_t>(nr)] != nullptr)
    return *by_nr_[static_cast<std::size_t>(nr)];
  auto it = cache_.find(nr);
  if (it != cache_.end())
    return it->second;
  // Unique across decoders: a writer may see more than one's events.
  static std::atomic<std::uint32_t> next_names_id{1};
  Info i;
  i.names_id = next_names_id.fetch_add(1, std::memory_order_relaxed);
  i.name = gen::syscall_display_name(nr);
  std::string event = i.name;
  for (const auto& e : gen::syscall_table())
    if (e.number == nr)
      event = e.event;
  auto f = catalog_.tracepoint_fields("syscalls", "sys_enter_" + event);
  if (f.ok())
    i.fields = gen::syscall_arg_fields(*f);
  else
    for (int a = 0; a < 6; ++a)
      i.fields.push_back(
          gen::TracepointField{"unsigned long", "arg" + std::to_string(a), 8});
  i.plan = gen::args_plan(i.name, i.fields);
  for (const auto& field : i.fields) {
    i.decodings.push_back(plan_arg(i.name, field));
    i.roles.push_back(arg_roles(i.plan, i.roles.size(), field));
  }
  i.last.resize(i.fields.size());
  // open's and openat's flags, which tell whether mode, their last
  // field, is shown.
  const bool mode_last = !i.fields.empty() && i.fields.back().name == "mode";
  if (i.name == "openat" && mode_last)
    i.open_flags = 2;
  else if (i.name == "open" && mode_last)
    i.open_flags = 1;
  const Info& added = cache_.emplace(nr, std::move(i)).first->second;
  if (indexed) {
    if (static_cast<std::size_t>(nr) >= by_nr_.size())
      by_nr_.resize(static_cast<std::size_t>(nr) + 1, nullptr);
    by_nr_[static_cast<std::size_t>(nr)] = &added;
  }
  return added;
}

namespace {

// Makes A the argument NAME of KIND with nothing else set, keeping its
// strings' capacity (an event's SyscallArgs are reused from the last one).
void reset_arg(SyscallArg& a, const std::string& name, SyscallArg::Kind kind) {
  a.name.assign(name);
  a.kind = kind;
  a.number = 0;
  a.text.clear();
  a.clear_extras();
}

// Makes DST the argument SRC, which decode_arg() made (no sockaddr
// members set), keeping DST's strings' capacity: a copy of the two
// strings that can differ instead of SyscallArg's five.
void assign_decoded(SyscallArg& dst, const SyscallArg& src) {
  if (dst.name != src.name)
    dst.name.assign(src.name);
  dst.kind = src.kind;
  dst.number = src.number;
  if (dst.text != src.text)
    dst.text.assign(src.text);
  dst.clear_extras();
}

// A new SyscallArg at the end of ARGS (out of line: rare once a syscall's
// first event was decoded).
[[gnu::noinline]] void add_arg(std::vector<SyscallArg>& args) {
  args.emplace_back();
}

// OUT's argument slot number USED (then USED + 1): an earlier event's
// SyscallArg when there is one, else a new one.
inline SyscallArg& next_arg(SyscallEvent& out, std::size_t& used) {
  if (used == out.args.size()) [[unlikely]]
    add_arg(out.args);
  return out.args[used++];
}

} // namespace

// A path argument: Null for a NULL pointer, an unread (RAW false) or
// unreadable string (with its extraction error), else the path STR.
void SyscallDecoder::decode_path_arg(const gen::TracepointField& field,
                                     std::uint64_t value,
                                     const std::string* str, std::int64_t ret,
                                     bool raw, SyscallArg& a,
                                     SyscallEvent& out) const {
  reset_arg(a, field.name, SyscallArg::Kind::Null);
  if (value == 0)
    return;
  if (!raw) {
    out.extraction_errors.push_back(field.name + "_unavailable");
  } else if (str == nullptr || (str->empty() && ret == -kEfault)) {
    out.extraction_errors.push_back(field.name + "_read_failed");
  } else {
    a.kind = SyscallArg::Kind::Path;
    a.text.assign(*str);
    if (string_size_ > 0 &&
        str->size() + 1 >= static_cast<std::size_t>(string_size_)) {
      a.truncated = true;
      out.extraction_errors.push_back(field.name + "_truncated");
    }
  }
}

bool SyscallDecoder::decode_special(const Info& in, std::size_t i,
                                    std::uint64_t value, std::int64_t ret,
                                    const events::TraceEvent* raw,
                                    SyscallArg& a, SyscallEvent& out) const {
  const std::uint8_t role = in.roles[i];
  const auto& field = in.fields[i];
  const auto kind = raw ? static_cast<gen::SyscallProbe>(raw->probe)
                        : gen::SyscallProbe::General;
  const std::string* str = nullptr;
  if (raw && (role & kRoleMainString) && !raw->strings.empty() &&
      (kind != gen::SyscallProbe::Sockaddr))
    str = &raw->strings[0];
  if (raw && (role & kRoleSecondString) &&
      kind == gen::SyscallProbe::TwoStrings && raw->strings.size() > 1)
    str = &raw->strings[1];
  if (str != nullptr || (role & kRolePathLike)) {
    decode_path_arg(field, value, str, ret, raw != nullptr, a, out);
    return true;
  }
  if (raw && (role & kRoleSockaddr) && kind == gen::SyscallProbe::Sockaddr &&
      value != 0 && raw->ints.size() >= gen::kSyscallIntSlots + 4 &&
      !(in.plan.sockaddr_len_is_pointer && ret < 0)) {
    // addrlen as the program read it (*addrlen at exit for accept...).
    std::int64_t len = raw->ints[gen::kSyscallIntSlots + 3];
    a = sockaddr_arg(field.name, &raw->ints[gen::kSyscallIntSlots],
                     raw->strings.empty() ? std::string() : raw->strings[0],
                     len);
    return true;
  }
  return false;
}

void SyscallDecoder::decode_args(const Info& in, std::size_t count,
                                 const std::int64_t* args, std::int64_t ret,
                                 const events::TraceEvent* raw,
                                 SyscallEvent& out) {
  std::size_t used = 0;
  for (std::size_t i = 0; i < count && i < in.fields.size(); ++i) {
    const auto value = static_cast<std::uint64_t>(args[i]);
    SyscallArg& a = next_arg(out, used);
    if (in.roles[i] != 0 && decode_special(in, i, value, ret, raw, a, out))
      continue;
    if (decode_plain_arg(in.decodings[i], value, a))
      continue;
    // decode_arg is pure: the last value of a symbolic argument is
    // remembered.
    Info::Last& last = in.last[i];
    if (!last.valid || last.raw != value) {
      last.arg = decode_arg(in.decodings[i], value);
      last.raw = value;
      last.valid = true;
    }
    assign_decoded(a, last.arg);
  }
  out.args.resize(used);
}

namespace {

// How many of a syscall's FIELDS are shown for a call with these ARGS:
// strace shows open's and openat's mode (their last field; OPEN_FLAGS is
// Info::open_flags) only when the flags can create a file. Decoding only
// those keeps the event's argument count steady (no SyscallArg made and
// dropped per event).
std::size_t shown_fields(int open_flags, std::size_t fields,
                         const std::int64_t* args) {
  if (open_flags < 0)
    return fields;
  constexpr std::int64_t kCreat = 0100, kTmpfile = 020000000;
  const std::int64_t flags = args[open_flags];
  if ((flags & kCreat) || (flags & kTmpfile) == kTmpfile)
    return fields;
  return fields - 1;
}

} // namespace

namespace {

// A Signal or Exit event of the program (gen/syscalls_program.h's slots).
void decode_process_event(const events::TraceEvent& raw, SyscallEvent& out) {
  auto at = [&raw](int slot) {
    return static_cast<std::size_t>(slot) < raw.ints.size() ? raw.ints[slot]
                                                            : 0;
  };
  out.syscall.clear();
  out.nr = -1;
  out.names_id = 0;
  if (raw.probe == static_cast<int>(gen::SyscallProbe::Exit)) {
    out.kind = EventKind::Exit;
    out.exit_code = at(gen::kExitCode);
    return;
  }
  out.kind = EventKind::Signal;
  SignalInfo& s = out.signal;
  s.signo = static_cast<int>(at(gen::kSignalNumber));
  s.code = static_cast<int>(at(gen::kSignalCode));
  s.sender_known = at(gen::kSignalFound) != 0;
  s.pid = at(gen::kSignalPid);
  s.uid = at(gen::kSignalUid);
  s.status = at(gen::kSignalStatus);
  s.utime = at(gen::kSignalUtime);
  s.stime = at(gen::kSignalStime);
}

} // namespace

void SyscallDecoder::adopt_args(const Info& in, SyscallEvent& out) {
  if (args_of_ == &in)
    return;
  if (args_of_ != nullptr)
    std::swap(out.args, args_of_->args);
  std::swap(out.args, in.args);
  args_of_ = &in;
}

void SyscallDecoder::decode(const events::TraceEvent& raw, SyscallEvent& out) {
  out.extraction_errors.clear();
  out.timestamp_ns = raw.timestamp_ns;
  out.pid = raw.pid;
  out.tid = raw.tid;
  out.comm = raw.comm;
  out.user_stack = raw.user_stack;
  out.fd_paths.clear();
  out.fd_path.reset();
  out.error = 0;
  out.return_value.reset();
  out.duration_ns.reset();
  out.unfinished = Unfinished::No;
  out.kind = EventKind::Syscall;
  if (raw.probe == static_cast<int>(gen::SyscallProbe::Signal) ||
      raw.probe == static_cast<int>(gen::SyscallProbe::Exit)) {
    out.args.clear();
    decode_process_event(raw, out);
    return;
  }
  // The event's integer slots, read in place; a short event's (malformed
  // input) are copied and padded with zeros.
  const std::int64_t* ints = raw.ints.data();
  std::int64_t padded[gen::kSyscallIntSlots] = {};
  if (raw.ints.size() < gen::kSyscallIntSlots) {
    std::copy(raw.ints.begin(), raw.ints.end(), padded);
    ints = padded;
  }
  out.nr = static_cast<int>(ints[gen::kSlotNumber]);
  const Info& in = info(out.nr);
  if (out.names_id != in.names_id) {
    out.syscall = in.name;
    out.names_id = in.names_id;
  }
  const auto state = static_cast<gen::CallState>(ints[gen::kSlotState]);
  if (state == gen::CallState::NeverReturned) {
    out.unfinished = Unfinished::NeverReturned;
    out.duration_ns = static_cast<std::uint64_t>(ints[gen::kSlotDuration]);
    decode_args(in, in.fields.size(), &ints[gen::kSlotArg0], 0, nullptr, out);
    return;
  }
  const std::int64_t ret = ints[gen::kSlotReturn];
  out.return_value = ret;
  if (ret < 0 && ret >= -4095)
    out.error = static_cast<int>(-ret);
  if (state == gen::CallState::StartedBeforeTrace) {
    out.unfinished = Unfinished::StartedBeforeTrace;
    out.args.clear();
    out.extraction_errors.push_back("args_unavailable");
    return;
  }
  out.duration_ns = static_cast<std::uint64_t>(ints[gen::kSlotDuration]);
  const std::int64_t* args = &ints[gen::kSlotArg0];
  adopt_args(in, out);
  decode_args(in, shown_fields(in.open_flags, in.fields.size(), args), args,
              ret, &raw, out);
}

namespace {

// An @sctrace_call value: the tuple (start, NR, A0..A5) of integers.
bool call_values(const events::MapValue& value, std::int64_t (&v)[8]) {
  const auto* tuple = std::get_if<events::Tuple>(&value);
  if (!tuple || tuple->size() != 8)
    return false;
  for (std::size_t i = 0; i < 8; ++i) {
    const auto* n = std::get_if<events::MapInt>(&(*tuple)[i]);
    if (!n)
      return false;
    v[i] = n->as_i64();
  }
  return true;
}

} // namespace

std::vector<SyscallEvent>
SyscallDecoder::in_flight(const std::vector<events::MapRecord>& maps,
                          std::uint64_t stop_ns, std::int64_t offset_ns) {
  std::vector<SyscallEvent> out;
  std::set<std::string> seen;
  for (const auto& m : maps) {
    if (m.kind != events::MapKind::Map || m.name != "@sctrace_call" || !m.keyed)
      continue;
    for (const auto& [key, value] : m.entries) {
      // bpftrace may print the map twice (END, then its exit dump).
      if (!seen.insert(key).second)
        continue;
      std::int64_t v[8] = {};
      if (!call_values(value, v) || v[0] == 0)
        continue;
      SyscallEvent e;
      e.tid =
          static_cast<std::uint32_t>(std::strtoul(key.c_str(), nullptr, 10));
      e.pid = tgid_of(e.tid);
      e.comm = read_proc(e.tid, "comm");
      e.timestamp_ns = static_cast<std::uint64_t>(v[0] + offset_ns);
      e.nr = static_cast<int>(v[1]);
      const Info& in = info(e.nr);
      e.syscall = in.name;
      e.names_id = in.names_id;
      e.unfinished = Unfinished::RunningAtStop;
      if (stop_ns > static_cast<std::uint64_t>(v[0]))
        e.duration_ns = stop_ns - static_cast<std::uint64_t>(v[0]);
      decode_args(in, in.fields.size(), &v[2], 0, nullptr, e);
      out.push_back(std::move(e));
    }
  }
  return out;
}

} // namespace sctrace::syscalls
