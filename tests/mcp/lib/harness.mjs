// Shared helpers of the Node tests of `sctrace mcp` (stdio) and of
// `sctrace serve`'s /mcp (Streamable HTTP): the real sctrace binary, the
// real bpftrace below it, real workloads, and the official MCP SDK client.
//
// Paths come from CTest (tests/mcp/CMakeLists.txt): SCTRACE_BIN,
// SCTRACE_WORKLOAD_BIN and SCTRACE_MCP_PROGS (the directory of the
// programs built from tests/mcp/progs/).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';

export const mcpDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

// Without the pinned npm packages the suite cannot run: that is a failure
// (scripts/setup runs `npm ci` in tests/mcp), never a skip.
for (const pkg of ['@modelcontextprotocol/sdk', 'ajv', 'ajv-formats']) {
  if (!fs.existsSync(path.join(mcpDir, 'node_modules', pkg, 'package.json')))
    throw new Error(`tests/mcp/node_modules/${pkg} is missing: run scripts/setup ` +
                    '(it runs `npm ci` in tests/mcp)');
}
const { Client } = await import('@modelcontextprotocol/sdk/client/index.js');
const { StdioClientTransport } = await import('@modelcontextprotocol/sdk/client/stdio.js');
const { StreamableHTTPClientTransport } =
    await import('@modelcontextprotocol/sdk/client/streamableHttp.js');
const Ajv2020 = (await import('ajv/dist/2020.js')).default;
const addFormats = (await import('ajv-formats')).default;
export { Client, StdioClientTransport, StreamableHTTPClientTransport };

function requiredEnv(name) {
  const v = process.env[name];
  if (!v)
    throw new Error(`${name} is not set: run the suite through CTest ` +
                    '(ctest -L live -R mcp_) or set it to the built binary');
  return v;
}
export const sctraceBin = requiredEnv('SCTRACE_BIN');
export const workloadBin = requiredEnv('SCTRACE_WORKLOAD_BIN');
export const progsDir = requiredEnv('SCTRACE_MCP_PROGS');
export const prog = (name) => path.join(progsDir, name);

export const TOOL_NAMES = [
  'capabilities', 'count_syscalls', 'explain_program', 'get_trace_events',
  'slow_syscalls', 'suggest_syscalls', 'syscall_latency', 'trace',
  'trace_syscalls',
];

// ---------------------------------------------------------------- live gate

function findExecutable(name) {
  for (const dir of (process.env.PATH || '/usr/bin:/bin').split(':')) {
    const p = path.join(dir || '.', name);
    try {
      fs.accessSync(p, fs.constants.X_OK);
      return p;
    } catch {}
  }
  return null;
}

function prerequisitesRequired() {
  if (process.env.SCTRACE_LIVE_REQUIRED === '1') return true;
  const ci = process.env.CI || '';
  return ci !== '' && ci !== '0' && ci !== 'false';
}

// undefined when the live tests can run; else the reason, printed with a
// line CTest's SKIP_REGULAR_EXPRESSION matches. Throws (the test fails)
// when SCTRACE_LIVE_REQUIRED=1 or CI is set: there a skip would hide that
// the suite did not run.
export function liveSkipReason() {
  let reason;
  if (process.geteuid() !== 0) reason = 'not running as root (the tools load BPF programs)';
  else if (!findExecutable('bpftrace')) reason = 'bpftrace is not installed';
  else if (!findExecutable('setpriv')) reason = 'setpriv (util-linux) is not installed';
  if (!reason) return undefined;
  if (prerequisitesRequired())
    throw new Error(`live prerequisite missing: ${reason} ` +
                    '(SCTRACE_LIVE_REQUIRED=1 or CI is set: failing, not skipping)');
  console.log(`sctrace-mcp-tests: SKIPPED: ${reason}`);
  return reason;
}

// ---------------------------------------------------------------- processes

export function tempDir(prefix = 'sctrace-mcp-') {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function removeDir(dir) {
  fs.rmSync(dir, { recursive: true, force: true });
}

// A copy of bin named name (its comm is the name's first 15 bytes).
export function copyNamed(bin, dir, name) {
  const p = path.join(dir, name);
  fs.copyFileSync(bin, p);
  fs.chmodSync(p, 0o755);
  return p;
}

// A fresh comm for one test: "mcp" + 8 hex digits (11 bytes < 15).
export function uniqueComm(prefix = 'mcp') {
  return prefix + Math.floor(Math.random() * 0xffffffff).toString(16).padStart(8, '0');
}

// Runs argv to its end (SIGKILL after timeoutMs): {code, signal, stdout,
// stderr, pid}.
export function run(argv, { timeoutMs = 30000, input } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0], argv.slice(1), { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '', stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, pid: child.pid });
    });
    if (input !== undefined) child.stdin.end(input);
    else child.stdin.end();
  });
}

