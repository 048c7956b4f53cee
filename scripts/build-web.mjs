#!/usr/bin/env node
// Builds the client island (dist/web/app.js) on `npm install`. Pages work without it (JavaScript
// only enhances), so an install without dev dependencies skips the build instead of failing.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

if (!existsSync('node_modules/vite')) {
  console.error('vite is not installed (production install): skipping the client build; pages work without it.');
  process.exit(0);
}
const r = spawnSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--config', 'src/web/vite.config.ts'], {
  stdio: 'inherit',
});
process.exit(r.status ?? 1);
