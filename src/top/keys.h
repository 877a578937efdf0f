// The keys of `sctrace top` (htop, csysdig and bpftop conventions): an
// ncurses key code (wgetch) to a Command.
//
// Contract: arrows, PgUp/PgDn, Home/End; s < > space z ? q p c / and Esc;
// F1 is help and F10 quits; 'k'/'j' also move. Any other key: nullopt.
#pragma once

#include <optional>

#include "top/state.h"

namespace sctrace::top {

std::optional<Command> command_for_key(int key);

} // namespace sctrace::top
