#!/bin/bash
# `sctrace syscalls --input FILE|-` in --dry-run makes the same program as
# the options the JSON stands for (modes/syscalls/input_json.h), and its
# refusals exit 2 naming the problem: --input with an option it replaces
# or a command, malformed JSON (line and column), a schema violation, a
# missing file. The program names sctrace's own pid, which differs between
# the two runs: 'pid != N' and 'pid == N' are masked before comparing
# (only there: a bare N could be a syscall number that equals the pid).
#
# Usage: syscalls_input.sh SCTRACE_BINARY
set -u
bin=${1:?usage: syscalls_input.sh SCTRACE_BINARY}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
status=0
fail() {
  echo "FAIL: $*" >&2
  status=1
}

# The program, sctrace's own pid (which it excludes, and uses to find
# the CPU's getcpu) replaced by SELF.
program() {
  "$bin" syscalls --dry-run "$@" >"$dir/program" 2>"$dir/err" 0<&0 &
  local self=$! rc
  wait "$self"
  rc=$?
  sed -E "s/pid (==|!=) $self\b/pid \1 SELF/g" "$dir/program"
  return "$rc"
}

# same NAME JSON OPTION...: --input FILE, --input - and the options agree.
same() {
  local name=$1 json=$2
  shift 2
  printf '%s\n' "$json" >"$dir/$name.json"
  local want got piped
  want=$(program "$@") || fail "$name: options exit $?: $(cat "$dir/err")"
  got=$(program --input "$dir/$name.json") ||
    fail "$name: --input exit $?: $(cat "$dir/err")"
  piped=$(program --input - <"$dir/$name.json") ||
    fail "$name: --input - exit $?: $(cat "$dir/err")"
  [ -n "$want" ] || fail "$name: empty program"
  [ "$want" == "$got" ] || fail "$name: --input FILE differs:
$(diff <(echo "$want") <(echo "$got") | head -20)"
  [ "$want" == "$piped" ] || fail "$name: --input - differs"
}

same pid '{"target": {"pid": 1}, "syscalls": ["openat", "%network"],
  "duration": 5, "only_failed": true, "min_duration_us": 250,
  "string_size": 32, "format": "csv"}' \
  -p 1 -e trace=openat,%network -d 5 -Z --min-duration 250us -s 32 \
  --format csv
same pids '{"target": {"pids": [1, '$$']}, "syscalls": ["read", "write"]}' \
  -p 1,$$ -e trace=read,write -d 30 --format json
same comm '{"target": {"comm": "nginx"}, "syscalls": ["!close", "!%memory"],
  "only_success": true}' --comm nginx -e 'trace=!close,%memory' -z -d 30 \
  --format json
same all_defaults '{"target": {"all": true}}' -a -e trace=openat -d 30 \
  --format json
same command '{"target": {"command": ["/bin/true", "a b"]}}' \
  -e trace=openat -d 30 --format json -- /bin/true "a b"

# refused NAME WANT ARGS...: exit 2 and WANT in stderr.
refused() {
  local name=$1 want=$2
  shift 2
  local err rc
  err=$("$bin" syscalls --dry-run "$@" 2>&1 >/dev/null)
  rc=$?
  [ "$rc" -eq 2 ] || fail "$name: exit $rc, want 2: $err"
  case "$err" in
  *"$want"*) ;;
  *) fail "$name: stderr lacks '$want': $err" ;;
  esac
}

good="$dir/pid.json"
refused with_pid "--input and -p both given" --input "$good" -p 1
refused with_comm "--input and --comm both given" --input "$good" --comm x
refused with_e "set 'syscalls' in the JSON" --input "$good" -e trace=read
refused with_z "--input and -z both given" --input "$good" -z
refused with_format "--input and --format both given" --input "$good" \
  --format text
refused with_command "--input and a command after -- both given" \
  --input "$good" -- /bin/true
printf '{\n  "target": {"pid": 1},\n  oops\n}\n' >"$dir/broken.json"
: >"$dir/empty.json"
refused malformed "$dir/broken.json:3:3: malformed JSON" --input "$dir/broken.json"
refused malformed_empty "$dir/empty.json:1:1: malformed JSON" --input "$dir/empty.json"
echo '{"target": {"pid": 1}, "duration": 301}' >"$dir/range.json"
refused range "key 'duration' must be between 1 and 300 seconds, not 301" \
  --input "$dir/range.json"
echo '{"target": {"comm": "a-very-long-name"}}' >"$dir/comm.json"
refused comm "key 'target.comm' must be 1 to 15 bytes" --input "$dir/comm.json"
refused missing "cannot open --input file '$dir/none.json'" \
  --input "$dir/none.json"
refused directory "--input '$dir' is a directory" --input "$dir"
echo '{"target": {"all": true}, "syscalls": ["opnat"]}' >"$dir/name.json"
refused unknown_syscall "unknown syscall 'opnat'" --input "$dir/name.json"

# -v, -o and --dry-run still apply with --input.
out=$("$bin" syscalls --input "$good" --dry-run -o "$dir/out" 2>&1)
[ $? -eq 0 ] || fail "--input with -o --dry-run: $out"

[ "$status" -eq 0 ] && echo "ok: --input matches the options; refusals exit 2"
exit "$status"
