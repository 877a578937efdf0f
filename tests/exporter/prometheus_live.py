#!/usr/bin/env python3
"""The exporter against a real Prometheus server (issue 15), on loopback.

`sctrace exporter --by comm -- sh -c '...'` follows a shell that runs
/bin/true and then execs `sctrace_workload paced_reads 2000 S`: 2000
read()s a second against absolute deadlines, and once a second an openat
of a missing path (ENOENT), a 25 ms poll (slow over --threshold 20ms)
and a futex wake.
Debian's prometheus, started here on 127.0.0.1 with a 1 s scrape interval
and deploy/prometheus/sctrace-alerts.yml, scrapes it. Checks:
  - `promtool check metrics` on a live scrape is clean;
  - rate(syscall_total{syscall="read"}[15s]) is within 5% of 2000;
  - histogram_quantile(0.5, ...) of read's duration is within one log2
    bucket (a factor of 2) of the p50 `sctrace latency` measures at the
    same time on the same process;
  - every expression of deploy/grafana/sctrace-dashboard.json (with its
    variables substituted, tests/deploy/check_dashboard.py --list) returns
    data;
  - every alert rule evaluates without error, and each comparison's
    operands return data (the alerts themselves stay quiet: they fire on
    spikes this workload does not make).
Everything it starts is killed at the end, whatever happens.
Usage: prometheus_live.py SCTRACE WORKLOAD SOURCE_DIR
"""
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request

RATE = 2000
SECONDS = 75  # the workload's life: long enough for every check below
children = []


def fail(msg):
    print(f"FAIL: {msg}")
    raise SystemExit(1)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url, timeout=5):
    with urllib.request.urlopen(url, timeout=timeout) as r:
        return r.status, r.read().decode()


def wait_for(what, check, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except OSError:
            pass
        time.sleep(0.2)
    fail(f"timed out after {timeout} s waiting for {what}")


def start(argv, log):
    p = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=log,
                         stderr=subprocess.STDOUT)
    children.append(p)
    return p


def query(prom, expr):
    url = f"{prom}/api/v1/query?" + urllib.parse.urlencode({"query": expr})
    try:
        _, body = get(url)
    except urllib.error.HTTPError as e:
        fail(f"query {expr!r}: HTTP {e.code}: {e.read().decode()[:300]}")
    reply = json.loads(body)
    if reply.get("status") != "success":
        fail(f"query {expr!r}: {reply}")
    return reply["data"]["result"]


def scalar(prom, expr):
    result = query(prom, expr)
    if len(result) != 1:
        fail(f"{expr!r} gave {len(result)} series, want 1: {result}")
    return float(result[0]["value"][1])


def start_exporter(sctrace, workload, port, log):
    script = f"/bin/true; exec {workload} paced_reads {RATE} {SECONDS}"
    return start([sctrace, "exporter", "--listen", f"127.0.0.1:{port}",
                  "--interval", "1", "--threshold", "20ms", "--by", "comm",
                  "--", "/bin/sh", "-c", script], log)


def check_scrape(metrics_url):
    wait_for("the exporter's first snapshot with reads",
             lambda: 'syscall_total{syscall="read"}' in get(metrics_url)[1],
             60)
    _, text = get(metrics_url)
    r = subprocess.run(["promtool", "check", "metrics"], input=text,
                       capture_output=True, text=True)
    if r.returncode != 0 or r.stdout.strip() or r.stderr.strip():
        fail(f"promtool check metrics (exit {r.returncode}):\n"
             f"{r.stdout}{r.stderr}")
    print(f"ok: promtool check metrics is clean on a {len(text)}-byte scrape")


def start_prometheus(tmp, source, exporter_port, log):
    port = free_port()
    rules = os.path.join(source, "deploy/prometheus/sctrace-alerts.yml")
    config = os.path.join(tmp, "prometheus.yml")
    with open(config, "w") as f:
        f.write(f"""global:
  scrape_interval: 1s
  evaluation_interval: 1s
rule_files: ["{rules}"]
scrape_configs:
  - job_name: sctrace
    static_configs:
      - targets: ["127.0.0.1:{exporter_port}"]
        labels: {{execve_policy: deny}}
""")
    start(["prometheus", f"--config.file={config}",
           f"--storage.tsdb.path={os.path.join(tmp, 'data')}",
           f"--web.listen-address=127.0.0.1:{port}", "--log.level=warn"],
          log)
    prom = f"http://127.0.0.1:{port}"
    wait_for("prometheus to be ready", lambda: get(f"{prom}/-/ready")[0] == 200,
             60)
    return prom


def workload_pid(exporter):
    out = subprocess.run(["pgrep", "-f", f"paced_reads {RATE}"],
                         capture_output=True, text=True).stdout.split()
    pids = [int(p) for p in out if int(p) != exporter.pid]
    if len(pids) != 1:
        fail(f"want one paced_reads process, found {pids}")
    return pids[0]


def check_rate(prom):
    rate = scalar(prom, 'rate(syscall_total{syscall="read"}[15s])')
    if abs(rate - RATE) > 0.05 * RATE:
        fail(f"rate of read is {rate:.1f}/s, want {RATE} within 5%")
    print(f"ok: rate(syscall_total{{syscall=\"read\"}}[15s]) = {rate:.1f}/s "
          f"(workload: {RATE}/s)")


