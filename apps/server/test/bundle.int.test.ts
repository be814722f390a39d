import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXTERNAL, buildServer } from '../build.ts';

const SERVER_DIR = fileURLToPath(new URL('..', import.meta.url));
const onPostgresServer = process.env.FX_TEST_DB === 'postgres'; // as in support.ts, which loads the whole app

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

/** The package a bare import names ('@scope/name/sub' → '@scope/name'). */
const packageOf = (spec: string) => spec.split('/').slice(0, spec.startsWith('@') ? 2 : 1).join('/');

// `npm start` runs the esbuild bundle (build.ts), everything else the sources: this builds the
// bundle and starts it as a process, so a bundle that cannot start fails CI.
describe('the server bundle (npm start)', () => {
  let outdir: string;
  let dataDir: string;
  let server: ChildProcess;
  let base: string;
  let output = '';
  let externals: string[] = [];

  beforeAll(async () => {
    outdir = mkdtempSync(join(SERVER_DIR, 'dist-test-')); // beside src/ and dist/, as the bundle must be
    dataDir = mkdtempSync(join(tmpdir(), 'fx-bundle-'));
    const metafile = await buildServer(outdir);
    externals = [...new Set(Object.values(metafile.outputs).flatMap((o) => o.imports.filter((i) => i.external).map((i) => i.path)))];
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'test', HOST: '127.0.0.1', PORT: String(port), FX_DATA_DIR: dataDir, FX_SEED_DEMO: 'false', LOG_LEVEL: 'warn' };
    env.DATABASE_URL = onPostgresServer ? await (await import('./support.ts')).createServerDatabase() : ''; // '' = embedded
    server = spawn(process.execPath, [join(outdir, 'main.js')], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    server.stdout!.on('data', (d) => (output += d));
    server.stderr!.on('data', (d) => (output += d));
    const deadline = Date.now() + 150_000; // seconds when the machine is idle, far longer when it is shared
    for (;;) {
      if (server.exitCode !== null) throw new Error(`the bundle exited (${server.exitCode}):\n${output}`);
      const status = await fetch(`${base}/readyz`).then((r) => r.status, () => 0);
      if (status === 200) break;
      if (Date.now() > deadline) throw new Error(`no 200 from /readyz within 150 s:\n${output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }, 240_000);

  afterAll(async () => {
    if (server && server.exitCode === null) {
      server.kill('SIGKILL');
      await new Promise((r) => server.once('exit', r));
    }
    rmSync(outdir, { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('bundles everything but Node built-ins and the listed packages (drizzle-orm is bundled)', () => {
    const bare = externals.filter((p) => !isBuiltin(p));
    expect(bare.map(packageOf).filter((p) => !EXTERNAL.includes(p))).toEqual([]);
    expect(bare.map(packageOf)).not.toContain('drizzle-orm');
  });

  it('answers from the bundle: database, reference data, the OpenAPI document and its UI', async () => {
    const ready = await fetch(`${base}/readyz`);
    expect(await ready.json()).toEqual({ status: 'ready', database: onPostgresServer ? 'postgres' : 'pglite' });
    const divisions = await fetch(`${base}/api/divisions?parent=510000`);
    expect(divisions.status).toBe(200);
    expect(await divisions.json()).toContainEqual({ code: '510100', name: '成都市', nameEn: 'Chengdu City', level: 'city' }); // English name: pinyin-pro bundled, loaded on first request
    const spec = await fetch(`${base}/api/docs/json`); // @fastify/swagger (external)
    expect(spec.status).toBe(200);
    expect(((await spec.json()) as { info: { title: string } }).info.title).toContain('Fangxian');
    const ui = await fetch(`${base}/api/docs/static/index.html`); // @fastify/swagger-ui's files
    expect(ui.status).toBe(200);
  });

  it("holds the screening import's worker thread as an entry beside main.js, which starts and encrypts with the keys it is given", async () => {
    const { Worker } = await import('node:worker_threads');
    const { createSecretKey, randomBytes } = await import('node:crypto');
    // screening.prepare.ts looks for it there from the bundle (new URL('./screening-prepare-worker.js', import.meta.url)).
    const keys = { cipher: 'aes-256-gcm', dataKeys: [{ id: 'k1', key: createSecretKey(randomBytes(32)) }], blindIndexKey: createSecretKey(randomBytes(32)) };
    const worker = new Worker(join(outdir, 'screening-prepare-worker.js'), { workerData: { keys } });
    try {
      const reply = await new Promise((resolve, reject) => {
        worker.once('message', resolve);
        worker.once('error', reject);
        worker.postMessage({ kind: 'encrypt', id: 1, values: ['张三', null] });
      });
      expect(reply).toMatchObject({ kind: 'crypto', id: 1, values: [expect.stringMatching(/^a\.k1\./), null] });
    } finally {
      await worker.terminate();
    }
  });

  it('shuts down cleanly on SIGTERM', { timeout: 30_000 }, async () => {
    const exited = new Promise<number | null>((r) => server.once('exit', (code) => r(code)));
    server.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(output).not.toMatch(/"level":(50|60)/); // no error or fatal log line
  });
});
