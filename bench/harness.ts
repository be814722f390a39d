import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { Agent, request as httpRequest } from 'node:http';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';

/**
 * Benchmark harness: starts the bare baseline and the project server as separate processes,
 * lets a scenario prepare its requests on the project server (sign-ins, data), then alternates
 * autocannon rounds between the two and reports medians. Scenarios live in bench/scenarios/*.ts.
 */

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The request a scenario loads the servers with (one fixed request, or a cycle of several). */
export interface LoadSpec {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  headers?: Record<string, string>;
  body?: string;
  /** Several requests cycled through in order (e.g. different citizens scanning); overrides path/method/body. */
  requests?: { method?: string; path: string; headers?: Record<string, string>; body?: string }[];
  /** The status every answer must have; other statuses count as errors (default 200). */
  expectStatus?: number;
  /**
   * Instead of `requests`: the next request of one cycle shared by all connections (autocannon's
   * per-connection lists all start at the first request, so 50 connections would send the same
   * member's report at once — which no morning does). Overrides path/method/body.
   */
  next?: () => { path: string; headers?: Record<string, string>; body?: string };
}

/** A benchmark scenario: what it measures and how it prepares the requests on the running project server. */
export interface Scenario {
  name: string;
  description: string;
  /** The issue's targets for this scenario: project req/s ≥ ratio × bare, project p99 below p99Ms (defaults 0.5 and 20 ms). */
  targets?: { ratio: number; p99Ms: number };
  /** The scenario commits a write before answering: it is also measured against the commit floor (commit-floor-server.ts). */
  commits?: boolean;
  prepare(project: ProjectServer): Promise<LoadSpec>;
}

/** A running server process. */
export interface ServerProcess {
  url: string;
  /** CPU time (user + system, ms) the process has used so far, from /proc; null where unavailable. */
  cpuMs(): number | null;
  /** CPU time (ms) of the process's main thread alone — the one that answers requests — from /proc; null where unavailable. */
  mainThreadCpuMs(): number | null;
  /** Resident memory of the process now (bytes), from /proc; null where unavailable. */
  rssBytes(): number | null;
  /** The server's process id (for other /proc readings). */
  pid?: number;
  stop(): Promise<void>;
}

