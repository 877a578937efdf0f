// Every tool of `sctrace mcp` (stdio) and of `sctrace serve`'s /mcp
// (Streamable HTTP), through the official MCP SDK client, on live
// workloads whose calls are known: the numbers are exact. The SDK checks
// each structuredContent against its tool's outputSchema (tools/list was
// called first); the harness checks it again with a JSON Schema 2020-12
// validator.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';

import {
  TOOL_NAMES, copyNamed, liveSkipReason, removeDir, runChecked, tempDir, traceWhile,
  transports, uniqueComm, workloadBin, waitAttached, bpftracesBelow,
} from './lib/harness.mjs';
import { spawn } from 'node:child_process';

const skip = liveSkipReason();

for (const t of transports) {
  describe(`tools over ${t.name}`, { skip, timeout: 300000 }, () => {
    let session, conn, dir;
    before(async () => {
      session = await t.open();
      conn = session.conn;
      dir = tempDir();
    });
    after(async () => {
      await session?.close();
      if (dir) removeDir(dir);
    });

    test('tools/list: the nine tools, each with schemas and read-only annotations', async () => {
      const { tools } = await conn.client.listTools();
      assert.deepEqual(tools.map((x) => x.name).sort(), TOOL_NAMES);
      for (const tool of tools) {
        assert.equal(tool.inputSchema?.type, 'object', tool.name);
        assert.equal(tool.outputSchema?.type, 'object', tool.name);
        assert.equal(tool.annotations?.readOnlyHint, true, tool.name);
        assert.ok(tool.description && tool.description.length > 20, tool.name);
      }
    });

    test('capabilities: root, bpftrace and the tracepoints of this machine', async () => {
      const sc = await conn.ok('capabilities', {});
      assert.equal(sc.checks.root_access.available, true, JSON.stringify(sc.checks));
      assert.equal(sc.checks.syscall_tracepoints.available, true);
      assert.match(sc.bpftrace.version, /\d+\.\d+/);
      assert.ok(sc.probe_kinds.includes('tracepoint'), JSON.stringify(sc.probe_kinds));
    });

    test('suggest_syscalls: a missing file suggests openat', async () => {
      const sc = await conn.ok('suggest_syscalls', { description: 'file not found error' });
      const names = sc.suggestions.map((s) => s.syscall);
      assert.ok(names.includes('openat'), JSON.stringify(names));
    });

    test('explain_program: the bpftrace program of a spec, not run', async () => {
      const sc = await conn.ok('explain_program', { specs: ['t:syscalls:sys_enter_getppid'] });
      assert.equal(sc.programs.length, 1);
      assert.match(sc.programs[0].program, /tracepoint:syscalls:sys_enter_getppid/);
      assert.equal(sc.programs[0].policy.allowed, true);
      assert.deepEqual(bpftracesBelow(conn.pid), []);
    });

    test('trace_syscalls on a comm: 7 ENOENT and 7 EISDIR openat, exactly, in events and digest', async () => {
      const comm = uniqueComm();
      const bin = copyNamed(workloadBin, dir, comm);
      const { sc } = await traceWhile(
          conn, 'trace_syscalls',
          { target: { comm }, syscalls: ['openat'], only_failed: true, duration: 4 },
          () => runChecked([bin, 'fail_open', '7']));
      assert.equal(sc.status, 'completed');
      assert.equal(sc.events_total, 14);
      assert.equal(sc.events_returned, 14);
      assert.equal(sc.events.length, 14);
      assert.equal(sc.truncated, false);
      let enoent = 0, eisdir = 0;
      for (const e of sc.events) {
        assert.equal(e.comm, comm);
        assert.equal(e.syscall, 'openat');
        if (e.args.filename === '/nonexistent/sctrace-test') {
          assert.equal(e.error.name, 'ENOENT');
          ++enoent;
        } else {
          assert.equal(e.args.filename, '/');
          assert.equal(e.error.name, 'EISDIR');
          ++eisdir;
        }
      }
      assert.equal(enoent, 7);
      assert.equal(eisdir, 7);
      assert.equal(sc.summary.total_events, 14);
      assert.equal(sc.summary.tool_stats.events_dropped, 0);
      const d = sc.digest;
      assert.equal(d.events, 14);
      assert.equal(d.complete, true);
      assert.deepEqual(d.syscalls, { openat: { count: 14, errors: 14 } });
      assert.deepEqual(d.errors, { ENOENT: 7, EISDIR: 7 });
      assert.deepEqual(
          [...d.failing_paths].sort((a, b) => a.path.localeCompare(b.path)),
          [{ path: '/', syscall: 'openat', errno: 'EISDIR', count: 7 },
           { path: '/nonexistent/sctrace-test', syscall: 'openat', errno: 'ENOENT', count: 7 }]);
      assert.equal(d.top_processes.length, 1);
      assert.equal(d.top_processes[0].comm, comm);
      assert.equal(d.top_processes[0].count, 14);
    });

    test('trace_syscalls pages: get_trace_events returns the rest after the first page', async () => {
      const comm = uniqueComm();
      const bin = copyNamed(workloadBin, dir, comm);
      const { sc } = await traceWhile(
          conn, 'trace_syscalls',
          { target: { comm }, syscalls: ['getppid'], duration: 3 },
          () => runChecked([bin, 'burst', '1500']));
      assert.equal(sc.events_total, 1500);
      assert.equal(sc.events_truncated, 0);
      assert.equal(sc.digest.syscalls.getppid.count, 1500);
      assert.ok(sc.events_returned < 1500);
      assert.equal(sc.events.length, sc.events_returned);
      assert.equal(sc.truncated, true); // more than the first page
      assert.equal(sc.next_cursor, sc.events_returned);
      const all = [...sc.events];
      let cursor = sc.next_cursor;
      for (let i = 0; i < 20 && cursor !== null; ++i) {
        const page = await conn.ok('get_trace_events',
                                   { trace_id: sc.trace_id, cursor, limit: 1000 });
        assert.equal(page.trace_id, sc.trace_id);
        assert.equal(page.events_total, 1500);
        all.push(...page.events);
        assert.equal(page.done, page.next_cursor === null);
        cursor = page.next_cursor;
      }
      assert.equal(cursor, null);
      assert.equal(all.length, 1500);
      assert.ok(all.every((e) => e.syscall === 'getppid' && e.comm === comm));
      // In time order, no event twice (one thread: timestamps increase).
      for (let i = 1; i < all.length; ++i)
        assert.ok(all[i].timestamp > all[i - 1].timestamp, `${i}: ${all[i].timestamp}`);
    });

    test('count_syscalls on a pid: exactly 250 getppid of a gated workload', async () => {
      // The workload waits (poll on stdin) until the trace is attached.
      const w = spawn(workloadBin, ['gate_threads', '0', '250'], { stdio: ['pipe', 'ignore', 'pipe'] });
      const exited = new Promise((resolve) => w.on('exit', (code) => resolve(code)));
      try {
        const { sc } = await traceWhile(
            conn, 'count_syscalls',
            { target: { pid: w.pid }, syscalls: ['getppid'], duration: 3 },
            async () => {
              w.stdin.end('go\n');
              assert.equal(await exited, 0);
            });
        assert.equal(sc.total.total_calls, 250, JSON.stringify(sc.total));
        assert.deepEqual(sc.total.syscalls.map((r) => [r.syscall, r.count, r.errors]),
                         [['getppid', 250, 0]]);
      } finally {
        w.kill('SIGKILL');
      }
    });

    test('syscall_latency: three nanosleeps of 20, 20 and 150 ms', async () => {
      const comm = uniqueComm();
      const bin = copyNamed(workloadBin, dir, comm);
      const { sc } = await traceWhile(
          conn, 'syscall_latency',
          { target: { comm }, syscalls: ['nanosleep'], duration: 3 },
          () => runChecked([bin, 'latency']));
      assert.equal(sc.total.syscalls.length, 1, JSON.stringify(sc.total));
      const r = sc.total.syscalls[0];
      assert.equal(r.syscall, 'nanosleep');
      assert.equal(r.count, 3, JSON.stringify(r));
      assert.equal(r.histogram.reduce((a, b) => a + b.count, 0), 3);
      assert.ok(r.total_ns >= 190e6 && r.total_ns < 400e6, JSON.stringify(r));
      assert.ok(r.max_ns >= 150e6, JSON.stringify(r));
    });

    test('slow_syscalls: only the 150 ms nanosleep is over 100 ms', async () => {
      const comm = uniqueComm();
      const bin = copyNamed(workloadBin, dir, comm);
      const { sc } = await traceWhile(
          conn, 'slow_syscalls',
          { target: { comm }, syscalls: ['nanosleep', 'getppid'], threshold: '100ms', duration: 4 },
          () => runChecked([bin, 'latency']));
      assert.equal(sc.events_total, 1, JSON.stringify(sc).slice(0, 2000));
      assert.equal(sc.events[0].syscall, 'nanosleep');
      assert.ok(sc.events[0].duration_ns >= 150e6);
    });

    test('trace: a trace.py spec on getppid of one comm counts 9 events', async () => {
      const comm = uniqueComm();
      const bin = copyNamed(workloadBin, dir, comm);
      const { sc } = await traceWhile(
          conn, 'trace',
          { specs: ['t:syscalls:sys_enter_getppid'], comm, duration: 3 },
          () => runChecked([bin, 'burst', '9']));
      assert.equal(sc.events_total, 9, JSON.stringify(sc).slice(0, 2000));
      assert.equal(sc.events.length, 9);
      assert.equal(sc.traces.length, 1);
      assert.deepEqual(sc.trace_ids, [sc.trace_id]);
    });
  });
}
