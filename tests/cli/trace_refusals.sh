#!/bin/sh
# Issue 16: the trace.py mode refuses bad input before anything starts,
# exits 2, says why, and prints no summary block after the error:
# -b that is not a power of two, -I and -s (no bpftrace counterpart), -c
# that is not a cgroup v2 directory, -A without -M, -Z 0, and format
# specifiers that do not fit a field's type (with the spec's line and
# column and a caret). Works as root and not (--dry-run reads the built-in
# syscall table then).
#
# Usage: trace_refusals.sh SCTRACE_BINARY
set -u
bin=${1:?usage: trace_refusals.sh SCTRACE_BINARY}
err=$(mktemp)
trap 'rm -f "$err"' EXIT
status=0

# expect EXIT TEXT ARGS...: sctrace ARGS exits EXIT, its stderr holds TEXT
# and no summary.
expect() {
  code=$1 text=$2
  shift 2
  "$bin" "$@" </dev/null >/dev/null 2>"$err"
  rc=$?
  if [ "$rc" -ne "$code" ] || ! grep -qF -- "$text" "$err" ||
    grep -q '^Summary:' "$err"; then
    echo "FAIL: sctrace $*: exit $rc (want $code, '$text', no summary)," \
      "stderr:" >&2
    cat "$err" >&2
    status=1
  fi
}

expect 2 'buffer pages (-b) 3 is not a power of two' -b 3 --dry-run sys_read
expect 2 'buffer-pages' -b 0 sys_read
expect 2 '-I/--include is not supported' -I linux/fs.h sys_read
expect 2 '-s/--sym_file_list is not supported' -s /bin/true sys_read
expect 2 'cgroup path (-c) /nonexistent/sctrace-cg: No such file' \
  -c /nonexistent/sctrace-cg sys_read
expect 2 'cgroup path (-c) /proc is not on a cgroup v2 file system' \
  -c /proc sys_read
expect 2 '-A needs -M' -A sys_read
expect 2 'string-size' -Z 0 sys_read
expect 2 'spec:1:16: error: %s prints a string, but arg3 of sys_read is `size_t count`' \
  --dry-run 'sys_read "%s", arg3'
expect 2 '                 ^' --dry-run 'sys_read "%s", arg3'
expect 2 'probe 2: spec:1:18: error: %d prints a number, but arg2 of sys_openat' \
  --dry-run sys_close 'sys_openat "%d", arg2'
# Refused before bpftrace attached (as root: the real run): no summary.
if [ "$(id -u)" = 0 ]; then
  expect 2 'buffer pages (-b) 3 is not a power of two' -b 3 -M 1 sys_read
  expect 2 "unknown syscall 'nope'" sys_nope
  expect 2 'spec:1:16: error: %s prints a string' 'sys_read "%s", arg3'
fi
exit $status
