/** The shapes the pure colour rules work on: a person's facts, rule sets, and evaluation results. */
import type { Colour, PersonStatus, QuarantineKind, RiskLevel } from '@fangxian/contracts/kernel';

// Colours and the registries' vocabularies are the domain kernel's; re-exported for the module's files.
export { COLOURS, PERSON_STATUSES, QUARANTINE_KINDS, RISK_LEVELS, type Colour, type PersonStatus, type QuarantineKind, type RiskLevel } from '@fangxian/contracts/kernel';

/** Higher is more severe; the most severe reason decides the colour. */
export const SEVERITY: Record<Colour, number> = { green: 0, yellow: 1, red: 2 };

/** Body temperature (°C) from which a record counts as fever (发热). */
export const FEVER_CELSIUS = 37.3;

/** One daily temperature record (from a health declaration or a later daily check-in source). */
export interface TemperatureRecord {
  day: string;
  celsius: number;
  symptoms: string[];
}

/** A place the person was on a day: a declared trip or a venue scan (the residence is a separate fact). */
export interface Visit {
  divisionCode: string;
  day: string;
  source: 'trip' | 'scan';
}

/** A risk area of the registry as the rules see it. */
export interface RiskAreaFact {
  divisionCode: string;
  name: string;
  level: RiskLevel;
  from: string;
  /** Last day the area is at this level; null while open-ended. */
  to: string | null;
}

/** A fact contributed by a registered fact source (tracing, screening, check-in…): a value with its day. */
export interface ExtraFact {
  value: number | boolean | string | string[];
  day?: string;
  label?: { zh: string; en: string };
}

/** A colour a rule put on the person that outlives its condition until recovery (and confirmation). */
export interface Hold {
  ruleId: string;
  reasonCode: string;
  colour: Exclude<Colour, 'green'>;
  durationDays: number;
  needsConfirmation: boolean;
  /** Last day the rule's condition was seen holding; recovery days count after it. */
  lastEvidenceDay: string;
  text: { zh: string; en: string };
  /** Set when a county command officer confirmed the release. */
  confirmedAt: string | null;
}

/** An approved manual override in force for the person (a fact), and the one that decided a code's colour (Evaluation.override). */
export interface OverrideFact {
  id: string;
  colour: Colour;
  reason: string;
  expiresAt: string;
  /** The officer who approved it (never the proposer); null on a code stored before migration 0011, which did not keep it. */
  approvedBy: string | null;
}

/** Everything the rules may read about one person, assembled by health-code.facts.ts. */
export interface Facts {
  /** Current residence (GB/T 2260) from the latest declaration, else the household division. */
  residenceDivision: string | null;
  temperatures: TemperatureRecord[];
  /** Days on which the person declared contact with a case. */
  caseContactDays: string[];
  /** The person-status registry, oldest first; the last entry is the current status. */
  personStatuses: { status: PersonStatus; day: string; source: string }[];
  quarantines: { kind: QuarantineKind; from: string; to: string }[];
  visits: Visit[];
  /** Risk areas that may touch the person's residence or visits. */
  riskAreas: RiskAreaFact[];
  /** Facts from registered sources, by source name. */
  extra: Record<string, ExtraFact>;
  /** Holds carried over from the stored code state. */
  holds: Hold[];
  override: OverrideFact | null;
}

/** The condition language of rules (JSON). See docs/health-code.md. */
export type Condition =
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition }
  | { fact: 'personStatus'; in: PersonStatus[]; withinDays?: number }
  | { fact: 'visitedRiskArea'; level: RiskLevel | RiskLevel[]; withinDays: number; includeResidence?: boolean }
  | { fact: 'residenceInRiskArea'; level: RiskLevel | RiskLevel[] }
  | { fact: 'fever'; withinDays: number; gte?: number }
  | { fact: 'symptoms'; withinDays: number; any?: string[] }
  | { fact: 'contactWithCase'; withinDays: number }
  | { fact: 'quarantine'; kind?: QuarantineKind }
  | { fact: 'missingTemperatureDays' | 'consecutiveNormalDays'; gte?: number; lte?: number; gt?: number; lt?: number; eq?: number }
  | { fact: `ext:${string}`; gte?: number; lte?: number; gt?: number; lt?: number; eq?: number | string | boolean; in?: string[]; withinDays?: number };

/** One rule of a rule set. */
export interface Rule {
  id: string;
  condition: Condition;
  colour: Exclude<Colour, 'green'>;
  reasonCode: string;
  /** Explanation templates with evidence placeholders such as {day}, {area}, {level}. */
  text: { zh: string; en: string };
  /** Consecutive normal check-in days needed to leave this colour after the condition stops holding. */
  durationDays: number;
  /** Leaving this colour also needs a county command officer's confirmation. */
  needsConfirmation: boolean;
}

/** What a matching rule saw: one fact with its day, for the plain-language reason. */
export interface Evidence {
  fact: string;
  day?: string;
  divisionCode?: string;
  area?: string;
  level?: RiskLevel;
  status?: string;
  celsius?: number;
  kind?: string;
  value?: number | string | boolean;
  source?: string;
}

/** One reason of a colour, shown to the citizen. */
export interface Reason {
  ruleId: string;
  reasonCode: string;
  colour: Colour;
  text: { zh: string; en: string };
  evidence: Evidence[];
  /** 'active' while the condition holds; 'recovering' while a hold waits for normal days or confirmation. */
  state: 'active' | 'recovering' | 'override';
}

/**
 * What is kept in clear of a stored reason (health_codes.reason_codes, health_code_events.reason_codes):
 * which rule, its reason code, its colour and state — never its text or evidence, which name
 * temperatures, symptoms, places and statuses and are stored only as ciphertext.
 */
export interface ReasonCode {
  ruleId: string;
  reasonCode: string;
  colour: Colour;
  state: Reason['state'];
}

/** The result of evaluate(): the colour, why, and when it can change. */
export interface Evaluation {
  colour: Colour;
  reasons: Reason[];
  nextChange: { at: string | null; to: Colour; condition: { zh: string; en: string } } | null;
  pendingConfirmation: boolean;
  /** Holds to store for the next evaluation. */
  holds: Hold[];
  /** When the result may change with no new fact (a window closes, a day passes); null = only on new facts. */
  recheckAt: string | null;
  /** The approved override that decided the colour, while in force; null when the rules decided it. */
  override: OverrideFact | null;
}
