#!/usr/bin/env python3
"""MCP against its peer, the HTTP API, on the same manager and trace.

  tests/bench/mcp_bench.py [--build DIR] [--events N]

Needs root. One `sctrace serve` on 127.0.0.1 (a free port) and one
`sctrace mcp` on pipes, both from DIR (default build/). For each front
end, a trace_syscalls-style trace of getppid on a copy of sctrace_workload
with a unique comm catches N calls (default 100000) of `burst N`, started
once the probes are live; then every event is paged:
  - MCP stdio: tools/call trace_syscalls, then get_trace_events, 1000 a page;
  - HTTP: POST /v1/traces {"mode": "syscalls"}, then GET .../events,
    1000 a page (the REST API's own limit is 10000; 1000 keeps the pages
    equal); serve's rate limit is raised for the bench (--rate, --burst).
Prints, per front end: request to live probes, call to result, paging
time and events/s, bytes paged; and the ratios MCP/HTTP. Also tools/list
and ping round trips over stdio (median of 50). Every count must equal N,
or it exits 1. Loopback only; every wait is bounded.
"""
import argparse
import json
import os
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

DURATION = 8  # seconds each trace runs; N getppid take well under one


class Stdio:
    """A JSON-RPC client of `sctrace mcp` on pipes."""

    def __init__(self, argv):
        self.p = subprocess.Popen(argv, stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE,
                                  stderr=subprocess.DEVNULL, text=True)
        self.next_id = 0
        self.notes = []
        self.lock = threading.Lock()

    def send(self, msg):
        self.p.stdin.write(json.dumps(msg) + "\n")
        self.p.stdin.flush()

    def request(self, method, params=None, timeout=120):
        self.next_id += 1
        rid = self.next_id
        self.send({"jsonrpc": "2.0", "id": rid, "method": method,
                   "params": params or {}})
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            line = self.p.stdout.readline()
            if not line:
                raise RuntimeError("sctrace mcp closed its output")
            msg = json.loads(line)
            if msg.get("id") == rid:
                if "error" in msg:
                    raise RuntimeError(json.dumps(msg["error"]))
                return msg["result"]
            with self.lock:
                self.notes.append((time.monotonic(), msg))
        raise RuntimeError(f"{method}: no answer in {timeout} s")

    def close(self):
        self.p.stdin.close()
        self.p.wait(timeout=30)


def median_ms(fn, n=50):
    times = []
    for _ in range(n):
        t0 = time.monotonic()
        fn()
        times.append((time.monotonic() - t0) * 1000)
    return statistics.median(times)


def workload_copy(build, tmp, comm):
    dst = os.path.join(tmp, comm)
    shutil.copy(os.path.join(build, "tests/testprogs/sctrace_workload"), dst)
    return dst


def run_when_live(is_live, argv, timeout=30):
    """Runs argv once is_live() holds; returns the seconds it waited."""
    t0 = time.monotonic()
    while not is_live():
        if time.monotonic() - t0 > timeout:
            raise RuntimeError("the probes never went live")
        time.sleep(0.01)
    waited = time.monotonic() - t0
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL)
    return waited


def mcp_run(build, tmp, n):
    c = Stdio([os.path.join(build, "src/cli/sctrace"), "mcp"])
    c.request("initialize", {"protocolVersion": "2025-11-25",
                             "capabilities": {},
                             "clientInfo": {"name": "bench", "version": "1"}})
    c.send({"jsonrpc": "2.0", "method": "notifications/initialized"})
    ping = median_ms(lambda: c.request("ping"))
    tools = median_ms(lambda: c.request("tools/list"))
    comm = "mb" + secrets.token_hex(4)
    exe = workload_copy(build, tmp, comm)
    out = {}

    def live():
        with c.lock:
            return any("attached," in m.get("params", {}).get("message", "")
                       for _, m in c.notes)
    args = {"name": "trace_syscalls", "arguments": {
        "target": {"comm": comm}, "syscalls": ["getppid"],
        "duration": DURATION},
        "_meta": {"progressToken": 1}}
    t0 = time.monotonic()
    th = threading.Thread(target=lambda: out.update(
        r=c.request("tools/call", args, timeout=DURATION + 90)))
    # The reader runs in the thread: live() reads the notes it keeps.
    th.start()
    out["attach"] = run_when_live(live, [exe, "burst", str(n)])
    th.join(DURATION + 120)
    out["call"] = time.monotonic() - t0
    sc = out["r"]["structuredContent"]
    trace_id, total = sc["trace_id"], sc["events_total"]
    t1, cursor, seen, size = time.monotonic(), 0, 0, 0
    while cursor is not None:
        page = c.request("tools/call", {"name": "get_trace_events",
                                        "arguments": {"trace_id": trace_id,
                                                      "cursor": cursor,
                                                      "limit": 1000}})
        size += len(json.dumps(page))
        page = page["structuredContent"]
        seen += len(page["events"])
        cursor = page["next_cursor"]
    out["page"] = time.monotonic() - t1
    c.close()
    return dict(out, total=total, seen=seen, bytes=size, ping=ping,
                tools=tools)