/** The project server with helpers for scenarios. */
export interface ProjectServer extends ServerProcess {
  /** JSON request against the project server; throws on a non-2xx answer. */
  api<T = unknown>(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<T>;
  /** Signs in a staff account (demo accounts share the demo password) and returns bearer headers. */
  signInStaff(username: string, password?: string): Promise<{ authorization: string }>;
  /** Signs in a citizen through the real OTP flow (code read from the SMS outbox as admin); returns bearer headers. */
  signInCitizen(phone: string): Promise<{ authorization: string }>;
  /** Its data directory and keys, for `startProjectServer({ reuse })` after `stop({ keepData: true })`. */
  reusable: { dataDir: string; keys: Record<string, string> };
  stop(options?: { keepData?: boolean }): Promise<void>;
}

export const DEMO_PASSWORD = 'Fangxian@2026';
export const DEMO_CITIZEN_PHONE = '13800000001';

/** A free TCP port on localhost. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

async function waitReady(url: string, child: ChildProcess, output: () => string, timeoutMs = 180_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${output()}`);
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`server at ${url} not ready after ${timeoutMs} ms:\n${output()}`);
}

function startProcess(script: string, env: Record<string, string>, readyPath: string, port: number, nodeArgs: string[] = []): Promise<ServerProcess & { child: ChildProcess }> {
  // BENCH_SERVER_LOG=FILE keeps the servers' stdout (request log lines) for investigating failures.
  const out = process.env.BENCH_SERVER_LOG ? openSync(process.env.BENCH_SERVER_LOG, 'a') : 'ignore';
  const child = spawn(process.execPath, [...nodeArgs, script], { cwd: ROOT, env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' }, stdio: ['ignore', out, 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-5000);
    if (process.env.BENCH_SERVER_STDERR) process.stderr.write(d); // BENCH_SERVER_STDERR=1: show the servers' stderr (ad-hoc tracing)
  });
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  };
  const ticksOf = (statPath: string) => {
    try {
      // /proc/<pid>/stat: fields 14 and 15 are utime and stime in clock ticks (100 per second on Linux).
      const fields = readFileSync(statPath, 'utf8').split(') ')[1].split(' ');
      return (Number(fields[11]) + Number(fields[12])) * 10;
    } catch {
      return null;
    }
  };
  const cpuMs = () => ticksOf(`/proc/${child.pid}/stat`);
  // The main thread's task id is the process id (worker threads, the embedded database's among them, have their own).
  const mainThreadCpuMs = () => ticksOf(`/proc/${child.pid}/task/${child.pid}/stat`);
  const rssBytes = () => {
    try {
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
      return m ? Number(m[1]) * 1024 : null;
    } catch {
      return null;
    }
  };
  return waitReady(url + readyPath, child, () => stderr).then(
    () => ({ url, stop, child, pid: child.pid, cpuMs, mainThreadCpuMs, rssBytes }),
    async (err) => {
      await stop();
      throw err;
    },
  );
}

/** Starts the bare Fastify baseline in its own process. */
export async function startBareServer(): Promise<ServerProcess> {
  return startProcess(join(ROOT, 'bench/bare-server.ts'), {}, '/ready', await freePort());
}

/**
 * Starts the commit floor (commit-floor-server.ts): the bare endpoint plus one row committed per
 * request through a minimal group commit, on the same kind of database as the project server.
 */
export async function startFloorServer(databaseUrl?: string): Promise<ServerProcess> {
  return startProcess(join(ROOT, 'bench/commit-floor-server.ts'), databaseUrl ? { FLOOR_DATABASE_URL: databaseUrl } : {}, '/ready', await freePort());
}

/**
 * Starts the project server as its own process, like production: NODE_ENV=production with fresh
 * keys, the demo seed, and the embedded PGlite database in a temp directory (or databaseUrl).
 */
export async function startProjectServer(
  options: {
    databaseUrl?: string;
    logLevel?: string;
    cpuProfileDir?: string;
    env?: Record<string, string>;
    /** Run the production bundle (apps/server/dist/main.js, built by `npm run build:server`) instead of the sources. */
    bundle?: boolean;
    /** The bundle's folder inside apps/server when not dist (e.g. `node apps/server/build.ts apps/server/dist-before` of another commit, for a before/after pair). */
    bundleDir?: string;
    /** More Node flags for the server (e.g. --max-old-space-size=…). */
    nodeArgs?: string[];
    /**
     * Start on the data (PGlite directory and keys) of a server stopped with `stop({ keepData: true })`:
     * a restart, as production runs — the database already created and seeded.
     */
    reuse?: { dataDir: string; keys: Record<string, string> };
  } = {},
): Promise<ProjectServer> {
  const dataDir = options.reuse?.dataDir ?? mkdtempSync(join(tmpdir(), 'fx-bench-'));
  const keys = options.reuse?.keys ?? { FX_DATA_KEYS: `bench:${randomBytes(32).toString('base64')}`, FX_BLIND_INDEX_KEY: randomBytes(32).toString('base64') };
  const port = await freePort();
  const proc = await startProcess(
    join(ROOT, options.bundle || options.bundleDir ? `apps/server/${options.bundleDir ?? 'dist'}/main.js` : 'apps/server/src/main.ts'),
    {
      NODE_ENV: 'production',
      FX_DATA_DIR: dataDir,
      ...keys,
      FX_SEED_DEMO: 'true',
      FX_COOKIE_SECURE: 'false',
      // Sign-ins in prepare() come from distinct X-Forwarded-For addresses, as they would through a
      // load balancer; otherwise the per-IP sign-in limits stop scenarios that sign in many citizens.
      FX_TRUST_PROXY: 'true',
      // Citizens sign in with codes read from the built-in outbox, which production refuses unless allowed.
      FX_SMS_OUTBOX_IN_PRODUCTION: 'true',
      // Scenarios sign in hundreds of people in prepare(); the deployment-wide hourly cap on one-time codes
      // (2 000 by default) would stop a second run within the hour.
      FX_OTP_HOURLY_CAP: '1000000',
      // The scenarios scan and verify the same 20 citizens again and again: with the door's repeat window
      // on, every request after the first would be a repeat (answered, not recorded), which is not the
      // write path these scenarios measure. Off, each request is recorded as before.
      FX_DOOR_REPEAT_MINUTES: '0',
      LOG_LEVEL: options.logLevel ?? 'info',
      ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {}),
      ...(options.env ?? {}),
    },
    '/readyz',
    port,
    // --cpu-prof writes a V8 profile of the whole run when the server exits (open it in Chrome DevTools).
    [...(options.cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfileDir}`] : []), ...(options.nodeArgs ?? [])],
  );
  const api = async <T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> => {
    const res = await fetch(proc.url + path, {
      method,
      headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${text}`);
    return (text ? JSON.parse(text) : null) as T;
  };
  // Sessions are reused within a run: several scenarios sign in the same people, and sign-ins are rate limited.
  const sessions = new Map<string, { authorization: string }>();
  let clientCounter = 0;
  const clientIp = () => {
    clientCounter++;
    return `10.${(clientCounter >> 16) & 255}.${(clientCounter >> 8) & 255}.${clientCounter & 255}`;
  };
  const signInStaff = async (username: string, password = DEMO_PASSWORD) => {
    const cached = sessions.get(`staff:${username}`);
    if (cached) return cached;
    const { token } = await api<{ token: string }>('POST', '/api/auth/staff/sign-in', { username, password }, { 'x-forwarded-for': clientIp() });
    const headers = { authorization: `Bearer ${token}` };
    sessions.set(`staff:${username}`, headers);
    return headers;
  };
  const signInCitizen = async (phone: string) => {
    const cached = sessions.get(`citizen:${phone}`);
    if (cached) return cached;
    const ip = clientIp();
    await api('POST', '/api/auth/otp', { phone }, { 'x-forwarded-for': ip });
    const admin = await signInStaff('admin');
    const outbox = await api<{ body: string }[]>('GET', `/api/admin/sms-outbox?phone=${phone}&limit=1`, undefined, admin);
    const code = /\b(\d{6})\b/.exec(outbox[0]?.body ?? '')?.[1];
    if (!code) throw new Error('no sign-in code in the SMS outbox');
    const { token } = await api<{ token: string }>('POST', '/api/auth/citizen/sign-in', { phone, code }, { 'x-forwarded-for': ip });
    const headers = { authorization: `Bearer ${token}` };
    sessions.set(`citizen:${phone}`, headers);
    return headers;
  };
  return {
    url: proc.url,
    cpuMs: proc.cpuMs,
    mainThreadCpuMs: proc.mainThreadCpuMs,
    rssBytes: proc.rssBytes,
    pid: proc.pid,
    api,
    signInStaff,
    signInCitizen,
    reusable: { dataDir, keys },
    async stop(stopOptions: { keepData?: boolean } = {}) {
      await proc.stop();
      if (!stopOptions.keepData) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** One autocannon round's figures. */
export interface RoundResult {
  requestsPerSec: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  non2xx: number;
  total: number;
}

interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  '2xx': number;
  statusCodeStats: Record<string, { count: number }>;
}
type Autocannon = (opts: Record<string, unknown>) => Promise<AutocannonResult>;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

/** Runs autocannon against a server with the scenario's requests. */
export async function runRound(url: string, spec: LoadSpec, options: { connections: number; durationSec: number }): Promise<RoundResult> {
  const expect = spec.expectStatus ?? 200;
  const next = spec.next;
  const requests = next
    ? [{ method: spec.method ?? 'GET', path: spec.path, setupRequest: (req: Record<string, unknown>) => {
        const r = next();
        return { ...req, path: r.path, headers: { ...(spec.headers ?? {}), ...(r.headers ?? {}) }, body: r.body };
      } }]
    : spec.requests?.map((r) => ({ method: r.method ?? 'GET', path: r.path, headers: { ...(spec.headers ?? {}), ...(r.headers ?? {}) }, body: r.body }));
  const result = await autocannon({
    // autocannon takes the request path from `url`: it has no top-level `path` option (a `path`
    // there is ignored and every request goes to `/`), only per-request paths in `requests`.
    url: new URL(spec.path, url).href,
    connections: options.connections,
    duration: options.durationSec,
    method: spec.method ?? 'GET',
    headers: { ...(spec.body ? { 'content-type': 'application/json' } : {}), ...(spec.headers ?? {}) },
    body: spec.body,
    ...(requests ? { requests } : {}),
  });
  const expected = result.statusCodeStats[String(expect)]?.count ?? 0;
  const answered = Object.values(result.statusCodeStats).reduce((n, s) => n + s.count, 0);
  return {
    requestsPerSec: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: answered - expected,
    total: result.requests.total,
  };
}

/** The median of some numbers. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The 1-minute load average (other processes competing for the CPUs skew every figure). */
export function loadAverage(): string {
  return loadavg()[0].toFixed(1);
}

/** A one-line description of this machine for the results file. */
export function machineDescription(): string {
  const c = cpus();
  return `${c.length} × ${c[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ${process.platform} ${process.arch}, Node ${process.version}`;
}

/**
 * An open load at a fixed rate below saturation: one request every 1/rate seconds, evenly spaced,
 * over at most `connections` keep-alive connections (a request waits for a free one). Each latency is
 * measured from the request's scheduled start — so time spent waiting for a connection, or for the
 * driver itself, counts (no coordinated omission). autocannon's own rate option is not used: each of
 * its connections sends its per-second quota back to back at the top of every second, a burst at
 * full concurrency.
 */
export async function runPaced(url: string, spec: LoadSpec, options: { connections: number; durationSec: number; rate: number }): Promise<RoundResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: options.connections });
  const expect = spec.expectStatus ?? 200;
  const list = spec.requests ?? [{ method: spec.method, path: spec.path, headers: spec.headers, body: spec.body }];
  const target = new URL(url);
  const latencies: number[] = [];
  let errors = 0;
  let non2xx = 0;
  const interval = 1000 / options.rate;
  const start = performance.now();
  const end = start + options.durationSec * 1000;
  const pending: Promise<void>[] = [];
  const send = (i: number, scheduled: number) =>
    new Promise<void>((resolve) => {
      const r = list[i % list.length];
      const body = r.body ?? spec.body;
      const req = httpRequest(
        { agent, host: target.hostname, port: target.port, method: r.method ?? spec.method ?? 'GET', path: r.path, headers: { ...(spec.headers ?? {}), ...(r.headers ?? {}), ...(body ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } : {}) } },
        (res) => {
          res.resume();
          res.on('end', () => {
            latencies.push(performance.now() - scheduled);
            if (res.statusCode !== expect) non2xx++;
            resolve();
          });
        },
      );
      req.on('error', () => {
        errors++;
        resolve();
      });
      if (body) req.write(body);
      req.end();
    });
  for (let i = 0; ; i++) {
    const scheduled = start + i * interval;
    if (scheduled >= end) break;
    const wait = scheduled - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    pending.push(send(i, scheduled));
  }
  await Promise.all(pending);
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const pick = (q: number) => Math.round(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0);
  return { requestsPerSec: latencies.length / options.durationSec, p50Ms: pick(0.5), p99Ms: pick(0.99), errors, non2xx, total: latencies.length };
}

