// The ncurses view of `sctrace top`: draws the model's frames, reads
// keys, asks the one-line prompts, and feeds the model the snapshots of a
// SnapshotSource.
//
// Contract:
//  - run_view() takes over the terminal (ncursesw) and gives it back
//    restored (endwin) on every path: quit (q, F10), a stop signal (the
//    flag the CLI's handlers set: Ctrl-C, SIGTERM, SIGHUP), the source
//    ending, and any exception (caught, returned as an error).
//  - It redraws when a snapshot arrives, a key changes something, or the
//    terminal is resized (KEY_RESIZE); it polls at most every 100 ms.
//  - A Retarget from the model calls source.retarget(); on success the
//    model's data is reset, on failure the model gets the message.
//  - When the source ends by itself, the last numbers stay on screen with
//    the reason above the key hint until the user quits.
//  - Returns an error (ErrorKind::System) when the terminal cannot be set
//    up, or (ErrorKind::Child) the reason the source ended with, if any.
#pragma once

#include <csignal>
#include <cstdint>
#include <string>

#include "top/model.h"
#include "util/result.h"

namespace sctrace::top {

class SnapshotSource {
public:
  virtual ~SnapshotSource() = default;
  // The first snapshot with seq > after, without waiting; null if none.
  virtual SnapshotPtr next(std::uint64_t after) = 0;
  // Set once the source has ended by itself; then end_reason() says why.
  virtual bool ended() const = 0;
  virtual std::string end_reason() const = 0;
  // It ended because its target did (every -p process exited): a normal
  // end, not a failure.
  virtual bool target_ended() const = 0;
  // Restart aimed at filter (empty: the original target); seq restarts.
  virtual Result<void> retarget(const Filter& filter) = 0;
};

struct ViewOptions {
  const volatile std::sig_atomic_t* stop_flag = nullptr;
  int poll_ms = 100;
};

// Sets the locale from the environment (for UTF-8 output); returns
// whether the terminal's character set is UTF-8 (else use ascii_only).
bool init_locale();

Result<void> run_view(Model& model, SnapshotSource& source,
                      const ViewOptions& options);

} // namespace sctrace::top
