#!/bin/bash
# Issue 12: the sctrace binary with an 11,000-operator filter (55 KB) in
# --dry-run must exit 2 with a positioned "expression is too long" error,
# not crash (it was killed by SIGSEGV, exit 139). Runs once with the
# default stack and once under `ulimit -s 1024`. A chain one node below
# the limit (2047 operators plus "> 0") must generate a program (exit 0).
#
# Usage: long_expression.sh SCTRACE_BINARY
set -u
bin=${1:?usage: long_expression.sh SCTRACE_BINARY}

expr="$(printf 'arg1+%.0s' $(seq 10999))arg1"
spec="sys_read ($expr > 0)"
# The 4097th node (operand 2049) crosses the limit of 4096 nodes.
want='spec:1:10251: error: expression is too long'

status=0
for stack in default 1024; do
  err=$(
    if [ "$stack" != default ]; then ulimit -s "$stack"; fi
    "$bin" --dry-run "$spec" 2>&1 >/dev/null
  )
  rc=$?
  if [ "$rc" -ne 2 ]; then
    echo "FAIL (stack $stack): exit $rc, want 2" >&2
    status=1
  fi
  case "$err" in
  *"$want"*) ;;
  *)
    echo "FAIL (stack $stack): stderr lacks '$want':" >&2
    printf '%s\n' "${err:0:400}" >&2
    status=1
    ;;
  esac
  fits="$(printf 'arg1+%.0s' $(seq 2046))arg1"
  out=$(
    if [ "$stack" != default ]; then ulimit -s "$stack"; fi
    "$bin" --dry-run "sys_read ($fits > 0)" 2>&1
  )
  rc=$?
  if [ "$rc" -ne 0 ]; then
    echo "FAIL (stack $stack): 2047 operators: exit $rc, want 0" >&2
    printf '%s\n' "${out:0:400}" >&2
    status=1
  fi
done
[ "$status" -eq 0 ] && echo "ok: exit 2 with '$want'; exit 0 below the limit"
exit "$status"
