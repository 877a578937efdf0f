// The UI state of `sctrace top` and the vocabulary between its model and
// its front end: the commands a key stands for, and the actions the
// model asks the front end to take.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "top/rows.h"

namespace sctrace::top {

// What a key means; the ncurses view maps keys to these (top/keys.h).
enum class Command {
  Up,
  Down,
  PageUp,
  PageDown,
  Home,
  End,
  SortCycle,  // s
  SortPrev,   // <
  SortNext,   // >
  Pause,      // space
  Zoom,       // z
  Help,       // ? or F1
  Quit,       // q or F10
  FilterPid,  // p
  FilterComm, // c
  Search,     // /
  Cancel,     // Esc: closes the help, clears the status line
};

enum class PromptKind { None, Pid, Comm, Search };

// The process filter. Counters are per syscall, so a filter that narrows
// the rows is a new monitor aimed at it: at most one of pid and comm is
// set (the monitor takes exactly one target). Empty: the original target.
struct Filter {
  std::optional<std::int64_t> pid;
  std::string comm; // already checked: at most 15 bytes
  bool empty() const { return !pid && comm.empty(); }
  bool operator==(const Filter&) const = default;
};

struct Action {
  enum class Kind {
    None,
    Quit,
    Prompt,   // read one line at the bottom, then call Model::submit
    Retarget, // restart the monitor aimed at `filter`, then reset_data()
  };
  Kind kind = Kind::None;
  PromptKind prompt = PromptKind::None;
  std::string prompt_label; // Prompt: what to print before the input
  Filter filter;            // Retarget: the new target (empty: original)
};

// Zoom levels: how many intervals the numbers cover.
inline constexpr std::size_t kZoomLevels[] = {1, 5, 30, 60};
inline constexpr std::size_t kZoomCount = 4;

struct UiState {
  std::string selected; // a syscall name, kept across refreshes
  SortKey sort = SortKey::Rate;
  std::size_t zoom = 0; // index into kZoomLevels
  bool paused = false;
  std::size_t arrived_while_paused = 0;
  bool help = false;
  Filter filter;
  std::string status; // one message for the line above the key hint
};

} // namespace sctrace::top
