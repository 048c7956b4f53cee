import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * Builds one client entry into dist/web (ES module, no hashing: served by name). The page island
 * (`app.js`), the self-check island (check.js, loaded only by /check) and the service worker (`sw.js`)
 * are built one at a time so none imports a shared chunk: the worker must be one file at the site
 * root. `HARBOUR_ENTRY` picks which.
 */
const SOURCES = { app: './client/main.ts', check: '../check/client/main.ts', sw: './client/sw.ts' } as const;
const requested = process.env.HARBOUR_ENTRY;
const entry: keyof typeof SOURCES = requested === 'sw' || requested === 'check' ? requested : 'app';
const source = SOURCES[entry];

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
