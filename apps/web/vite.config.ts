import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
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

// Three surfaces, each its own entry and bundle: citizen (/), venue portal (/venue), console (/console).
export default defineConfig({
  plugins: [react(), precompressPlugin()],
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
