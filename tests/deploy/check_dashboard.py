#!/usr/bin/python3
"""Every PromQL expression in a Grafana dashboard (each panel target's
`expr` and each query variable's label_values() selector) parses: they are
written, with Grafana's variables replaced, as recording rules to a
temporary file that `promtool check rules` must accept. Also checks what an
import needs: schemaVersion 36-39, a prometheus `datasource` variable that
every panel and target uses (no data source uid baked in), unique panel ids
and refIds, and no variable that the dashboard does not define.

  check_dashboard.py DASHBOARD.json           check (exit 0 or 1)
  check_dashboard.py --list DASHBOARD.json    print the substituted
                                              expressions, one JSON per line

promtool is $PROMTOOL, else promtool on PATH (tests/deploy/with_promtool.sh
sets PROMTOOL and decides when a missing promtool fails or skips)."""
import json
import os
import re
import subprocess
import sys
import tempfile

# Grafana's built-in interval variables, as a 15s-scrape server sees them.
BUILTINS = {"__rate_interval": "1m", "__interval": "15s", "__range": "1h",
            "__interval_ms": "15000", "__range_s": "3600",
            "__range_ms": "3600000"}
# $var, ${var}, ${var:format}, [[var]] (Grafana's variable syntaxes).
VAR = re.compile(r"\$\{(\w+)(?::\w+)?\}|\$(\w+)|\[\[(\w+)\]\]")
LABEL_VALUES = re.compile(r"^\s*label_values\((.*),\s*\w+\s*\)\s*$")


def panels_of(dashboard):
    """Panels, with those inside collapsed rows."""
    for p in dashboard.get("panels", []):
        yield p
        yield from p.get("panels", [])


def variable_values(dashboard, errors):
    """What each dashboard variable stands for in an expression: a custom
    variable its current value, any other (job, instance, syscall, all
    used with =~) the regex `.*`."""
    values = dict(BUILTINS)
    for v in dashboard.get("templating", {}).get("list", []):
        if v.get("type") == "custom":
            values[v["name"]] = str(v.get("current", {}).get("value", ""))
        else:
            values[v["name"]] = ".*"
    return values


def substitute(expr, values, where, errors):
    def one(m):
        name = m.group(1) or m.group(2) or m.group(3)
        if name not in values:
            errors.append(f"{where}: ${name} is not a dashboard variable")
            return m.group(0)
        return values[name]
    return VAR.sub(one, expr)


def expressions(dashboard, errors):
    """(where, expr) for each PromQL expression, variables replaced."""
    values = variable_values(dashboard, errors)
    out = []
    for v in dashboard.get("templating", {}).get("list", []):
        if v.get("type") != "query":
            continue
        q = v.get("query")
        q = q.get("query", "") if isinstance(q, dict) else (q or "")
        m = LABEL_VALUES.match(q)
        if not m:
            errors.append(f"variable {v['name']}: not label_values(...): {q!r}")
            continue
        where = f"variable {v['name']}"
        out.append((where, substitute(m.group(1), values, where, errors)))
    for p in panels_of(dashboard):
        for t in p.get("targets", []):
            if "expr" in t:
                where = f"panel {p.get('id')} {p.get('title')!r} {t.get('refId')}"
                out.append((where, substitute(t["expr"], values, where, errors)))
    return out


def check_structure(d, errors):
    if not 36 <= d.get("schemaVersion", 0) <= 39:
        errors.append(f"schemaVersion {d.get('schemaVersion')} is not 36-39")
    variables = {v["name"]: v for v in d.get("templating", {}).get("list", [])}
    ds = variables.get("datasource", {})
    if ds.get("type") != "datasource" or ds.get("query") != "prometheus":
        errors.append("no `datasource` variable of type datasource/prometheus")
    for name in ("job", "instance", "syscall"):
        if variables.get(name, {}).get("type") != "query":
            errors.append(f"no query variable `{name}`")
    wanted = {"type": "prometheus", "uid": "${datasource}"}
    ids = set()
    for p in panels_of(d):
        where = f"panel {p.get('id')} {p.get('title')!r}"
        if p.get("id") in ids:
            errors.append(f"{where}: duplicate panel id")
        ids.add(p.get("id"))
        if p.get("type") == "row":
            continue
        if p.get("datasource") != wanted:
            errors.append(f"{where}: datasource is not {wanted}")
        targets = p.get("targets", [])
        if not targets:
            errors.append(f"{where}: no targets")
        refs = [t.get("refId") for t in targets]
        if len(set(refs)) != len(refs):
            errors.append(f"{where}: duplicate refIds {refs}")
        for t in targets:
            if t.get("datasource") != wanted:
                errors.append(f"{where} {t.get('refId')}: datasource is not {wanted}")
            if not t.get("expr", "").strip():
                errors.append(f"{where} {t.get('refId')}: no expr")
            if p.get("type") == "heatmap" and t.get("format") != "heatmap":
                errors.append(f"{where}: a heatmap target needs format heatmap")


def promtool_check(exprs):
    """`promtool check rules` on the expressions as recording rules; rule
    i is named after expression i so an error points back to its panel."""
    rules = [{"record": f"dashboard:expr_{i}", "expr": e}
             for i, (_, e) in enumerate(exprs)]
    # JSON is YAML, so no YAML library is needed.
    doc = json.dumps({"groups": [{"name": "dashboard", "rules": rules}]},
                     indent=2)
    with tempfile.NamedTemporaryFile("w", suffix=".rules.yml") as f:
        f.write(doc)
        f.flush()
        r = subprocess.run([os.environ.get("PROMTOOL", "promtool"), "check",
                            "rules", f.name], capture_output=True, text=True)
    if r.returncode != 0:
        print(r.stdout + r.stderr, end="")
        for i, (where, e) in enumerate(exprs):
            if f"\"dashboard:expr_{i}\"" in r.stdout + r.stderr:
                print(f"dashboard:expr_{i} is {where}: {e}")
    return r.returncode == 0


def main():
    args = sys.argv[1:]
    listing = args[:1] == ["--list"]
    if listing:
        args = args[1:]
    if len(args) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    with open(args[0]) as f:
        dashboard = json.load(f)
    errors = []
    exprs = expressions(dashboard, errors)
    if listing:
        for where, e in exprs:
            print(json.dumps({"where": where, "expr": e}))
        return 1 if errors else 0
    check_structure(dashboard, errors)
    for e in errors:
        print("FAIL:", e)
    ok = promtool_check(exprs) and not errors
    print(f"{'ok' if ok else 'FAIL'}: {len(exprs)} expressions in {args[0]}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
