// Every error code of the tools that can be provoked on this machine, over
// the real `sctrace mcp`: each is a tool result with isError and
// structuredContent {error: {code, message, hint, ...}} that the SDK (and
// the harness's JSON Schema 2020-12 check) validates against the tool's
// outputSchema.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';

import {
  allBpftraces, bpftracesBelow, connectStdio, copyNamed, liveSkipReason, removeDir, tempDir,
  uniqueComm, waitAttached, waitGone, workloadBin,
} from './lib/harness.mjs';

const skip = liveSkipReason();

async function expectError(conn, name, args, code) {
  const r = await conn.call(name, args);
  assert.equal(r.isError, true, `${name} ${JSON.stringify(args)}: ${JSON.stringify(r)}`);
  const e = r.structuredContent?.error;
  assert.ok(e, JSON.stringify(r));
  assert.equal(e.code, code, JSON.stringify(e));
  assert.ok(typeof e.message === 'string' && e.message.length > 0, JSON.stringify(e));
  assert.ok(typeof e.hint === 'string' && e.hint.length > 0, JSON.stringify(e));
  // The text content says the same for clients without structured output.
  assert.ok(r.content.some((c) => c.type === 'text' && c.text.length > 0));
  return e;
}

// A pid no process has (nor had recently: above every live pid).
function freePid() {
  const pidMax = Number(fs.readFileSync('/proc/sys/kernel/pid_max', 'utf8'));
  for (let p = pidMax - 1; p > 1; --p) if (!fs.existsSync(`/proc/${p}`)) return p;
  throw new Error('no free pid');
}

describe('tool errors over stdio', { skip, timeout: 300000 }, () => {
  let conn;
  before(async () => {
    conn = await connectStdio();
  });
  after(async () => {
    await conn?.close();
  });

  test('invalid_spec: a broken trace.py spec, with its line and column', async () => {
    const e = await expectError(conn, 'trace',
                                { specs: ['t:syscalls:sys_enter_openat "%s", arg0 +'], duration: 1 },
                                'invalid_spec');
    assert.equal(typeof e.line, 'number');
    assert.equal(typeof e.column, 'number');
    assert.ok(e.line >= 1 && e.column >= 1, JSON.stringify(e));
  });

  test('unknown_syscall: a name this kernel does not have', async () => {
    const e = await expectError(conn, 'trace_syscalls',
                                { target: { all: true }, syscalls: ['no_such_syscall'], duration: 1 },
                                'unknown_syscall');
    assert.match(e.message, /no_such_syscall/);
  });

  test('no_such_process: a pid nobody has', async () => {
    const pid = freePid();
    const e = await expectError(conn, 'trace_syscalls',
                                { target: { pid }, syscalls: ['openat'], duration: 1 },
                                'no_such_process');
    assert.match(e.message, new RegExp(String(pid)));
  });

  test('invalid_argument: a duration out of range, two targets, no target', async () => {
    await expectError(conn, 'trace_syscalls', { target: { all: true }, duration: 0 },
                      'invalid_argument');
    await expectError(conn, 'trace_syscalls', { target: { all: true }, duration: 301 },
                      'invalid_argument');
    await expectError(conn, 'trace_syscalls', { target: { pid: 1, comm: 'x' }, duration: 1 },
                      'invalid_argument');
    await expectError(conn, 'count_syscalls', { duration: 1 }, 'invalid_argument');
  });

  // (A kprobe without --allow-kernel-functions answers kprobes_unavailable
  // on this kernel: the machine's lack is found before the policy's
  // refusal. See the kprobes_unavailable test.)
  test('refused_by_policy: a uprobe and a command target without the options', async () => {
    const e = await expectError(conn, 'trace', { specs: ['u:/bin/true:main'], duration: 1 },
                                'refused_by_policy');
    assert.match(e.message, /uprobe/);
    await expectError(conn, 'trace_syscalls',
                      { target: { command: ['/bin/true'] }, duration: 1 }, 'refused_by_policy');
  });

  test('not_found: a trace id that was never given', async () => {
    await expectError(conn, 'get_trace_events', { trace_id: 'no-such-trace', cursor: 0 },
                      'not_found');
  });

  test('the refused calls started no bpftrace', () => {
    assert.deepEqual(bpftracesBelow(conn.pid), []);
  });
});

describe('kprobes_unavailable with --allow-kernel-functions', { skip, timeout: 120000 }, () => {
  test('a kprobe on a kernel function, allowed by policy, on a kernel without kprobes', async () => {
    const conn = await connectStdio(['--allow-kernel-functions']);
    try {
      const caps = await conn.ok('capabilities', {});
      // This machine's kernel has no kprobes (capabilities says so, with
      // its reason); the error is then kprobes_unavailable.
      assert.equal(caps.checks.kprobes.available, false, JSON.stringify(caps.checks.kprobes));
      await expectError(conn, 'trace', { specs: ['p::vfs_read'], duration: 1 },
                        'kprobes_unavailable');
    } finally {
      await conn.close();
    }
  });
});

describe('not_root: sctrace mcp as nobody', { skip, timeout: 120000 }, () => {
  test('tracing tools answer not_root; capabilities says root_access is missing', async () => {
    const conn = await connectStdio([], { asNobody: true });
    try {
      const caps = await conn.ok('capabilities', {});
      assert.equal(caps.checks.root_access.available, false);
      for (const [name, args] of [
        ['trace_syscalls', { target: { all: true }, syscalls: ['getppid'], duration: 1 }],
        ['count_syscalls', { target: { all: true }, syscalls: ['getppid'], duration: 1 }],
        ['trace', { specs: ['t:syscalls:sys_enter_getppid'], duration: 1 }],
      ])
        await expectError(conn, name, args, 'not_root');
      assert.deepEqual(bpftracesBelow(conn.pid), []);
    } finally {
      await conn.close();
    }
  });
});

describe('busy: one trace at a time (--max-sessions 1 --max-queued 0)', { skip, timeout: 120000 }, () => {
  test('a second trace while the first runs is refused busy; the first completes', async () => {
    const conn = await connectStdio(['--max-sessions', '1', '--max-queued', '0']);
    try {
      let settled = false;
      const first = conn.call('trace_syscalls',
                              { target: { all: true }, syscalls: ['getppid'], duration: 3 });
      first.then(() => (settled = true), () => (settled = true));
      const bt = await waitAttached(conn.pid, { stop: () => settled });
      assert.ok(bt, 'the first trace never attached');
      await expectError(conn, 'trace_syscalls',
                        { target: { all: true }, syscalls: ['getppid'], duration: 1 }, 'busy');
      const r = await first;
      assert.equal(r.isError, false, JSON.stringify(r.structuredContent));
      assert.ok(await waitGone([bt]));
    } finally {
      await conn.close();
    }
  });
});
