#!/usr/bin/env bash
# Added cost per syscall of in-kernel syscall statistics, measured in ONE run.
#
#   [N_READ=1000000] [REPEATS=3] [ATTACH_WAIT=3] [SCTRACE=PATH]
#   [BPFTRACE_023=PATH] [ROWS="baseline count ..."] tests/bench/stats_overhead.sh
#
# Workload: tests/bench/syscall_loops.c `read` mode, N_READ read(fd, buf, 1)
# calls on /dev/zero, timed inside the process (CLOCK_MONOTONIC), so tracer
# start-up and shutdown never count. Every tracer attaches to the workload's
# pid while it waits on a FIFO (-w), gets ATTACH_WAIT seconds, and is
# stopped with SIGINT once the loop is done.
#
# Rows (all in the same run, the order rotated per repetition):
#   baseline            no tracing
#   sctrace count       sctrace count -p PID
#   syscount            libbpf-tools syscount -p PID
#   bpftrace count()    bpftrace -e 'raw_syscalls:sys_exit /pid == PID/
#                       { @[args->id] = count(); }'
#   sctrace latency     sctrace latency -p PID
#   syscount -L         libbpf-tools syscount -L -p PID
#   strace -c           strace -c -f -p PID
#   sctrace count 0.23, sctrace latency 0.23: with bpftrace 0.23 (the
#                       Debian 13 chroot of scripts/compat-chroot)
#   untargeted: sctrace count / syscount -p OTHER, where OTHER is an idle
#                       process: what every other process pays
#
# Columns: median elapsed time, added ns per call ((traced - baseline) /
# N_READ), the ratio to syscount's added cost (count rows) or syscount -L's
# (latency rows and strace), reads the tool counted (must be >= N_READ for
# targeted rows), peak RSS of the tool's processes (sctrace + its bpftrace),
# and the BPF map memory it loaded (bpftool's bytes_memlock).
# The table also goes to tests/bench/results/stats-overhead-latest.txt.
# Needs root.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
n_read=${N_READ:-1000000}
reps=${REPEATS:-3}
attach_wait=${ATTACH_WAIT:-3}
sctrace=${SCTRACE:-$repo/build/src/cli/sctrace}
bpftrace023=${BPFTRACE_023:-/var/cache/sctrace/bpftrace-trixie}
for v in N_READ:$n_read REPEATS:$reps ATTACH_WAIT:$attach_wait; do
  [[ ${v#*:} =~ ^[1-9][0-9]*$ ]] || { echo "stats_overhead.sh: ${v%%:*} must be a positive integer" >&2; exit 2; }
done
[[ $(id -u) -eq 0 ]] || { echo "stats_overhead.sh: needs root (BPF); run it with sudo" >&2; exit 2; }
[[ -x $sctrace ]] || { echo "stats_overhead.sh: no sctrace at $sctrace (build it first: scripts/build)" >&2; exit 2; }
command -v jq >/dev/null || { echo "stats_overhead.sh: needs jq (apt-get install jq)" >&2; exit 2; }

tmp=$(mktemp -d /tmp/sctrace-stats-overhead.XXXXXX)
idle_pid=""
cleanup() {
  [[ -z $idle_pid ]] || kill "$idle_pid" 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT
prog=$tmp/syscall_loops
"${CC:-cc}" -O2 -o "$prog" "$here/syscall_loops.c"
sleep 100000 &
idle_pid=$!

syscount=$(command -v syscount || true)
declare -A fail
rows=(baseline count syscount oneliner latency syscount-L strace count023 latency023 count-other syscount-other)
if [[ -n ${ROWS:-} ]]; then read -r -a rows <<<"$ROWS"; fi # a subset (baseline first)
declare -A label=([baseline]="baseline" [count]="sctrace count" [syscount]="syscount"
  [oneliner]="bpftrace count() one-liner" [latency]="sctrace latency" [syscount-L]="syscount -L"
  [strace]="strace -c -f" [count023]="sctrace count (bpftrace 0.23)"
  [latency023]="sctrace latency (bpftrace 0.23)"
  [count-other]="untargeted: sctrace count -p OTHER" [syscount-other]="untargeted: syscount -p OTHER")
[[ -n $syscount ]] || { fail[syscount]="syscount not installed (apt-get install libbpf-tools)"; fail[syscount-L]=${fail[syscount]}; fail[syscount-other]=${fail[syscount]}; }
[[ -x $bpftrace023 ]] || { fail[count023]="no bpftrace 0.23 at $bpftrace023 (scripts/compat-chroot)"; fail[latency023]=${fail[count023]}; }
command -v strace >/dev/null || fail[strace]="strace not installed"

map_bytes() { bpftool map show -j 2>/dev/null | jq '[.[].bytes_memlock // 0] | add // 0'; }
# peak_rss PID: VmHWM in KiB of PID and its children (sctrace's bpftrace)
peak_rss() {
  local total=0 p kb
  for p in "$1" $(pgrep -P "$1" || true); do
    kb=$(awk '/^VmHWM:/ {print $2}' "/proc/$p/status" 2>/dev/null || true)
    total=$(( total + ${kb:-0} ))
  done
  echo "$total"
}

declare -A samples reads rss maps
run_row() { # run_row ROW REP
  local row=$1 out="$tmp/$1.$2" target tpid rc=0 wpid go maps0 start
  [[ -z ${fail[$row]:-} ]] || return 0
  mkfifo "$out.fifo"
  "$prog" -w read "$n_read" <"$out.fifo" >/dev/null 2>"$out.err" &
  wpid=$!
  exec {go}>"$out.fifo"
  target=$wpid
  [[ $row == *-other ]] && target=$idle_pid
  maps0=$(map_bytes)
  case $row in
    baseline) tpid="" ;;
    count|count-other) "$sctrace" count -p "$target" --format json -o "$out.json" >/dev/null 2>"$out.tool" & tpid=$! ;;
    count023) "$sctrace" count --bpftrace "$bpftrace023" -p "$target" --format json -o "$out.json" >/dev/null 2>"$out.tool" & tpid=$! ;;
    latency) "$sctrace" latency -p "$target" --format json -o "$out.json" >/dev/null 2>"$out.tool" & tpid=$! ;;
    latency023) "$sctrace" latency --bpftrace "$bpftrace023" -p "$target" --format json -o "$out.json" >/dev/null 2>"$out.tool" & tpid=$! ;;
    syscount|syscount-other) "$syscount" -T 500 -p "$target" >"$out.txt" 2>"$out.tool" & tpid=$! ;;
    syscount-L) "$syscount" -L -T 500 -p "$target" >"$out.txt" 2>"$out.tool" & tpid=$! ;;
    oneliner) bpftrace -e "tracepoint:raw_syscalls:sys_exit /pid == $target/ { @[args->id] = count(); }" >"$out.txt" 2>"$out.tool" & tpid=$! ;;
    strace) strace -c -f -o "$out.txt" -p "$target" 2>"$out.tool" & tpid=$! ;;
  esac
  [[ -z $tpid ]] || sleep "$attach_wait"
  if [[ -n $tpid ]] && ! kill -0 "$tpid" 2>/dev/null; then
    wait "$tpid" || rc=$?
    fail[$row]="exit $rc: $(grep -v '^\s*$' "$out.tool" | grep -v RLIMIT | head -n1 | cut -c1-80)"
    exec {go}>&-; wait "$wpid" || true; return 0
  fi
  [[ -z $tpid ]] || maps[$row]=$(( ($(map_bytes) - maps0) / 1024 ))
  [[ -z $tpid ]] || rss[$row]=$(peak_rss "$tpid")
  echo x >&$go; exec {go}>&-
  wait "$wpid"
  samples[$row]+="$(grep -oE 'elapsed_ns=[0-9]+' "$out.err" | cut -d= -f2) "
  [[ -n $tpid ]] || return 0
  # strace -p ends with its target; the others wait for SIGINT.
  local after; after=$(peak_rss "$tpid")
  (( after > rss[$row] )) && rss[$row]=$after
  kill -INT "$tpid" 2>/dev/null || true
  wait "$tpid" || true
  case $row in
    count|count023|latency|latency023|count-other)
      reads[$row]=$(jq '[.total.syscalls[] | select(.syscall == "read") | .count] | add // 0' "$out.json" 2>/dev/null || echo "?") ;;
    syscount|syscount-other|syscount-L)
      reads[$row]=$(awk '$1 == "read" {print $2; exit}' "$out.txt") ;;
    oneliner) reads[$row]=$(grep -oE '^@\[0\]: [0-9]+' "$out.txt" | awk '{print $2}') ;;
    strace) reads[$row]=$(awk '$NF == "read" {print $4; exit}' "$out.txt") ;;
  esac
  reads[$row]=${reads[$row]:-0}
}

