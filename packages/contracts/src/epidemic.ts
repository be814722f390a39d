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
