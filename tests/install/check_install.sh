#!/usr/bin/env bash
# Installs the build tree into a temporary prefix, builds tests/install/
# consumer against it with find_package(sctrace), and runs it.
set -euo pipefail
build="$1"
src="$(cd "$(dirname "$0")" && pwd)/consumer"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
cmake --install "$build" --prefix "$tmp/prefix" >/dev/null
cmake -S "$src" -B "$tmp/build" -DCMAKE_PREFIX_PATH="$tmp/prefix" >/dev/null
cmake --build "$tmp/build" >/dev/null
out="$("$tmp/build/consumer")"
grep -q "tracepoint:syscalls:sys_enter_write" <<<"$out"
grep -q "(args->fd == 1)" <<<"$out"
test -x "$tmp/prefix/bin/sctrace"
echo "find_package(sctrace) consumer built and generated a program"