for (( rep = 0; rep < reps; rep++ )); do
  n=${#rows[@]}
  for (( i = 0; i < n; i++ )); do
    run_row "${rows[$(( (i + rep) % n ))]}" "$rep"
  done
done

median() { tr ' ' '\n' | grep -v '^$' | sort -n | awk '{a[NR]=$1} END {if (NR) print a[int((NR+1)/2)]}'; }
declare -A med added
for r in "${rows[@]}"; do
  [[ -n ${fail[$r]:-} ]] && continue
  med[$r]=$(median <<<"${samples[$r]}")
done
for r in "${rows[@]}"; do
  [[ -n ${med[$r]:-} ]] || continue
  added[$r]=$(( (med[$r] - med[baseline]) / n_read ))
done
ratio() { # ratio ROW PEER
  if [[ -n ${added[$1]:-} && -n ${added[$2]:-} && ${added[$2]} -gt 0 ]]; then
    awk -v a="${added[$1]}" -v b="${added[$2]}" 'BEGIN {printf "%.2f", a / b}'
  else printf -- '-'; fi
}

{
  echo "sctrace count/latency overhead: $(date -u +%Y-%m-%dT%H:%MZ)"
  echo "machine: $(uname -r), $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
  echo "bpftrace: $(bpftrace --version 2>/dev/null)$([[ -x $bpftrace023 ]] && echo ", $($bpftrace023 --version 2>/dev/null)")"
  echo "workload: $n_read read(fd, buf, 1) calls; median of $reps; ratios: count rows to syscount, latency rows to syscount -L"
  echo
  printf '%-36s %11s %9s %8s %12s %10s %9s\n' tool "elapsed ms" "added ns" ratio "reads seen" "peak RSS" "BPF maps"
  for r in "${rows[@]}"; do
    if [[ -n ${fail[$r]:-} ]]; then
      printf '%-36s n/a (%s)\n' "${label[$r]}" "${fail[$r]}"; continue
    fi
    peer=syscount; [[ $r == latency* || $r == syscount-L || $r == strace ]] && peer=syscount-L
    [[ $r == *-other ]] && peer=syscount-other
    if [[ $r == baseline ]]; then rt=-; else rt=$(ratio "$r" "$peer"); fi
    printf '%-36s %11s %9s %8s %12s %10s %9s\n' "${label[$r]}" "$(( med[$r] / 1000000 ))" "${added[$r]}" "$rt" \
      "${reads[$r]:--}" "${rss[$r]:+${rss[$r]} KiB}" "${maps[$r]:+${maps[$r]} KiB}"
  done
} | tee "$here/results/stats-overhead-latest.txt"
