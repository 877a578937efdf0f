#include "top/view.h"

#include <curses.h>
#include <langinfo.h>

#include <clocale>
#include <cstring>
#include <exception>
#include <optional>

#include "top/keys.h"
#include "top/screen.h"

namespace sctrace::top {

namespace {

class Loop {
public:
  Loop(Model& model, SnapshotSource& source, const ViewOptions& options,
       Screen& screen)
      : model_(model), source_(source), options_(options), screen_(screen) {}

  Result<void> run();

private:
  bool stopping() const { return options_.stop_flag && *options_.stop_flag; }
  bool pull();
  void draw(const std::string* prompt = nullptr) {
    screen_.draw(model_.frame(screen_.width(), screen_.height()), prompt);
  }
  bool act(const Action& action);
  std::optional<std::string> read_line(const std::string& label);
  void retarget(const Filter& filter);

  Model& model_;
  SnapshotSource& source_;
  const ViewOptions& options_;
  Screen& screen_;
  std::uint64_t last_seq_ = 0;
};

// Takes every new snapshot; true when there was one.
bool Loop::pull() {
  bool any = false;
  while (SnapshotPtr s = source_.next(last_seq_)) {
    last_seq_ = s->seq;
    model_.push(std::move(s));
    any = true;
  }
  return any;
}

Result<void> Loop::run() {
  bool dirty = true;
  bool ended = false;
  while (!stopping()) {
    dirty |= pull();
    if (!ended && source_.ended()) {
      ended = true;
      std::string why = source_.end_reason();
      model_.set_status("the monitor ended" + (why.empty() ? "" : ": " + why) +
                        "; q quits");
      dirty = true;
    }
    if (dirty)
      draw();
    dirty = false;
    int key = screen_.key();
    if (key == ERR)
      continue;
    dirty = true; // a key, or KEY_RESIZE: ncurses has the new size
    std::optional<Command> command = command_for_key(key);
    if (command && !act(model_.handle(*command)))
      break;
  }
  if (ended && !source_.target_ended() && !source_.end_reason().empty())
    return make_error(ErrorKind::Child, source_.end_reason());
  return Ok{};
}

// False when the view should end.
bool Loop::act(const Action& action) {
  switch (action.kind) {
  case Action::Kind::None:
    return true;
  case Action::Kind::Quit:
    return false;
  case Action::Kind::Prompt:
    if (auto line = read_line(action.prompt_label))
      return act(model_.submit(action.prompt, *line));
    return true;
  case Action::Kind::Retarget:
    retarget(action.filter);
    return true;
  }
  return true;
}

void Loop::retarget(const Filter& filter) {
  model_.set_status("restarting the monitor...");
  draw();
  Result<void> r = source_.retarget(filter);
  if (!r.ok()) {
    model_.retarget_failed(r.error().message);
    return;
  }
  model_.set_status("");
  model_.reset_data();
  last_seq_ = 0;
}

std::optional<std::string> Loop::read_line(const std::string& label) {
  std::string input;
  while (!stopping()) {
    pull();
    std::string shown = label + input;
    draw(&shown);
    int key = screen_.key();
    if (key == '\n' || key == '\r' || key == KEY_ENTER)
      return input;
    if (key == 27)
      return std::nullopt;
    if ((key == KEY_BACKSPACE || key == 127 || key == 8) && !input.empty())
      input.pop_back();
    else if (key >= 32 && key < 127 && input.size() < 64)
      input += static_cast<char>(key);
  }
  return std::nullopt;
}

} // namespace

bool init_locale() {
  std::setlocale(LC_ALL, "");
  return std::strcmp(nl_langinfo(CODESET), "UTF-8") == 0;
}

Result<void> run_view(Model& model, SnapshotSource& source,
                      const ViewOptions& options) {
  Screen screen(options.poll_ms);
  if (!screen.ok())
    return make_error(ErrorKind::System,
                      "cannot set up the terminal (is TERM set?); use "
                      "`sctrace count -i 1` for plain output");
  try {
    Loop loop(model, source, options, screen);
    return loop.run();
  } catch (const std::exception& e) {
    screen.restore();
    return make_error(ErrorKind::System, std::string("top: ") + e.what());
  }
}

} // namespace sctrace::top