// ---------------------------------------------------------------- /proc

function readText(p) {
  try {
    return fs.readFileSync(p, 'utf8');
  } catch {
    return null;
  }
}

// {pid: ppid} of every process, from /proc/PID/stat.
function parents() {
  const out = new Map();
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = readText(`/proc/${name}/stat`);
    if (!stat) continue;
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    out.set(Number(name), Number(rest[1]));
  }
  return out;
}

export function descendants(root) {
  const ppid = parents();
  const below = new Set([root]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [pid, parent] of ppid)
      if (!below.has(pid) && below.has(parent)) {
        below.add(pid);
        grew = true;
      }
  }
  below.delete(root);
  return [...below];
}

export function processGone(pid) {
  const stat = readText(`/proc/${pid}/stat`);
  if (stat === null) return true;
  return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
}

export function bpftracesBelow(root) {
  return descendants(root).filter((p) => readText(`/proc/${p}/comm`) === 'bpftrace\n' &&
                                         !processGone(p));
}

// Every bpftrace process on the machine (what `pgrep -x bpftrace` counts).
export function allBpftraces() {
  const out = [];
  for (const name of fs.readdirSync('/proc'))
    if (/^\d+$/.test(name) && readText(`/proc/${name}/comm`) === 'bpftrace\n' &&
        !processGone(Number(name)))
      out.push(Number(name));
  return out;
}

// The BPF programs and perf events pid holds fds to.
function bpfFds(pid) {
  let progs = 0, perf = 0;
  let fds = [];
  try {
    fds = fs.readdirSync(`/proc/${pid}/fd`);
  } catch {
    return { progs, perf };
  }
  for (const fd of fds) {
    let target = '';
    try {
      target = fs.readlinkSync(`/proc/${pid}/fd/${fd}`);
    } catch {
      continue;
    }
    if (target === 'anon_inode:[perf_event]') ++perf;
    else if (target === 'anon_inode:bpf-prog') {
      const info = readText(`/proc/${pid}/fdinfo/${fd}`) || '';
      if (info.includes('prog_id:')) ++progs;
    }
  }
  return { progs, perf };
}

// Waits (polling every 10 ms, at most timeoutMs, or until stop() holds)
// for a bpftrace below root, not in exclude, that holds its BPF programs
// and at least as many perf events (its probes are attached): its pid, or
// 0. The same criterion as tests/live/remote_seed_test.cpp.
export async function waitAttached(root, { exclude = [], timeoutMs = 30000, stop = () => false } = {}) {
  const t0 = Date.now();
  while (Date.now() - t0 < timeoutMs && !stop()) {
    for (const bt of bpftracesBelow(root)) {
      if (exclude.includes(bt)) continue;
      const { progs, perf } = bpfFds(bt);
      if (progs > 0 && perf >= progs) return bt;
    }
    await sleep(10);
  }
  return 0;
}

export async function waitGone(pids, timeoutMs = 10000) {
  const t0 = Date.now();
  while (Date.now() - t0 < timeoutMs) {
    if (pids.every(processGone)) return true;
    await sleep(20);
  }
  return pids.every(processGone);
}

// ---------------------------------------------------------------- schemas

const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
const compiled = new Map();

// JSON Schema 2020-12 errors of value against schema ('' when valid): a
// second, stricter check next to the SDK's own (its Ajv is draft-07).
export function schemaErrors(schema, value) {
  const key = JSON.stringify(schema);
  let validate = compiled.get(key);
  if (!validate) {
    validate = ajv.compile(schema);
    compiled.set(key, validate);
  }
  return validate(value) ? '' : ajv.errorsText(validate.errors, { separator: '\n' });
}

// ---------------------------------------------------------------- clients

// One connected MCP client: the SDK's Client over one transport, the pid
// of the sctrace process whose children the traces' bpftraces are, and
// the tools (tools/list was called once, so the SDK validates every
// result's structuredContent against its tool's outputSchema).
export class Conn {
  constructor(client, transport, pid, stderr) {
    this.client = client;
    this.transport = transport;
    this.pid = pid;
    this.stderr = stderr;
    this.tools = new Map();
    this.log = []; // {request, result} of every call, for transcripts
  }

