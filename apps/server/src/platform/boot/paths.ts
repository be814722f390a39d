import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Files the server reads at run time, found from one known folder so that the same code works
 * from source (`node src/main.ts`, tests: this file is apps/server/src/platform/boot/paths.ts) and
 * from the bundle (`npm start`: build.ts writes every module into files directly inside one folder
 * of apps/server — dist/ — so a bundled module's URL is apps/server/dist/<file>.js).
 */
const fromSource = import.meta.url.endsWith('.ts');

/** apps/server/ — the folder that holds src/, dist/ and drizzle/. */
export const SERVER_DIR = fileURLToPath(new URL(fromSource ? '../../../' : '../', import.meta.url));

/** The committed drizzle migrations (apps/server/drizzle). */
export const MIGRATIONS_DIR = join(SERVER_DIR, 'drizzle');

/** The built web app (apps/web/dist), served when present. */
export const WEB_DIST_DIR = join(SERVER_DIR, '..', 'web', 'dist');

/** The embedded database thread's entry (pglite-proxy.ts): a second entry point of the bundle. */
export const PGLITE_WORKER_URL = fromSource
  ? new URL('../db/pglite-worker.ts', import.meta.url)
  : new URL('./pglite-worker.js', import.meta.url);
