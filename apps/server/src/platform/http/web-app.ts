import { sep } from 'node:path';
import type { FastifyInstance, FastifyReply } from 'fastify';
import fastifyStatic from '@fastify/static';

/** Vite's content-hashed output (dist/assets/<name>-<hash>.<ext>): a changed file gets a new name. */
export const IMMUTABLE_CACHE = 'public, max-age=31536000, immutable';
/** Everything else (the three HTML entry pages, the favicon): stored, but revalidated (ETag) on every use. */
export const REVALIDATE_CACHE = 'no-cache';

/** The Cache-Control of a file of the built web app, by its path on disk. */
export function webCacheControl(root: string, file: string): string {
  const assets = `${root.replace(/[\\/]+$/, '')}${sep}assets${sep}`;
  return file.startsWith(assets) ? IMMUTABLE_CACHE : REVALIDATE_CACHE;
}

/**
 * Serves the built web app (apps/web/dist): its files, and the HTML entry of each surface for its
 * client-side routes (/ and /m/* citizen, /venue/*, /console/*).
 *
 * - Compression: the build writes `<file>.br` and `<file>.gz` next to each compressible file
 *   (apps/web/vite.config.ts); a client that accepts brotli or gzip gets that file with
 *   `Content-Encoding` (`preCompressed`), every answer says `Vary: Accept-Encoding`. Nothing is
 *   compressed per request.
 * - Caching: hashed assets for a year and `immutable`; HTML and other unhashed files `no-cache`,
 *   so a new release is picked up on the next load (see webCacheControl).
 */
export async function serveWebApp(app: FastifyInstance, root: string): Promise<void> {
  await app.register(fastifyStatic, {
    root,
    prefix: '/',
    index: false,
    wildcard: false,
    preCompressed: true,
    // send's own `public, max-age=0` is replaced by ours (setHeaders runs after it on every file, sendFile too).
    cacheControl: false,
    setHeaders: (reply: FastifyReply, path: string) => {
      reply.header('cache-control', webCacheControl(root, path));
    },
  });
  const surface = (file: string) => async (_request: unknown, reply: FastifyReply) => reply.sendFile(file);
  for (const [prefix, file] of [['/venue', 'venue.html'], ['/console', 'console.html']] as const) {
    app.get(prefix, { schema: { hide: true } }, surface(file));
    app.get(`${prefix}/*`, { schema: { hide: true } }, surface(file));
  }
  app.get('/', { schema: { hide: true } }, surface('index.html'));
  app.get('/m/*', { schema: { hide: true } }, surface('index.html'));
}
