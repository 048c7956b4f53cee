import { Type, type Static } from '@sinclair/typebox';

export const SignUp = Type.Object(
  {
    invite_code: Type.String({ minLength: 1, maxLength: 40 }),
    working_name: Type.String({ minLength: 1, maxLength: 100 }),
    passphrase: Type.String({ minLength: 1, maxLength: 1024 }),
  },
  { additionalProperties: false },
);
export type SignUp = Static<typeof SignUp>;

export const MemberSignIn = Type.Object(
  { working_name: Type.String({ minLength: 1, maxLength: 100 }), passphrase: Type.String({ minLength: 1, maxLength: 1024 }) },
  { additionalProperties: false },
);

export const DeleteAccount = Type.Object(
  { passphrase: Type.String({ minLength: 1, maxLength: 1024 }) },
  { additionalProperties: false },
);
