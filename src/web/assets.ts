import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../http/errors.ts';

const TYPES: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

export interface Asset {
  body: Buffer;
  type: string;
  etag: string;
}

/**
 * Hand-written files, then the client bundle Vite builds (`npm run build:web`, run by npm install).
 * Paths from the project root (two levels up): right from this file and from the server bundle.
 */
const FOLDERS = [
  fileURLToPath(new URL('../../src/web/public/', import.meta.url)),
  fileURLToPath(new URL('../../dist/web/', import.meta.url)),
];

function loadAssets(): Map<string, Asset> {
  const assets = new Map<string, Asset>();
  for (const folder of FOLDERS) {
    if (!existsSync(folder)) continue;
    for (const name of readdirSync(folder)) {
      const type = TYPES[extname(name)];
      if (!type) continue;
      const body = readFileSync(join(folder, name));
      assets.set(name, { body, type, etag: `"${createHash('sha1').update(body).digest('base64url')}"` });
    }
  }
  return assets;
}

/** Sends one asset with its ETag (304 when the browser has it); `no-cache`: always revalidated. */
export function sendAsset(request: FastifyRequest, reply: FastifyReply, asset: Asset | undefined): FastifyReply {
  if (!asset) throw new AppError('not_found', 'No such file.');
  if (request.headers['if-none-match'] === asset.etag) return reply.status(304).send();
  return reply.type(asset.type).header('ETag', asset.etag).header('Cache-Control', 'no-cache').send(asset.body);
}

/** `/assets/<file>`: read once at start, served from memory with an ETag. Returns the asset table. */
export function registerAssets(app: FastifyInstance): ReadonlyMap<string, Asset> {
  const assets = loadAssets();
  app.get<{ Params: { name: string } }>('/assets/:name', { schema: { hide: true } }, async (request, reply) =>
    sendAsset(request, reply, assets.get(request.params.name)),
  );
  return assets;
}
