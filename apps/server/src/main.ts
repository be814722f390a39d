import { enableCompileCache, flushCompileCache } from 'node:module';
import closeWithGrace from 'close-with-grace';
import { loadConfig, type Config } from './config.ts';
import { exitOnBootFailure } from './boot-failures.ts';

// Start-up (docs/architecture.md, "Start-up"): `npm start` runs this file bundled by build.ts;
// `npm run dev` and tests run the sources. Only the few modules above load before the compile
// cache is on (os.tmpdir()/node-compile-cache, keyed by each file's content), which skips
// re-compiling unchanged code on the next start; the rest of the code is loaded below.
enableCompileCache();

// A known cause of a failed start (configuration, data directory in use / unwritable / full, database
// unreachable, port taken) is one zh/en line and a sysexits code, never a stack trace (boot-failures.ts).

let config: Config;
try {
  config = loadConfig();
} catch (err) {
  exitOnBootFailure(err);
}

// The data directory (embedded database, uploads) is the owner's only: 0700, files 0600 (docs/security.md).
const { secureDataDir } = await import('./platform/boot/data-dir.ts');
try {
  secureDataDir(config.dataDir);
} catch (err) {
  exitOnBootFailure(err);
}

// The database opens (and checks its migrations) while the rest of the application code loads;
// database.ts is loaded first so that the open starts as early as possible.
const { openDatabase } = await import('./platform/db/database.ts');
const opening = openDatabase({ url: config.databaseUrl, dataDir: config.dataDir, pgliteThread: config.pgliteThread, pgliteSettings: config.pgliteSettings });
opening.catch(() => {}); // a failure is reported below, once the code has loaded
const { buildApp } = await import('./app.ts');
const database = await opening.catch((err: unknown) => exitOnBootFailure(err));
const app = await buildApp({ config, database }).catch(async (err: unknown) => {
  // e.g. the built-in SMS outbox in production without FX_SMS_OUTBOX_IN_PRODUCTION (checked once the modules have started)
  await database.close().catch(() => {});
  return exitOnBootFailure(err);
});
closeWithGrace({ delay: 10_000 }, async ({ signal, err }) => {
  if (err) app.log.error({ err }, 'shutting down after an error');
  else app.log.info({ signal }, 'shutting down: finishing in-flight requests');
  await app.close();
  await database.close();
});
await app.listen({ host: config.host, port: config.port }).catch(async (err: unknown) => {
  await app.close().catch(() => {});
  await database.close().catch(() => {});
  return exitOnBootFailure(err);
});
const { printBanner } = await import('./platform/http/banner.ts');
// performance.now() counts from process start, so the printed time includes loading the code.
await printBanner(app, config, performance.now());
// Write the compile cache now rather than at exit, so a killed process still leaves it for the next start.
flushCompileCache();
