import { Type, type Static } from 'typebox';
import { PERSON_STATUSES, RISK_LEVELS, type RiskLevel as KernelRiskLevel } from './kernel/status-texts.ts';
import { literalUnion } from './literals.ts';

/** Shapes of the epidemic registries API (risk areas, person statuses, quarantine periods), shared by server and web. */

// The vocabularies are the domain kernel's lists, as schemas.
export const RiskLevel = literalUnion(RISK_LEVELS);
export type RiskLevel = KernelRiskLevel;

export const PersonStatusName = literalUnion(PERSON_STATUSES);

export const RiskArea = Type.Object({
  id: Type.String(),
  divisionCode: Type.String(),
  divisionName: Type.String({ description: 'full name, e.g. 四川省德阳市旌阳区' }),
  level: RiskLevel,
  startDate: Type.String(),
  endDate: Type.Union([Type.String(), Type.Null()]),
  reason: Type.String(),
  updatedAt: Type.String(),
});
export type RiskArea = Static<typeof RiskArea>;

/** A risk area as added or changed: with the background job recomputing the health codes it touches (GET /api/jobs/:id shows its progress). */
export const RiskAreaChanged = Type.Object({
  ...RiskArea.properties,
  recomputeJobId: Type.Union([Type.String(), Type.Null()], { description: 'the health-code recomputation job (GET /api/jobs/:id, /events); null when nothing was queued' }),
});
export type RiskAreaChanged = Static<typeof RiskAreaChanged>;

/** What removing a risk area answers: its id and the recomputation job it queued, as a change does. */
export const RiskAreaRemoved = Type.Object({
  id: Type.String(),
  recomputeJobId: Type.Union([Type.String(), Type.Null()], { description: 'the health-code recomputation job (GET /api/jobs/:id, /events); null when nothing was queued' }),
});
export type RiskAreaRemoved = Static<typeof RiskAreaRemoved>;

export const PersonStatusEntry = Type.Object({
  id: Type.String(),
  documentType: Type.String(),
  documentNumber: Type.String({ description: 'masked' }),
  status: Type.String(),
  date: Type.String(),
  source: Type.String(),
  regionCode: Type.String(),
  voided: Type.Boolean(),
  createdAt: Type.String(),
});
export type PersonStatusEntry = Static<typeof PersonStatusEntry>;

export const QuarantineEntry = Type.Object({
  id: Type.String(),
  documentType: Type.String(),
  documentNumber: Type.String({ description: 'masked' }),
  kind: Type.String({ description: 'home | central' }),
  from: Type.String(),
  to: Type.String(),
  regionCode: Type.String(),
  voided: Type.Boolean(),
  createdAt: Type.String(),
});
export type QuarantineEntry = Static<typeof QuarantineEntry>;

/** Most entries one bulk status change may carry. */
export const PERSON_STATUS_BATCH_MAX = 1000;

/** One row of a bulk status change that was refused (1-based line, field, reason code). */
export const BatchRowProblem = Type.Object({
  line: Type.Integer({ minimum: 1 }),
  field: Type.String(),
  problem: Type.String({ description: 'document_invalid | division_unknown | out_of_scope | date_invalid | duplicate' }),
});
export type BatchRowProblem = Static<typeof BatchRowProblem>;

/**
 * A bulk status change (批量状态变更) waiting for, or decided by, a second officer (maker-checker,
 * platform/approvals kind epidemic.person-status.bulk). Shows counts only: the entries (document
 * numbers) stay encrypted in the proposal until it is applied.
 */
export const PersonStatusBatch = Type.Object({
  id: Type.String({ format: 'uuid' }),
  status: Type.Union([Type.Literal('proposed'), Type.Literal('approved'), Type.Literal('rejected'), Type.Literal('withdrawn'), Type.Literal('expired')]),
  count: Type.Integer(),
  byStatus: Type.Record(Type.String(), Type.Integer()),
  regions: Type.Array(Type.String()),
  note: Type.String(),
  regionCode: Type.String(),
  proposedBy: Type.String({ format: 'uuid' }),
  proposedAt: Type.String({ format: 'date-time' }),
  expiresAt: Type.String({ format: 'date-time' }),
  decidedBy: Type.Union([Type.String({ format: 'uuid' }), Type.Null()]),
  decidedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});
export type PersonStatusBatch = Static<typeof PersonStatusBatch>;

/** The answer to proposing a bulk status change: the proposal and the rows left out. */
export const PersonStatusBatchProposed = Type.Object({ batch: PersonStatusBatch, rejected: Type.Array(BatchRowProblem) });
export type PersonStatusBatchProposed = Static<typeof PersonStatusBatchProposed>;
