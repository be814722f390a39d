/**
 * The server's resident memory with nothing to do: the floor under the screening import's RSS target
 * (issue 13, RSS < 600 MB). Starts the project server (production mode, demo seed, like
 * screening-import.ts), waits until its start-up work is over, then reads its RSS from /proc every
 * 250 ms for a while — no request but one sign-in. PGlite: the embedded PostgreSQL's WebAssembly
 * memory is part of this process; PostgreSQL: it is not.
 *
 *   node bench/idle-rss.ts [--database-url postgres://…/postgres] [--bundle] [--seconds 30]
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { machineDescription, startProjectServer } from './harness.ts';

const { values } = parseArgs({
  options: {
    'database-url': { type: 'string' },
    bundle: { type: 'boolean', default: false },
    // Another bundle folder inside apps/server (e.g. one built from the commit before a change).
    'bundle-dir': { type: 'string' },
    seconds: { type: 'string', default: '30' },
    // Measure a restarted server: boot once (create, migrate, seed), stop, boot again on the same data — as production runs.
    restart: { type: 'boolean', default: false },
    // FX_PGLITE_SETTINGS for the server ('' = PGlite's own defaults).
    'pglite-settings': { type: 'string' },
  },
});
const log = (...a: unknown[]) => console.error(new Date().toISOString().slice(11, 19), ...a);
log(`machine: ${machineDescription()}, load ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);

let databaseUrl: string | undefined;
const adminUrl = values['database-url'];
const dbName = `fx_idle_rss_${randomBytes(4).toString('hex')}`;
if (adminUrl) {
  execFileSync('psql', [adminUrl, '-qAtc', `create database ${dbName}`]);
  const u = new URL(adminUrl);
  u.pathname = `/${dbName}`;
  databaseUrl = u.toString();
}
const env = { FX_SCREENING_SLA_SWEEP_SECONDS: '0', ...(values['pglite-settings'] !== undefined ? { FX_PGLITE_SETTINGS: values['pglite-settings'] } : {}) };
let server = await startProjectServer({ databaseUrl, logLevel: 'warn', bundle: values.bundle, bundleDir: values['bundle-dir'], env });
if (values.restart) {
  await server.signInStaff('bigdata');
  const reuse = server.reusable;
  await server.stop({ keepData: true });
  server = await startProjectServer({ databaseUrl, logLevel: 'warn', bundle: values.bundle, bundleDir: values['bundle-dir'], env, reuse });
}
const MiB = (bytes: number) => Math.round(bytes / 2 ** 20);
try {
  const bootRss = server.rssBytes() ?? 0;
  await server.signInStaff('bigdata');
  // Settled: under 50 ms of main-thread CPU in each of 3 consecutive seconds (the start-up schema compilation over).
  let quiet = 0;
  let last = server.mainThreadCpuMs() ?? 0;
  const started = performance.now();
  while (quiet < 3 && performance.now() - started < 180_000) {
    await new Promise((r) => setTimeout(r, 1000));
    const now = server.mainThreadCpuMs() ?? 0;
    quiet = now - last < 50 ? quiet + 1 : 0;
    last = now;
  }
  const samples: number[] = [];
  const until = performance.now() + Number(values.seconds) * 1000;
  while (performance.now() < until) {
    samples.push(server.rssBytes() ?? 0);
    await new Promise((r) => setTimeout(r, 250));
  }
  samples.sort((a, b) => a - b);
  const pid = server.pid;
  const status = pid ? readFileSync(`/proc/${pid}/status`, 'utf8') : '';
  const field = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0) * 1024;
  console.log(
    JSON.stringify(
      {
        database: databaseUrl ? 'postgresql' : 'pglite',
        server: values['bundle-dir'] ? `bundle (${values['bundle-dir']}/main.js)` : values.bundle ? 'bundle (dist/main.js)' : 'sources (src/main.ts)',
        boot: values.restart ? 'restart on its data (created, migrated and seeded by a first boot)' : 'first boot (creates, migrates and seeds the database)',
        pgliteSettings: values['pglite-settings'] ?? 'server default',
        load: loadavg().map((x) => x.toFixed(1)).join(' '),
        rssAtReadyMiB: MiB(bootRss),
        settledAfterS: Math.round((performance.now() - started) / 100 - Number(values.seconds) * 10) / 10,
        idleRssMiB: { min: MiB(samples[0]), median: MiB(samples[Math.floor(samples.length / 2)]), max: MiB(samples[samples.length - 1]), samples: samples.length },
        ...(pid ? { rssAnonMiB: MiB(field('RssAnon')), rssFileMiB: MiB(field('RssFile')), vmHwmMiB: MiB(field('VmHWM')) } : {}),
      },
      null,
      2,
    ),
  );
} finally {
  await server.stop();
  if (adminUrl) execFileSync('psql', [adminUrl, '-qAtc', `drop database if exists ${dbName}`]);
}
