#!/usr/bin/python3
"""Validates sctrace output against specs/trace_output.schema.json with an
independent validator (Debian's python3-jsonschema, draft 2020-12).

usage: validate_schema.py SCHEMA FILE json|jsonl
Exit 0 when valid; 1 with the first error on stderr otherwise."""
import json
import sys

from jsonschema import Draft202012Validator


def main():
    schema_path, data_path, mode = sys.argv[1:4]
    with open(schema_path) as f:
        schema = json.load(f)
    Draft202012Validator.check_schema(schema)
    document = Draft202012Validator(schema)
    event = Draft202012Validator({**schema, **schema["$defs"]["event"]})
    summary = Draft202012Validator({**schema, **schema["$defs"]["summary"]})
    with open(data_path, "rb") as f:
        raw = f.read()
    text = raw.decode("utf-8")  # strict: output must be valid UTF-8
    if mode == "json":
        document.validate(json.loads(text))
        return
    lines = [l for l in text.split("\n") if l]
    if not lines:
        sys.exit("empty output")
    for line in lines[:-1]:
        event.validate(json.loads(line))
    last = json.loads(lines[-1])
    if set(last) != {"summary"}:
        sys.exit("the last JSONL line is not {\"summary\": ...}")
    summary.validate(last["summary"])


if __name__ == "__main__":
    try:
        main()
    except Exception as e:  # report any failure as invalid
        print(f"invalid: {e}", file=sys.stderr)
        sys.exit(1)
