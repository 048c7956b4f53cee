import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/** Builds the client island into dist/web/app.js (one small ES module, no hashing: served by name). */
export default defineConfig({
  logLevel: 'warn',
  build: {
    outDir: fileURLToPath(new URL('../../dist/web', import.meta.url)),
    emptyOutDir: true,
    target: 'es2019',
    minify: true,
    lib: {
      entry: fileURLToPath(new URL('./client/main.ts', import.meta.url)),
      formats: ['es'],
      fileName: () => 'app.js',
    },
  },
});
