import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * The dashboard is served by the gateway under /ui/ (the API owns the other paths, /jobs among
 * them), from dist/apps/dashboard. `npm run dev:dashboard` proxies the API to a local gateway.
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/ui/',
  plugins: [react()],
  // The one lib the browser runs: the job life cycle, free of frameworks (the others are type-only imports).
  resolve: { alias: { '@jobstream/domain': fileURLToPath(new URL('../../libs/domain/src/browser.ts', import.meta.url)) } },
  build: {
    outDir: fileURLToPath(new URL('../../dist/apps/dashboard', import.meta.url)),
    emptyOutDir: true,
    sourcemap: true,
  },
  server: {
    proxy: Object.fromEntries(
      ['/auth', '/jobs', '/users', '/workspaces', '/audit', '/tasks', '/api-keys', '/dead-letters', '/operations', '/health'].map((path) => [
        path,
        process.env.GATEWAY_URL ?? 'http://127.0.0.1:3000',
      ]),
    ),
  },
});
