#!/usr/bin/env bash
# Checks specs/syscall_{trace,event,summary}.schema.json and
# specs/trace_syscalls.input.schema.json
# with tests/live/validate_syscalls.py against the examples in
# tests/data/syscalls/:
#   good*.json, good*.jsonl, input_good*.json   must be accepted;
#   bad*.json, bad*.jsonl, input_bad*.json      must be rejected with exactly
#     one error, which contains the text expected below (so a bad file fails
#     for the rule it is about, not for a typo).
# Exit 0 when all pass, 1 otherwise, 77 (skip) when the Python lacks
# jsonschema. (specs/syscall_stats.schema.json: check_stats_schemas.sh.)
# SCTRACE_SCHEMA_PYTHON overrides the Python (default
# /usr/bin/python3, where Debian's python3-jsonschema lives).
set -uo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
data="$root/tests/data/syscalls"
validate="$root/tests/live/validate_syscalls.py"
py="${SCTRACE_SCHEMA_PYTHON:-/usr/bin/python3}"

if ! "$py" -c 'import jsonschema' 2>/dev/null; then
  echo "SKIP: $py cannot import jsonschema (apt-get install python3-jsonschema)"
  exit 77
fi

declare -A expect=(
  [bad_missing_timestamp.json]="\$.events[0]: 'timestamp' is a required property"
  [bad_timestamp_pattern.json]="\$.events[0].timestamp: '2024-03-15T10:30:45.123456Z' does not match"
  [bad_timestamp_not_date_time.json]="is not a 'date-time'"
  [bad_error_without_name.json]="\$.events[1].error: 'name' is a required property"
  [bad_error_nonnegative_return.json]="\$.events[1].return_value: 0 is greater than or equal to the maximum of 0"
  [bad_error_extra_key.json]="('code' was unexpected)"
  [bad_error_message_form.json]="\$.events[1].error.message: 'No such file or directory' does not match"
  [bad_unknown_event_key.json]="\$.events[0]: Additional properties are not allowed ('cpu' was unexpected)"
  [bad_unknown_document_key.json]="\$: Additional properties are not allowed ('version' was unexpected)"
  [bad_unfinished_value.json]="\$.events[3].unfinished: 'interrupted' is not one of"
  [bad_error_rate.json]="\$.summary.error_rate: 1.5 is greater than the maximum of 1"
  [bad_extraction_errors_empty.json]="\$.events[1].args.extraction_errors: [] "
  [bad_extraction_errors_name.json]="'filename_failed' does not match"
  [bad_sockaddr_port.json]="uservaddr.port: 70000 is greater than the maximum of 65535"
  [bad_arg_float.json]="\$.events[0].args.mode: 0.5 is not of type"
  [bad_syscall_name.json]="\$.events[0].syscall: 'OpenAt' does not match"
  [bad_missing_events_dropped.json]="\$.summary.tool_stats: 'events_dropped' is a required property"
  [bad_per_syscall_negative.json]="\$.summary.per_syscall[0].errors: -1 is less than the minimum of 0"
  [bad_exit_without_core_dumped.jsonl]="line 2: \$: {'timestamp'"
  [bad_event_line.jsonl]="line 2: \$.pid: -1 is less than the minimum of 0"
  [bad_fd_path_number.jsonl]="line 3: \$.fd_path: 4 is not of type 'string'"
  [bad_no_summary_line.jsonl]="line 4: \$: the last line is not"
  [input_bad_two_targets.json]="\$.target: {'pid': 1234, 'comm': 'nginx'} is valid under each of"
  [input_bad_no_target.json]="\$: 'target' is a required property"
  [input_bad_comm_too_long.json]="\$.target.comm: 'a-very-long-name' is too long"
  [input_bad_duration.json]="\$.duration: 301 is greater than the maximum of 300"
  [input_bad_format.json]="\$.format: 'xml' is not one of"
  [input_bad_selector.json]="\$.syscalls[0]: '%files' does not match"
  [input_bad_all_false.json]="\$.target.all: True was expected"
  [input_bad_success_and_failed.json]="should not be valid under"
  [input_bad_unknown_key.json]="('verbose' was unexpected)"
  [input_bad_string_size.json]="\$.string_size: 4 is less than the minimum of 8"
  [input_bad_pids_repeated.json]="\$.target.pids: [5, 6, 5] has non-unique elements"
)

mode_of() {
  case "$1" in
    input_*) echo input ;;
    *.jsonl) echo jsonl ;;
    *) echo json ;;
  esac
}


source "$here/examples.sh"
shopt -s nullglob
goods=("$data"/good*.json "$data"/good*.jsonl "$data"/input_good*.json)
bads=("$data"/bad*.json "$data"/bad*.jsonl "$data"/input_bad*.json)
[ ${#goods[@]} -ge 3 ] || fail "too few good examples in $data"
[ ${#bads[@]} -ge 8 ] || fail "too few bad examples in $data"

for path in "${goods[@]}"; do
  check_good "$path" "$(basename "$path")"
done
for path in "${bads[@]}"; do
  check_bad "$path" "$(basename "$path")"
done

# The validator's own usage errors.
check_usage_errors "$data/good_document.json"

finish
