#!/usr/bin/python3
"""The MCP tools' schemas (specs/mcp/, written from make_tools by
tests/unit/tools_spec_files_test.cpp) are valid JSON Schema 2020-12 object
schemas, and every tool's output schema accepts every error result shape
({"error": {code, message, hint[, line, column]}}) and refuses a malformed
one. Exit 77 (skip) without jsonschema."""
import json
import pathlib
import sys

try:
    import jsonschema
except ImportError:
    print("SKIP: python3 jsonschema is not installed")
    sys.exit(77)

CODES = ["not_root", "no_such_process", "unknown_syscall",
         "kprobes_unavailable", "invalid_spec", "invalid_argument",
         "refused_by_policy", "busy", "not_found", "bpftrace_failed",
         "unsupported"]
TOOLS = ["trace_syscalls", "trace", "count_syscalls", "syscall_latency",
         "slow_syscalls", "get_trace_events", "capabilities",
         "suggest_syscalls", "explain_program"]


def main():
    specs = pathlib.Path(sys.argv[1])
    failures = 0
    for tool in TOOLS:
        for which in ("input", "output"):
            schema = json.loads((specs / f"{tool}.{which}.json").read_text())
            jsonschema.Draft202012Validator.check_schema(schema)
            assert schema["type"] == "object", (tool, which)
        out = jsonschema.Draft202012Validator(
            json.loads((specs / f"{tool}.output.json").read_text()))
        for code in CODES:
            err = {"error": {"code": code, "message": "m", "hint": "h"}}
            if code == "invalid_spec":
                err["error"].update(line=1, column=18)
            errors = list(out.iter_errors(err))
            if errors:
                failures += 1
                print(f"FAIL {tool}: {code} result refused: {errors[0]}")
        bad = {"error": {"code": "nonsense", "message": "m"}}
        if out.is_valid(bad):
            failures += 1
            print(f"FAIL {tool}: a malformed error result was accepted")
    print(f"{len(TOOLS)} tools checked, {failures} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
