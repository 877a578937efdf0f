// Two scripted agent scenarios over the real `sctrace mcp`: the "agent"
// uses tool calls only, and decides from structured fields only (no text
// parsing). What it concludes is then checked against what the test
// programs (tests/mcp/progs/) are known to do.
//
// (a) mcp_config_app exits 1 saying only "configuration error": the agent
//     asks suggest_syscalls, traces the failing calls of the program with
//     trace_syscalls (only_failed) and reads the missing path off the
//     digest.
// (b) mcp_slow_app is slow: the agent finds the syscall that makes it slow
//     with syscall_latency (the most total time) and confirms it with
//     slow_syscalls (every call over 50 ms).
//
// With SCTRACE_MCP_TRANSCRIPT=1 the calls of (a) (requests and results,
// event lists trimmed to 3) go to tests/mcp/transcripts/.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

import {
  connectStdio, copyNamed, liveSkipReason, mcpDir, prog, removeDir, run, tempDir, traceWhile,
  uniqueComm,
} from './lib/harness.mjs';

const skip = liveSkipReason();

function trimmed(value) {
  return JSON.parse(JSON.stringify(value, (k, v) =>
      Array.isArray(v) && k === 'events' && v.length > 3 ?
          [...v.slice(0, 3), `... ${v.length - 3} more events`] : v));
}

function saveTranscript(name, log, extra) {
  if (process.env.SCTRACE_MCP_TRANSCRIPT !== '1') return;
  const dir = path.join(mcpDir, 'transcripts');
  fs.mkdirSync(dir, { recursive: true });
  const doc = {
    scenario: name,
    ...extra,
    calls: log.map(({ request, result }) => ({
      request: { method: 'tools/call', params: request },
      result: trimmed({ isError: result.isError ?? false, structuredContent: result.structuredContent }),
    })),
  };
  fs.writeFileSync(path.join(dir, `${name}.json`), JSON.stringify(doc, null, 2) + '\n');
}

describe('agent scenarios over stdio', { skip, timeout: 300000 }, () => {
  let conn, dir;
  before(async () => {
    conn = await connectStdio();
    dir = tempDir();
  });
  after(async () => {
    await conn?.close();
    if (dir) removeDir(dir);
  });

  test('(a) a program fails on a missing config file: the agent finds its path', async () => {
    const comm = uniqueComm('app');
    const bin = copyNamed(prog('mcp_config_app'), dir, comm);
    const confDir = fs.mkdtempSync('/tmp/sctrace-mcp-');
    const expected = path.join(confDir, 'app.conf'); // known to the test only
    try {
      conn.log.length = 0;
      // 1. Which calls would show a missing file?
      const suggest = await conn.ok('suggest_syscalls',
                                    { description: 'program fails because a file is not found' });
      const syscalls = suggest.suggestions.map((s) => s.syscall);
      assert.ok(syscalls.length > 0);
      // 2. Trace the program's failing calls of those while it runs.
      const { sc, workload } = await traceWhile(
          conn, 'trace_syscalls',
          { target: { comm }, syscalls, only_failed: true, duration: 3 },
          () => run([bin, confDir]));
      assert.equal(workload.code, 1, 'the program did not fail');
      // 3. The answer: the digest's top failing path that does not exist.
      const failing = sc.digest.failing_paths;
      const answer = failing.find((p) => p.errno === 'ENOENT');
      assert.ok(answer, JSON.stringify(failing));
      assert.equal(answer.path, expected);
      assert.equal(answer.count, 1);
      // And only that call failed (a static program: no loader probing).
      assert.equal(sc.events_total, 1);
      assert.equal(failing.length, 1);
      saveTranscript('scenario-a-missing-config', conn.log, {
        program: 'tests/mcp/progs/config_app.cpp (prints only "configuration error", exits 1)',
        answer: answer.path,
      });
    } finally {
      removeDir(confDir);
    }
  });

  test('(b) a program is slow: the agent finds the syscall that makes it slow', async () => {
    const comm = uniqueComm('slow');
    const bin = copyNamed(prog('mcp_slow_app'), dir, comm);
    const FAST = 3000, SLOW = 4, MS = 150;
    const argv = [bin, String(FAST), String(SLOW), String(MS)];

    // 1. Where does the time go? The syscall with the most total time.
    const lat = (await traceWhile(conn, 'syscall_latency', { target: { comm }, duration: 4 },
                                  () => run(argv))).sc;
    const rows = lat.total.syscalls;
    const slowest = [...rows].sort((x, y) => y.total_ns - x.total_ns)[0];
    assert.equal(slowest.syscall, 'poll', JSON.stringify(rows));
    assert.equal(slowest.count, SLOW);
    assert.ok(slowest.total_ns >= SLOW * MS * 1e6, JSON.stringify(slowest));
    // The fast calls are many more, and counted exactly.
    assert.equal(rows.find((r) => r.syscall === 'getppid').count, FAST);

    // 2. Every call over 50 ms is one of those polls.
    const slow = (await traceWhile(conn, 'slow_syscalls',
                                   { target: { comm }, threshold: '50ms', duration: 4 },
                                   () => run(argv))).sc;
    assert.equal(slow.events_total, SLOW, JSON.stringify(slow).slice(0, 2000));
    for (const e of slow.events) {
      assert.equal(e.syscall, 'poll');
      assert.ok(e.duration_ns >= MS * 1e6);
    }
  });
});
