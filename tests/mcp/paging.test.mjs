// Paging through a 100,000-event trace over stdio: tests/mcp/progs/
// paced_close.cpp makes 100,000 close(10000000 + i) calls (EBADF), paced
// so that bpftrace keeps up; each event carries its sequence number i in
// its fd argument. trace_syscalls returns the first page and a cursor;
// get_trace_events pages the rest. Every i from 0 to 99,999 must come
// exactly once, in order, and the count must equal events_total.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';

import {
  connectStdio, copyNamed, liveSkipReason, prog, removeDir, runChecked, tempDir, traceWhile,
  uniqueComm,
} from './lib/harness.mjs';

const skip = liveSkipReason();
const N = 100000;
const BASE = 10000000;

describe('paging a 100,000-event trace', { skip, timeout: 400000 }, () => {
  let conn, dir;
  before(async () => {
    // The manager keeps 100,000 events per trace by default: raise the
    // cap so that this trace is never truncated by it.
    conn = await connectStdio(['--max-events', '200000']);
    dir = tempDir();
  });
  after(async () => {
    await conn?.close();
    if (dir) removeDir(dir);
  });

  test('every event exactly once, count equal to events_total', async () => {
    const comm = uniqueComm();
    const bin = copyNamed(prog('mcp_paced_close'), dir, comm);
    const t0 = Date.now();
    const { sc } = await traceWhile(
        conn, 'trace_syscalls',
        { target: { comm }, syscalls: ['close'], duration: 10 },
        () => runChecked([bin, String(N), '200', '2000']));
    const stats = sc.summary.tool_stats;
    assert.equal(stats.loss_exact, true);
    assert.equal(stats.events_dropped, 0,
                 `bpftrace dropped ${stats.events_dropped} of ${N}: the pacing is too fast here`);
    assert.equal(sc.events_total, N);
    assert.equal(sc.events_truncated, 0); // nothing over the manager's cap
    assert.equal(sc.truncated, true); // more than the first page
    assert.ok(sc.events.length > 0 && sc.events.length === sc.events_returned);

    const seqs = [];
    const take = (events) => {
      for (const e of events) {
        assert.equal(e.syscall, 'close');
        assert.equal(e.error?.name, 'EBADF');
        seqs.push(e.args.fd - BASE);
      }
    };
    take(sc.events);
    let cursor = sc.next_cursor;
    let pages = 1;
    // Bounded: N events in pages of at least 100 take at most 1000 pages.
    while (cursor !== null && pages <= 1000) {
      const page = await conn.ok('get_trace_events', { trace_id: sc.trace_id, cursor, limit: 1000 });
      take(page.events);
      ++pages;
      assert.equal(page.done, page.next_cursor === null);
      if (page.done) break;
      assert.ok(page.next_cursor > cursor, 'the cursor did not move');
      cursor = page.next_cursor;
    }
    assert.equal(seqs.length, sc.events_total);
    const seen = new Uint8Array(N);
    for (const s of seqs) {
      assert.ok(Number.isInteger(s) && s >= 0 && s < N, `fd ${s + BASE}`);
      assert.equal(seen[s], 0, `sequence ${s} twice`);
      seen[s] = 1;
    }
    // In the order the calls were made (one thread).
    for (let i = 0; i < seqs.length; ++i) if (seqs[i] !== i) assert.fail(`position ${i}: ${seqs[i]}`);
    // The digest counts the same calls.
    assert.deepEqual(sc.digest.syscalls, { close: { count: N, errors: N } });
    assert.deepEqual(sc.digest.errors, { EBADF: N });
    assert.equal(sc.digest.complete, true);
    console.log(`# ${N} events in ${pages} pages, ${Date.now() - t0} ms in all`);
  });
});
