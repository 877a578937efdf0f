// The terminal under `sctrace top`: ncurses set up on construction and
// restored (endwin) by the destructor, so every way out of the view,
// exceptions included, gives the terminal back; while it is up, an
// uncaught exception (std::terminate, on any thread) restores it before
// the process aborts. Only view.cpp uses it.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include "top/frame.h"

namespace sctrace::top {

class Screen {
public:
  // ok() is false when the terminal could not be set up (then nothing
  // was changed and the destructor does nothing).
  explicit Screen(int poll_ms);
  ~Screen();
  Screen(const Screen&) = delete;
  Screen& operator=(const Screen&) = delete;

  bool ok() const { return screen_ != nullptr; }
  std::size_t width() const;
  std::size_t height() const;
  // Copies the frame; with a prompt, its label and input on the last line
  // and the cursor after it.
  void draw(const Frame& frame, const std::string* prompt = nullptr);
  int key();      // ERR after poll_ms without a key
  void restore(); // endwin now (idempotent)

private:
  struct ScreenHandle;
  ScreenHandle* screen_ = nullptr;
  bool ended_ = false;
};

} // namespace sctrace::top
