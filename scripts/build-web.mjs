#!/usr/bin/env node
// Builds the client islands (dist/web/app.js, check.js) and the service worker (dist/web/sw.js) on `npm install`. Pages work without it (JavaScript
// only enhances), so an install without dev dependencies skips the build instead of failing.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

if (!existsSync('node_modules/vite')) {
  console.error('vite is not installed (production install): skipping the client build; pages work without it.');
  process.exit(0);
}
// The page island first (it empties dist/web), then the self-check island and the service worker.
for (const entry of ['app', 'check', 'sw']) {
  const r = spawnSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--config', 'src/web/vite.config.ts'], {
    stdio: 'inherit',
    env: { ...process.env, HARBOUR_ENTRY: entry },
  });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
