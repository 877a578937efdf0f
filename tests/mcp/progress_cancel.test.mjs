// Progress and cancellation of a long tools/call, over stdio and HTTP:
// a trace reports notifications/progress about once a second with
// increasing progress; an AbortController that aborts a 30 s trace after
// about 3 s makes the SDK send notifications/cancelled, the call rejects
// at once, the server stops the trace (its bpftrace is gone within
// seconds), sends no response for the cancelled request, and serves the
// next call.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';

import {
  bpftracesBelow, copyNamed, liveSkipReason, removeDir, runChecked, tempDir, transports,
  uniqueComm, waitAttached, waitGone, workloadBin,
} from './lib/harness.mjs';

const skip = liveSkipReason();

for (const t of transports) {
  describe(`progress and cancellation over ${t.name}`, { skip, timeout: 300000 }, () => {
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

    test('a 4 s trace sends at least 2 progress notifications, increasing', async () => {
      const seen = [];
      const r = await conn.call(
          'trace_syscalls',
          { target: { all: true }, syscalls: ['getppid'], duration: 4 },
          { onprogress: (p) => seen.push({ ...p, at: Date.now() }) });
      assert.equal(r.isError, false, JSON.stringify(r.structuredContent));
      assert.ok(seen.length >= 2, JSON.stringify(seen));
      for (let i = 1; i < seen.length; ++i)
        assert.ok(seen[i].progress > seen[i - 1].progress, JSON.stringify(seen));
      for (const p of seen) {
        assert.equal(typeof p.progress, 'number');
        if (p.total !== undefined) assert.ok(p.progress <= p.total, JSON.stringify(p));
        if (p.message !== undefined) assert.equal(typeof p.message, 'string');
      }
    });

    test('aborting a 30 s trace after 3 s: rejected at once, bpftrace gone, no response', async () => {
      const wire = conn.tap();
      const controller = new AbortController();
      const progress = [];
      let settled = false;
      const t0 = Date.now();
      const comm = uniqueComm();
      const bin = copyNamed(workloadBin, dir, comm);
      const call = conn.call(
          'trace_syscalls',
          { target: { comm }, syscalls: ['getppid'], duration: 30 },
          { signal: controller.signal, onprogress: (p) => progress.push(p) });
      call.then(() => (settled = true), () => (settled = true));
      const bt = await waitAttached(conn.pid, { stop: () => settled });
      assert.ok(bt, 'the trace never attached');
      // The progress notifications name the trace and say when its probes
      // are live.
      const idOf = (p) => /^trace (t-[0-9a-f]{16}): attached,/.exec(p.message ?? '')?.[1];
      for (let i = 0; i < 3000 && !progress.some(idOf); ++i) await sleep(10);
      const traceId = idOf(progress.find(idOf) ?? {});
      assert.ok(traceId, JSON.stringify(progress));
      // 500 calls the stopped trace must account for.
      await runChecked([bin, 'burst', '500']);
      await sleep(Math.max(0, 3000 - (Date.now() - t0)));
      const abortedAt = Date.now();
      controller.abort('test aborts');
      await assert.rejects(call);
      const rejectMs = Date.now() - abortedAt;
      assert.ok(rejectMs < 1000, `rejected after ${rejectMs} ms`);

      // The request's id, and the notifications/cancelled the SDK sent.
      const req = wire.find((w) => w.dir === 'out' && w.msg.method === 'tools/call');
      assert.ok(req, 'no tools/call on the wire');
      const cancel = wire.find((w) => w.dir === 'out' &&
                                      w.msg.method === 'notifications/cancelled');
      assert.ok(cancel, 'no notifications/cancelled on the wire');
      assert.equal(cancel.msg.params.requestId, req.msg.id);

      // The server stops the trace: its bpftrace is gone within 5 s, and
      // none is left below the server (other suites may run bpftraces of
      // their own on this machine: a machine-wide count would not be
      // this test's).
      assert.ok(await waitGone([bt], 5000), `bpftrace ${bt} still runs 5 s after the cancel`);
      const goneMs = Date.now() - abortedAt;
      assert.deepEqual(bpftracesBelow(conn.pid), []);
      assert.ok(progress.length >= 1, 'no progress in 3 s');

      // No response for the cancelled request (the spec: the receiver
      // SHOULD NOT respond), even a while later.
      await sleep(1500);
      assert.equal(wire.filter((w) => w.dir === 'in' && w.msg.id === req.msg.id).length, 0,
                   JSON.stringify(wire.filter((w) => w.dir === 'in' && w.msg.id === req.msg.id)));
      console.log(`# cancel over ${t.name}: rejected in ${rejectMs} ms, bpftrace gone in ` +
                  `${goneMs} ms, ${progress.length} progress notifications before`);

      // The partial result: get_trace_events on the id the progress named
      // pages the 500 events and gives the summary with exact loss
      // accounting, over either transport.
      const part = await conn.ok('get_trace_events', { trace_id: traceId, cursor: 0, limit: 1000 });
      assert.equal(part.status, 'stopped');
      assert.equal(part.done, true);
      assert.equal(part.events_total, 500);
      assert.equal(part.events.length, 500);
      assert.equal(part.events_truncated, 0);
      assert.equal(part.summary.total_events, 500, JSON.stringify(part.summary));
      assert.equal(part.summary.tool_stats.events_dropped, 0);
      assert.equal(part.summary.tool_stats.loss_exact, true);

      // Over HTTP the server's REST side shares the trace manager: the
      // stopped trace and its loss accounting are there too.
      if (session.server) {
        const res = await fetch(`${session.server.base}/v1/traces`,
                                { headers: { Authorization: `Bearer ${session.server.token}` } });
        assert.equal(res.status, 200);
        const traces = (await res.json()).traces.filter((x) => x.request?.tool === 'trace_syscalls');
        assert.equal(traces.length, 2, JSON.stringify(traces).slice(0, 2000)); // the 4 s one too
        const stopped = traces.find((x) => x.status === 'stopped');
        assert.ok(stopped, JSON.stringify(traces.map((x) => x.status)));
        assert.equal(stopped.summary.tool_stats.loss_exact, true, JSON.stringify(stopped.summary));
        assert.equal(stopped.summary.tool_stats.events_dropped, 0);
        assert.equal(stopped.events, 500);
        assert.equal(stopped.summary.total_events, 500);
        const page = await conn.ok('get_trace_events', { trace_id: stopped.id, cursor: 0, limit: 1000 });
        assert.equal(page.status, 'stopped');
        assert.equal(page.events_total, 500);
        assert.equal(page.events.length, 500);
        assert.equal(page.done, true);
        assert.ok(page.events.every((e) => e.comm === comm && e.syscall === 'getppid'));
        console.log(`# the cancelled trace ${stopped.id}: ${stopped.events} events, ` +
                    `${stopped.summary.tool_stats.events_dropped} dropped, ` +
                    `stop_reason ${stopped.summary.stop_reason}`);
      }

      // The connection serves the next call, and a new trace runs (the
      // cancelled one holds no slot).
      await conn.client.ping();
      const r = await conn.call('trace_syscalls',
                                { target: { all: true }, syscalls: ['getppid'], duration: 1 });
      assert.equal(r.isError, false, JSON.stringify(r.structuredContent));
    });
  });
}
