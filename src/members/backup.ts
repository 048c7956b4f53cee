import { Type } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { Services } from '../http/services.ts';
import { AppError } from '../http/errors.ts';
import { memberOf } from './routes.ts';

/** Largest backup kept, in base64url characters (48 KiB of ciphertext: years of results and goals). */
export const BACKUP_MAX_CHARS = 65_536;

const Blob = Type.Object(
  { blob: Type.String({ minLength: 1, maxLength: BACKUP_MAX_CHARS, pattern: '^[A-Za-z0-9_-]+$' }) },
  { additionalProperties: false },
);

/**
 * `PUT|GET|DELETE /api/v1/member/backup`: one opaque blob per member, encrypted on her phone with a
 * key derived from a recovery key only she holds. The server stores and returns it, nothing more;
 * it goes with her account.
 */
export function registerBackupRoutes(app: FastifyInstance, services: Services): void {
  const { handle, now } = services.ctx;
  const db = handle.db;
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const url = '/api/v1/member/backup';

  r.put(
    url,
    { config: { permission: 'member.self' }, bodyLimit: BACKUP_MAX_CHARS + 1024, schema: { body: Blob } },
    async (request, reply) => {
      const row = { member_id: memberOf(request).id, blob: request.body.blob, updated_at: now().toISOString() };
      await db
        .insertInto('member_backup')
        .values(row)
        .onConflict((oc) => oc.column('member_id').doUpdateSet({ blob: row.blob, updated_at: row.updated_at }))
        .execute();
      return reply.code(204).send();
    },
  );

  r.get(url, { config: { permission: 'member.self' } }, async (request, reply) => {
    const row = await db
      .selectFrom('member_backup')
      .select(['blob', 'updated_at'])
      .where('member_id', '=', memberOf(request).id)
      .executeTakeFirst();
    if (!row) throw new AppError('not_found', 'There is no backup for this account.');
    reply.header('Cache-Control', 'no-store');
    return row;
  });

  r.delete(url, { config: { permission: 'member.self' } }, async (request, reply) => {
    await db.deleteFrom('member_backup').where('member_id', '=', memberOf(request).id).execute();
    return reply.code(204).send();
  });
}
