import { Type, type Static } from 'typebox';
import { COLOURS, DECISIONS, type Colour as KernelColour } from './kernel/colour.ts';
import { literalUnion } from './literals.ts';

/** Shapes of the health-code API (citizen code page, declarations, corrections, verification), shared by server and web. */

/** A code colour (the kernel's list) as a schema. */
export const Colour = literalUnion(COLOURS);
export type Colour = KernelColour;

const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD (China Standard Time)' });
const DivisionCode = Type.String({ pattern: '^\\d{6}$', description: 'GB/T 2260 division code' });
const Texts = Type.Object({ zh: Type.String(), en: Type.String() });

export const SYMPTOM_CODES = ['fever', 'cough', 'fatigue', 'sore_throat', 'shortness_of_breath', 'diarrhoea', 'loss_of_smell', 'other'] as const;
export const Symptom = Type.Union([
  Type.Literal('fever'), Type.Literal('cough'), Type.Literal('fatigue'), Type.Literal('sore_throat'),
  Type.Literal('shortness_of_breath'), Type.Literal('diarrhoea'), Type.Literal('loss_of_smell'), Type.Literal('other'),
]);

/** One piece of evidence behind a reason (a visit, a status, a temperature…). */
export const Evidence = Type.Object({
  fact: Type.String(),
  day: Type.Optional(Type.String()),
  divisionCode: Type.Optional(Type.String()),
  area: Type.Optional(Type.String()),
  level: Type.Optional(Type.String()),
  status: Type.Optional(Type.String()),
  celsius: Type.Optional(Type.Number()),
  kind: Type.Optional(Type.String()),
  value: Type.Optional(Type.Union([Type.Number(), Type.String(), Type.Boolean()])),
  source: Type.Optional(Type.String()),
});

/** Why the code has its colour: the rule, in plain language, with evidence. */
export const Reason = Type.Object({
  ruleId: Type.String(),
  reasonCode: Type.String(),
  colour: Colour,
  text: Texts,
  evidence: Type.Array(Evidence),
  state: Type.Union([Type.Literal('active'), Type.Literal('recovering'), Type.Literal('override')], {
    description: 'active: the condition holds; recovering: waiting for normal check-in days or confirmation; override: a manual override approved by two officers',
  }),
});
export type Reason = Static<typeof Reason>;

export const NextChange = Type.Union([
  Type.Object({ at: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], { description: 'null when it waits on an event (release, confirmation)' }), to: Colour, condition: Texts }),
  Type.Null(),
]);

/** GET /api/health/code and POST /api/health/code/refresh. */
export const HealthCodeView = Type.Object({
  colour: Colour,
  maskedName: Type.String({ description: '张*' }),
  maskedId: Type.String({ description: '5106**********1234' }),
  token: Type.String({ description: 'short-lived signed token for the QR code; no personal data' }),
  tokenExpiresAt: Type.String({ format: 'date-time' }),
  serverTime: Type.String({ format: 'date-time' }),
  borderHue: Type.Integer({ minimum: 0, maximum: 359, description: 'hue of the animated border; changes daily (anti-screenshot)' }),
  since: Type.String({ format: 'date-time' }),
  ruleSetVersion: Type.Integer(),
  reasons: Type.Array(Reason),
  nextChange: NextChange,
  pendingConfirmation: Type.Boolean(),
  override: Type.Union([Type.Object({ colour: Colour, reason: Type.String(), expiresAt: Type.String() }), Type.Null()]),
});
export type HealthCodeView = Static<typeof HealthCodeView>;

/** POST /api/health/declarations (GB/T 38963 health declaration). */
export const HealthDeclarationRequest = Type.Object(
  {
    residenceDivision: DivisionCode,
    temperature: Type.Number({ minimum: 34, maximum: 43, description: '°C' }),
    symptoms: Type.Array(Symptom, { maxItems: 8, default: [] }),
    contactWithCase: Type.Boolean(),
    underlyingIllness: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()])),
  },
  { additionalProperties: false },
);
export type HealthDeclarationRequest = Static<typeof HealthDeclarationRequest>;

