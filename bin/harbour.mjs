#!/usr/bin/env node
// The `harbour` command. The TypeScript sources run as one JavaScript bundle that esbuild writes to
// dist/server/ whenever a source file is newer (under a second): no build step between a checkout
// and a running server, and no loader thread in the running process (tsx's costs about 40 MB).
// Without esbuild (or if the bundle cannot be written) the sources run through tsx's loader.
import { mkdirSync, readdirSync, renameSync, statSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { join } from 'node:path';

const root = fileURLToPath(new URL('..', import.meta.url));
const bundle = join(root, 'dist/server/harbour.mjs');

/** Newest modification time of the sources (and of package.json, whose dependencies stay external). */
function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

function bundleIsFresh() {
  try {
    const built = statSync(bundle).mtimeMs;
    return built >= newestSource(join(root, 'src')) && built >= statSync(join(root, 'package.json')).mtimeMs;
  } catch {
    return false;
  }
}

async function loadMain() {
  try {
    if (!bundleIsFresh()) {
      const { build } = await import('esbuild');
      mkdirSync(join(root, 'dist/server'), { recursive: true });
      // Written aside, then renamed: processes starting together never read half a bundle.
      const temp = `${bundle}.${process.pid}.tmp`;
      await build({
        entryPoints: [join(root, 'src/cli/main.ts')],
        bundle: true,
        platform: 'node',
        format: 'esm',
        target: 'node20',
        packages: 'external',
        outfile: temp,
        logLevel: 'error',
      });
      renameSync(temp, bundle);
    }
    return await import(pathToFileURL(bundle).href);
  } catch (e) {
    if (process.env.HARBOUR_DEBUG) console.error('running the sources through tsx:', e);
    const { register } = await import('tsx/esm/api');
    register();
    return await import('../src/cli/main.ts');
  }
}

const { main } = await loadMain();
process.exitCode = await main(process.argv.slice(2));
