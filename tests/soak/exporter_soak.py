#!/usr/bin/env python3
"""Long run of `sctrace exporter` (issue 15): by default 10 minutes of
exporting at the highest syscall rate the machine allows. Not in CI (too
long); run it by hand as root (docs/exporter.md, "Long run").

It starts `sctrace exporter --listen 127.0.0.1:0 --comm NAME --threshold T`
where NAME is a copy of sctrace_workload under a unique name (so the
target is exactly the workload), waits for sctrace_bpftrace_up 1, then
runs `NAME burst_for MS THREADS`: THREADS threads calling getppid in a
tight loop for --duration seconds, which prints its exact call count.
Every --scrape seconds it scrapes /metrics (loopback only) and samples
VmRSS of sctrace and of its bpftrace child. After the workload ends it
waits until the counters are still (at least 3 intervals), takes a
final scrape, SIGTERMs the exporter, and checks:

  monotonic   no counter series (`_total`, `_count`, `_sum`, `_bucket`)
              ever decreases or disappears between two scrapes, and no
              scrape fails once the exporter is up;
  memory      for sctrace and for bpftrace separately: BASE is the
              largest RSS in the last 10 s of the warm-up (the first
              20% of the run, at least 10 s); every sample after the
              warm-up is <= BASE * 1.2 + 4 MiB;
  calls       syscall_total{syscall="getppid"} == the workload's count
              (exact; only a lower bound when sctrace_map_full_total or
              sctrace_bpftrace_restarts_total is nonzero, and then it
              says so);
  histogram   for getppid: _count == syscall_total, _bucket{le="+Inf"}
              == _count, buckets cumulative; for every syscall _count <=
              syscall_total (calls whose entry was not seen are untimed:
              the workload's own execve);
  slow        T is a power of two in ns, so bucket bounds (2^k - 1 ns)
              split exactly at it: per syscall, syscall_slow_total ==
              _count - _bucket{le=(T-1) ns};
  drops       the exporter does not list slow calls, so the events
              bpftrace delivered are counted here from SCTRACE_RAW_LOG
              (a FIFO this script reads: one line per slow-call event):
              DELIVERED. Exact means:
                sctrace_events_dropped_total == sum(syscall_slow_total)
                                                - DELIVERED
              and the per-snapshot cap can only have dropped delivered
              events: sctrace_slow_dropped_total <= DELIVERED and
              DELIVERED - sctrace_slow_dropped_total <= 256 * snapshots
              (the ones kept, at most 256 a snapshot);
  shutdown    the exporter exits 0 within 15 s of SIGTERM and every
              bpftrace it ran is gone.

Prints a summary (rate, calls, scrapes, RSS min/max, drops, each check)
and exits 1 on any violation, 2 on a setup failure.
"""
import argparse
import math
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request

COUNTER_SUFFIXES = ("_total", "_count", "_sum", "_bucket")
SAMPLE_RE = re.compile(r"^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})?\s+(\S+)$")
SLOW_CAP = 256  # MonitorOptions::slow_per_snapshot


class SetupError(Exception):
    pass


def parse_args():
    here = os.path.dirname(os.path.abspath(__file__))
    build = os.path.join(here, "..", "..", "build")
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--sctrace", default=os.path.join(build, "src", "cli", "sctrace"))
    p.add_argument("--workload", default=os.path.join(
        build, "tests", "testprogs", "sctrace_workload"))
    p.add_argument("--bpftrace", default="",
                   help="bpftrace for the exporter (default: its own)")
    p.add_argument("--duration", type=float, default=600,
                   help="seconds of workload (default 600)")
    p.add_argument("--threads", type=int, default=os.cpu_count() or 2,
                   help="workload threads (default: one per CPU)")
    p.add_argument("--threshold-ns", type=int, default=2048,
                   help="slow threshold, a power of two (default 2048)")
    p.add_argument("--scrape", type=float, default=1.0,
                   help="seconds between scrapes (default 1)")
    p.add_argument("--no-raw-log", action="store_true",
                   help="skip the delivered-event count (SCTRACE_RAW_LOG)")
    a = p.parse_args()
    t = a.threshold_ns
    if t < 256 or t > 1 << 34 or t & (t - 1):
        # t - 1 must be a bucket bound (2^k - 1 ns, k = 8 .. 34).
        p.error("--threshold-ns must be a power of two, 256 .. 2^34")
    return a


