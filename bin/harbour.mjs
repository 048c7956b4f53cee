#!/usr/bin/env node
// The `harbour` command. The TypeScript sources run as one JavaScript bundle that esbuild writes to
// dist/server/ whenever the sources differ from the ones it was built from (a digest of their
// contents, so copies with old file times and edits during a build are noticed): no build step
// between a checkout and a running server, and no loader thread in the running process (tsx's
// costs about 40 MB). If the bundle cannot be built or loaded, the sources run through tsx.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bundle = join(root, 'dist/server/harbour.mjs');
const digestFile = `${bundle}.digest`;

/** A digest of every input of the bundle: the sources' paths and contents, package.json, tsconfig.json. */
function inputsDigest() {
  const hash = createHash('sha256');
  const walk = (dir) => {
    const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1));
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts')) hash.update(`${relative(root, path)}\0`).update(readFileSync(path));
    }
  };
  walk(join(root, 'src'));
  for (const file of ['package.json', 'tsconfig.json']) {
    const path = join(root, file);
    if (existsSync(path)) hash.update(`${file}\0`).update(readFileSync(path));
  }
  return hash.digest('hex');
}

async function buildBundle(digest) {
  const { build } = await import('esbuild');
  mkdirSync(join(root, 'dist/server'), { recursive: true });
  // Written aside, then renamed (bundle first, digest last): a process starting meanwhile reads
  // either the old pair or a new bundle, never half of one.
  const suffix = `${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  await build({
    entryPoints: [join(root, 'src/cli/main.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    outfile: `${bundle}.${suffix}`,
    logLevel: 'silent',
  });
  writeFileSync(`${digestFile}.${suffix}`, digest);
  renameSync(`${bundle}.${suffix}`, bundle);
  renameSync(`${digestFile}.${suffix}`, digestFile);
}

async function loadMain() {
  try {
    const digest = inputsDigest();
    const built = existsSync(digestFile) && existsSync(bundle) ? readFileSync(digestFile, 'utf8') : null;
    if (built !== digest) await buildBundle(digest);
    const mod = await import(pathToFileURL(bundle).href);
    if (typeof mod.main !== 'function') throw new Error('the bundle has no main()');
    return mod;
  } catch (e) {
    process.stderr.write(
      `harbour: running the sources through tsx (bundle: ${e instanceof Error ? e.message.split('\n')[0] : e})\n`,
    );
    const { register } = await import('tsx/esm/api');
    register();
    return await import('../src/cli/main.ts');
  }
}

const { main } = await loadMain();
process.exitCode = await main(process.argv.slice(2));