export const TripLeg = Type.Object(
  {
    divisionCode: DivisionCode,
    from: Day,
    to: Day,
    transport: Type.Optional(Type.Union([Type.Literal('train'), Type.Literal('flight'), Type.Literal('coach'), Type.Literal('car'), Type.Literal('ship'), Type.Literal('other')])),
    number: Type.Optional(Type.String({ maxLength: 20, description: 'train / flight / coach number' })),
  },
  { additionalProperties: false },
);

/** POST /api/health/trips (GB/T 38963 trip declaration): places in the last 30 days. */
export const TripDeclarationRequest = Type.Object(
  { trips: Type.Array(TripLeg, { minItems: 1, maxItems: 20 }), residenceDivision: Type.Optional(Type.Union([DivisionCode, Type.Null()])) },
  { additionalProperties: false },
);
export type TripDeclarationRequest = Static<typeof TripDeclarationRequest>;

export const Declaration = Type.Object({
  id: Type.String(),
  kind: Type.Union([Type.Literal('health'), Type.Literal('trip')]),
  declaredOn: Type.String(),
  residenceDivision: Type.Union([Type.String(), Type.Null()]),
  temperature: Type.Union([Type.Number(), Type.Null()]),
  symptoms: Type.Array(Type.String()),
  contactWithCase: Type.Union([Type.Boolean(), Type.Null()]),
  trips: Type.Array(Type.Object({ divisionCode: Type.String(), from: Type.String(), to: Type.String(), transport: Type.Optional(Type.String()), number: Type.Optional(Type.String()) })),
  createdAt: Type.String(),
});

/** The answer to a declaration: what was stored and the colour it led to. */
export const DeclarationResult = Type.Object({ declaration: Declaration, colour: Colour, reasons: Type.Array(Reason) });

/** A fact the rules read about the citizen, which the citizen may dispute (纠错). */
export const DisputableFact = Type.Object({ type: Type.String(), id: Type.String(), day: Type.String(), summary: Texts });

export const CorrectionRequest = Type.Object(
  { factType: Type.String({ minLength: 1, maxLength: 40 }), factId: Type.String({ minLength: 1, maxLength: 120 }), reason: Type.String({ minLength: 2, maxLength: 1000 }) },
  { additionalProperties: false },
);

export const Correction = Type.Object({
  id: Type.String(),
  factType: Type.String(),
  factId: Type.String(),
  factSummary: Texts,
  status: Type.Union([Type.Literal('pending'), Type.Literal('accepted'), Type.Literal('rejected')]),
  reviewNote: Type.Union([Type.String(), Type.Null()]),
  reviewedAt: Type.Union([Type.String(), Type.Null()]),
  colourAfter: Type.Union([Colour, Type.Null()]),
  createdAt: Type.String(),
});

export const CodeEvent = Type.Object({
  from: Type.Union([Colour, Type.Null()]),
  to: Colour,
  ruleSetVersion: Type.Integer(),
  reasons: Type.Array(Reason),
  causeType: Type.String(),
  at: Type.String(),
});

export const TOKEN_REFUSALS = ['HEALTH_CODE_TOKEN_MALFORMED', 'HEALTH_CODE_TOKEN_FORGED', 'HEALTH_CODE_TOKEN_EXPIRED', 'HEALTH_CODE_TOKEN_REPLAYED', 'HEALTH_CODE_TOKEN_UNTRUSTED_ISSUER'] as const;

/** POST /api/health/verify (venue staff, 验码). */
export const VerifyRequest = Type.Object(
  { token: Type.String({ minLength: 1, maxLength: 2048 }), venueId: Type.Optional(Type.String({ format: 'uuid' })) },
  { additionalProperties: false },
);
export const VerifyResponse = Type.Object({
  valid: Type.Boolean(),
  decision: literalUnion(DECISIONS),
  colour: Type.Union([Colour, Type.Null()]),
  maskedName: Type.String(),
  maskedId: Type.String(),
  reason: Type.Union([Type.String({ description: 'null when valid; else one of ' + TOKEN_REFUSALS.join(', ') }), Type.Null()]),
  message: Type.String({ description: 'the reason in the caller\'s language' }),
  issuer: Type.Union([Type.String(), Type.Null()]),
  mutualRecognition: Type.Boolean({ description: 'a trusted other issuer\'s code: colour from the token, identity not known here' }),
  scanRecorded: Type.Boolean(),
  repeat: Type.Boolean({ description: 'the same person was checked at this venue within the repeat window (FX_DOOR_REPEAT_MINUTES, at least the token\'s life): a repeat, not a new entry' }),
  firstCheckedAt: Type.Union([Type.String({ description: 'when the visit this repeats was recorded' }), Type.Null()]),
  expiresAt: Type.Union([Type.String(), Type.Null()]),
});
export type VerifyResponse = Static<typeof VerifyResponse>;

