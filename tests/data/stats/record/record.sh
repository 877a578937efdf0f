#!/bin/sh
# Re-records tests/data/stats/*.ndjson (raw bpftrace -f json output) and
# tests/data/stats/good/* (sctrace's own json/jsonl output), as root:
#   tests/data/stats/record/record.sh BUILD_DIR
# Raw recordings trace workload.py by pid with the program that
# `sctrace ... --dry-run` generates, for bpftrace 0.17 (bpftrace on PATH)
# and 0.23 (the Debian 13 chroot wrapper below, which sees the chroot's
# /tmp). See ../README.md for what each file shows.
set -eu
here="$(cd "$(dirname "$0")" && pwd)"
data="$(dirname "$here")"
sctrace="$(cd "$1" && pwd)/src/cli/sctrace"
bt23=/var/cache/sctrace/bpftrace-trixie
chroot_tmp=/var/cache/sctrace/trixie/tmp
# q " \ newline 0xff , e-acute: every byte a key or a JSON string escapes.
hostile=71225c0aff2cc3a9

record() { # NAME VERSION COMM_HEX SCTRACE-ARGS...
  name="$1" version="$2" comm="$3"
  shift 3
  /usr/bin/python3 "$here/workload.py" 6 "$comm" &
  pid=$!
  sleep 0.5
  if [ "$version" = 17 ]; then
    "$sctrace" "$@" -p "$pid" --dry-run >"/tmp/$name.bt"
    timeout --preserve-status -s INT 3 bpftrace -f json "/tmp/$name.bt" \
      >"$data/$name.ndjson"
  else
    "$sctrace" "$@" -p "$pid" --dry-run --bpftrace "$bt23" \
      >"$chroot_tmp/$name.bt"
    timeout --preserve-status -s INT 3 "$bt23" -f json "/tmp/$name.bt" \
      >"$data/$name.ndjson"
  fi
  wait "$pid"
}

default=$(printf 'a,1,"b' | od -An -tx1 | tr -d ' \n')
record count_0.17 17 "$default" count -i 1
record count_0.23 23 "$default" count -i 1
record count_per_process_0.17 17 "$default" count -P -i 1
record count_per_process_0.23 23 "$default" count -P -i 1
record count_hostile_comm_0.17 17 "$hostile" count -P
record count_hostile_comm_0.23 23 "$hostile" count -P
record latency_0.17 17 "$default" latency -i 1
record latency_0.23 23 "$default" latency -i 1

# sctrace's own output, for the schema check (tests/schema/).
good="$data/good"
"$sctrace" count --format json -o "$good/count_ls.json" -- ls / >/dev/null
"$sctrace" count -P --format jsonl -i 0.5 \
  -o "$good/count_per_process_intervals.jsonl" -- sh -c 'sleep 1'
"$sctrace" count -P --format jsonl -i 0.5 --bpftrace "$bt23" \
  -o "$good/count_per_process_intervals_0.23.jsonl" -- sh -c 'sleep 1'
"$sctrace" count -P -T 3 --format json \
  -o "$good/count_per_process_hostile_comm.json" \
  -- /usr/bin/python3 "$here/workload.py" 0.3 "$hostile"
"$sctrace" count --sort name --format json \
  -o "$good/count_unknown_syscalls.json" \
  -- /usr/bin/python3 "$here/unknown_syscalls.py"
"$sctrace" latency --format json -o "$good/latency_sleep.json" -- sleep 0.1
"$sctrace" latency --format json --bpftrace "$bt23" \
  -o "$good/latency_sleep_0.23.json" -- sleep 0.1
"$sctrace" latency -T 4 --format jsonl -i 0.2 \
  -o "$good/latency_intervals.jsonl" -- sh -c 'sleep 0.5; ls / >/dev/null'