/**
 * One load round in a child process (this file run with --load-round), so that the load driver does
 * not share the event loop of a project app listening in the calling process (the in-process benches:
 * tracing.ts, city-scale.ts): autocannon (runRound), or an evenly paced open load at `rate` requests/s
 * (runPaced). The spec travels as JSON: its `requests`, not a `next` function.
 */
export function loadRoundInChild(url: string, spec: LoadSpec, options: { connections: number; durationSec: number; rate?: number }): Promise<RoundResult> {
  if (spec.next) throw new Error('loadRoundInChild: a spec with next() cannot be sent to a child process');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [fileURLToPath(import.meta.url), '--load-round', JSON.stringify({ url, spec, ...options })], { stdio: ['ignore', 'pipe', 'inherit'] });
    let text = '';
    child.stdout!.on('data', (d: Buffer) => (text += d.toString()));
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(text.trim().split('\n').at(-1)!) as RoundResult) : reject(new Error(`load round exited ${code}: ${text}`))));
  });
}

if (import.meta.main && process.argv[2] === '--load-round') {
  const { url, spec, connections, durationSec, rate } = JSON.parse(process.argv[3]) as { url: string; spec: LoadSpec; connections: number; durationSec: number; rate?: number };
  console.log(JSON.stringify(rate ? await runPaced(url, spec, { connections, durationSec, rate }) : await runRound(url, spec, { connections, durationSec })));
  process.exit(0);
}

