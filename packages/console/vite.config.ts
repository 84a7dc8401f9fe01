import react from '@vitejs/plugin-react';
import { defaultClientConditions, defineConfig } from 'vite';

/** Where `vite` (the dev server) sends API calls: a running Switchyard server. */
const target = process.env.SWITCHYARD_URL ?? 'http://127.0.0.1:4242';

export default defineConfig({
  // The server serves the build at /admin; asset URLs carry that prefix.
  base: '/admin/',
  plugins: [react()],
  // @switchyard/shared is bundled from its TypeScript source: no build of it is needed first.
  resolve: { conditions: ['@switchyard/source', ...defaultClientConditions] },
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true },
  server: {
    proxy: { '/api': { target, changeOrigin: true } },
  },
});
