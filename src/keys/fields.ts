import type { Database } from '../db/types.ts';

type TextColumn<T extends keyof Database> = {
  [C in keyof Database[T]]: NonNullable<Database[T][C]> extends string ? C : never;
}[keyof Database[T]] &
  string;

/** A text column holding encrypted values, and the column naming each row (bound into its values). */
export type EncryptedField = {
  [T in keyof Database]: { readonly table: T; readonly column: TextColumn<T>; readonly idColumn: TextColumn<T> };
}[keyof Database];

/**
 * Every encrypted column. Rotation re-encrypts exactly these, and the keyring encrypts only into
 * these (its `FieldRef` type comes from this list), so a new encrypted column must be added here.
 */
export const ENCRYPTED_FIELDS = [
  { table: 'service_feedback', column: 'detail_sealed', idColumn: 'id' },
  { table: 'staff', column: 'totp_secret', idColumn: 'id' },
] as const satisfies readonly EncryptedField[];

/** One entry of ENCRYPTED_FIELDS. */
export type RegisteredField = (typeof ENCRYPTED_FIELDS)[number];

type RefOf<F> = F extends { table: infer T; column: infer C } ? { table: T; column: C; id: string } : never;

/** Where an encrypted value lives: a registered table and column, and the row's id. */
export type FieldRef = RefOf<RegisteredField>;

/** The reference to one row of a registered field. */
export function refOf(field: RegisteredField, id: string): FieldRef {
  // TypeScript cannot see that table and column come from the same union member.
  return { table: field.table, column: field.column, id } as FieldRef;
}
