// JsonNames (json_names.h).
#include "modes/syscalls/json_names.h"

#include "output/json.h"
#include "util/strings.h"

namespace sctrace::syscalls {

const JsonNames::Text* JsonNames::of(const SyscallEvent& e) {
  const auto nr = static_cast<std::size_t>(e.nr);
  if (e.names_id == 0 || e.nr < 0 || nr >= kCachedNrs)
    return nullptr;
  if (nr >= by_nr_.size())
    by_nr_.resize(nr + 1);
  Text& t = by_nr_[nr];
  if (t.names_id != e.names_id) {
    t.names_id = e.names_id;
    t.head = ",\"syscall\":";
    output::append_json_string(t.head, e.syscall);
    t.head += ",\"nr\":";
    util::append_int(t.head, e.nr);
    t.head += ",\"args\":{";
    t.keys.clear();
  }
  for (std::size_t i = t.keys.size(); i < e.args.size(); ++i) {
    std::string key;
    output::append_json_string(key, e.args[i].name);
    key += ':';
    t.keys.push_back(std::move(key));
  }
  return &t;
}

} // namespace sctrace::syscalls
