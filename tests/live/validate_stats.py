#!/usr/bin/python3
"""Validates `sctrace count` and `sctrace latency` output against
specs/syscall_stats.schema.json with an independent validator (Debian's
python3-jsonschema, draft 2020-12, format checking on), plus what a schema
cannot say about a stream: jsonl lines come as intervals, then the total,
then the summary; intervals are numbered 1, 2, ...; one tool throughout;
the summary counts the intervals written.

usage: validate_stats.py json|jsonl FILE...
  json    the --format json document
  jsonl   --format jsonl, one object per line
Exit 0 when every file is valid; 1 when one is not, with each error on
stderr as "invalid: FILE: [line N: ]PATH: message"; 2 on usage errors."""
import json
import os
import sys

from schema_support import definition, make_validators

SCHEMA = os.path.normpath(
    os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                 "specs", "syscall_stats.schema.json"))
USAGE = "usage: validate_stats.py json|jsonl FILE..."

def validators():
    """(document validator, jsonl line validator)."""
    with open(SCHEMA) as f:
        schema = json.load(f)
    v = make_validators({"document": schema,
                         "line": definition(schema, "jsonl_line", "_line")})
    return v["document"], v["line"]


def short(value):
    text = json.dumps(value)
    return text if len(text) <= 60 else text[:57] + "..."


def schema_errors(validator, instance):
    """Every error as "PATH: message", in document order; the message names
    the failing value briefly, never a whole report."""
    out = []
    for e in sorted(validator.iter_errors(instance),
                    key=lambda e: [str(p) for p in e.absolute_path]):
        message = e.message
        if len(message) > 200:  # a whole object repeated back: shorten it
            message = f"{short(e.instance)}: fails '{e.validator}'"
        out.append(f"{e.json_path}: {message}")
    return out


def interval_numbers(reports, where):
    """Intervals must be numbered 1, 2, ... in order."""
    out = []
    for i, r in enumerate(reports, 1):
        n = r.get("interval") if isinstance(r, dict) else None
        if n != i:
            out.append(f"{where(i)}: interval {short(n)}, expected {i}")
    return out


def check_json(text, v):
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as e:
        return [f"not JSON: {e}"]
    found = schema_errors(v[0], doc)
    if found or not isinstance(doc, dict):
        return found
    found += interval_numbers(doc["intervals"],
                              lambda i: f"$.intervals[{i - 1}]")
    if doc["summary"]["intervals"] != len(doc["intervals"]):
        found.append(f"$.summary.intervals: {doc['summary']['intervals']}, "
                     f"but there are {len(doc['intervals'])} intervals")
    return found


ORDER = {"interval": 0, "total": 1, "summary": 2}


def check_jsonl(text, v):
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()  # the final newline
    found, parsed = [], []
    for number, line in enumerate(lines, 1):
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            found.append(f"line {number}: not JSON: {e}")
            continue
        errors = schema_errors(v[1], obj)
        found += [f"line {number}: {e}" for e in errors]
        if not errors:
            parsed.append((number, obj))
    if found:
        return found
    if not parsed or parsed[-1][1]["type"] != "summary":
        return [f"line {len(lines)}: the last line is not the summary"]
    last = -1
    for number, obj in parsed:
        rank = ORDER[obj["type"]]
        if rank < last or (rank == last and rank > 0):
            before = [k for k, r in ORDER.items() if r == last][0]
            found.append(f"line {number}: {obj['type']} line after the "
                         f"{before} line")
        last = max(last, rank)
        if obj["tool"] != parsed[0][1]["tool"]:
            found.append(f"line {number}: tool {obj['tool']}, but line "
                         f"{parsed[0][0]} says {parsed[0][1]['tool']}")
    intervals = [(n, o["report"]) for n, o in parsed if o["type"] == "interval"]
    found += interval_numbers([r for _, r in intervals],
                              lambda i: f"line {intervals[i - 1][0]}: $.report")
    summary = parsed[-1][1]["summary"]
    if summary["intervals"] != len(intervals):
        found.append(f"line {parsed[-1][0]}: $.summary.intervals: "
                     f"{summary['intervals']}, but there are "
                     f"{len(intervals)} interval lines")
    return found


def main():
    if len(sys.argv) < 3 or sys.argv[1] not in ("json", "jsonl"):
        print(USAGE, file=sys.stderr)
        return 2
    mode, paths = sys.argv[1], sys.argv[2:]
    v = validators()
    invalid = False
    for path in paths:
        try:
            with open(path, "rb") as f:
                raw = f.read()
        except OSError as e:
            print(f"{USAGE}\ncannot read {path}: {e.strerror}",
                  file=sys.stderr)
            return 2
        try:
            text = raw.decode("utf-8")  # strict: output must be valid UTF-8
        except UnicodeDecodeError as e:
            found = [f"not UTF-8: {e}"]
        else:
            found = (check_json if mode == "json" else check_jsonl)(text, v)
        for message in found:
            print(f"invalid: {path}: {message}", file=sys.stderr)
        invalid = invalid or bool(found)
    return 1 if invalid else 0


if __name__ == "__main__":
    sys.exit(main())
