#!/bin/sh
# --dry-run generates for the version of the bpftrace a session would run:
# a named bpftrace's (--bpftrace, SCTRACE_BPFTRACE) or the installed one's.
# One that cannot say its version is an error, not a program for another
# version; only a machine without bpftrace gets 0.17's program. A script
# that answers `--version` stands in for bpftrace (scripts are asked every
# time: run/version_cache.h). Works as root and not.
#
# Usage: dry_run_version.sh SCTRACE_BINARY
set -u
bin=${1:?usage: dry_run_version.sh SCTRACE_BINARY}
# Only the cases below that set it name a bpftrace through the environment.
unset SCTRACE_BPFTRACE
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
status=0
printf '#!/bin/sh\necho bpftrace v0.23.2\n' >"$dir/bpftrace"
chmod +x "$dir/bpftrace"

# header WANT ARGS...: sctrace ARGS succeeds and its program says WANT.
header() {
  want=$1
  shift
  got=$("$@" 2>&1 </dev/null | head -n 1)
  case $got in
  *"for bpftrace $want."*) ;;
  *) echo "FAIL: $*: first line '$got', want bpftrace $want" >&2; status=1 ;;
  esac
}

# refused TEXT ARGS...: sctrace ARGS fails, prints no program, and its
# stderr holds TEXT.
refused() {
  text=$1
  shift
  out=$("$@" 2>"$dir/err" </dev/null)
  rc=$?
  if [ "$rc" -eq 0 ] || [ -n "$out" ] || ! grep -qF -- "$text" "$dir/err"; then
    echo "FAIL: $*: exit $rc, stdout '$out', stderr:" >&2
    cat "$dir/err" >&2
    status=1
  fi
}

header 0.23.2 "$bin" --bpftrace "$dir/bpftrace" --dry-run sys_read
header 0.23.2 "$bin" syscalls --bpftrace "$dir/bpftrace" --dry-run -- /bin/true
header 0.23.2 env SCTRACE_BPFTRACE="$dir/bpftrace" "$bin" count --dry-run -- /bin/true
header 0.23.2 env PATH="$dir" "$bin" latency --dry-run -- /bin/true
header 0.17.0 env PATH=/nonexistent "$bin" --dry-run sys_read
header 0.17.0 env PATH=/nonexistent "$bin" syscalls --dry-run -- /bin/true

refused 'is not a working bpftrace' "$bin" --bpftrace /bin/false --dry-run sys_read
refused 'is not a working bpftrace' \
  "$bin" syscalls --bpftrace /bin/false --dry-run -- /bin/true
refused 'given by SCTRACE_BPFTRACE' \
  env SCTRACE_BPFTRACE="$dir/none" "$bin" slow --dry-run -- /bin/true
mkdir "$dir/bin" && ln -s /bin/false "$dir/bin/bpftrace"
refused 'is not a working bpftrace' env PATH="$dir/bin" "$bin" --dry-run sys_read
exit $status
