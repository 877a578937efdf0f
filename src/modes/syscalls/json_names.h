// JsonNames: the JSON text of a decoded event's names, escaped once per
// syscall rather than once per event. SyscallDecoder gives every syscall's
// events one SyscallEvent::names_id; the JSONL writer keeps, per names_id,
// the members from "syscall" to the opening brace of "args"
// (`,"syscall":"read","nr":0,"args":{`) and each argument's key
// (`"fd":`).
//
// Contract: of(E) is null when E has no names_id or its nr is not one of
// the first kCachedNrs; otherwise the text made from E's own strings the
// first time its names_id was seen at that nr, with a key for each of E's
// arguments (keys are added when E has more arguments than the events
// before it). The text is the same bytes output::put_json_string and
// put_int write for those strings. The pointer lives until the next call.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "modes/syscalls/syscall_event.h"

namespace sctrace::syscalls {

class JsonNames {
public:
  struct Text {
    std::uint32_t names_id = 0;
    std::string head;              // ,"syscall":"read","nr":0,"args":{
    std::vector<std::string> keys; // "fd": per argument position
  };

  const Text* of(const SyscallEvent& e);

private:
  static constexpr std::size_t kCachedNrs = 1024;
  std::vector<Text> by_nr_;
};

} // namespace sctrace::syscalls
