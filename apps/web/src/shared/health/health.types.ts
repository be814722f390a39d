/**
 * Shapes of the issue-3 API (health code, epidemic registries, venues and scans) as the web uses
 * them. Health-code and venue shapes come from packages/contracts (the TypeBox schemas the server
 * validates with; types only, no schema code ships); the epidemic registries and officer views
 * restate the server's response schemas.
 */
import type { Static } from 'typebox';
import type {
  HealthCodeView, Reason, DisputableFact as DisputableFactSchema, Correction as CorrectionSchema, VerifyResponse, HealthDeclarationRequest,
  TripDeclarationRequest, TripLeg as TripLegSchema, Evidence as EvidenceSchema, DryRunResult as DryRunResultSchema, DryRunJob as DryRunJobSchema,
} from '@fangxian/contracts/health-code';
import type { Colour } from '@fangxian/contracts/kernel/colour';
import type { BilingualText as LocalText, RiskLevel, PersonStatus as PersonStatusName } from '@fangxian/contracts/kernel/status-texts';
import type {
  Venue as VenueContract, VenueInput as VenueInputContract, PosterData, DynamicCode as DynamicCodeContract, EntryPage as EntryPageContract,
  DoorScanSchema, DaySchema, FlagSchema, MyScanSchema, PurgeSchema, RetentionSchema, VenueTypeInfo as VenueTypeInfoSchema, ScanMethod as ScanMethodContract,
} from '@fangxian/contracts/venues';

// Colours, decisions, risk levels and person statuses are the domain kernel's (one definition for
// server and web); the kernel's files hold no schema code, so importing them loads no TypeBox.
export type { Colour, Decision } from '@fangxian/contracts/kernel/colour';
export type { RiskLevel, PersonStatus as PersonStatusName } from '@fangxian/contracts/kernel/status-texts';
// Repeated at run time so the web does not load TypeBox; the type ties each list to the contract.
export const SYMPTOMS: readonly HealthDeclarationInput['symptoms'][number][] = ['fever', 'cough', 'fatigue', 'sore_throat', 'shortness_of_breath', 'diarrhoea', 'loss_of_smell', 'other'];
export type Symptom = HealthDeclarationInput['symptoms'][number];
export const TRANSPORTS: readonly NonNullable<TripLeg['transport']>[] = ['train', 'flight', 'coach', 'car', 'ship', 'other'];

/** A text the server gives in both languages (rule explanations, fact summaries). */
export type { BilingualText as LocalText } from '@fangxian/contracts/kernel/status-texts';

export type Evidence = Omit<Static<typeof EvidenceSchema>, 'level'> & { level?: RiskLevel };
export type CodeReason = Omit<Static<typeof Reason>, 'evidence'> & { evidence: Evidence[] };
export type MyCode = Omit<Static<typeof HealthCodeView>, 'reasons'> & { reasons: CodeReason[] };
export type NextChange = NonNullable<MyCode['nextChange']>;
export type HealthDeclarationInput = Static<typeof HealthDeclarationRequest>;
export type TripLeg = Static<typeof TripLegSchema>;
export type TripDeclarationInput = Static<typeof TripDeclarationRequest>;
export type DisputableFact = Static<typeof DisputableFactSchema>;
/** A correction request; officers see who asked and why. */
export type Correction = Static<typeof CorrectionSchema> & { citizenId?: string; maskedName?: string; maskedId?: string; reason?: string; regionCode?: string };
export type VerifyAnswer = Static<typeof VerifyResponse>;
export type ScanMethod = ScanMethodContract;
export type EntryPage = EntryPageContract;
export type DoorScan = Static<typeof DoorScanSchema>;
export type VenueDay = Static<typeof DaySchema>;
export type Purge = Static<typeof PurgeSchema>;
export type Retention = Static<typeof RetentionSchema>;
export type Venue = VenueContract;
export type VenueInput = VenueInputContract;
export type Poster = PosterData;
export type DynamicCode = DynamicCodeContract;
export type VenueTypeInfo = Static<typeof VenueTypeInfoSchema>;
export type ScanFlag = Static<typeof FlagSchema>;
export type MyScan = Static<typeof MyScanSchema>;

export type VenueStatus = 'pending' | 'approved' | 'rejected';

export interface RiskArea {
  id: string;
  divisionCode: string;
  divisionName: string;
  level: RiskLevel;
  startDate: string;
  endDate: string | null;
  reason: string;
  updatedAt: string;
}

export interface PersonStatusEntry {
  id: string;
  documentType: string;
  documentNumber: string;
  status: PersonStatusName;
  date: string;
  source: string;
  regionCode: string;
  voided: boolean;
  createdAt: string;
}

/** A rule-set version (GET /api/health/rule-sets). */
export interface RuleSetSummary {
  version: number;
  status: 'draft' | 'active' | 'retired';
  rules: Rule[];
  note: string;
  createdBy: string | null;
  createdAt: string;
  publishedBy: string | null;
  publishedAt: string | null;
  retiredAt: string | null;
}

/** One colour rule; the condition is the JSON expression language of docs/health-code.md. */
export interface Rule {
  id: string;
  condition: unknown;
  colour: Exclude<Colour, 'green'>;
  reasonCode: string;
  text: LocalText;
  durationDays: number;
  needsConfirmation: boolean;
}

/** The result of a dry run (no personal data: counts, and examples by county and rule). */
export type DryRun = Static<typeof DryRunResultSchema>;

/** POST /api/health/rule-sets/:version/dry-run (202) and GET /api/health/rule-set-dry-runs/:jobId: a dry run as a background job. */
export type DryRunJob = Static<typeof DryRunJobSchema>;

/** A manual override (two officers: one proposes, another decides). */
export interface Override {
  id: string;
  citizenId: string;
  maskedName: string;
  maskedId: string;
  colour: Colour;
  reason: string;
  expiresAt: string;
  /** `expired`: the approval lapsed undecided; `ended`: approved and past its expiry. */
  status: 'proposed' | 'expired' | 'approved' | 'ended' | 'rejected' | 'revoked';
  regionCode: string;
  proposedBy: string;
  decidedBy: string | null;
  decisionNote: string | null;
  createdAt: string;
}

/** A code waiting for the county command post to confirm red → green (GET /api/health/confirmations). */
export interface PendingConfirmation {
  citizenId: string;
  colour: Colour;
  maskedName: string;
  maskedId: string;
  since: string;
  ruleSetVersion: number;
  reasons: CodeReason[];
  nextChange: NextChange | null;
  pendingConfirmation: boolean;
  regionCode: string;
}

/** A trusted other issuer (互认): their tokens verify offline here with this public key. */
export interface TrustedIssuer {
  id: string | null;
  issuer: string;
  kid: string;
  algorithm: string;
  name: string;
  publicKeyPem: string;
  source: 'console' | 'environment';
  createdAt: string | null;
}

export interface NewTrustedIssuer {
  issuer: string;
  kid: string;
  algorithm: 'ed25519' | 'sm2';
  publicKeyPem: string;
  name: string;
}
