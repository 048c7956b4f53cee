import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * Builds one client entry into dist/web (ES module, no hashing: served by name). The page island
 * (`app.js`) and the service worker (`sw.js`) are built one at a time so neither imports a shared
 * chunk: the worker must be one file at the site root. `HARBOUR_ENTRY` picks which.
 */
const entry = process.env.HARBOUR_ENTRY === 'sw' ? 'sw' : 'app';
const source = entry === 'sw' ? './client/sw.ts' : './client/main.ts';

export default defineConfig({
  logLevel: 'warn',
  build: {
    outDir: fileURLToPath(new URL('../../dist/web', import.meta.url)),
    emptyOutDir: entry === 'app',
    target: 'es2019',
    minify: true,
    lib: {
      entry: fileURLToPath(new URL(source, import.meta.url)),
      formats: ['es'],
      fileName: () => `${entry}.js`,
    },
  },
});
