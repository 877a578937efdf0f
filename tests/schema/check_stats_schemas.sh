#!/usr/bin/env bash
# Checks specs/syscall_stats.schema.json (the json and jsonl output of
# `sctrace count` and `sctrace latency`) with tests/live/validate_stats.py
# against the examples in tests/data/stats/:
#   good/*.json, good/*.jsonl  real sctrace output: must be accepted;
#   bad/*.json, bad/*.jsonl    a good file with one thing broken
#     (tests/data/stats/record/make_bad.py): must be rejected with exactly
#     one error, which contains the text expected below (so a bad file
#     fails for the rule it is about, not for a typo).
# Exit 0 when all pass, 1 otherwise, 77 (skip) when the Python lacks
# jsonschema. SCTRACE_SCHEMA_PYTHON overrides the Python (default
# /usr/bin/python3, where Debian's python3-jsonschema lives).
set -uo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
data="$root/tests/data/stats"
validate="$root/tests/live/validate_stats.py"
py="${SCTRACE_SCHEMA_PYTHON:-/usr/bin/python3}"

if ! "$py" -c 'import jsonschema' 2>/dev/null; then
  echo "SKIP: $py cannot import jsonschema (apt-get install python3-jsonschema)"
  exit 77
fi

declare -A expect=(
  [count_type_misspelled.json]="\$.type: 'syscall_counts' is not one of"
  [count_total_missing.json]="\$: 'total' is a required property"
  [count_negative_count.json]="\$.total.syscalls[0].count: -1 is less than the minimum of 0"
  [count_nr_not_integer.json]="\$.total.syscalls[0].nr: 0.5 is not of type 'integer'"
  [count_syscall_name_uppercase.json]="\$.total.syscalls[0].syscall: 'OpenAt' does not match"
  [count_syscall_name_plus.json]="\$.total.syscalls[0].syscall: 'syscall_+2' does not match"
  [count_timestamp_microseconds.json]="\$.total.start: '2026-11-22T10:00:00.123456Z' does not match"
  [count_timestamp_impossible_date.json]="\$.total.end: '2026-02-30T10:00:00.123456789Z' is not a 'date-time'"
  [count_row_with_latency_field.json]="\$.total.syscalls[0]: Additional properties are not allowed ('total_ns' was unexpected)"
  [count_report_without_processes.json]="\$.total: 'processes' is a required property"
  [count_total_with_interval_number.json]="\$.total.interval: 1 is not of type 'null'"
  [count_missing_map_full.json]="\$.summary.tool_stats: 'map_full' is a required property"
  [count_summary_intervals_mismatch.json]="\$.summary.intervals: 2, but there are 0 intervals"
  [count_map_keys_zero.json]="\$.summary.tool_stats.map_keys: 0 is less than the minimum of 1"
  [count_process_pid_zero.json]="\$.total.processes[0].pid: 0 is less than the minimum of 1"
  [count_process_comm_too_long.json]="\$.total.processes[0].comm: 'xxxxxxxxxxxxxxxx' is too long"
  [count_process_started_not_a_time.json]="\$.total.processes[0].started: 'yesterday' is not valid under any of the given schemas"
  [count_process_without_started.json]="\$.total.processes[0]: 'started' is a required property"
  [count_truncated.json]="not JSON: "
  [count_not_utf8.json]="not UTF-8: "
  [latency_row_without_histogram.json]="\$.total.syscalls[0]: 'histogram' is a required property"
  [latency_report_with_processes.json]="\$.total: Additional properties are not allowed ('processes' was unexpected)"
  [latency_report_without_total_ns.json]="\$.total: 'total_ns' is a required property"
  [latency_bucket_extra_key.json]="\$.total.syscalls[0].histogram[0]: Additional properties are not allowed ('le' was unexpected)"
  [latency_bucket_high_string.json]="\$.total.syscalls[0].histogram[0].high_ns: '1us' is not of type"
  [latency_p99_negative.json]="\$.total.syscalls[0].p99_ns: -1 is less than the minimum of 0"
  [count_interval_zero.jsonl]="line 1: \$.report.interval: 0 is less than the minimum of 1"
  [count_interval_skipped.jsonl]="line 2: \$.report: interval 3, expected 2"
  [count_total_line_with_number.jsonl]="line 4: \$.report.interval: 4 is not of type 'null'"
  [count_no_summary.jsonl]="line 4: the last line is not the summary"
  [count_total_before_interval.jsonl]="line 4: interval line after the total line"
  [count_two_totals.jsonl]="line 5: total line after the total line"
  [count_summary_line_other_tool.jsonl]="line 5: tool syscall_latency, but line 1 says syscall_count"
  [count_line_unknown_type.jsonl]="line 1: \$.type: 'snapshot' is not one of"
  [count_line_extra_key.jsonl]="line 1: \$: Additional properties are not allowed ('seq' was unexpected)"
  [latency_interval_with_processes.jsonl]="line 1: \$.report: Additional properties are not allowed ('processes' was unexpected)"
)

mode_of() {
  case "$1" in
    *.jsonl) echo jsonl ;;
    *) echo json ;;
  esac
}

source "$here/examples.sh"
shopt -s nullglob
goods=("$data"/good/*.json "$data"/good/*.jsonl)
bads=("$data"/bad/*.json "$data"/bad/*.jsonl)
[ ${#goods[@]} -ge 4 ] || fail "too few good examples in $data/good"
[ ${#bads[@]} -ge ${#expect[@]} ] ||
  fail "${#bads[@]} bad examples in $data/bad, ${#expect[@]} expected"

for path in "${goods[@]}"; do
  check_good "$path" "good/$(basename "$path")"
done
for path in "${bads[@]}"; do
  check_bad "$path" "bad/$(basename "$path")"
done

# Several files at once: one bad file makes the run fail and is named.
out="$("$py" "$validate" json "${goods[0]}" "$data/bad/count_negative_count.json" 2>&1)"
[ $? -eq 1 ] && grep -qF "count_negative_count.json: " <<<"$out" ||
  fail "a good and a bad file together: not exit 1 naming the bad one"
# The validator's own usage errors.
check_usage_errors "${goods[0]}"

finish