// ---- console (officers) ----

/** A person's code as an officer sees it (masked identity, no token). */
export const OfficerCodeView = Type.Object({
  citizenId: Type.String(),
  colour: Colour,
  maskedName: Type.String(),
  maskedId: Type.String(),
  since: Type.String(),
  ruleSetVersion: Type.Integer(),
  reasons: Type.Array(Reason),
  nextChange: NextChange,
  pendingConfirmation: Type.Boolean(),
  override: Type.Union([Type.Object({ colour: Colour, reason: Type.String(), expiresAt: Type.String() }), Type.Null()]),
  regionCode: Type.String(),
});
export type OfficerCodeView = Static<typeof OfficerCodeView>;

/**
 * An override's state now: `expired` — proposed but its approval lapsed undecided; `ended` — approved
 * and past its own expiry; `revoked` — ended early or withdrawn.
 */
export const OverrideState = Type.Union(
  [Type.Literal('proposed'), Type.Literal('expired'), Type.Literal('approved'), Type.Literal('ended'), Type.Literal('rejected'), Type.Literal('revoked')],
  { description: 'proposed | expired | approved | ended | rejected | revoked' },
);
export type OverrideState = Static<typeof OverrideState>;

/** A manual override (proposed by one officer, decided by another). */
export const Override = Type.Object({
  id: Type.String(),
  citizenId: Type.String(),
  maskedName: Type.String(),
  maskedId: Type.String(),
  colour: Colour,
  reason: Type.String(),
  expiresAt: Type.String(),
  status: OverrideState,
  regionCode: Type.String(),
  proposedBy: Type.String(),
  decidedBy: Type.Union([Type.String(), Type.Null()]),
  decisionNote: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
});
export type Override = Static<typeof Override>;

/** A correction request as the reviewing officer sees it. */
export const ReviewCorrection = Type.Intersect([
  Correction,
  Type.Object({ citizenId: Type.String(), maskedName: Type.String(), maskedId: Type.String(), reason: Type.String(), regionCode: Type.String() }),
]);
export type ReviewCorrection = Static<typeof ReviewCorrection>;

/** A rule-set version (rules in the condition language of docs/health-code.md). */
export const RuleSet = Type.Object({
  version: Type.Integer(),
  status: Type.Union([Type.Literal('draft'), Type.Literal('active'), Type.Literal('retired')]),
  rules: Type.Array(Type.Unknown()),
  note: Type.String(),
  createdBy: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
  publishedBy: Type.Union([Type.String(), Type.Null()]),
  publishedAt: Type.Union([Type.String(), Type.Null()]),
  retiredAt: Type.Union([Type.String(), Type.Null()]),
});
export type RuleSet = Static<typeof RuleSet>;

/** The result of a dry run: how many codes a draft would change, by from → to colour, with examples (no personal data). */
export const DryRunResult = Type.Object({
  version: Type.Integer(),
  activeVersion: Type.Integer(),
  total: Type.Integer({ description: 'codes evaluated' }),
  changed: Type.Integer(),
  failed: Type.Integer({ description: 'codes that could not be evaluated (left out of the counts)' }),
  transitions: Type.Array(Type.Object({ from: Colour, to: Colour, count: Type.Integer() })),
  samples: Type.Array(
    Type.Object({
      from: Colour,
      to: Colour,
      regionCode: Type.String({ description: 'county-level division of the code, or empty' }),
      rulesBefore: Type.Array(Type.String(), { description: 'ids of the active rules behind the current colour' }),
      rulesAfter: Type.Array(Type.String(), { description: 'ids of the draft rules behind the new colour' }),
    }),
    { description: 'up to 20 changes as examples, without personal data' },
  ),
  evaluatedAt: Type.String({ format: 'date-time' }),
});
export type DryRunResult = Static<typeof DryRunResult>;

