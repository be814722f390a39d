import { Type, type Static } from 'typebox';

/** Shapes of the epidemic registries API (risk areas, person statuses, quarantine periods), shared by server and web. */

export const RiskLevel = Type.Union([Type.Literal('high'), Type.Literal('medium'), Type.Literal('low')]);
export type RiskLevel = Static<typeof RiskLevel>;

export const PERSON_STATUS_NAMES = ['confirmed', 'suspected', 'asymptomatic', 'close_contact', 'secondary_contact', 'released'] as const;
export const PersonStatusName = Type.Union([
  Type.Literal('confirmed'), Type.Literal('suspected'), Type.Literal('asymptomatic'),
  Type.Literal('close_contact'), Type.Literal('secondary_contact'), Type.Literal('released'),
]);

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
