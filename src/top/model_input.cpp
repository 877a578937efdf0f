// Model::handle and Model::submit: what keys and prompt answers do.
#include <charconv>

#include "top/model.h"

namespace sctrace::top {

namespace {

Action prompt(PromptKind kind, std::string label) {
  Action a;
  a.kind = Action::Kind::Prompt;
  a.prompt = kind;
  a.prompt_label = std::move(label);
  return a;
}

Action quit() {
  Action a;
  a.kind = Action::Kind::Quit;
  return a;
}

} // namespace

// Up/Down/PgUp/PgDn/Home/End; false for any other command.
bool Model::navigate(Command command) {
  switch (command) {
  case Command::Up:
  case Command::Down:
    move_selection(command == Command::Up ? -1 : 1, false);
    return true;
  case Command::PageUp:
  case Command::PageDown:
    move_selection(command == Command::PageUp ? -10 : 10, false);
    return true;
  case Command::Home:
  case Command::End:
    move_selection(command == Command::Home ? -1 : 1, true);
    return true;
  default:
    return false;
  }
}

Action Model::handle(Command command) {
  if (state_.help && command != Command::Quit && command != Command::Help) {
    state_.help = false;
    return {};
  }
  if (navigate(command))
    return {};
  switch (command) {
  case Command::SortCycle:
  case Command::SortNext:
  case Command::SortPrev:
    state_.sort =
        next_sort_key(state_.sort, command == Command::SortPrev ? -1 : 1);
    break;
  case Command::Pause:
    state_.paused = !state_.paused;
    state_.arrived_while_paused = 0;
    if (state_.paused)
      frozen_ = live_;
    break;
  case Command::Zoom:
    state_.zoom = (state_.zoom + 1) % kZoomCount;
    break;
  case Command::Help:
    state_.help = !state_.help;
    break;
  case Command::Quit:
    return quit();
  case Command::FilterPid:
    return prompt(PromptKind::Pid, "pid (empty: all): ");
  case Command::FilterComm:
    return prompt(PromptKind::Comm, "comm (empty: all): ");
  case Command::Search:
    return prompt(PromptKind::Search, "search syscall: ");
  default: // Cancel
    state_.status.clear();
    break;
  }
  return {};
}

Action Model::submit(PromptKind kind, std::string_view text) {
  state_.status.clear();
  if (kind == PromptKind::Search) {
    search(text);
    return {};
  }
  if (kind == PromptKind::Pid || kind == PromptKind::Comm)
    return submit_filter(kind, text);
  return {};
}

void Model::search(std::string_view text) {
  if (text.empty())
    return;
  for (const Row& row : rows())
    if (row.name.find(text) != std::string::npos) {
      state_.selected = row.name;
      return;
    }
  state_.status = "no syscall matches '" + std::string(text) + "'";
}

Action Model::submit_filter(PromptKind kind, std::string_view text) {
  Filter next;
  if (kind == PromptKind::Pid && !text.empty()) {
    std::int64_t pid = 0;
    auto [end, ec] =
        std::from_chars(text.data(), text.data() + text.size(), pid);
    if (ec != std::errc() || end != text.data() + text.size() || pid <= 0 ||
        pid > 4194304) {
      state_.status = "a pid is a positive number, like 1234";
      return {};
    }
    next.pid = pid;
  }
  if (kind == PromptKind::Comm && !text.empty()) {
    if (text.size() > 15) {
      state_.status = "a comm is at most 15 bytes (the kernel keeps no more)";
      return {};
    }
    next.comm = std::string(text);
  }
  if (next == state_.filter)
    return {};
  previous_filter_ = state_.filter;
  state_.filter = next;
  Action a;
  a.kind = Action::Kind::Retarget;
  a.filter = next;
  return a;
}

void Model::retarget_failed(std::string_view why) {
  state_.filter = previous_filter_;
  state_.status = std::string(why);
}

} // namespace sctrace::top
