#!/usr/bin/env bash
# sctrace under the highest event rate this machine can make, for SECONDS:
# events received and dropped, rates, and the peak RSS of sctrace itself
# and of its bpftrace.
#
#   [SECONDS_=60] [THREADS=2] [MODES="trace syscalls"] [SCTRACE=PATH]
#   [WORKLOAD=PATH] [BUFFER_PAGES=N] tests/bench/load_rss.sh
#
# Workload: sctrace_workload burst_for MS THREADS, THREADS threads calling
# getppid() in a tight loop for SECONDS_ seconds, which prints the exact
# number of calls it made ("calls N"). Modes, each tracing only getppid of
# the workload (started by sctrace with -- CMD), default buffers unless
# BUFFER_PAGES is set:
#   trace     sctrace --format jsonl 'sys_getppid' -- WORKLOAD ...
#   syscalls  sctrace syscalls -e trace=getppid --format jsonl -- WORKLOAD ...
# The JSONL goes through a FIFO to `tail -n 1`, which keeps only the
# summary line: at this rate the events would fill the disk.
# Peak RSS is VmHWM from /proc/PID/status, sampled every 0.2 s until the
# process exits (VmHWM only grows, so the last sample is the peak up to
# 0.2 s before the end). received + dropped must equal the calls made;
# the script says so, or exits 1.
# Results also go to tests/bench/results/load-rss-latest.txt. Needs root.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
case "${1:-}" in
  -h|--help) sed -n '2,8p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
  "") ;;
  *) echo "load_rss.sh: takes no arguments (configure with SECONDS_, THREADS, MODES, SCTRACE, WORKLOAD, BUFFER_PAGES)" >&2; exit 2 ;;
esac
secs=${SECONDS_:-60}
threads=${THREADS:-2}
modes=${MODES:-trace syscalls}
sctrace=${SCTRACE:-$repo/build/src/cli/sctrace}
workload=${WORKLOAD:-$(dirname "$(dirname "$(dirname "$sctrace")")")/tests/testprogs/sctrace_workload}
for v in SECONDS_:$secs THREADS:$threads; do
  [[ ${v#*:} =~ ^[1-9][0-9]*$ ]] || { echo "load_rss.sh: ${v%%:*} must be a positive integer (got '${v#*:}')" >&2; exit 2; }
done
[[ $(id -u) -eq 0 ]] || { echo "load_rss.sh: needs root (sctrace loads BPF programs); run it with sudo" >&2; exit 2; }
for b in "$sctrace" "$workload"; do
  [[ -x $b ]] || { echo "load_rss.sh: $b is not built; build first (cmake --build build) or set SCTRACE/WORKLOAD" >&2; exit 2; }
done

tmp=$(mktemp -d /tmp/sctrace-load-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
results="$here/results/load-rss-latest.txt"
mkdir -p "$here/results"

# Peak VmHWM (KiB) of pid and of its bpftrace child, sampled until pid ends.
watch_rss() {
  local pid=$1 out=$2 s=0 b=0 child v
  while kill -0 "$pid" 2>/dev/null; do
    v=$(awk '/^VmHWM:/ {print $2}' "/proc/$pid/status" 2>/dev/null || true)
    [[ -n $v && $v -gt $s ]] && s=$v
    for child in $(pgrep -P "$pid" -x bpftrace 2>/dev/null || true); do
      v=$(awk '/^VmHWM:/ {print $2}' "/proc/$child/status" 2>/dev/null || true)
      [[ -n $v && $v -gt $b ]] && b=$v
    done
    sleep 0.2
  done
  echo "$s $b" >"$out"
}

failed=0
{
  echo "load_rss.sh: $(date -u +%FT%TZ), $(nproc) CPUs, ${secs} s, $threads getppid threads, buffers: ${BUFFER_PAGES:+$BUFFER_PAGES pages}${BUFFER_PAGES:-default}"
  echo "bpftrace: $("${SCTRACE_BPFTRACE:-bpftrace}" --version 2>/dev/null | head -1)"
  printf '%-9s %12s %12s %10s %9s %12s %12s %10s %12s %12s\n' mode calls received dropped 'drop %' 'calls/s' 'received/s' seconds 'sctrace RSS' 'bpftrace RSS'
} | tee "$results"
for mode in $modes; do
  mkfifo "$tmp/fifo"
  tail -n 1 <"$tmp/fifo" >"$tmp/summary" &
  tailpid=$!
  extra=()
  case $mode in
    trace)
      [[ -n ${BUFFER_PAGES:-} ]] && extra=(-b "$BUFFER_PAGES")
      args=(--format jsonl -o "$tmp/fifo" "${extra[@]}" sys_getppid) ;;
    syscalls)
      [[ -n ${BUFFER_PAGES:-} ]] && extra=(--buffer-pages "$BUFFER_PAGES")
      args=(syscalls -e trace=getppid --format jsonl -o "$tmp/fifo" "${extra[@]}") ;;
    *) echo "load_rss.sh: unknown mode '$mode' (trace or syscalls)" >&2; exit 2 ;;
  esac
  start=$(date +%s.%N)
  "$sctrace" "${args[@]}" -- "$workload" burst_for $((secs * 1000)) "$threads" 2>"$tmp/stderr" &
  spid=$!
  watch_rss "$spid" "$tmp/rss" &
  wpid=$!
  rc=0
  wait "$spid" || rc=$?
  end=$(date +%s.%N)
  wait "$wpid" "$tailpid" || true
  rm -f "$tmp/fifo"
  if [[ $rc -ne 0 ]]; then
    echo "load_rss.sh: sctrace ($mode) exited $rc:" >&2
    cat "$tmp/stderr" >&2
    failed=1
    continue
  fi
  calls=$(sed -n 's/^calls \([0-9]*\)$/\1/p' "$tmp/stderr")
  read -r srss brss <"$tmp/rss"
  python3 - "$mode" "$calls" "$srss" "$brss" "$start" "$end" "$tmp/summary" <<'PY' | tee -a "$results" || failed=1
import json, sys
mode, calls, srss, brss, start, end, path = sys.argv[1:]
s = json.load(open(path))["summary"]
if mode == "syscalls":
    got, dropped = s["tool_stats"]["events_captured"], s["tool_stats"]["events_dropped"]
else:
    got, dropped = s["total_events"], s["events_dropped"]
calls, secs = int(calls), s["duration_seconds"]
print(f"{mode:<9} {calls:>12} {got:>12} {dropped:>10} {100.0 * dropped / max(calls, 1):>8.2f}% "
      f"{calls / secs:>12.0f} {got / secs:>12.0f} {secs:>10.2f} "
      f"{int(srss) / 1024:>9.1f} MiB {int(brss) / 1024:>8.1f} MiB")
if got + dropped != calls:
    print(f"  MISMATCH: received {got} + dropped {dropped} != calls {calls}")
    sys.exit(1)
PY
done
exit $failed
