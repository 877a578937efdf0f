# Shared by check_*_schemas.sh (sourced, not run): runs a validator over
# good and bad examples. The caller sets py (the Python), validate (the
# validator script) and mode_of (a function: file name -> validator mode),
# and fills expect[NAME] with the error each bad example must get.
#   check_good PATH LABEL   the validator must accept PATH
#   check_bad PATH LABEL    it must reject PATH with exactly one error that
#                           contains ${expect[NAME]} (so a bad file fails
#                           for the rule it is about, not for a typo)
#   finish                  prints the tally; exit 0, or 1 on any failure

failures=0 checked=0
fail() {
  echo "FAIL: $*"
  failures=$((failures + 1))
}

check_good() {
  local path="$1" label="$2" out rc
  checked=$((checked + 1))
  out="$("$py" "$validate" "$(mode_of "$(basename "$path")")" "$path" 2>&1)"
  rc=$?
  if [ $rc -ne 0 ]; then
    fail "$label was rejected (exit $rc):"
    sed 's/^/  /' <<<"$out"
  else
    echo "ok: $label accepted"
  fi
}

check_bad() {
  local path="$1" label="$2" name want out rc errors
  name="$(basename "$path")"
  checked=$((checked + 1))
  want="${expect[$name]:-}"
  if [ -z "$want" ]; then
    fail "$label has no expected error in $(basename "$0")"
    return
  fi
  out="$("$py" "$validate" "$(mode_of "$name")" "$path" 2>&1)"
  rc=$?
  errors="$(grep -c '^invalid: ' <<<"$out")"
  if [ $rc -eq 0 ]; then
    fail "$label was accepted"
  elif [ $rc -ne 1 ]; then
    fail "$label: validator exit $rc, not 1:"
    sed 's/^/  /' <<<"$out"
  elif [ "$errors" -ne 1 ]; then
    fail "$label: $errors errors, expected exactly one:"
    sed 's/^/  /' <<<"$out"
  elif ! grep -qF -- "$want" <<<"$out"; then
    fail "$label was rejected for another reason; expected \"$want\", got:"
    sed 's/^/  /' <<<"$out"
  else
    echo "ok: $label rejected: ${out#invalid: }"
  fi
}

# The validator's own usage errors; $1 is a good example.
check_usage_errors() {
  "$py" "$validate" >/dev/null 2>&1
  [ $? -eq 2 ] || fail "no arguments: exit is not 2"
  "$py" "$validate" yaml "$1" >/dev/null 2>&1
  [ $? -eq 2 ] || fail "unknown mode: exit is not 2"
  "$py" "$validate" json "$(dirname "$1")/does-not-exist.json" >/dev/null 2>&1
  [ $? -eq 2 ] || fail "missing file: exit is not 2"
}

finish() {
  if [ $failures -ne 0 ]; then
    echo "$failures of $checked checks failed"
    exit 1
  fi
  echo "all $checked examples behaved as expected"
}
