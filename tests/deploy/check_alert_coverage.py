#!/usr/bin/python3
"""Every alert in RULES.yml has `for:`, a severity label, a summary and a
description, and RULES.test.yml tests it both firing (a non-empty
exp_alerts) and quiet (`exp_alerts: []`), so a new alert cannot arrive
untested. `promtool test rules` itself only runs the cases it is given.

  check_alert_coverage.py RULES.yml RULES.test.yml

Reads both files line by line (stdlib only; the layout is the one of
deploy/prometheus/, one key per line)."""
import re
import sys


def alerts(rules_text):
    """{alert name: its block of lines}."""
    blocks, name = {}, None
    for line in rules_text.splitlines():
        m = re.match(r"\s*- (alert|record|name): *(\S+)", line)
        if m:
            name = m.group(2) if m.group(1) == "alert" else None
            if name:
                blocks[name] = []
        elif name:
            blocks[name].append(line)
    return blocks


def cases(test_text):
    """{alert name: {"firing", "quiet"}} as the tests exercise them."""
    seen, name = {}, None
    for line in test_text.splitlines():
        m = re.match(r"\s*alertname: *(\S+)", line)
        if m:
            name = m.group(1)
        m = re.match(r"\s*exp_alerts: *(\S*)", line)
        if m and name:
            kind = "quiet" if m.group(1) == "[]" else "firing"
            seen.setdefault(name, set()).add(kind)
            name = None
    return seen


def main():
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    rules = alerts(open(sys.argv[1]).read())
    tested = cases(open(sys.argv[2]).read())
    errors = []
    for name, block in rules.items():
        text = "\n".join(block)
        for key in ("for", "severity", "summary", "description"):
            if not re.search(rf"^\s*{key}:", text, re.M):
                errors.append(f"{name}: no {key}:")
        for kind in ("firing", "quiet"):
            if kind not in tested.get(name, set()):
                errors.append(f"{name}: no {kind} case in {sys.argv[2]}")
    for name in sorted(set(tested) - set(rules)):
        errors.append(f"{sys.argv[2]} tests {name}, which is not an alert")
    for e in errors:
        print("FAIL:", e)
    print(f"{'FAIL' if errors or not rules else 'ok'}: {len(rules)} alerts")
    return 1 if errors or not rules else 0


if __name__ == "__main__":
    sys.exit(main())
