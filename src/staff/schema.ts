import { Type, type Static } from '@sinclair/typebox';
import { ROLES } from '../access/permissions.ts';

export const StaffSignIn = Type.Object(
  {
    email: Type.String({ minLength: 1, maxLength: 320 }),
    password: Type.String({ minLength: 1, maxLength: 1024 }),
    totp: Type.Optional(Type.String({ maxLength: 16 })),
    recovery_code: Type.Optional(Type.String({ maxLength: 32 })),
  },
  { additionalProperties: false },
);
export type StaffSignIn = Static<typeof StaffSignIn>;

export const SessionAnswer = Type.Object({ csrf_token: Type.String(), enrol_only: Type.Boolean() });

export const TotpCode = Type.Object({ code: Type.String({ minLength: 6, maxLength: 16 }) }, { additionalProperties: false });

export const OrgParams = Type.Object({ orgId: Type.String({ maxLength: 64 }) });
export const OrgStaffParams = Type.Object({ orgId: Type.String({ maxLength: 64 }), staffId: Type.String({ maxLength: 64 }) });

export const RoleName = Type.Union(ROLES.map((r) => Type.Literal(r)));

export const NewStaff = Type.Object(
  { email: Type.String({ minLength: 3, maxLength: 320 }), role: RoleName },
  { additionalProperties: false },
);

export const NewOrganization = Type.Object(
  { name: Type.String({ minLength: 2, maxLength: 200 }), admin_email: Type.String({ minLength: 3, maxLength: 320 }) },
  { additionalProperties: false },
);

export const SetupBody = Type.Object(
  { password: Type.String({ minLength: 1, maxLength: 1024 }) },
  { additionalProperties: false },
);
export const SetupParams = Type.Object({ token: Type.String({ minLength: 10, maxLength: 100 }) });

export const NewInvites = Type.Object(
  {
    count: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, default: 1 })),
    expires_in_hours: Type.Optional(Type.Integer({ minimum: 1, maximum: 24 * 90, default: 720 })),
  },
  { additionalProperties: false },
);
export type NewInvites = Static<typeof NewInvites>;
