import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { precompress } from './build/precompress.ts';

/**
 * After the build: `<file>.br` and `<file>.gz` next to every compressible file of dist/ (the server
 * sends them to clients that accept them, see apps/server/src/platform/http/web-app.ts), and a table
 * of what each surface loads first, raw / gzip / brotli.
 */
function precompressPlugin(): Plugin {
  let outDir = '';
  let log: (message: string) => void = console.log;
  return {
    name: 'fx-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
      log = (message) => config.logger.info(message);
    },
    async closeBundle() {
      const report = await precompress(outDir);
      log(`\n${report}`);
    },
  };
}

/** Modules whose chunks (with every chunk and style they import) the citizen service worker precaches. */
const PRECACHED_MODULES = [
  'src/citizen/main.tsx', // the app shell: the entry and what it loads first
  // The code page says "offline" without a network (issue 11), with what it renders in: the
  // signed-in frame and every namespace of strings (both loaded lazily, see citizen/app.tsx, routes.tsx).
  'src/citizen/health/code.page.tsx',
  'src/citizen/components/shell.tsx',
  'src/citizen/i18n.ts',
];

/**
 * Writes the citizen service worker's precache list into dist/sw.js (public/sw.js holds the
 * placeholders): the hashed files of PRECACHED_MODULES' chunks, their static imports and styles, and
 * a cache version derived from that list, so a release installs a new worker and drops the old cache.
 */
function serviceWorkerPrecachePlugin(): Plugin {
  let outDir = '';
  let root = '';
  let files: string[] = [];
  return {
    name: 'fx-sw-precache',
    apply: 'build',
    configResolved(config) {
      root = config.root;
      outDir = resolve(config.root, config.build.outDir);
    },
    generateBundle(_options, bundle) {
      const chunks = Object.values(bundle).filter((o) => o.type === 'chunk');
      const byName = new Map(chunks.map((c) => [c.fileName, c]));
      const wanted = new Set<string>();
      const visit = (fileName: string) => {
        if (wanted.has(fileName)) return;
        wanted.add(fileName);
        const chunk = byName.get(fileName);
        if (!chunk) return;
        for (const css of chunk.viteMetadata?.importedCss ?? []) wanted.add(css);
        for (const imported of chunk.imports) visit(imported);
      };
      for (const module of PRECACHED_MODULES) {
        const id = resolve(root, module);
        // The module's own chunk, else the chunk it was bundled into (an HTML entry's script is in the entry chunk).
        const chunk = chunks.find((c) => c.facadeModuleId === id) ?? chunks.find((c) => c.moduleIds.includes(id));
        if (!chunk) this.error(`service worker precache: no chunk for ${module}`);
        visit(chunk.fileName);
      }
      files = [...wanted].sort().map((f) => `/${f}`);
    },
    async writeBundle() {
      const path = resolve(outDir, 'sw.js');
      const version = `fx-shell-${createHash('sha256').update(files.join('\n')).digest('hex').slice(0, 12)}`;
      const source = await readFile(path, 'utf8');
      const patched = source.replace("'fx-shell-dev'", JSON.stringify(version)).replace('/* PRECACHE */ []', JSON.stringify(files));
      if (patched === source) this.error('service worker precache: placeholders not found in sw.js');
      await writeFile(path, patched);
    },
  };
}

// Three surfaces, each its own entry and bundle: citizen (/), venue portal (/venue), console (/console).
export default defineConfig({
  plugins: [react(), serviceWorkerPrecachePlugin(), precompressPlugin()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
    rollupOptions: {
      input: {
        citizen: resolve(import.meta.dirname, 'index.html'),
        venue: resolve(import.meta.dirname, 'venue.html'),
        console: resolve(import.meta.dirname, 'console.html'),
      },
    },
  },
  server: {
    port: 5173,
    proxy: { '/api': 'http://localhost:3000', '/healthz': 'http://localhost:3000' },
  },
});