  // Records every JSON-RPC message both ways ({dir: 'out'|'in', at, msg})
  // from now on: the wire as the SDK sees it.
  tap() {
    this.wire = [];
    const t = this.transport;
    const send = t.send.bind(t);
    t.send = (msg, opts) => {
      this.wire.push({ dir: 'out', at: Date.now(), msg });
      return send(msg, opts);
    };
    const onmessage = t.onmessage;
    t.onmessage = (msg, extra) => {
      this.wire.push({ dir: 'in', at: Date.now(), msg });
      return onmessage(msg, extra);
    };
    return this.wire;
  }

  async listTools() {
    const r = await this.client.listTools();
    this.tools = new Map(r.tools.map((t) => [t.name, t]));
    return r;
  }

  // tools/call; throws when the SDK's validation fails. Also checks the
  // result against the outputSchema with a JSON Schema 2020-12 validator.
  async call(name, args = {}, options = {}) {
    const request = { name, arguments: args };
    const result = await this.client.callTool(request, undefined, {
      timeout: 120000,
      ...options,
    });
    this.log.push({ request, result });
    const tool = this.tools.get(name);
    if (tool?.outputSchema && result.structuredContent) {
      const errs = schemaErrors(tool.outputSchema, result.structuredContent);
      if (errs)
        throw new Error(`${name}: structuredContent does not match its outputSchema ` +
                        `(JSON Schema 2020-12):\n${errs}\n` +
                        JSON.stringify(result.structuredContent).slice(0, 2000));
    }
    return result;
  }

  // A call that must succeed: its structuredContent.
  async ok(name, args = {}, options = {}) {
    const r = await this.call(name, args, options);
    if (r.isError)
      throw new Error(`${name} failed: ${JSON.stringify(r.structuredContent ?? r.content)}`);
    if (!r.structuredContent) throw new Error(`${name}: no structuredContent`);
    return r.structuredContent;
  }

  async close() {
    try {
      if (this.transport.terminateSession) await this.transport.terminateSession();
    } catch {}
    await this.client.close();
  }
}

function newClient() {
  return new Client({ name: 'sctrace-node-tests', version: '1.0.0' }, { capabilities: {} });
}

