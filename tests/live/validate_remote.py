#!/usr/bin/python3
"""Validates remote API documents (docs/remote.md) against one schema of
specs/ with an independent validator (Debian's python3-jsonschema, draft
2020-12, format checking on), every schema of specs/ loaded so relative
$refs (ebpf_response -> trace_output) resolve through their $ids.

usage: validate_remote.py SPECS_DIR SCHEMA_FILE_NAME FILE...
Exit 0 when every file is valid; 1 with each error on stderr otherwise."""
import glob
import json
import os
import sys

from schema_support import make_validators


def main():
    specs, name, files = sys.argv[1], sys.argv[2], sys.argv[3:]
    schemas = {}
    for path in glob.glob(os.path.join(specs, "*.schema.json")):
        with open(path) as f:
            schemas[os.path.basename(path)] = json.load(f)
    validator = make_validators(schemas)[name]
    bad = 0
    for path in files:
        with open(path) as f:
            doc = json.load(f)
        for e in validator.iter_errors(doc):
            bad += 1
            print(f"invalid: {path}: {e.json_path}: {e.message[:300]}",
                  file=sys.stderr)
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
