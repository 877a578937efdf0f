// How big a typical trace_syscalls result is for a model: one live trace
// (root) of the workload's openat calls (`fail_open 60`: 60 ENOENT and 60
// EISDIR openat, plus the dynamic loader's opens: over 100 events, so the
// first page holds 100), measured as JSON bytes and as tokens
// (gpt-tokenizer's o200k_base, a pure-JS BPE with no download; and
// bytes / 4 for comparison):
//   - the whole tools/call result as it goes on the wire (content text and
//     structuredContent),
//   - structuredContent with its 100 events,
//   - structuredContent without events (summary and digest alone),
//   - one event on average.
// Run (as root, after building):
//   SCTRACE_BIN=build/src/cli/sctrace SCTRACE_WORKLOAD_BIN=build/tests/testprogs/sctrace_workload \
//   SCTRACE_MCP_PROGS=build/tests/mcp node tests/mcp/token_size.mjs
import { countTokens } from 'gpt-tokenizer';

import {
  connectStdio, copyNamed, removeDir, runChecked, tempDir, traceWhile, uniqueComm, workloadBin,
} from './lib/harness.mjs';

const conn = await connectStdio();
const dir = tempDir();
try {
  const comm = uniqueComm();
  const bin = copyNamed(workloadBin, dir, comm);
  const { result, sc } = await traceWhile(
      conn, 'trace_syscalls', { target: { comm }, syscalls: ['openat'], duration: 3 },
      () => runChecked([bin, 'fail_open', '60']));
  const noEvents = { ...sc, events: [] };
  const rows = [
    ['whole result (wire)', JSON.stringify(result)],
    [`structuredContent, ${sc.events.length} events`, JSON.stringify(sc)],
    ['structuredContent, no events', JSON.stringify(noEvents)],
    ['content text only', JSON.stringify(result.content)],
  ];
  console.log(`trace_syscalls: events_total ${sc.events_total}, events_returned ` +
              `${sc.events_returned}`);
  console.log('what                                   bytes   o200k tokens   bytes/4');
  for (const [what, json] of rows) {
    const bytes = Buffer.byteLength(json);
    console.log(`${what.padEnd(36)} ${String(bytes).padStart(7)} ${String(countTokens(json)).padStart(14)} ` +
                `${String(Math.round(bytes / 4)).padStart(9)}`);
  }
  const per = sc.events.map((e) => JSON.stringify(e));
  const bytes = per.reduce((a, s) => a + Buffer.byteLength(s), 0) / per.length;
  const tokens = per.reduce((a, s) => a + countTokens(s), 0) / per.length;
  console.log(`${'one event, average'.padEnd(36)} ${bytes.toFixed(0).padStart(7)} ` +
              `${tokens.toFixed(0).padStart(14)} ${(bytes / 4).toFixed(0).padStart(9)}`);
} finally {
  await conn.close();
  removeDir(dir);
}