// `sctrace mcp ARGS` over stdio. asNobody: run it as nobody:nogroup
// through setpriv (same pid: setpriv execs).
export async function connectStdio(args = [], { asNobody = false } = {}) {
  const argv = asNobody
      ? ['--reuid=nobody', '--regid=nogroup', '--clear-groups', sctraceBin, 'mcp', ...args]
      : ['mcp', ...args];
  const transport = new StdioClientTransport({
    command: asNobody ? findExecutable('setpriv') : sctraceBin,
    args: argv,
    env: { ...process.env },
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr.on('data', (d) => (stderr += d));
  const client = newClient();
  await client.connect(transport);
  const conn = new Conn(client, transport, transport.pid, () => stderr);
  await conn.listTools();
  return conn;
}

// One `sctrace serve --listen 127.0.0.1:0` with a generated token file in
// a temporary directory (the server makes it: 0600, root's).
export async function startServe(extra = []) {
  const dir = tempDir('sctrace-mcp-serve-');
  const tokenFile = path.join(dir, 'token');
  const args = ['serve', '--listen', '127.0.0.1:0', '--token-file', tokenFile];
  if (!extra.includes('--rate')) args.push('--rate', '100000', '--burst', '100000');
  args.push(...extra);
  const proc = spawn(sctraceBin, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  proc.stderr.on('data', (d) => (log += d));
  let exited = false;
  const exit = new Promise((resolve) => proc.on('exit', (code, signal) => {
    exited = true;
    resolve(code ?? 128 + (os.constants.signals[signal] || 0));
  }));
  const t0 = Date.now();
  let m = null;
  while (!m && !exited && Date.now() - t0 < 15000) {
    m = /sctrace serve: listening on http:\/\/([0-9.]+):(\d+)/.exec(log);
    if (!m) await sleep(10);
  }
  if (!m) {
    proc.kill('SIGKILL');
    throw new Error(`sctrace serve did not start: ${log}`);
  }
  const token = fs.readFileSync(tokenFile, 'utf8').trim();
  const base = `http://${m[1]}:${m[2]}`;
  return {
    base,
    mcpUrl: `${base}/mcp`,
    token,
    pid: proc.pid,
    log: () => log,
    // SIGINT, then its exit code (SIGKILL after 20 s).
    async stop() {
      if (!exited) proc.kill('SIGINT');
      const code = await Promise.race([exit, sleep(20000).then(() => null)]);
      if (code === null) {
        proc.kill('SIGKILL');
        await exit;
      }
      removeDir(dir);
      return code;
    },
  };
}

export async function connectHttp(server, { token } = {}) {
  const transport = new StreamableHTTPClientTransport(new URL(server.mcpUrl), {
    requestInit: { headers: { Authorization: `Bearer ${token ?? server.token}` } },
  });
  const client = newClient();
  await client.connect(transport);
  const conn = new Conn(client, transport, server.pid, server.log);
  await conn.listTools();
  return conn;
}

// Both transports, for tests that run once per transport: each entry
// opens a connection and closes what it opened.
export const transports = [
  {
    name: 'stdio',
    async open(args = []) {
      const conn = await connectStdio(args);
      return { conn, async close() { await conn.close(); } };
    },
  },
  {
    name: 'http',
    async open(args = []) {
      const server = await startServe(args);
      try {
        const conn = await connectHttp(server);
        return {
          conn,
          server,
          async close() {
            await conn.close();
            const code = await server.stop();
            if (code !== 0) throw new Error(`sctrace serve exited ${code}: ${server.log()}`);
          },
        };
      } catch (e) {
        await server.stop();
        throw e;
      }
    },
  },
];

// Calls a tracing tool and, once its bpftrace is attached, runs
// workload() (an async function); then waits for the result. Checks that
// the trace's bpftrace is gone after the result. {sc, workload, bpftrace}
// where sc is the result (isError false required unless allowError).
export async function traceWhile(conn, name, args, workload, { options = {}, allowError = false } = {}) {
  const before = bpftracesBelow(conn.pid);
  let settled = false;
  // The tools report "trace ID: attached, ..." in a progress notification
  // once the session says every probe is live (manager Info.attached):
  // the workload starts only then, not merely when bpftrace holds its
  // programs (a probe may still be attaching).
  let live = false;
  const onprogress = (p) => {
    if (/^trace t-[0-9a-f]{16}: attached,/.test(p.message ?? '')) live = true;
    options.onprogress?.(p);
  };
  const call = conn.call(name, args, { ...options, onprogress });
  call.then(() => (settled = true), () => (settled = true));
  let bt = await waitAttached(conn.pid, { exclude: before, stop: () => settled });
  const t0 = Date.now();
  while (bt && !live && !settled && Date.now() - t0 < 30000) await sleep(10);
  if (!live) bt = 0;
  if (!bt) {
    const r = await call;
    throw new Error(`${name}: no bpftrace attached before the call ended: ` +
                    JSON.stringify(r.structuredContent ?? r.content).slice(0, 2000));
  }
  const w = await workload();
  const result = await call;
  if (result.isError && !allowError)
    throw new Error(`${name} failed: ${JSON.stringify(result.structuredContent)}`);
  if (!(await waitGone([bt], 10000)))
    throw new Error(`${name}: bpftrace ${bt} still runs after the result`);
  return { result, sc: result.structuredContent, workload: w, bpftrace: bt };
}

// Runs a program to its end and checks its exit code.
export async function runChecked(argv, expectCode = 0) {
  const r = await run(argv, { timeoutMs: 60000 });
  if (r.code !== expectCode)
    throw new Error(`${argv.join(' ')} exited ${r.code} (${r.signal}), expected ` +
                    `${expectCode}: ${r.stderr}`);
  return r;
}

// ---------------------------------------------------------------- proxy

// A loopback HTTP proxy that adds `Authorization: Bearer token` to every
// request and forwards everything else unchanged (method, path, Host,
// Origin, every other header, streamed bodies both ways: SSE included).
// The conformance runner sends no Authorization header.
export async function startAuthProxy(upstream, token) {
  const up = new URL(upstream);
  const sockets = new Set();
  const server = http.createServer((req, res) => {
    const headers = { ...req.headers, authorization: `Bearer ${token}` };
    const out = http.request(
        { host: up.hostname, port: up.port, method: req.method, path: req.url, headers },
        (answer) => {
          res.writeHead(answer.statusCode, answer.statusMessage, answer.rawHeaders);
          res.flushHeaders();
          answer.pipe(res);
        });
    out.on('error', () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    // The client went away (an SSE stream it closed): close upstream too.
    res.on('close', () => out.destroy());
    req.pipe(out);
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
