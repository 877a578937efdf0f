#!/usr/bin/env bash
# Added cost per traced syscall of several tracers, measured in ONE run.
#
#   [N_READ=200000] [N_OPEN=100000] [REPEATS=3] [SCTRACE=PATH]
#   [ATTACH_WAIT=2] tests/bench/syscalls_overhead.sh
#
# Workloads (tests/bench/syscall_loops.c, compiled with cc -O2 into a temp
# dir), each timing its own loop with CLOCK_MONOTONIC (printed as
# elapsed_ns=N on stderr), so tracer start-up and shutdown never count:
#   read   N_READ read(fd, buf, 1) calls on /dev/zero       (calls = N_READ)
#   open   N_OPEN openat(AT_FDCWD, "/etc/hostname", O_RDONLY) + close pairs
#          (calls = 2 * N_OPEN: both syscalls of a pair count)
#
# Tracers (each starts the workload itself, so only the workload is traced,
# except opensnoop):
#   baseline     no tracing
#   strace       strace -f -qq -o /dev/null -- PROG         (all syscalls)
#   perf trace   perf trace -o /dev/null -- PROG            (all syscalls)
#   opensnoop    libbpf-tools opensnoop -p PID >/dev/null   (open loop only;
#                the workload waits on a FIFO until opensnoop has had
#                ATTACH_WAIT seconds to attach; it traces the openat half)
#   sctrace -e   sctrace syscalls -e trace=read (read loop) /
#                -e trace=openat,close (open loop) --format jsonl -o FILE
#   sctrace all  sctrace syscalls --format jsonl -o FILE    (all syscalls)
#
# Each repetition runs every (tracer, workload) pair once, the order rotated
# from one repetition to the next; the figure kept is the median elapsed
# time over REPEATS repetitions. added ns/call = (traced - baseline) / calls;
# the ratios divide that by strace's / perf trace's added cost on the same
# workload. A tracer that does not work here gets 'n/a (reason)' in its row.
# The table also goes to tests/bench/results/syscalls-overhead-latest.txt.
# Needs root.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)

usage() {
  sed -n '2,5p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
  exit "${1:-2}"
}
case "${1:-}" in
  -h|--help) usage 0 ;;
  "") ;;
  *) echo "syscalls_overhead.sh: takes no arguments (configure with N_READ, N_OPEN, REPEATS, SCTRACE, ATTACH_WAIT)" >&2; usage 2 ;;
esac

