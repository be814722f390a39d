import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { resolve } from 'node:path';

// Three surfaces, each its own entry and bundle: citizen (/), venue portal (/venue), console (/console).
export default defineConfig({
  plugins: [react()],
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
