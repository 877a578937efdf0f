#include "top/keys.h"

#include <curses.h>

namespace sctrace::top {

namespace {

std::optional<Command> special_key(int key) {
  switch (key) {
  case KEY_UP:
    return Command::Up;
  case KEY_DOWN:
    return Command::Down;
  case KEY_PPAGE:
    return Command::PageUp;
  case KEY_NPAGE:
    return Command::PageDown;
  case KEY_HOME:
    return Command::Home;
  case KEY_END:
    return Command::End;
  }
  if (key == KEY_F(1))
    return Command::Help;
  if (key == KEY_F(10))
    return Command::Quit;
  return std::nullopt;
}

} // namespace

std::optional<Command> command_for_key(int key) {
  switch (key) {
  case 'k':
    return Command::Up;
  case 'j':
    return Command::Down;
  case 's':
    return Command::SortCycle;
  case '<':
    return Command::SortPrev;
  case '>':
    return Command::SortNext;
  case ' ':
    return Command::Pause;
  case 'z':
    return Command::Zoom;
  case '?':
  case 'h':
    return Command::Help;
  case 'q':
    return Command::Quit;
  case 'p':
    return Command::FilterPid;
  case 'c':
    return Command::FilterComm;
  case '/':
    return Command::Search;
  case 27: // Esc
    return Command::Cancel;
  }
  return special_key(key);
}

} // namespace sctrace::top