// ---- The city benches' runner (bench/city-scale.ts, bench/health-code-city.ts, bench/tracing.ts): server start, probes, CPU profile ----

/** p50 / p99 / max (ms, rounded) and the count of some latencies. */
export function latencySummary(latencies: number[]): { n: number; p50: number; p99: number; max: number } {
  const sorted = [...latencies].sort((a, b) => a - b);
  const q = (p: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0);
  return { n: sorted.length, p50: q(0.5), p99: q(0.99), max: Math.round(sorted.at(-1) ?? 0) };
}

/** What the runner needs of a Fastify app under test. */
interface InjectingApp {
  inject(opts: { method?: string; url: string; headers?: Record<string, string>; payload?: unknown }): Promise<{ statusCode: number; body: string; json(): unknown }>;
  listen(opts: { port: number; host: string }): Promise<unknown>;
}

/**
 * The citizen code page probed every 25 ms in process while `work` runs (it shares the event loop
 * and the database pool with the work); `headers()` is read at each request, so the probing citizen
 * can change between phases. With `requireOk`, a status other than 200 fails the run (health-code-city's
 * probing citizen has no real name: its page answers 409, timed all the same, as before the runner).
 */
export function codePageProbe(app: InjectingApp, headers: () => Record<string, string>, requireOk = true) {
  async function probed<T>(work: () => Promise<T>): Promise<{ result: T; probes: ReturnType<typeof latencySummary> }> {
    const latencies: number[] = [];
    let running = true;
    const loop = (async () => {
      while (running) {
        const s = performance.now();
        const res = await app.inject({ url: '/api/health/code', headers: headers() });
        if (requireOk && res.statusCode !== 200) throw new Error(`code page ${res.statusCode}`);
        latencies.push(performance.now() - s);
        await new Promise((r) => setTimeout(r, 25));
      }
    })();
    const result = await work();
    running = false;
    await loop;
    return { result, probes: latencySummary(latencies) };
  }
  return { probed, idle: async (ms = 5000) => (await probed(() => new Promise((r) => setTimeout(r, ms)))).probes };
}

