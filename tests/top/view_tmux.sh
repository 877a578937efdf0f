#!/bin/sh
# The `sctrace top` terminal layer in a real terminal (tmux, 80x24) on a
# fake monitor (fake_top.cpp): order of the rows, a selection that changes
# the histogram, a slow call with an escaped comm, pause, a pid filter
# that narrows the rows, resize, help, q and Ctrl-C leaving the terminal
# restored. Skips (77) without tmux.
set -eu
FAKE=$1
. "$(dirname "$0")/tmux_lib.sh"

top_start v 80 24 "$FAKE"
top_wait v 'CALLS/s'
top_wait v '>read'
sleep 0.3
top_check_fits v 80 24
top_screen v | grep -q '|kernel CPU *12.0%' || top_fail "kernel CPU is not the fake's 12%" v

# The rows in rate order: read 3000/s, write 2000/s, openat, futex.
r=$(top_line_of v 'read ' 3 10)
w=$(top_line_of v 'write ' 3 10)
o=$(top_line_of v 'openat ' 3 10)
f=$(top_line_of v 'futex ' 3 10)
[ "$r" -gt 0 ] && [ "$r" -lt "$w" ] && [ "$w" -lt "$o" ] && [ "$o" -lt "$f" ] ||
  top_fail "rows not in rate order ($r $w $o $f)" v
top_screen v | grep -q '^>read' || top_fail "read is not selected" v

# The histogram follows the selection: read is 1us-4us, write 4us-16us.
top_wait v 'latency of read'
top_wait v '1us-2us'
top_keys v Down
top_wait v 'latency of write'
top_wait v '4us-8us'
top_screen v | grep -qF '1us-2us' && top_fail "read's buckets still shown" v

# Slow calls, kernel text escaped.
top_wait v '/var/lib/db/data.1'
top_wait v 'ev\x1b[2Jil'

# Pause freezes the numbers (the fake's read rate changes every snapshot).
top_check_pause v
sleep 1.2
c=$(top_screen v | sed -n '2,23p')
[ "$TOP_PAUSED" != "$c" ] || top_fail "numbers frozen after unpausing" v

# A pid filter narrows the rows (the fake's pid 4242 makes only reads).
top_set_pid v 4242
top_wait v '| pid 4242 |'
top_wait v 'latency of read'
sleep 0.5
[ "$(top_line_of v 'write ' 3 10)" -eq 0 ] || top_fail "write still a row" v
top_wait v '/var/lib/db/data.1'
top_screen v | grep -qF 'ev\x1b' && top_fail "pid 77's slow call shown" v
# A pid that does not exist: the message, the filter unchanged.
top_set_pid v 99999
top_wait v 'no process 99999'
top_wait v '| pid 4242 |'
top_set_pid v
top_wait v '| -a |'
top_wait v ' write '

# Search.
top_keys v /
top_wait v 'search syscall:'
top_keys v tex Enter
top_wait v 'latency of futex'

# Resize.
top_resize v 120 40
top_resize v 40 10
top_screen v | head -n 1 | grep -qF 'syscalls/s' || top_fail "no summary" v
top_resize v 80 24

# Help, then quit with q: the terminal is restored.
top_keys v '?'
top_wait v 'restarts the monitor'
top_keys v Escape
top_wait v 'CALLS/s'
top_keys v q
top_wait v 'fake_top: exit 0'
top_wait v 'modes: icanon echo'
top_screen v | grep -qF 'CALLS/s' && top_fail "dashboard left on screen" v

# Ctrl-C ends it the same way.
top_start i 80 24 "$FAKE"
top_wait i 'CALLS/s'
top_keys i C-c
top_wait i 'fake_top: exit 0'
top_wait i 'modes: icanon echo'

# F10 quits too.
top_start f 80 24 "$FAKE"
top_wait f 'CALLS/s'
top_keys f F10
top_wait f 'fake_top: exit 0'
echo "PASS: top view in tmux"
