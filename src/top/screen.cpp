#include "top/screen.h"

#include <curses.h>

#include <cstdlib>
#include <exception>

namespace sctrace::top {

namespace {

attr_t attribute(Style style) {
  switch (style) {
  case Style::Title:
  case Style::Hint:
    return A_REVERSE;
  case Style::Heading:
  case Style::Status:
    return A_BOLD;
  case Style::Normal:
    break;
  }
  return A_NORMAL;
}

// While a Screen is up, an exception nobody catches (on any thread, the
// monitor's included) restores the terminal before the process aborts.
std::terminate_handler g_previous_terminate = nullptr;
[[noreturn]] void restore_then_terminate() {
  endwin();
  if (g_previous_terminate)
    g_previous_terminate();
  std::abort();
}

} // namespace

struct Screen::ScreenHandle {
  SCREEN* screen;
};

Screen::Screen(int poll_ms) {
  SCREEN* s = newterm(nullptr, stdout, stdin);
  if (!s)
    return;
  screen_ = new ScreenHandle{s};
  g_previous_terminate = std::set_terminate(restore_then_terminate);
  cbreak();
  noecho();
  nonl();
  keypad(stdscr, TRUE);
  set_escdelay(25);
  curs_set(0);
  timeout(poll_ms);
}

Screen::~Screen() {
  restore();
  if (screen_) {
    delscreen(screen_->screen);
    delete screen_;
  }
}

void Screen::restore() {
  if (screen_ && !ended_) {
    curs_set(1);
    endwin();
    std::set_terminate(g_previous_terminate);
    ended_ = true;
  }
}

std::size_t Screen::width() const {
  return COLS > 0 ? COLS : 0;
}
std::size_t Screen::height() const {
  return LINES > 0 ? LINES : 0;
}

void Screen::draw(const Frame& frame, const std::string* prompt) {
  erase();
  for (std::size_t i = 0; i < frame.lines.size(); ++i) {
    const Line& line = frame.lines[i];
    attrset(attribute(line.style));
    mvaddstr(static_cast<int>(i), 0, line.text.c_str());
    if (line.mark_end > line.mark_begin)
      mvchgat(static_cast<int>(i), static_cast<int>(line.mark_begin),
              static_cast<int>(line.mark_end - line.mark_begin), A_REVERSE, 0,
              nullptr);
  }
  attrset(A_NORMAL);
  curs_set(prompt ? 1 : 0);
  if (prompt && LINES > 0) {
    move(LINES - 1, 0);
    clrtoeol();
    addnstr(prompt->c_str(), COLS > 1 ? COLS - 1 : 0);
  }
  refresh();
}

int Screen::key() {
  return getch();
}

} // namespace sctrace::top
