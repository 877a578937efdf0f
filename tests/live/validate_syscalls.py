#!/usr/bin/python3
"""Validates `sctrace syscalls` (and `slow`) output and trace_syscalls
input against the schemas in specs/ with an independent validator (Debian's python3-jsonschema,
draft 2020-12, format checking on).

usage: validate_syscalls.py json FILE    the --format json document
       validate_syscalls.py jsonl FILE   --format jsonl: events, then {"summary": ...}
       validate_syscalls.py input FILE   a trace_syscalls tool input
(count and latency output: validate_stats.py.)
Exit 0 when valid; 1 with every error on stderr (one "PATH: message" a line)
when invalid; 2 on usage errors."""
import json
import os
import sys

from schema_support import make_validators

SPECS = os.path.normpath(
    os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "specs"))
SCHEMAS = {
    "document": "syscall_trace.schema.json",
    "event": "syscall_event.schema.json",
    "process": "process_event.schema.json",
    "summary": "syscall_summary.schema.json",
    "input": "trace_syscalls.input.schema.json",
}
MODES = ("json", "jsonl", "input")
USAGE = "usage: validate_syscalls.py " + "|".join(MODES) + " FILE"

def validators():
    """A validator per SCHEMAS key; relative $refs between the files resolve
    through their $ids."""
    schemas = {}
    for key, name in SCHEMAS.items():
        with open(os.path.join(SPECS, name)) as f:
            schemas[key] = json.load(f)
    return make_validators(schemas)


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
    # jsonl
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()  # the final newline
    if not lines:
        return ["empty output: no summary line"]
    out = []
    for number, line in enumerate(lines[:-1], 1):
        event, bad = load(line, f"line {number}: ")
        # --process-events: signal and exit events have a "type".
        kind = "process" if isinstance(event, dict) and "type" in event else "event"
        out += bad or errors(v[kind], event, f"line {number}: ")
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
