#!/usr/bin/env bash
# `promtool check metrics` on the exporter's text for a rich synthetic
# snapshot (sample_metrics.cpp): it must exit 0 and print nothing (no lint
# problem either). Usage: check_promtool.sh SAMPLE_METRICS_BINARY.
# Without promtool (Debian's prometheus package) it skips (77), but fails
# when SCTRACE_LIVE_REQUIRED=1 or CI is set: there a skip would hide that
# the check never ran. SCTRACE_PROMTOOL overrides /usr/bin/promtool.
set -uo pipefail

sample="$1"
promtool="${SCTRACE_PROMTOOL:-/usr/bin/promtool}"

if [[ ! -x "$promtool" ]]; then
  ci="${CI:-}"
  if [[ "${SCTRACE_LIVE_REQUIRED:-}" == 1 || ( -n "$ci" && "$ci" != 0 && "$ci" != false ) ]]; then
    echo "FAIL: $promtool is missing (apt-get install prometheus); SCTRACE_LIVE_REQUIRED=1 or CI is set: failing, not skipping"
    exit 1
  fi
  echo "SKIP: $promtool is missing (apt-get install prometheus)"
  exit 77
fi

text="$("$sample")" || { echo "FAIL: $sample failed"; exit 1; }
if ! grep -q '^syscall_duration_seconds_bucket{le="+Inf",syscall="read"}' <<<"$text"; then
  echo "FAIL: the sample has no histogram; got:"
  echo "$text" | head -20
  exit 1
fi
problems="$(printf '%s\n' "$text" | "$promtool" check metrics 2>&1)"
rc=$?
if [[ $rc -ne 0 || -n "$problems" ]]; then
  echo "FAIL: promtool check metrics (exit $rc):"
  echo "$problems"
  exit 1
fi
echo "OK: promtool check metrics is clean on $(wc -l <<<"$text") lines"