def http(base, token, method, path, body=None):
    req = urllib.request.Request(base + path, method=method,
                                 data=None if body is None
                                 else json.dumps(body).encode(),
                                 headers={"Authorization": "Bearer " + token,
                                          "Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=120) as r:
        text = r.read()
    return json.loads(text), len(text)


def start_serve(build, tmp):
    token_file = os.path.join(tmp, "token")
    p = subprocess.Popen([os.path.join(build, "src/cli/sctrace"), "serve",
                          "--listen", "127.0.0.1:0", "--token-file",
                          token_file, "--rate", "10000", "--burst", "10000"],
                         stderr=subprocess.PIPE, text=True)
    for _ in range(200):
        line = p.stderr.readline()
        if "listening on" in line:
            threading.Thread(target=p.stderr.read, daemon=True).start()
            base = line.strip().split("listening on ")[1]
            return p, base, open(token_file).read().strip()
    raise RuntimeError("sctrace serve did not start")


def http_run(build, tmp, n):
    p, base, token = start_serve(build, tmp)
    try:
        comm = "hb" + secrets.token_hex(4)
        exe = workload_copy(build, tmp, comm)
        t0 = time.monotonic()
        info, _ = http(base, token, "POST", "/v1/traces", {
            "mode": "syscalls", "input": {"target": {"comm": comm},
                                          "syscalls": ["getppid"],
                                          "duration": DURATION}})
        tid = info["id"]
        attach = run_when_live(
            lambda: http(base, token, "GET", "/v1/traces/" + tid)[0]
            ["attached"], [exe, "burst", str(n)])
        while http(base, token, "GET", "/v1/traces/" + tid)[0]["status"] in (
                "queued", "running"):
            if time.monotonic() - t0 > DURATION + 90:
                raise RuntimeError("the HTTP trace never ended")
            time.sleep(0.05)
        call = time.monotonic() - t0
        total = http(base, token, "GET", "/v1/traces/" + tid)[0]["events"]
        t1, cursor, seen, size = time.monotonic(), 0, 0, 0
        while True:
            page, nbytes = http(base, token, "GET",
                                f"/v1/traces/{tid}/events?cursor={cursor}"
                                "&limit=1000")
            size += nbytes
            seen += len(page["events"])
            if page["done"]:
                break
            cursor = page["next_cursor"]
        return dict(attach=attach, call=call, page=time.monotonic() - t1,
                    total=total, seen=seen, bytes=size)
    finally:
        p.terminate()
        p.wait(timeout=30)


def report(name, r, n):
    rate = r["seen"] / r["page"] if r["page"] else 0
    print(f"{name:10} live after {r['attach']:.2f} s, result after "
          f"{r['call']:.2f} s, {r['seen']} of {r['total']} events paged in "
          f"{r['page']:.2f} s ({rate:,.0f} events/s, "
          f"{r['bytes'] / 1e6:.1f} MB)")
    return r["seen"] == n and r["total"] == n


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--build", default="build")
    ap.add_argument("--events", type=int, default=100000)
    a = ap.parse_args()
    if os.geteuid() != 0:
        sys.exit("mcp_bench.py: needs root (sctrace loads BPF programs)")
    build = os.path.abspath(a.build)
    with tempfile.TemporaryDirectory(prefix="sctrace-mcp-bench-") as tmp:
        os.chmod(tmp, 0o700)
        m = mcp_run(build, tmp, a.events)
        h = http_run(build, tmp, a.events)
    print(f"stdio round trips: ping {m['ping']:.3f} ms, tools/list "
          f"{m['tools']:.3f} ms (median of 50)")
    ok = report("mcp stdio", m, a.events) & report("http api", h, a.events)
    print(f"ratio mcp/http: paging time {m['page'] / h['page']:.2f}x, bytes "
          f"{m['bytes'] / h['bytes']:.2f}x, time to live probes "
          f"{m['attach'] / h['attach']:.2f}x")
    if not ok:
        sys.exit("mcp_bench.py: a count differs from --events")


if __name__ == "__main__":
    main()