n_read=${N_READ:-200000}
n_open=${N_OPEN:-100000}
reps=${REPEATS:-3}
attach_wait=${ATTACH_WAIT:-2}
sctrace=${SCTRACE:-$repo/build/src/cli/sctrace}
for v in N_READ:$n_read N_OPEN:$n_open REPEATS:$reps ATTACH_WAIT:$attach_wait; do
  [[ ${v#*:} =~ ^[1-9][0-9]*$ ]] || { echo "syscalls_overhead.sh: ${v%%:*} must be a positive integer (got '${v#*:}')" >&2; exit 2; }
done

if [[ $(id -u) -ne 0 ]]; then
  echo "syscalls_overhead.sh: needs root (perf trace, opensnoop and sctrace load BPF programs / tracepoints); run it with sudo" >&2
  exit 2
fi

tmp=$(mktemp -d /tmp/sctrace-syscalls-overhead.XXXXXX)
bg_pids=()
cleanup() {
  local p
  for p in "${bg_pids[@]}"; do
    kill "$p" 2>/dev/null || true
  done
  rm -rf "$tmp"
}
trap cleanup EXIT

# --- binaries ---------------------------------------------------------------
prog=$tmp/syscall_loops
"${CC:-cc}" -O2 -o "$prog" "$here/syscall_loops.c"

# first_line FILE: the first non-empty line, trimmed, for an 'n/a (...)' cell
first_line() {
  local l
  l=$(grep -v '^[[:space:]]*$' "$1" 2>/dev/null | grep -v 'elapsed_ns=' | head -n1 || true)
  l=${l#"${l%%[![:space:]]*}"}
  [[ ${#l} -le 90 ]] || l="${l:0:87}..."
  printf '%s' "${l:-no message}"
}

opensnoop=""
if command -v dpkg >/dev/null; then
  opensnoop=$(dpkg -L libbpf-tools 2>/dev/null | grep -E '/([a-z-]*-)?opensnoop$' | head -n1 || true)
fi
[[ -n $opensnoop ]] || opensnoop=$(command -v opensnoop || true)

have_jq=0
command -v jq >/dev/null && have_jq=1

rows=("baseline read" "baseline open" "strace read" "strace open"
      "perf read" "perf open" "opensnoop open"
      "sctrace-e read" "sctrace-e open" "sctrace-all read" "sctrace-all open"
      "sctrace-023 read" "sctrace-023 open")
declare -A label=([baseline]="baseline" [strace]="strace -f" [perf]="perf trace"
                  [opensnoop]="opensnoop -p" [sctrace-e]="sctrace -e" [sctrace-all]="sctrace all"
                  [sctrace-023]="sctrace all 0.23")
declare -A fail samples captured dropped seen
for r in "${rows[@]}"; do
  k=${r/ /.}
  samples[$k]=""; captured[$k]=""; dropped[$k]=""; seen[$k]=""
done
mark_failed() { # mark_failed TRACER REASON: every row of TRACER is n/a
  local r
  for r in "${rows[@]}"; do
    [[ ${r%% *} == "$1" ]] && fail[${r/ /.}]=$2
  done
  return 0
}

# --- can each tracer run here? ---------------------------------------------
command -v strace >/dev/null || mark_failed strace "strace not installed"
if ! command -v perf >/dev/null; then
  mark_failed perf "perf not installed (apt-get install linux-perf)"
elif ! perf trace -o /dev/null -- /bin/true >"$tmp/perf-probe.out" 2>&1; then
  mark_failed perf "perf trace: $(first_line "$tmp/perf-probe.out")"
fi
[[ -n $opensnoop && -x $opensnoop ]] || mark_failed opensnoop "opensnoop not found (apt-get install libbpf-tools)"
# sctrace all 0.23: the same run with bpftrace 0.23 from the Debian 13
# chroot that scripts/compat-chroot builds (BPFTRACE_023 overrides it).
bpftrace023=${BPFTRACE_023:-/var/cache/sctrace/bpftrace-trixie}
[[ -x $bpftrace023 ]] || mark_failed sctrace-023 "no bpftrace 0.23 at $bpftrace023 (run scripts/compat-chroot)"
# Try each sctrace variant once.
if [[ ! -x $sctrace ]]; then
  mark_failed sctrace-e "no sctrace at $sctrace"
  mark_failed sctrace-all "no sctrace at $sctrace"
  mark_failed sctrace-023 "no sctrace at $sctrace"
else
  for t in sctrace-e sctrace-all sctrace-023; do
    [[ -n ${fail[$t.read]:-} ]] && continue
    sel=(); [[ $t == sctrace-e ]] && sel=(-e trace=read)
    [[ $t == sctrace-023 ]] && sel=(--bpftrace "$bpftrace023")
    rc=0
    "$sctrace" syscalls "${sel[@]}" --format jsonl -o "$tmp/$t-probe.jsonl" -- /bin/true \
      >"$tmp/$t-probe.out" 2>"$tmp/$t-probe.err" </dev/null || rc=$?
    if (( rc != 0 )); then
      mark_failed "$t" "exit $rc: $(first_line "$tmp/$t-probe.err")"
    elif [[ $(tail -n1 "$tmp/$t-probe.jsonl" 2>/dev/null) != '{"summary":'* ]]; then
      mark_failed "$t" "no {\"summary\": ...} last line in the -o file"
    fi
  done
fi

# --- measurement ------------------------------------------------------------
fifo=$tmp/go
mkfifo "$fifo"

# summary_field FILE JQPATH: a number from the last (summary) line, "?" if absent
summary_field() {
  local v=""
  if (( have_jq )); then
    v=$(tail -n1 "$1" | jq -r "$2 // empty" 2>/dev/null || true)
  else
    v=$(tail -n1 "$1" | grep -oE "\"${2##*.}\": *[0-9]+" | head -n1 | grep -oE '[0-9]+$' || true)
  fi
  printf '%s' "${v:-?}"
}

# prog_calls FILE PID NAME...: "NAME=count" of the events of PID, one per NAME
prog_calls() {
  local file=$1 pid=$2; shift 2
  if (( ! have_jq )); then printf '? (no jq)'; return; fi
  local counts name c out=""
  counts=$(jq -R -r --argjson p "$pid" 'fromjson? | select(.pid? == $p) | .syscall // empty' "$file" | sort | uniq -c)
  for name in "$@"; do
    c=$(awk -v n="$name" '$2 == n {print $1}' <<<"$counts")
    out+="$name=${c:-0} "
  done
  printf '%s' "${out% }"
}

run_row() {
  local tracer=$1 wl=$2 rep=$3 k="$1.$2"
  local out="$tmp/$k.$rep" n calls rc=0
  [[ -z ${fail[$k]:-} ]] || return 0
  if [[ $wl == read ]]; then n=$n_read; calls=$n_read; else n=$n_open; calls=$(( 2 * n_open )); fi
  case $tracer in
    baseline)
      "$prog" "$wl" "$n" >"$out.out" 2>"$out.err" </dev/null || rc=$? ;;
    strace)
      strace -f -qq -o /dev/null -- "$prog" "$wl" "$n" >"$out.out" 2>"$out.err" </dev/null || rc=$? ;;
    perf)
      perf trace -o /dev/null -- "$prog" "$wl" "$n" >"$out.out" 2>"$out.err" </dev/null || rc=$? ;;
    opensnoop)
      local wpid spid go
      "$prog" -w "$wl" "$n" <"$fifo" >"$out.out" 2>"$out.err" &
      wpid=$!; bg_pids+=("$wpid")
      exec {go}>"$fifo" # unblocks the workload's open of the FIFO
      "$opensnoop" -p "$wpid" >/dev/null 2>"$out.snoop" &
      spid=$!; bg_pids+=("$spid")
      sleep "$attach_wait"
      if ! kill -0 "$spid" 2>/dev/null; then
        wait "$spid" || rc=$?
        exec {go}>&- # EOF: the workload exits without running its loop
        wait "$wpid" || true
        bg_pids=()
        fail[$k]="opensnoop exited ($rc) before the loop: $(first_line "$out.snoop")"
        return 0
      fi
      printf g >&"$go"
      exec {go}>&-
      wait "$wpid" || rc=$?
      kill -INT "$spid" 2>/dev/null || true
      wait "$spid" || true
      bg_pids=() # both reaped
      # libbpf-tools report perf buffer loss as "lost N events on CPU #C".
      dropped[$k]+="$( { grep -ioE 'lost [0-9]+ events' "$out.snoop" || true; } | awk '{s += $2} END {print s + 0}') " ;;
    sctrace-e|sctrace-all|sctrace-023)
      local sel=()
      if [[ $tracer == sctrace-e ]]; then
        if [[ $wl == read ]]; then sel=(-e trace=read); else sel=(-e "trace=openat,close"); fi
      fi
      [[ $tracer == sctrace-023 ]] && sel=(--bpftrace "$bpftrace023")
      "$sctrace" syscalls "${sel[@]}" --format jsonl -o "$out.jsonl" -- "$prog" "$wl" "$n" \
        >"$out.out" 2>"$out.err" </dev/null || rc=$? ;;
  esac
  if (( rc != 0 )); then
    fail[$k]="exit $rc: $(first_line "$out.err")"
    echo "syscalls_overhead.sh: $k failed: ${fail[$k]}" >&2
    return 0
  fi
  local ns pid
  ns=$(grep -oE 'elapsed_ns=[0-9]+' "$out.err" | tail -n1 | cut -d= -f2 || true)
  pid=$(grep -oE '(^| )pid=[0-9]+' "$out.err" | tail -n1 | cut -d= -f2 || true)
  if [[ -z $ns ]]; then
    fail[$k]="workload printed no elapsed_ns: $(first_line "$out.err")"
    echo "syscalls_overhead.sh: $k failed: ${fail[$k]}" >&2
    return 0
  fi
  samples[$k]+="$ns "
  local note=""
  if [[ $tracer == sctrace-* ]]; then
    if [[ $(tail -n1 "$out.jsonl" 2>/dev/null) != '{"summary":'* ]]; then
      fail[$k]="no {\"summary\": ...} last line in the -o file"
      return 0
    fi
    local total drop s
    total=$(summary_field "$out.jsonl" .summary.total_events)
    drop=$(summary_field "$out.jsonl" .summary.tool_stats.events_dropped)
    if [[ $wl == read ]]; then s=$(prog_calls "$out.jsonl" "$pid" read)
    else s=$(prog_calls "$out.jsonl" "$pid" openat close); fi
    captured[$k]+="$total "; dropped[$k]+="$drop "
    seen[$k]+="${s// /,};"
    note="  total_events=$total events_dropped=$drop pid $pid: $s"
  fi
  printf '  rep %d/%d  %-16s %-5s %10.1f ms%s\n' "$rep" "$reps" "${label[$tracer]}" "$wl" \
    "$(awk -v x="$ns" 'BEGIN {print x / 1e6}')" "$note" >&2
}

median() { tr ' ' '\n' | awk 'NF' | sort -g | awk '{a[NR] = $1} END {
  if (NR == 0) { print ""; exit }
  if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
maxof() { tr ' ' '\n' | awk 'NF' | sort -g | tail -n1; }
minof() { tr ' ' '\n' | awk 'NF' | sort -g | head -n1; }

load_start=$(cut -d' ' -f1-3 /proc/loadavg)
echo "syscalls overhead: read N=$n_read, open N=$n_open pairs, $reps reps" >&2
for (( rep = 1; rep <= reps; rep++ )); do
  n=${#rows[@]}
  for (( i = 0; i < n; i++ )); do
    r=${rows[$(( (i + rep - 1) % n ))]}
    k=${r/ /.}
    [[ -z ${fail[$k]:-} ]] || continue
    run_row "${r%% *}" "${r#* }" "$rep"
    sleep 1 # let the previous tracer's teardown settle
  done
done
[[ -n ${samples[baseline.read]} && -n ${samples[baseline.open]} ]] || {
  echo "syscalls_overhead.sh: the untraced workload failed: ${fail[baseline.read]:-}${fail[baseline.open]:-}" >&2; exit 1; }

# --- report -----------------------------------------------------------------
declare -A med added
for r in "${rows[@]}"; do
  k=${r/ /.}
  [[ -z ${fail[$k]:-} ]] || continue
  wl=${r#* }
  if [[ $wl == read ]]; then calls=$n_read; else calls=$(( 2 * n_open )); fi
  med[$k]=$(median <<<"${samples[$k]}")
  added[$k]=$(awk -v a="${med[$k]}" -v b="$(median <<<"${samples[baseline.$wl]}")" -v c="$calls" \
    'BEGIN {printf "%.1f", (a - b) / c}')
done
ratio() { # ratio A B: A / B, "-" when either is missing or B <= 0
  [[ -n ${1:-} && -n ${2:-} ]] || { echo "-"; return; }
  awk -v a="$1" -v b="$2" 'BEGIN { if (b <= 0) print "-"; else printf "%.3f", a / b }'
}
# seen_cell KEY N: the workload's own calls seen by sctrace, as NAME=count
# (N+extra), from the repetition that saw fewest; SHORT if under N.
seen_cell() {
  local k=$1 n=$2 worst="" worst_sum=-1 rep sum per_rep
  IFS=';' read -r -a per_rep <<<"${seen[$k]}"
  for rep in "${per_rep[@]}"; do
    [[ -n $rep ]] || continue
    sum=$(tr ',' '\n' <<<"$rep" | awk -F= '{s += $2} END {print s + 0}')
    if (( worst_sum < 0 || sum < worst_sum )); then worst=$rep; worst_sum=$sum; fi
  done
  [[ -n $worst ]] || { printf -- '-'; return; }
  tr ',' '\n' <<<"$worst" | awk -F= -v n="$n" '
    { d = $2 - n; printf "%s%s=%s(N%s%d)%s", (NR > 1 ? " " : ""), $1, $2, (d < 0 ? "" : "+"), d, ($2 ~ /^[0-9]+$/ && $2 < n ? " SHORT" : "") }'
}

report=$tmp/report.txt
{
  fmt='%-13s %-8s %8s %11s %14s %9s %9s %10s %8s  %s\n'
  # shellcheck disable=SC2059 # the format is one fixed string
  printf "$fmt" tracer workload calls 'elapsed ms' 'added ns/call' 'vs strace' 'vs perf' captured dropped 'workload calls seen'
  for r in "${rows[@]}"; do
    k=${r/ /.}; t=${r%% *}; wl=${r#* }
    if [[ $wl == read ]]; then calls=$n_read; n=$n_read; else calls=$(( 2 * n_open )); n=$n_open; fi
    if [[ -n ${fail[$k]:-} ]]; then
      printf '%-13s %-8s %8s  n/a (%s)\n' "${label[$t]}" "$wl" "$calls" "${fail[$k]}"
      continue
    fi
    ms=$(awk -v x="${med[$k]}" 'BEGIN {printf "%.1f", x / 1e6}')
    cap="-"; dr="-"; sn="-"
    if [[ $t == baseline ]]; then
      a="0.0"; vs="-"; vp="-"
    else
      a=${added[$k]}
      vs=$(ratio "$a" "${added[strace.$wl]:-}")
      vp=$(ratio "$a" "${added[perf.$wl]:-}")
      case $t in
        strace) dr=0 ;;
        opensnoop) dr=$(maxof <<<"${dropped[$k]}") ;;
        sctrace-*) cap=$(minof <<<"${captured[$k]}"); dr=$(maxof <<<"${dropped[$k]}"); sn=$(seen_cell "$k" "$n") ;;
      esac
    fi
    # shellcheck disable=SC2059
    printf "$fmt" "${label[$t]}" "$wl" "$calls" "$ms" "$a" "$vs" "$vp" "$cap" "$dr" "$sn"
  done
  echo
  echo "calls: syscalls in the timed loop (read: N_READ reads; open: N_OPEN openat + N_OPEN close)."
  echo "elapsed ms: the loop alone (CLOCK_MONOTONIC in the workload), median of $reps reps."
  echo "added ns/call = (elapsed - baseline elapsed) / calls; vs strace / vs perf: added cost"
  echo "over strace -f's / perf trace's added cost on the same workload (1 = as costly)."
  echo "strace, perf trace and sctrace all trace every syscall of the workload (sctrace -e: only"
  echo "read, or openat and close); opensnoop traces only openat, i.e. half the open loop's calls."
  echo "captured / dropped (sctrace): summary.total_events (min over reps) and"
  echo "summary.tool_stats.events_dropped (max over reps); opensnoop: its 'lost N events'"
  echo "messages; strace is synchronous (never drops); '-': not counted (output to /dev/null)."
  echo "workload calls seen (sctrace): events of the workload's pid by syscall, vs N; the"
  echo "extra ones are start-up (ld.so opens, reads and closes ld.so.cache and libc; the read"
  echo "loop opens /dev/zero). SHORT: fewer than N, i.e. the trace missed loop calls."
} >"$report"

results=$here/results
mkdir -p "$results"
{
  echo "# Added cost per traced syscall (tests/bench/syscalls_overhead.sh)"
  echo "# date:      $(date -u '+%Y-%m-%dT%H:%M:%SZ')"
  echo "# machine:   $(uname -n), kernel $(uname -r), $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
  echo "# bpftrace:  $(bpftrace --version 2>&1 | head -n1)"
  echo "# strace:    $(strace -V 2>&1 | head -n1)"
  echo "# perf:      $(perf --version 2>&1 | head -n1)"
  echo "# opensnoop: ${opensnoop:-none} (libbpf-tools $(dpkg-query -W -f '${Version}' libbpf-tools 2>/dev/null || echo '?'))"
  echo "# sctrace:   $sctrace"
  echo "# load:      loadavg at start $load_start, at end $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine inflates the spread)"
  echo "# run:       N_READ=$n_read N_OPEN=$n_open REPEATS=$reps ATTACH_WAIT=$attach_wait"
  echo
  cat "$report"
} >"$results/syscalls-overhead-latest.txt"

echo >&2
cat "$results/syscalls-overhead-latest.txt"
