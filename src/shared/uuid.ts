import { createHash } from 'node:crypto';

/** Harbour's own UUIDv5 namespace: taxonomy ids, term ids and other fixed identifiers. */
export const HARBOUR_NAMESPACE = 'ed1cf525-f0cc-4335-a5c8-ec5278c77d17';

/** Namespace for ids mapped from HSDS 2.0 sources: name `<source>:<table>:<id>`. */
export const HSDS20_NAMESPACE = '39a87b52-fc47-4c26-a2fd-96b5f70e5e37';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True when `value` is a UUID in the canonical 8-4-4-4-12 hexadecimal form. */
export function isUuid(value: string): boolean {
  return UUID_RE.test(value);
}

/** RFC 9562 version 5 UUID (SHA-1 of namespace bytes + name bytes). */
export function uuidv5(name: string, namespace: string): string {
  if (!isUuid(namespace)) throw new Error(`not a UUID namespace: ${namespace}`);
  const hash = createHash('sha1')
    .update(Buffer.from(namespace.replace(/-/g, ''), 'hex'))
    .update(name, 'utf8')
    .digest();
  const b = hash.subarray(0, 16);
  b[6] = (b[6]! & 0x0f) | 0x50;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const hex = b.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
