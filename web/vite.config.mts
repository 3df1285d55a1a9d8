/**
 * The browser side, bundled at build time into dist/web (served by the gateway, nothing from a CDN):
 * index.html is the console (`GET /`), ide.html is GraphiQL (`GET /graphql` for browsers).
 */
import { resolve } from 'node:path';
import { defineConfig } from 'vite';

const WEB = import.meta.dirname;

export default defineConfig({
  root: WEB,
  // the gateway serves the bundle under /assets/; pages are served at / and /graphql
  base: '/',
  logLevel: 'warn',
  build: {
    outDir: process.env.WEB_OUT_DIR ?? resolve(WEB, '../dist/web'),
    emptyOutDir: true,
    // monaco (GraphiQL's editor) is large by nature; it loads only on the IDE page
    chunkSizeWarningLimit: 6000,
    rollupOptions: {
      input: { console: resolve(WEB, 'index.html'), ide: resolve(WEB, 'ide.html') },
      onwarn(warning, warn) {
        // React libraries mark their modules "use client" (for server components); meaningless in a bundle
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
  worker: { format: 'es' },
});
