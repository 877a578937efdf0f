#!/bin/sh
# `sctrace top` refuses what it cannot do, before touching the terminal or
# starting anything, with exit code 2 and a message saying what to do: no
# terminal (points to `sctrace count -i 1`), an --interval outside
# 100ms..1s. No root needed.
#
# Usage: top_refusals.sh SCTRACE_BINARY
set -u
bin=${1:?usage: top_refusals.sh SCTRACE_BINARY}
err=$(mktemp)
trap 'rm -f "$err"' EXIT
status=0

# expect EXIT TEXT ARGS...: runs sctrace top ARGS with stdin and stdout
# not a terminal.
expect() {
  code=$1 text=$2
  shift 2
  "$bin" top "$@" </dev/null >/dev/null 2>"$err"
  rc=$?
  if [ "$rc" -ne "$code" ] || ! grep -qF -- "$text" "$err"; then
    echo "FAIL: top $*: exit $rc (want $code), stderr:" >&2
    cat "$err" >&2
    status=1
  fi
}

expect 2 'sctrace count -i 1'
expect 2 'sctrace count -i 1' -p 1 --interval 250ms
expect 2 '100ms to 1s' --interval 50ms
expect 2 '100ms to 1s' --interval 2s
expect 2 '100ms to 1s' --interval fast
exit $status