# --- /metrics -------------------------------------------------------------

def parse_metrics(text):
    """{series text: value} of every sample line."""
    out = {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        m = SAMPLE_RE.match(line)
        if not m:
            raise ValueError("bad sample line: " + line)
        v = m.group(3)
        v = int(v) if v.isdigit() else float(v)
        out[m.group(1) + (m.group(2) or "")] = v
    return out


def is_counter(series):
    return series.split("{", 1)[0].endswith(COUNTER_SUFFIXES)


def scrape(url, timeout=5.0):
    """(status, samples or None)."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as r:
            return r.status, parse_metrics(r.read().decode())
    except urllib.error.HTTPError as e:
        return e.code, None
    except (urllib.error.URLError, OSError):
        return 0, None


def value(samples, name, **labels):
    inner = ",".join('%s="%s"' % kv for kv in sorted(labels.items()))
    return samples.get(name + ("{%s}" % inner if inner else ""), 0.0)


def by_label(samples, name, label):
    """{label value: sample value} for the series of NAME."""
    out = {}
    pat = re.compile(r'%s="([^"]*)"' % label)
    for s, v in samples.items():
        if s.split("{", 1)[0] == name:
            m = pat.search(s)
            if m:
                out[m.group(1)] = v
    return out


def counter_violations(prev, cur):
    bad = []
    for s, v in prev.items():
        if not is_counter(s):
            continue
        if s not in cur:
            bad.append("%s disappeared (was %g)" % (s, v))
        elif cur[s] < v:
            bad.append("%s decreased %g -> %g" % (s, v, cur[s]))
    return bad


# --- processes ------------------------------------------------------------

def rss_kib(pid):
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def children(pid):
    out = []
    try:
        for tid in os.listdir("/proc/%d/task" % pid):
            with open("/proc/%d/task/%s/children" % (pid, tid)) as f:
                out += [int(c) for c in f.read().split()]
    except OSError:
        pass
    return out


def comm_of(pid):
    try:
        with open("/proc/%d/comm" % pid) as f:
            return f.read().strip()
    except OSError:
        return None


def bpftrace_child(pid):
    for c in children(pid):
        if (comm_of(c) or "").startswith("bpftrace"):
            return c
    return None


def alive(pid):
    try:
        with open("/proc/%d/stat" % pid) as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


# --- the raw log: slow-call events delivered ------------------------------

EVENT_RE = re.compile(rb'"type":\s*"value",\s*"data":\s*\[\s*(-?)')


class RawLogCounter(threading.Thread):
    """Reads the exporter's SCTRACE_RAW_LOG FIFO to its end, counting the
    slow-call event lines: bpftrace's JSON "value" lines whose tuple does
    not start with -1 (the drain markers' do)."""

    def __init__(self, path):
        super().__init__(daemon=True)
        self.path = path
        self.events = 0
        self.lines = 0
        self.done = threading.Event()

    def run(self):
        rest = b""
        with open(self.path, "rb", buffering=0) as f:
            while True:
                chunk = f.read(1 << 20)
                if not chunk:
                    break
                data = rest + chunk
                cut = data.rfind(b"\n") + 1
                body, rest = data[:cut], data[cut:]
                self.lines += body.count(b"\n")
                for m in EVENT_RE.finditer(body):
                    self.events += m.group(1) != b"-"
        self.done.set()


# --- the run --------------------------------------------------------------

class Exporter:
    def __init__(self, args, comm, raw_fifo):
        cmd = [args.sctrace, "exporter", "--listen", "127.0.0.1:0",
               "--comm", comm, "--threshold", "%dns" % args.threshold_ns]
        if args.bpftrace:
            cmd += ["--bpftrace", args.bpftrace]
        env = dict(os.environ)
        if raw_fifo:
            env["SCTRACE_RAW_LOG"] = raw_fifo
        self.cmd = cmd
        self.proc = subprocess.Popen(cmd, stderr=subprocess.PIPE, env=env,
                                     stdin=subprocess.DEVNULL)
        self.stderr = []
        self.port = None
        self.bound = threading.Event()
        threading.Thread(target=self._read_stderr, daemon=True).start()

    def _read_stderr(self):
        for raw in self.proc.stderr:
            line = raw.decode(errors="replace").rstrip("\n")
            self.stderr.append(line)
            m = re.search(r"listening on http://127\.0\.0\.1:(\d+)/", line)
            if m:
                self.port = int(m.group(1))
                self.bound.set()

    @property
    def url(self):
        return "http://127.0.0.1:%d/metrics" % self.port


def wait_up(exp, timeout=90):
    if not exp.bound.wait(timeout):
        raise SetupError("the exporter did not listen: %s" % exp.stderr[-5:])
    end = time.time() + timeout
    while time.time() < end:
        if exp.proc.poll() is not None:
            raise SetupError("the exporter exited: %s" % exp.stderr[-5:])
        status, s = scrape(exp.url)
        if status == 200 and value(s, "sctrace_bpftrace_up") == 1:
            return s
        time.sleep(0.2)
    raise SetupError("sctrace_bpftrace_up never became 1")


class Run:
    """What the scrape loop records."""

    def __init__(self):
        self.scrapes = 0
        self.failed = []
        self.monotonic = []
        self.rss = {"sctrace": [], "bpftrace": []}  # (t, KiB)
        self.bpftrace_pids = set()
        self.last = None

    def record(self, exp, t0, samples):
        now = time.time() - t0
        mine = rss_kib(exp.proc.pid)
        if mine is not None:
            self.rss["sctrace"].append((now, mine))
        child = bpftrace_child(exp.proc.pid)
        if child:
            self.bpftrace_pids.add(child)
            kib = rss_kib(child)
            if kib is not None:
                self.rss["bpftrace"].append((now, kib))
        if samples is None:
            return
        self.scrapes += 1
        if self.last is not None:
            self.monotonic += counter_violations(self.last, samples)
        self.last = samples

    def scrape_once(self, exp, t0):
        status, samples = scrape(exp.url)
        if status != 200:
            self.failed.append("%.1fs: status %d" % (time.time() - t0, status))
        self.record(exp, t0, samples)
        return samples


def scrape_until(run, exp, t0, scrape_s, done):
    """Scrapes every scrape_s seconds (against absolute deadlines) until
    done() is true."""
    nxt = time.time()
    while not done():
        run.scrape_once(exp, t0)
        nxt += scrape_s
        time.sleep(max(0.0, nxt - time.time()))


def settle(run, exp, t0, scrape_s, minimum=3.5):
    """Scrapes until the counters stopped moving: at least `minimum`
    seconds, then two scrapes in a row with equal counters."""
    start = time.time()
    prev = None
    while True:
        s = run.scrape_once(exp, t0)
        counters = {k: v for k, v in (s or {}).items() if is_counter(k)}
        if time.time() - start >= minimum and counters and counters == prev:
            return s
        if time.time() - start > 60:
            return s
        prev = counters
        time.sleep(scrape_s)


def stop_exporter(exp, pids):
    exp.proc.send_signal(signal.SIGTERM)
    try:
        rc = exp.proc.wait(15)
    except subprocess.TimeoutExpired:
        exp.proc.kill()
        rc = exp.proc.wait()
        return "did not exit within 15 s of SIGTERM (killed)", rc
    left = [p for p in pids if alive(p)]
    if rc != 0:
        return "exited %d" % rc, rc
    if left:
        return "bpftrace left running: %s" % left, rc
    return None, rc


# --- checks ---------------------------------------------------------------

def memory_check(series, duration):
    """(violation or None, text) for one process's (t, KiB) samples."""
    if not series:
        return "no samples", "no samples"
    warm = max(10.0, 0.2 * duration)
    base_window = [k for t, k in series if warm - 10 <= t <= warm]
    after = [(t, k) for t, k in series if t > warm]
    kibs = [k for _, k in series]
    text = "min %.1f MiB max %.1f MiB" % (min(kibs) / 1024, max(kibs) / 1024)
    if not base_window or not after:
        return "too few samples for the rule", text
    base = max(base_window)
    limit = base * 1.2 + 4096
    worst = max(after, key=lambda tk: tk[1])
    text += ", base %.1f MiB, max after warm-up %.1f MiB (limit %.1f)" % (
        base / 1024, worst[1] / 1024, limit / 1024)
    if worst[1] > limit:
        return "RSS %d KiB at %.0fs over %d KiB" % (worst[1], worst[0],
                                                    limit), text
    return None, text


def bucket(samples, syscall, le_ns):
    """The cumulative bucket of SYSCALL whose bound is le_ns ns."""
    for le, v in buckets_of(samples, syscall):
        if abs(le * 1e9 - le_ns) < 0.5:
            return v
    return None


def buckets_of(samples, syscall):
    out = []
    pat = re.compile(r'^syscall_duration_seconds_bucket\{le="([^"]+)",'
                     r'syscall="%s"\}$' % re.escape(syscall))
    for s, v in samples.items():
        m = pat.match(s)
        if m:
            out.append((float(m.group(1)), v))
    return sorted(out)


def calls_check(final, workload_calls):
    got = value(final, "syscall_total", syscall="getppid")
    full = value(final, "sctrace_map_full_total")
    restarts = value(final, "sctrace_bpftrace_restarts_total")
    if full or restarts:
        why = "map_full %d, restarts %d: only a lower bound" % (full, restarts)
        if got > workload_calls:
            return "getppid %d > workload's %d (%s)" % (
                got, workload_calls, why), None
        return None, "not exact (%s): %d of %d" % (why, got, workload_calls)
    if got != workload_calls:
        return "syscall_total{getppid} %d != workload's %d (diff %d)" % (
            got, workload_calls, got - workload_calls), None
    return None, "getppid %d == workload %d" % (got, workload_calls)


def histogram_check(final):
    bad = []
    totals = by_label(final, "syscall_total", "syscall")
    counts = by_label(final, "syscall_duration_seconds_count", "syscall")
    for name, total in totals.items():
        count = counts.get(name, 0.0)
        if count > total:
            bad.append("%s: _count %d > syscall_total %d" % (name, count,
                                                              total))
        bs = buckets_of(final, name)
        if bs and bs[-1][1] != count:
            bad.append("%s: +Inf bucket %d != _count %d" % (name, bs[-1][1],
                                                             count))
        for (_, a), (le, b) in zip(bs, bs[1:]):
            if b < a:
                bad.append("%s: bucket le=%g not cumulative" % (name, le))
    g_total = totals.get("getppid", 0.0)
    g_count = counts.get("getppid", 0.0)
    if g_count != g_total:
        bad.append("getppid: _count %d != syscall_total %d" % (g_count,
                                                               g_total))
    return bad


def slow_check(final, threshold_ns):
    bad = []
    slows = by_label(final, "syscall_slow_total", "syscall")
    counts = by_label(final, "syscall_duration_seconds_count", "syscall")
    le = threshold_ns - 1
    for name, count in counts.items():
        under = bucket(final, name, le)
        if under is None:
            bad.append("%s: no bucket le=%d ns" % (name, le))
            continue
        want = count - under
        if slows.get(name, 0.0) != want:
            bad.append("%s: syscall_slow_total %d != _count - le=%dns %d" % (
                name, slows.get(name, 0.0), le, want))
    return bad


def drops_check(final, delivered, snapshots):
    slow = sum(by_label(final, "syscall_slow_total", "syscall").values())
    lost = value(final, "sctrace_events_dropped_total")
    capped = value(final, "sctrace_slow_dropped_total")
    bad = []
    if delivered is None:
        if lost + capped > slow:
            bad.append("events_dropped %d + slow_dropped %d > slow %d" % (
                lost, capped, slow))
        return bad
    if lost != slow - delivered:
        bad.append("events_dropped %d != slow %d - delivered %d = %d" % (
            lost, slow, delivered, slow - delivered))
    if capped > delivered:
        bad.append("slow_dropped %d > delivered %d" % (capped, delivered))
    if delivered - capped > SLOW_CAP * snapshots:
        bad.append("delivered %d - slow_dropped %d > %d x %d snapshots" % (
            delivered, capped, SLOW_CAP, snapshots))
    return bad


# --- main -----------------------------------------------------------------

def run_workload(args, binary, run, exp, t0):
    ms = int(args.duration * 1000)
    w = subprocess.Popen([binary, "burst_for", str(ms), str(args.threads)],
                         stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
    started = time.time()
    scrape_until(run, exp, t0, args.scrape, lambda: w.poll() is not None)
    elapsed = time.time() - started
    err = w.stderr.read().decode()
    m = re.search(r"calls (\d+)", err)
    if w.returncode != 0 or not m:
        raise SetupError("workload failed (%s): %s" % (w.returncode, err))
    return int(m.group(1)), elapsed


def report(lines):
    for line in lines:
        print(line)
    sys.stdout.flush()


def main():
    args = parse_args()
    if os.geteuid() != 0:
        print("exporter_soak: needs root", file=sys.stderr)
        return 2
    tmp = tempfile.mkdtemp(prefix="sctrace-soak-")
    comm = "soak%d" % (os.getpid() % 100000)
    binary = os.path.join(tmp, comm)
    shutil.copy(args.workload, binary)
    fifo = None if args.no_raw_log else os.path.join(tmp, "raw.fifo")
    counter = None
    if fifo:
        os.mkfifo(fifo)
        counter = RawLogCounter(fifo)
        counter.start()
    exp = Exporter(args, comm, fifo)
    run = Run()
    try:
        return soak(args, exp, run, binary, counter)
    except SetupError as e:
        print("exporter_soak: setup failed: %s" % e, file=sys.stderr)
        print("\n".join(exp.stderr[-20:]), file=sys.stderr)
        return 2
    finally:
        if exp.proc.poll() is None:
            exp.proc.kill()
            exp.proc.wait()
        shutil.rmtree(tmp, ignore_errors=True)


def soak(args, exp, run, binary, counter):
    load0 = os.getloadavg()
    first = wait_up(exp)
    t0 = time.time()
    run.record(exp, t0, first)
    calls, elapsed = run_workload(args, binary, run, exp, t0)
    final = settle(run, exp, t0, args.scrape)
    snapshots = math.ceil((time.time() - t0) / 1.0) + 5
    load1 = os.getloadavg()
    shutdown, rc = stop_exporter(exp, run.bpftrace_pids)
    delivered = None
    if counter:
        counter.done.wait(30)
        delivered = counter.events if counter.done.is_set() else None
    results = {}
    results["scrapes never failed"] = run.failed[:5]
    results["monotonic"] = run.monotonic[:10]
    mem_text = {}
    for proc in ("sctrace", "bpftrace"):
        v, mem_text[proc] = memory_check(run.rss[proc], elapsed)
        results["memory " + proc] = [v] if v else []
    v, calls_text = calls_check(final, calls)
    results["calls"] = [v] if v else []
    results["histogram"] = histogram_check(final)
    results["slow"] = slow_check(final, args.threshold_ns)
    results["drops"] = drops_check(final, delivered, snapshots)
    results["shutdown"] = [shutdown] if shutdown else []
    rate = calls / elapsed if elapsed else 0
    lines = [
        "exporter_soak: %s" % " ".join(exp.cmd),
        "  bpftrace: %s" % (args.bpftrace or "default"),
        "  load average before %.2f %.2f %.2f, after %.2f %.2f %.2f" % (
            load0 + load1),
        "  workload: %d threads, %.1f s, %d getppid calls, %.0f calls/s" % (
            args.threads, elapsed, calls, rate),
        "  scrapes: %d (%d failed)" % (run.scrapes, len(run.failed)),
        "  calls: %s" % (calls_text or "see below"),
        "  RSS sctrace: %s" % mem_text["sctrace"],
        "  RSS bpftrace: %s" % mem_text["bpftrace"],
        "  bpftrace pids: %s" % sorted(run.bpftrace_pids),
        "  slow (sum syscall_slow_total): %d, delivered events: %s" % (
            sum(by_label(final, "syscall_slow_total", "syscall").values()),
            delivered),
        "  sctrace_events_dropped_total %d, sctrace_slow_dropped_total %d, "
        "sctrace_map_full_total %d, sctrace_bpftrace_restarts_total %d" % (
            value(final, "sctrace_events_dropped_total"),
            value(final, "sctrace_slow_dropped_total"),
            value(final, "sctrace_map_full_total"),
            value(final, "sctrace_bpftrace_restarts_total")),
        "  exporter exit code %s" % rc,
    ]
    failed = False
    for name, bad in results.items():
        lines.append("  %-22s %s" % (name, "FAIL" if bad else "ok"))
        for b in bad:
            lines.append("      " + b)
        failed = failed or bool(bad)
    lines.append("exporter_soak: %s" % ("FAIL" if failed else "PASS"))
    report(lines)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
