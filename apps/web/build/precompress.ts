/**
 * Post-build step (run by vite.config.ts after `vite build`): writes `<file>.br` (brotli, quality 11)
 * and `<file>.gz` (gzip, level 9) next to every compressible file of dist/, so the server never
 * compresses per request (apps/server/src/platform/http/web-app.ts serves them by Accept-Encoding).
 * Returns a table of the bytes each surface loads before its first render, raw / gzip / brotli.
 */
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { extname, join, relative } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

const brotli = promisify(brotliCompress);
const gz = promisify(gzip);

/** Text formats worth compressing (images and fonts are compressed already). */
const COMPRESSIBLE = new Set(['.js', '.mjs', '.css', '.html', '.svg', '.json', '.webmanifest', '.txt', '.map']);
/** Below this a compressed copy saves less than its headers cost. */
const MIN_BYTES = 1024;

interface Sizes {
  raw: number;
  gzip: number;
  br: number;
}

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await filesUnder(path)));
    else out.push(path);
  }
  return out;
}

/** Compresses one file (both encodings), unless it is small or not text. */
async function compressFile(path: string): Promise<Sizes> {
  const raw = await readFile(path);
  const [b, g] = await Promise.all([
    brotli(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length } }),
    gz(raw, { level: 9 }),
  ]);
  // A compressed copy no smaller than the original is not written: the server then sends the original.
  if (b.length < raw.length) await writeFile(`${path}.br`, b);
  if (g.length < raw.length) await writeFile(`${path}.gz`, g);
  return { raw: raw.length, gzip: Math.min(g.length, raw.length), br: Math.min(b.length, raw.length) };
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} kB`.padStart(10);

/** Compresses dist/ in place and returns the size table. */
export async function precompress(distDir: string): Promise<string> {
  const files = (await filesUnder(distDir)).filter((f) => COMPRESSIBLE.has(extname(f)));
  const sizes = new Map<string, Sizes>();
  await Promise.all(
    files.map(async (f) => {
      const s = (await stat(f)).size;
      sizes.set(relative(distDir, f), s >= MIN_BYTES ? await compressFile(f) : { raw: s, gzip: s, br: s });
    }),
  );
  // What each entry page loads before its first render: its scripts, modulepreloads and styles.
  const lines = ['first load by surface (HTML + scripts + styles):     raw       gzip     brotli'];
  for (const html of [...sizes.keys()].filter((f) => f.endsWith('.html')).sort()) {
    const text = await readFile(join(distDir, html), 'utf8');
    const refs = [html, ...[...text.matchAll(/(?:src|href)="\/(assets\/[^"]+)"/g)].map((m) => m[1])];
    const total = refs.reduce<Sizes>((t, r) => {
      const s = sizes.get(r) ?? { raw: 0, gzip: 0, br: 0 };
      return { raw: t.raw + s.raw, gzip: t.gzip + s.gzip, br: t.br + s.br };
    }, { raw: 0, gzip: 0, br: 0 });
    lines.push(`  ${html.padEnd(48)}${kb(total.raw)}${kb(total.gzip)}${kb(total.br)}`);
  }
  const all = [...sizes.values()].reduce((t, s) => ({ raw: t.raw + s.raw, gzip: t.gzip + s.gzip, br: t.br + s.br }), { raw: 0, gzip: 0, br: 0 });
  lines.push(`  ${`all ${sizes.size} text files`.padEnd(48)}${kb(all.raw)}${kb(all.gzip)}${kb(all.br)}`);
  return lines.join('\n');
}
