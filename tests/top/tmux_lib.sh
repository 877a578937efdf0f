# Helpers for the `sctrace top` tmux tests (sourced). A private tmux
# server (-L) per test, killed on exit; screens are captured as text.
#
#   top_start NAME WIDTH HEIGHT COMMAND...  runs COMMAND in a new session,
#       then prints which terminal modes are on once it exits
#   top_screen NAME                         the visible screen
#   top_wait NAME TEXT [SECONDS]            until TEXT (fixed string) shows
#   top_keys NAME KEY...                    tmux send-keys
#   top_fail MESSAGE [NAME]                 prints the screen, exits 1
#   top_check_pause NAME [SECONDS]          Space freezes the numbers
#   top_set_pid NAME [PID]                  the p prompt: filter (or all)
#   top_resize NAME WIDTH HEIGHT [SECONDS]  resizes, then top_check_fits

# A missing prerequisite skips (77), except as CI or with
# SCTRACE_LIVE_REQUIRED=1, where a skip would hide a broken set-up: it fails.
skip_or_fail() {
  case "${CI:-}${SCTRACE_LIVE_REQUIRED:-}" in
  "" | 0 | false) echo "SKIP: $1"; exit 77 ;;
  *) echo "FAIL: $1 (CI or SCTRACE_LIVE_REQUIRED=1: failing, not skipping)"; exit 1 ;;
  esac
}
command -v tmux >/dev/null 2>&1 || skip_or_fail "no tmux (apt-get install tmux)"

TOP_TMUX="tmux -L sctrace-top-test-$$ -f /dev/null"
top_cleanup() { $TOP_TMUX kill-server >/dev/null 2>&1 || true; }
trap top_cleanup EXIT

top_start() {
  name=$1 w=$2 h=$3
  shift 3
  $TOP_TMUX new-session -d -s "$name" -x "$w" -y "$h" \
    "env TERM=xterm-256color LANG=C.UTF-8 LC_ALL=C.UTF-8 $*; \
     echo; echo modes: \$(stty -a | tr ' ;' '\n\n' | grep -x -e icanon -e echo); \
     sleep 120"
}

top_screen() { $TOP_TMUX capture-pane -p -t "$1"; }

top_fail() {
  echo "FAIL: $1"
  if [ -n "${2:-}" ]; then
    echo "--- screen of $2 ---"
    top_screen "$2"
    echo "---"
  fi
  exit 1
}

# top_wait NAME TEXT [SECONDS]: waits until TEXT (a fixed string) shows in
# NAME's screen, or fails with the screen. top_wait_re: the same for an
# extended regular expression.
top_wait() { top_wait_grep -F "$@"; }
top_wait_re() { top_wait_grep -E "$@"; }

top_wait_grep() {
  mode=$1 name=$2 text=$3 tries=$(( ${4:-10} * 10 ))
  while [ "$tries" -gt 0 ]; do
    if top_screen "$name" | grep -q "$mode" -- "$text"; then
      return 0
    fi
    sleep 0.1
    tries=$((tries - 1))
  done
  top_fail "'$text' did not show" "$name"
}

top_keys() {
  name=$1
  shift
  $TOP_TMUX send-keys -t "$name" "$@"
}

# The line number (1-based) of the first line of the screen containing
# TEXT within lines FROM..TO, or 0.
top_line_of() {
  top_screen "$1" | awk -v t="$2" -v a="$3" -v b="$4" \
    'NR >= a && NR <= b && index($0, t) { print NR; found = 1; exit }
     END { if (!found) print 0 }'
}

# Every screen line at most WIDTH columns and exactly HEIGHT lines, the
# key hint on the last one.
top_check_fits() {
  name=$1 w=$2 h=$3
  lines=$(top_screen "$name" | wc -l)
  [ "$lines" -eq "$h" ] || top_fail "$lines lines, not $h" "$name"
  long=$(top_screen "$name" | awk -v w="$w" 'length($0) > w' | wc -l)
  [ "$long" -eq 0 ] || top_fail "lines wider than $w" "$name"
  top_screen "$name" | tail -n 1 | grep -qF 'q:quit' ||
    top_fail "no key hint on the last line" "$name"
}

# Space pauses NAME: PAUSED shows and the screen below the summary line
# stays the same for SECONDS (default 1.2); then Space resumes. The paused
# screen is left in TOP_PAUSED.
top_check_pause() {
  name=$1 seconds=${2:-1.2}
  top_keys "$name" Space
  top_wait "$name" 'PAUSED'
  TOP_PAUSED=$(top_screen "$name" | sed -n '2,23p')
  sleep "$seconds"
  [ "$TOP_PAUSED" = "$(top_screen "$name" | sed -n '2,23p')" ] ||
    top_fail "numbers moved while paused" "$name"
  top_keys "$name" Space
}

# Answers the p prompt of NAME with PID (none: every process).
top_set_pid() {
  top_keys "$1" p
  top_wait "$1" 'pid (empty: all):'
  if [ -n "${2:-}" ]; then
    top_keys "$1" "$2" Enter
  else
    top_keys "$1" Enter
  fi
}

# Resizes NAME's window to WIDTH x HEIGHT and, SECONDS (default 0.5)
# later, checks that the screen fits it (top_check_fits).
top_resize() {
  $TOP_TMUX resize-window -t "$1" -x "$2" -y "$3"
  sleep "${4:-0.5}"
  top_check_fits "$1" "$2" "$3"
}
