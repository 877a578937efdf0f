#!/usr/bin/env bash
# Runs CMD ARGS... from the repository root with PROMTOOL set to promtool's
# path; a CMD of `promtool` is promtool itself. For the deploy/ checks in
# tests/CMakeLists.txt.
#   with_promtool.sh promtool check rules deploy/prometheus/sctrace-alerts.yml
#   with_promtool.sh /usr/bin/python3 tests/deploy/check_dashboard.py FILE
# SCTRACE_PROMTOOL overrides the path (default: promtool on PATH, which
# Debian's prometheus package installs; scripts/setup installs it).
# Without promtool: exit 1 as root or under CI (CI=true), where
# scripts/setup has run and a missing promtool is a broken setup, not a
# reason to pass; otherwise exit 77, which CTest counts as skipped.
set -uo pipefail

root="$(cd "$(dirname "$0")/../.." && pwd)"
promtool="${SCTRACE_PROMTOOL:-$(command -v promtool || true)}"

if [ -z "$promtool" ] || [ ! -x "$promtool" ]; then
  msg="promtool not found${SCTRACE_PROMTOOL:+ at $SCTRACE_PROMTOOL} (apt-get install prometheus, or scripts/setup)"
  ci="${CI:-}"
  if [ "$(id -u)" -eq 0 ] || { [ -n "$ci" ] && [ "$ci" != 0 ] && [ "$ci" != false ]; }; then
    echo "FAIL: $msg" >&2
    exit 1
  fi
  echo "SKIP: $msg"
  exit 77
fi

export PROMTOOL="$promtool"
cd "$root" || exit 1
if [ "${1:-}" = promtool ]; then
  shift
  exec "$promtool" "$@"
fi
exec "$@"