/**
 * The hot path probed from a separate process (bench/hot-path-probe.ts): the app listens on `port`,
 * and the child sends venue scans (10 citizens round robin over the given venues' place codes) and
 * door checks (a venue's staff verifying the 10 citizens' codes, one after every tenth scan), one at
 * a time with a 10 ms pause, while `during(work)` runs. `setup` makes the accounts it needs.
 */
export async function startHotPathProbe(
  app: InjectingApp,
  port: number,
  setup: {
    venueIds: string[];
    officerHeaders: Record<string, string>;
    staffHeaders: Record<string, string>;
    citizen: (i: number) => Promise<{ headers: Record<string, string> }>;
  },
) {
  const { fork } = await import('node:child_process');
  await app.listen({ port, host: '127.0.0.1' });
  const placeTokens: string[] = [];
  for (const id of setup.venueIds) placeTokens.push(((await app.inject({ url: `/api/venues/${id}/place-code`, headers: setup.officerHeaders })).json() as { token: string }).token);
  const scansOnly: unknown[] = [];
  const verifies: unknown[] = [];
  for (let i = 0; i < 10; i++) {
    const c = await setup.citizen(i);
    const token = ((await app.inject({ url: '/api/health/code', headers: c.headers })).json() as { token: string }).token;
    for (const placeToken of placeTokens) scansOnly.push({ name: 'scan', method: 'POST', path: '/api/scans', headers: c.headers, body: { placeToken } });
    verifies.push({ name: 'verify', method: 'POST', path: '/api/health/verify', headers: setup.staffHeaders, body: { token } });
  }
  const mixed = scansOnly.flatMap((r, i) => (i % 10 === 9 ? [r, verifies[(i / 10) % verifies.length | 0]] : [r]));
  const child = fork(join(ROOT, 'bench/hot-path-probe.ts'), [], { env: { ...process.env, PROBE_REQUESTS: JSON.stringify({ base: `http://127.0.0.1:${port}`, pauseMs: 10, requests: mixed }) } });
  await new Promise((r) => child.once('message', r));
  const ask = (type: string) =>
    new Promise<Record<string, unknown>>((r) => {
      child.once('message', (m: { summary?: Record<string, unknown> }) => r(m.summary ?? {}));
      child.send({ type });
    });
  return {
    /** Runs `work` with the probe running, answering the probe's summary (p50 / p99 / max per path) too. */
    during: async <T>(work: () => Promise<T>): Promise<{ result: T; hotPath: Record<string, unknown> }> => {
      await ask('start');
      const result = await work();
      return { result, hotPath: await ask('stop') };
    },
    exit: () => child.send({ type: 'exit' }),
  };
}

