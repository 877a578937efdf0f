// The official MCP conformance suite (@modelcontextprotocol/conformance,
// server mode, active suite) against `sctrace serve`'s /mcp, through a
// loopback proxy that adds the bearer token (the runner sends none) and
// forwards everything else unchanged. tests/mcp/conformance-baseline.yml
// lists the scenarios expected to fail, each with its reason. The test
// fails on any other failure, and on any listed scenario that passes
// (the runner's own rule; the test also checks it from the saved
// checks.json of every scenario). The per-scenario results are printed;
// with SCTRACE_MCP_CONFORMANCE_OUT=FILE they are also written there.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

import {
  liveSkipReason, mcpDir, removeDir, run, startAuthProxy, startServe, tempDir,
} from './lib/harness.mjs';

const skip = liveSkipReason();
const runner = path.join(mcpDir, 'node_modules/@modelcontextprotocol/conformance/dist/index.js');
const baselineFile = path.join(mcpDir, 'conformance-baseline.yml');

// The scenario names under "server:" in the baseline (a list of
// "  - name" lines; comments hold the reasons).
function baseline() {
  const out = [];
  let inServer = false;
  for (const line of fs.readFileSync(baselineFile, 'utf8').split('\n')) {
    if (/^server:\s*$/.test(line)) inServer = true;
    else if (/^\S/.test(line) && !line.startsWith('#')) inServer = false;
    const m = /^\s+-\s+([a-z0-9-]+)\s*(#.*)?$/.exec(line);
    if (inServer && m) out.push(m[1]);
  }
  return out;
}

// {scenario: {failed, checks}} from the runner's output directory (one
// directory per scenario, each with checks.json).
function results(dir) {
  const out = {};
  for (const entry of fs.readdirSync(dir)) {
    const file = path.join(dir, entry, 'checks.json');
    if (!fs.existsSync(file)) continue;
    const checks = JSON.parse(fs.readFileSync(file, 'utf8'));
    const m = /^server-(.+)-\d{4}-\d{2}-\d{2}T.*$/.exec(entry) || /^(.+)-\d{4}-.*$/.exec(entry);
    const name = m ? m[1] : entry;
    const failures = checks.filter((c) => c.status === 'FAILURE');
    out[name] = {
      failed: failures.length > 0,
      failures: failures.map((c) => `${c.id}: ${c.errorMessage ?? c.description}`),
      checks: checks.length,
    };
  }
  return out;
}

test('conformance: the active server suite against /mcp, failures exactly the baseline',
     { skip, timeout: 480000 }, async () => {
  assert.ok(fs.existsSync(runner), 'the conformance package is not installed');
  const server = await startServe();
  const proxy = await startAuthProxy(server.base, server.token);
  const work = tempDir('sctrace-mcp-conformance-');
  try {
    const outDir = path.join(work, 'results');
    const r = await run([process.execPath, runner, 'server', '--url', `${proxy.url}/mcp`,
                         '--expected-failures', baselineFile, '-o', outDir],
                        { timeoutMs: 420000 });
    console.log(r.stdout.split('\n').filter((l) => /^(===|Running|Summary|Total|\s*[✓✗]|.*(passed|failed))/.test(l)).join('\n'));
    const got = results(outDir);
    const expected = new Set(baseline());
    const lines = Object.keys(got).sort().map((s) =>
        `${got[s].failed ? 'FAIL' : 'pass'} ${s}${expected.has(s) ? ' (baseline)' : ''}` +
        (got[s].failed ? `\n    ${got[s].failures.join('\n    ')}` : ''));
    console.log(`# conformance per scenario:\n${lines.join('\n')}`);
    if (process.env.SCTRACE_MCP_CONFORMANCE_OUT)
      fs.writeFileSync(process.env.SCTRACE_MCP_CONFORMANCE_OUT, lines.join('\n') + '\n');

    assert.ok(Object.keys(got).length >= 20, `only ${Object.keys(got).length} scenarios ran:\n${r.stdout}\n${r.stderr}`);
    const unexpected = Object.keys(got).filter((s) => got[s].failed && !expected.has(s));
    const stale = [...expected].filter((s) => got[s] && !got[s].failed);
    const missing = [...expected].filter((s) => !got[s]);
    assert.deepEqual(unexpected, [], 'scenarios failing that the baseline does not list');
    assert.deepEqual(stale, [], 'baseline entries that pass now: remove them');
    assert.deepEqual(missing, [], 'baseline entries the runner did not run');
    assert.equal(r.code, 0, `the runner exited ${r.code}:\n${r.stdout.slice(-4000)}\n${r.stderr.slice(-2000)}`);
  } finally {
    await proxy.close();
    const code = await server.stop();
    removeDir(work);
    assert.equal(code, 0, `sctrace serve exited ${code}: ${server.log()}`);
  }
});
