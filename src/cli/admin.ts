import type { Kysely } from 'kysely';
import { checkPassphrase } from '../auth/passphrase.ts';
import { hashSecret } from '../auth/password.ts';
import { recordAudit } from '../access/audit.ts';
import type { Database } from '../db/types.ts';
import { ensureOrganization } from '../orgs/service.ts';
import { grantRole } from '../staff/accounts.ts';

const USAGE = 'usage: harbour admin create --email <email> --org <organisation name> --password-stdin [--operator]';

/** Reads all of standard input (a password piped in, never on the command line where `ps` shows it). */
async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

/**
 * `harbour admin create`: the organisation (created when no organisation has that name), this person
 * as its admin with the password from standard input, and with `--operator` the platform role.
 */
export async function adminCommand(
  db: Kysely<Database>,
  args: string[],
  now: Date,
  print: (line: unknown) => void,
): Promise<number> {
  const option = (name: string): string | undefined => {
    const at = args.indexOf(name);
    return at >= 0 ? args[at + 1] : undefined;
  };
  const email = option('--email');
  const orgName = option('--org');
  if (args[0] !== 'create' || !email || !orgName || !args.includes('--password-stdin')) throw new Error(USAGE);
  const password = await readStdin();
  const problem = checkPassphrase(password, 'staff');
  if (problem) throw new Error(`weak_password: ${problem}`);
  const hash = await hashSecret(password);
  const operator = args.includes('--operator');
  const result = await db.transaction().execute(async (tx) => {
    const org = await ensureOrganization(tx, orgName, now);
    const link = await grantRole(tx, null, org.id, email, 'admin', now);
    await tx
      .updateTable('staff')
      .set({ password_hash: hash, setup_token_hash: null, setup_expires_at: null, ...(operator ? { is_operator: 1 } : {}) })
      .where('id', '=', link.staffId)
      .execute();
    await recordAudit(
      tx,
      {
        staffId: null,
        organizationId: org.id,
        action: 'admin.created_by_cli',
        objectType: 'staff',
        objectId: link.staffId,
        detail: { operator },
      },
      now,
    );
    return { organization_id: org.id, organization_created: org.created, staff_id: link.staffId, operator };
  });
  print(result);
  return 0;
}
