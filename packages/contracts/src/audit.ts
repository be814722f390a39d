import { Type, type Static } from 'typebox';

/** One audit record as GET /api/admin/audit returns it (personal data redacted, IP host part hidden). */
export const AuditRecord = Type.Object({
  seq: Type.Integer(),
  at: Type.String({ format: 'date-time' }),
  actorType: Type.String({ description: 'staff | citizen | api | system | anonymous' }),
  actorId: Type.String(),
  actorName: Type.Union([Type.String(), Type.Null()], { description: 'staff: display name (username); citizen: masked name or phone; else null' }),
  action: Type.String(),
  subjectType: Type.Union([Type.String(), Type.Null()]),
  subjectId: Type.Union([Type.String(), Type.Null()]),
  subjectName: Type.Union([Type.String(), Type.Null()], { description: 'a staff or citizen subject named as actorName is; else null' }),
  regionCode: Type.Union([Type.String(), Type.Null()]),
  outcome: Type.String({ description: 'ok | denied | failed' }),
  detail: Type.Record(Type.String(), Type.Any()),
  ip: Type.Union([Type.String(), Type.Null()]),
  requestId: Type.Union([Type.String(), Type.Null()]),
  hash: Type.String(),
});
export type AuditRecord = Static<typeof AuditRecord>;

/** Query of GET /api/admin/audit. */
export const AuditQuery = Type.Object({
  actorId: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  subjectType: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
  subjectId: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  action: Type.Optional(Type.String({ minLength: 1, maxLength: 100, pattern: '^[a-z0-9_.-]+(\\.\\*)?$', description: 'exact action, or a prefix ending in .*' })),
  from: Type.Optional(Type.String({ format: 'date-time' })),
  to: Type.Optional(Type.String({ format: 'date-time' })),
  cursor: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,15}$', description: 'nextCursor of the previous page' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
});
export type AuditQuery = Static<typeof AuditQuery>;

/** A page of audit records, newest first. */
export const AuditPage = Type.Object({ items: Type.Array(AuditRecord), nextCursor: Type.Union([Type.String(), Type.Null()]) });
export type AuditPage = Static<typeof AuditPage>;

/** Answer of POST /api/admin/audit/verify. */
export const AuditVerdict = Type.Object({
  ok: Type.Boolean(),
  checked: Type.Integer(),
  brokenAt: Type.Optional(Type.Object({ seq: Type.Integer(), reason: Type.Union([Type.Literal('hash_mismatch'), Type.Literal('link_mismatch')]) })),
});
export type AuditVerdict = Static<typeof AuditVerdict>;