def check_quantile(prom, sctrace, pid):
    r = subprocess.run([sctrace, "latency", "-p", str(pid), "-d", "4",
                        "--syscalls", "read", "--format", "json"],
                       capture_output=True, text=True, timeout=60)
    if r.returncode != 0:
        fail(f"sctrace latency exited {r.returncode}: {r.stderr}")
    rows = json.loads(r.stdout)["total"]["syscalls"]
    p50 = next(row["p50_ns"] for row in rows if row["syscall"] == "read")
    q = scalar(prom, "histogram_quantile(0.5, rate("
                     'syscall_duration_seconds_bucket{syscall="read"}[15s]))')
    ratio = q * 1e9 / p50
    if not 0.5 <= ratio <= 2:
        fail(f"histogram_quantile(0.5) of read is {q * 1e9:.0f} ns, sctrace "
             f"latency's p50 {p50} ns: more than one log2 bucket apart")
    print(f"ok: read p50: Prometheus {q * 1e9:.0f} ns, sctrace latency "
          f"{p50} ns (ratio {ratio:.2f})")


def check_dashboard(prom, source):
    listed = subprocess.run(
        [sys.executable, os.path.join(source, "tests/deploy/check_dashboard.py"),
         "--list", os.path.join(source, "deploy/grafana/sctrace-dashboard.json")],
        capture_output=True, text=True, check=True).stdout.splitlines()
    for line in listed:
        item = json.loads(line)
        if not query(prom, item["expr"]):
            fail(f"dashboard {item['where']}: no data for {item['expr']}")
    print(f"ok: all {len(listed)} dashboard expressions return data")


def top_level_split(expr, pattern):
    """EXPR cut at PATTERN's matches outside (), [] and {}, and strings."""
    parts, depth, start, i, quote = [], 0, 0, 0, None
    while i < len(expr):
        c = expr[i]
        if quote:
            quote = None if c == quote else quote
        elif c in "\"'":
            quote = c
        elif c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
        elif depth == 0:
            m = re.compile(pattern).match(expr, i)
            if m:
                parts.append(expr[start:i])
                start = i = m.end()
                continue
        i += 1
    return parts + [expr[start:]]


def check_alerts(prom):
    def evaluated():
        groups = json.loads(get(f"{prom}/api/v1/rules")[1])["data"]["groups"]
        rules = [r for g in groups for r in g["rules"]]
        return rules if all(r.get("health") == "ok" for r in rules) else None
    wait_for("every rule to evaluate with health ok", evaluated, 30)
    rules = evaluated()
    operands = 0
    for rule in rules:
        for part in top_level_split(rule["query"], r"\s+(and|or|unless)\s+"):
            left = top_level_split(part, r"\s*(>=|<=|==|!=|>|<)\s*")[0]
            operands += 1
            if not query(prom, left.strip()):
                fail(f"rule {rule['name']}: no data for {left.strip()!r}")
    print(f"ok: {len(rules)} rules evaluate without error; {operands} "
          f"compared expressions return data")


def check_clean_exit(exporter):
    bpftraces = subprocess.run(["pgrep", "-P", str(exporter.pid), "bpftrace"],
                               capture_output=True, text=True).stdout.split()
    exporter.terminate()
    rc = exporter.wait(timeout=30)
    if rc != 0:
        fail(f"sctrace exporter exited {rc} on SIGTERM, want 0")
    left = [p for p in bpftraces if os.path.exists(f"/proc/{p}")]
    if not bpftraces or left:
        fail(f"bpftrace children {bpftraces}, still running after exit: {left}")
    print(f"ok: SIGTERM: exit 0, bpftrace {' '.join(bpftraces)} gone")


def run(sctrace, workload, source, tmp):
    log = open(os.path.join(tmp, "children.log"), "w")
    port = free_port()
    exporter = start_exporter(sctrace, workload, port, log)
    check_scrape(f"http://127.0.0.1:{port}/metrics")
    prom = start_prometheus(tmp, source, port, log)
    wait_for("20 scrapes of read", lambda: [
        s for s in query(prom, 'count_over_time(syscall_total{syscall="read"}[1m])')
        if float(s["value"][1]) >= 20], 60)
    check_rate(prom)
    check_quantile(prom, sctrace, workload_pid(exporter))
    check_dashboard(prom, source)
    check_alerts(prom)
    check_clean_exit(exporter)


def missing_prerequisite():
    """Why this test cannot run here, or None."""
    if os.geteuid() != 0:
        return "not root: the exporter traces with bpftrace"
    for tool in ("prometheus", "promtool"):
        if not any(os.access(os.path.join(d, tool), os.X_OK)
                   for d in os.environ.get("PATH", "").split(":")):
            return f"{tool} is missing (scripts/setup installs prometheus)"
    return None


def main():
    if len(sys.argv) != 4:
        print(__doc__)
        return 2
    sctrace, workload, source = sys.argv[1:]
    why = missing_prerequisite()
    if why:
        required = os.environ.get("SCTRACE_LIVE_REQUIRED") == "1" or \
            os.environ.get("CI", "") not in ("", "0", "false")
        print(f"{'FAIL' if required else 'SKIP'}: {why}")
        return 1 if required else 77
    with tempfile.TemporaryDirectory(prefix="sctrace-prom-") as tmp:
        try:
            run(sctrace, workload, source, tmp)
        except BaseException:
            with open(os.path.join(tmp, "children.log")) as f:
                print("--- sctrace exporter and prometheus said:\n" +
                      f.read()[-4000:])
            raise
        finally:
            for p in children:
                p.kill()
                p.wait()
            subprocess.run(["pkill", "-f", f"paced_reads {RATE} {SECONDS}"])
    print("prometheus_live: every check passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
