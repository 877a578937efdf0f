#!/usr/bin/python3
"""Validates `sctrace syscalls` (and `slow`) output, `sctrace count` and
`latency` output, and trace_syscalls input against the
schemas in specs/ with an independent validator (Debian's python3-jsonschema,
draft 2020-12, format checking on).

usage: validate_syscalls.py json FILE    the --format json document
       validate_syscalls.py jsonl FILE   --format jsonl: events, then {"summary": ...}
       validate_syscalls.py input FILE   a trace_syscalls tool input
       validate_syscalls.py stats-json FILE    count/latency --format json
       validate_syscalls.py stats-jsonl FILE   count/latency --format jsonl
Exit 0 when valid; 1 with every error on stderr (one "PATH: message" a line)
when invalid; 2 on usage errors."""
import datetime
import json
import os
import re
import sys

from jsonschema import Draft202012Validator, FormatChecker

try:  # jsonschema >= 4.18 resolves $ref with referencing
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT202012
except ImportError:  # Debian 12's jsonschema 4.10: RefResolver
    Registry = None

SPECS = os.path.normpath(
    os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "specs"))
SCHEMAS = {
    "document": "syscall_trace.schema.json",
    "event": "syscall_event.schema.json",
    "summary": "syscall_summary.schema.json",
    "input": "trace_syscalls.input.schema.json",
    "stats": "syscall_stats.schema.json",
}
MODES = ("json", "jsonl", "input", "stats-json", "stats-jsonl")
USAGE = "usage: validate_syscalls.py " + "|".join(MODES) + " FILE"

RFC3339 = re.compile(
    r"^\d{4}-\d\d-\d\d[Tt]\d\d:\d\d:\d\d(\.\d+)?([Zz]|[+-]\d\d:\d\d)$")


def rfc3339_date_time(value):
    """date-time per RFC 3339 section 5.6, used when jsonschema's own checker
    is unavailable (it needs rfc3339-validator, which Debian 12 lacks)."""
    if not isinstance(value, str):
        return True
    if not RFC3339.match(value):
        return False
    date, time = value[:10], value[11:19]
    try:
        datetime.date.fromisoformat(date)
        hour, minute, second = (int(p) for p in time.split(":"))
    except ValueError:
        return False
    return hour <= 23 and minute <= 59 and second <= 60  # 60: leap second


def format_checker():
    checker = FormatChecker()
    if "date-time" not in checker.checkers:
        checker.checks("date-time")(rfc3339_date_time)
    return checker


def validators():
    """A validator per SCHEMAS key; relative $refs between the files resolve
    through their $ids."""
    schemas = {}
    for key, name in SCHEMAS.items():
        with open(os.path.join(SPECS, name)) as f:
            schemas[key] = json.load(f)
        Draft202012Validator.check_schema(schemas[key])
    # A jsonl line of count/latency: a definition inside the stats schema.
    schemas["stats_line"] = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://sctrace.dev/specs/syscall_stats_line.schema.json",
        "$ref": schemas["stats"]["$id"] + "#/$defs/jsonl_line"}
    checker = format_checker()
    if Registry is not None:
        registry = Registry().with_resources(
            (s["$id"], Resource.from_contents(s, DRAFT202012))
            for s in schemas.values())
        return {key: Draft202012Validator(s, registry=registry,
                                          format_checker=checker)
                for key, s in schemas.items()}
    from jsonschema import RefResolver
    store = {s["$id"]: s for s in schemas.values()}
    return {key: Draft202012Validator(
                s, resolver=RefResolver.from_schema(s, store=store),
                format_checker=checker)
            for key, s in schemas.items()}


def closest(context):
    """The deepest error of the alternative of a oneOf/anyOf that failed with
    the fewest errors."""
    by_branch = {}
    for e in context:
        by_branch.setdefault(e.relative_schema_path[0], []).append(e)
    branch = min(by_branch.values(), key=len)
    return max(branch, key=lambda e: len(e.absolute_path))


def errors(validator, instance, where="", root="$"):
    """Every error as "WHERE ROOT.path: message", in document order."""
    found = sorted(validator.iter_errors(instance),
                   key=lambda e: [str(p) for p in e.absolute_path])
    out = []
    for e in found:
        message = f"{where}{root}{e.json_path[1:]}: {e.message}"
        if e.context:  # oneOf/anyOf: say why the closest alternative failed
            best = closest(e.context)
            message += f" (closest: {root}{best.json_path[1:]}: {best.message})"
        out.append(message)
    return out


def load(text, where):
    try:
        return json.loads(text), []
    except json.JSONDecodeError as e:
        return None, [f"{where}not JSON: {e}"]


def check(mode, text, v):
    if mode == "json":
        doc, bad = load(text, "")
        return bad or errors(v["document"], doc)
    if mode == "input":
        doc, bad = load(text, "")
        return bad or errors(v["input"], doc)
    if mode == "stats-json":
        doc, bad = load(text, "")
        return bad or errors(v["stats"], doc)
    if mode == "stats-jsonl":
        lines = [l for l in text.split("\n") if l != ""]
        out = []
        for number, line in enumerate(lines, 1):
            obj, bad = load(line, f"line {number}: ")
            out += bad or errors(v["stats_line"], obj, f"line {number}: ")
        if not lines or '"type":"summary"' not in lines[-1]:
            out.append("the last line is not the summary")
        return out
    # jsonl
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()  # the final newline
    if not lines:
        return ["empty output: no summary line"]
    out = []
    for number, line in enumerate(lines[:-1], 1):
        event, bad = load(line, f"line {number}: ")
        out += bad or errors(v["event"], event, f"line {number}: ")
    where = f"line {len(lines)}: "
    last, bad = load(lines[-1], where)
    if bad:
        return out + bad
    if not isinstance(last, dict) or set(last) != {"summary"}:
        return out + [f"{where}$: the last line is not {{\"summary\": ...}}"]
    return out + errors(v["summary"], last["summary"], where, "$.summary")


def main():
    if len(sys.argv) != 3 or sys.argv[1] not in MODES:
        print(USAGE, file=sys.stderr)
        return 2
    mode, path = sys.argv[1:3]
    try:
        with open(path, "rb") as f:
            raw = f.read()
    except OSError as e:
        print(f"{USAGE}\ncannot read {path}: {e.strerror}", file=sys.stderr)
        return 2
    try:
        text = raw.decode("utf-8")  # strict: output must be valid UTF-8
    except UnicodeDecodeError as e:
        print(f"invalid: not UTF-8: {e}", file=sys.stderr)
        return 1
    found = check(mode, text, validators())
    for message in found:
        print(f"invalid: {message}", file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
