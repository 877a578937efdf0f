#!/bin/bash
# Issue 16: the sctrace binary in --dry-run (no root, no kernel).
#  - A format or filter passed as an argument of its own exits 2 with an
#    error that says it belongs inside the probe's quotes, and the joined
#    spec to use.
#  - USDT names with '-' reach the program as they are; a missing probe
#    and an argument beyond the probe's count exit 2 before bpftrace.
#
# Usage: probe_checks.sh SCTRACE_BINARY WORKLOAD_BINARY
set -u
bin=${1:?usage: probe_checks.sh SCTRACE_BINARY WORKLOAD_BINARY}
workload=${2:?usage: probe_checks.sh SCTRACE_BINARY WORKLOAD_BINARY}
status=0

# expect CODE WANT ARGS...: sctrace ARGS exits CODE with WANT in its output.
expect() {
  local code=$1 want=$2
  shift 2
  local out rc
  out=$("$bin" "$@" 2>&1)
  rc=$?
  if [ "$rc" -ne "$code" ]; then
    echo "FAIL: sctrace $*: exit $rc, want $code" >&2
    printf '%s\n' "${out:0:600}" >&2
    status=1
  fi
  case "$out" in
  *"$want"*) ;;
  *)
    echo "FAIL: sctrace $*: output lacks '$want':" >&2
    printf '%s\n' "${out:0:600}" >&2
    status=1
    ;;
  esac
}

expect 2 "this spec starts with a format string, not a probe; a format belongs inside the same quotes as its probe" \
  --dry-run 'r:bash:readline' '"%s", retval'
expect 2 "did you mean: sctrace 'r:bash:readline \"%s\", retval'" \
  --dry-run 'r:bash:readline' '"%s", retval'
expect 2 "did you mean: sctrace 'sys_read (arg3 > 10)'" \
  --dry-run 'sys_read' '(arg3 > 10)'
expect 2 "this spec starts with a filter, not a probe" \
  --dry-run '(arg3 > 10)'

expect 0 "usdt:$workload:sctrace-test:test-probe" \
  --dry-run "u:$workload:sctrace-test:test-probe \"%d\", arg1"
expect 0 "usdt:$workload:test-probe" \
  --dry-run "u:$workload:test-probe \"%d\", arg1"
expect 2 "USDT probe 'tock' is not in $workload; its 2 probes are: sctrace-test:test-probe, sctrace_test:tick" \
  --dry-run "u:$workload:tock"
expect 2 "USDT probe sctrace_test:tick has 2 arguments; arg3 does not exist" \
  --dry-run "u:$workload:tick \"%d\", arg3"
expect 2 "'r:malloc' reads as function malloc of a library named 'r'" \
  --dry-run 'r:malloc "%d", retval'
exit $status
