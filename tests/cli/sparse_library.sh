#!/bin/bash
# Issue 12 case 13: a uprobe on an 8 GiB sparse library in --dry-run must
# not read the file whole (it aborted with std::bad_alloc). The library is
# a copy of libc.so.6 extended with a hole to 8 GiB; sctrace runs under
# `ulimit -v 1000000` (about 1 GB of address space):
#  - p:LIB:malloc generates a program (exit 0) that probes the copy;
#  - p:LIB:mallocx exits 2 with "did you mean malloc", so the symbols were
#    read, from the headers and symbol tables only.
# Skips (77) without libc.so.6 or room for a sparse 8 GiB file.
# AddressSanitizer reserves terabytes of shadow address space, so a
# sanitizer build (second argument "asan") is bounded per allocation
# instead: ASan aborts on any single allocation over 1 GB.
#
# Usage: sparse_library.sh SCTRACE_BINARY [asan]
set -u
bin=${1:?usage: sparse_library.sh SCTRACE_BINARY [asan]}
asan=${2:-}

libc=/usr/lib/x86_64-linux-gnu/libc.so.6
[ -r "$libc" ] || libc=/lib/x86_64-linux-gnu/libc.so.6
if [ ! -r "$libc" ]; then
  echo "skip: no libc.so.6 to copy"
  exit 77
fi
dir=$(mktemp -d /tmp/sctrace-sparse-XXXXXX) || exit 1
trap 'rm -rf "$dir"' EXIT
lib="$dir/sparse.so"
cp "$libc" "$lib" || exit 1
if ! truncate -s 8G "$lib"; then
  echo "skip: cannot make a sparse 8 GiB file in $dir"
  exit 77
fi

if [ "$asan" = asan ]; then
  run() {
    ASAN_OPTIONS="${ASAN_OPTIONS:-}:max_allocation_size_mb=1000" \
      "$bin" --dry-run "$1" 2>&1
  }
else
  run() { (ulimit -v 1000000 && "$bin" --dry-run "$1" 2>&1); }
fi

status=0
out=$(run "p:$lib:malloc")
rc=$?
if [ "$rc" -ne 0 ] || [[ "$out" != *"uprobe:$lib:malloc"* ]]; then
  echo "FAIL: p:$lib:malloc: exit $rc, want 0 and a uprobe on the copy:" >&2
  printf '%s\n' "${out:0:400}" >&2
  status=1
fi
out=$(run "p:$lib:mallocx")
rc=$?
if [ "$rc" -ne 2 ] || [[ "$out" != *"did you mean malloc"* ]]; then
  echo "FAIL: p:$lib:mallocx: exit $rc, want 2 and 'did you mean malloc':" >&2
  printf '%s\n' "${out:0:400}" >&2
  status=1
fi
[ "$status" -eq 0 ] && echo "ok: the sparse 8 GiB library's symbols were read in 1 GB"
exit "$status"
