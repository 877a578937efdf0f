#!/usr/bin/env python3
"""Prints the transitive closure of the public headers under src/.

Usage: header_closure.py SRC_DIR UMBRELLA_HEADER

The quoted includes of UMBRELLA_HEADER (include/sctrace/sctrace.h) are the
public roots, relative to SRC_DIR. Every `#include "x/y.h"` of a header in
the closure is followed; one that is not a file under SRC_DIR is an error
(the installed tree would miss it). The result, one header a line, sorted,
is what src/CMakeLists.txt installs (sctrace_public_headers_*), and what
check_install.sh compares against the installed tree.
"""
import re
import sys
from pathlib import Path

INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)


def main() -> int:
    src = Path(sys.argv[1])
    roots = INCLUDE.findall(Path(sys.argv[2]).read_text())
    seen, todo, bad = set(), list(roots), []
    while todo:
        h = todo.pop()
        if h in seen:
            continue
        if not (src / h).is_file():
            bad.append(h)
            continue
        seen.add(h)
        todo.extend(INCLUDE.findall((src / h).read_text()))
    for h in bad:
        print(f"header_closure: {h} is not under {src}", file=sys.stderr)
    print("\n".join(sorted(seen)))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