/** A dry run as a background job: state, progress and, once it succeeded, its result. */
export const DryRunJob = Type.Object({
  jobId: Type.String({ format: 'uuid', description: 'the platform job (progress as Server-Sent Events at /api/jobs/:id/events)' }),
  version: Type.Integer(),
  status: Type.Union([Type.Literal('queued'), Type.Literal('running'), Type.Literal('succeeded'), Type.Literal('failed')]),
  progress: Type.Object({ done: Type.Integer(), total: Type.Union([Type.Integer(), Type.Null()]) }),
  result: Type.Union([DryRunResult, Type.Null()]),
  error: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
  finishedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});
export type DryRunJob = Static<typeof DryRunJob>;

/** A trusted other issuer (互认), from the console or FX_TRUSTED_ISSUERS. */
export const TrustedIssuer = Type.Object({
  id: Type.Union([Type.String(), Type.Null()]),
  issuer: Type.String(),
  kid: Type.String(),
  algorithm: Type.String(),
  name: Type.String(),
  publicKeyPem: Type.String(),
  source: Type.Union([Type.Literal('console'), Type.Literal('environment')]),
  createdAt: Type.Union([Type.String(), Type.Null()]),
});
export type TrustedIssuer = Static<typeof TrustedIssuer>;

/** A proposal to trust (or re-trust) another issuer's key, waiting for a second officer (maker-checker). */
export const IssuerProposal = Type.Object({
  id: Type.String({ format: 'uuid' }),
  status: Type.Union([Type.Literal('proposed'), Type.Literal('approved'), Type.Literal('rejected'), Type.Literal('withdrawn'), Type.Literal('expired')]),
  issuer: Type.String(),
  kid: Type.String(),
  algorithm: Type.String(),
  name: Type.String(),
  publicKeyPem: Type.String(),
  fingerprint: Type.String({ description: 'SHA-256 of the key\'s SPKI DER, hex' }),
  regionCode: Type.String(),
  proposedBy: Type.String({ format: 'uuid' }),
  proposedAt: Type.String({ format: 'date-time' }),
  expiresAt: Type.String({ format: 'date-time' }),
  decidedBy: Type.Union([Type.String({ format: 'uuid' }), Type.Null()]),
  decidedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});
export type IssuerProposal = Static<typeof IssuerProposal>;

/** A proposal to publish a draft rule set or roll back to the previous one, waiting for a second city-level health officer (maker-checker). */
export const RuleSetProposal = Type.Object({
  id: Type.String({ format: 'uuid' }),
  status: Type.Union([Type.Literal('proposed'), Type.Literal('approved'), Type.Literal('rejected'), Type.Literal('withdrawn'), Type.Literal('expired')]),
  change: Type.Union([Type.Literal('publish'), Type.Literal('rollback')]),
  version: Type.Integer({ description: 'the version that becomes active on approval' }),
  fromVersion: Type.Union([Type.Integer(), Type.Null()], { description: 'the version active when it was proposed; approval is refused if another became active since' }),
  regionCode: Type.String(),
  proposedBy: Type.String({ format: 'uuid' }),
  proposedAt: Type.String({ format: 'date-time' }),
  expiresAt: Type.String({ format: 'date-time' }),
  decidedBy: Type.Union([Type.String({ format: 'uuid' }), Type.Null()]),
  decidedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});
export type RuleSetProposal = Static<typeof RuleSetProposal>;

/** A decided rule-set proposal: on approval, with the job recomputing every code under the new rules. */
export const RuleSetDecided = Type.Object({
  ...RuleSetProposal.properties,
  recomputeJobId: Type.Union([Type.String(), Type.Null()], { description: 'on approval, the health-code recomputation job (health-code.rules-recompute; GET /api/jobs/:id, /events); null on a rejection' }),
});
export type RuleSetDecided = Static<typeof RuleSetDecided>;