/**
 * Spawns the server (apps/server/src/main.ts of `root`) with `env` and answers the milliseconds from
 * spawn to its first 200 from /readyz (−1 when it exited or did not answer within `timeoutMs`), then
 * stops it.
 */
export async function timeServerStart(root: string, env: Record<string, string>, port: number, timeoutMs = 180_000): Promise<number> {
  const t0 = performance.now();
  const server = spawn(process.execPath, [join(root, 'apps/server/src/main.ts')], {
    env: { ...process.env, NODE_ENV: 'test', FX_SEED_DEMO: 'false', PORT: String(port), ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  let readyMs = -1;
  while (performance.now() - t0 < timeoutMs && server.exitCode === null) {
    const ok = await fetch(`http://127.0.0.1:${port}/readyz`).then((r) => r.status === 200, () => false);
    if (ok) {
      readyMs = Math.round((performance.now() - t0) * 10) / 10;
      break;
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  if (server.exitCode === null) {
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
  }
  return readyMs;
}

/** A V8 CPU profile of this process from now until stop(file) (node:inspector, 500 µs sampling unless given: only the window measured). */
export async function startCpuProfile(intervalMicros = 500) {
  const { Session } = await import('node:inspector/promises');
  const { mkdirSync, writeFileSync } = await import('node:fs');
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: intervalMicros });
  await session.post('Profiler.start');
  return {
    stop: async (file: string) => {
      const { profile } = await session.post('Profiler.stop');
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, JSON.stringify(profile));
      session.disconnect();
    },
  };
}

/** A recompute's rate against its floor's: codes/s of each and their ratio (what issue 17's ≥ 1/3 target reads). */
export function ratioToFloor(codes: number, jobMs: number, floorMs: number): { codesPerSecond: number; floorCodesPerSecond: number; ratio: number } {
  const rate = codes / (jobMs / 1000);
  const floorRate = codes / (floorMs / 1000);
  return { codesPerSecond: Math.round(rate), floorCodesPerSecond: Math.round(floorRate), ratio: Math.round((rate / floorRate) * 1000) / 1000 };
}

/** How many times the floor a figure is (e.g. the API's p50 over its hand-written SQL's), rounded to `digits`. */
export function timesFloor(value: number, floor: number, digits = 2): number {
  const k = 10 ** digits;
  return Math.round((value / floor) * k) / k;
}

/**
 * A fresh database on a PostgreSQL server (`serverUrl` names any database of it, e.g. /postgres),
 * named prefix + random suffix: its URL, and drop() to remove it at the end (with force).
 */
export async function freshPostgresDatabase(serverUrl: string, prefix: string): Promise<{ name: string; url: string; drop(): Promise<void> }> {
  const pg = (await import('pg')).default;
  const name = `${prefix}${randomBytes(4).toString('hex')}`;
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await admin(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { name, url: url.toString(), drop: () => admin(`drop database if exists ${name} with (force)`) };
}
